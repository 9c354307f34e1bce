"""The consultation list as XLSX: one row per consulted body and candidate (the occurrences the report
counts), with the opinion when given, of the filtered consultations the user may export; audited with its row
count."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.access.policy import Action, restrict
from phoihop.audit.services import audit_record
from phoihop.consultations import audit_events
from phoihop.consultations.models import Candidate, Consultee, Opinion
from phoihop.tabular import write_xlsx

MAX_ROWS = 20000


def occurrence_rows(user: Any, cases: Any) -> list[tuple[Consultee, Candidate, Opinion | None]]:
    """(body, candidate, its opinion or None) for every consulted body and candidate of the consultations the
    user may export: three queries whatever the number of rows."""
    case_ids = cases.values("case_id")
    bodies = list(
        restrict(Consultee.objects.filter(case__in=case_ids), user, Action.EXPORT)
        .select_related("case__consultation__type", "agency", "request")
        .order_by("case__number", "agency__code")[:MAX_ROWS]
    )
    seen_cases = {b.case_id for b in bodies}
    by_case: dict[Any, list[Candidate]] = {}
    for c in restrict(Candidate.objects.filter(case__in=seen_cases), user, Action.EXPORT).select_related(
        "person"
    ):
        by_case.setdefault(c.case_id, []).append(c)
    opinions = {
        (o.consultee_id, o.candidate_id): o
        for o in restrict(Opinion.objects.filter(case__in=seen_cases), user, Action.EXPORT)
    }
    return [
        (b, c, opinions.get((b.pk, c.pk)))
        for b in bodies
        for c in sorted(by_case.get(b.case_id, []), key=lambda c: c.position)
    ][:MAX_ROWS]


def consultations_xlsx(user: Any, cases: Any) -> HttpResponse:
    rows = occurrence_rows(user, cases)
    header = [
        _("Số hồ sơ"),
        _("Loại"),
        _("Cơ quan được hỏi"),
        _("Hạn trả lời"),
        _("Họ và tên"),
        _("Chức vụ dự kiến"),
        _("Ý kiến"),
        _("Nhất trí do im lặng"),
        _("Ngày cho ý kiến"),
    ]
    data = [
        [
            b.case.number,
            b.case.consultation.type.label,
            b.agency.code,
            b.request.due_on,
            c.person.full_name,
            c.proposed_position,
            o.get_answer_display() if o else "",
            _("Có") if o and o.by_silence else "",
            timezone.localdate(o.answered_at) if o else "",
        ]
        for b, c, o in rows
    ]
    body = write_xlsx(header, data, title="hiep-y")
    audit_record(action=audit_events.CONSULTATION_EXPORT, actor=user, payload={"rows": len(rows)})
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="hiep-y.xlsx"'
    return response
