"""The consultation list as XLSX: one row per opinion (body × candidate, the occurrences the report counts) of
the filtered consultations the user may export; audited with its row count."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from phoihop.access.policy import Action, restrict
from phoihop.audit.services import audit_record
from phoihop.consultations import audit_events
from phoihop.consultations.models import Opinion
from phoihop.tabular import write_xlsx

MAX_ROWS = 20000


def opinion_rows(user: Any, cases: Any) -> list[Opinion]:
    return list(
        restrict(Opinion.objects.filter(case__in=cases.values("case_id")), user, Action.EXPORT)
        .select_related("case", "consultee__agency", "candidate__person", "case__consultation__type")
        .order_by("case__number", "consultee__agency__code", "candidate__position")[:MAX_ROWS]
    )


def consultations_xlsx(user: Any, cases: Any) -> HttpResponse:
    rows = opinion_rows(user, cases)
    header = [
        _("Số hồ sơ"),
        _("Loại"),
        _("Cơ quan được hỏi"),
        _("Họ và tên"),
        _("Chức vụ dự kiến"),
        _("Ý kiến"),
        _("Nhất trí do im lặng"),
        _("Ngày"),
    ]
    data = [
        [
            o.case.number,
            o.case.consultation.type.label,
            o.consultee.agency.code,
            o.candidate.person.full_name,
            o.candidate.proposed_position,
            o.get_answer_display(),
            _("Có") if o.by_silence else "",
            o.answered_at.date(),
        ]
        for o in rows
    ]
    body = write_xlsx(header, data, title="hiep-y")
    audit_record(action=audit_events.CONSULTATION_EXPORT, actor=user, payload={"rows": len(rows)})
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="hiep-y.xlsx"'
    return response
