"""The notice list as XLSX (page and API): the notices the user may export under the list's filters, bounded;
audited with its row count."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from phoihop.access.policy import Action
from phoihop.audit.services import audit_record
from phoihop.discipline import audit_events, selectors
from phoihop.tabular import write_xlsx

MAX_ROWS = 5000


def notices_xlsx(user: Any, filters: dict[str, Any]) -> HttpResponse:
    rows = list(selectors.notices(user, filters, Action.EXPORT).select_related("appeal_sanction")[:MAX_ROWS])
    header = [
        _("Số hồ sơ"),
        _("Đối tượng bị kỷ luật"),
        _("Đối tượng"),
        _("Chức vụ khi nhận thông báo"),
        _("Tổ chức đảng"),
        _("Loại kỷ luật"),
        _("Hình thức"),
        _("Số quyết định"),
        _("Ngày quyết định"),
        _("Cơ quan quyết định"),
        _("Ngày có hiệu lực"),
        _("Ngày nhận thông báo"),
        _("Trạng thái"),
        _("Kết quả giải quyết khiếu nại"),
        _("Hình thức sau khiếu nại"),
    ]
    data = [
        [
            n.case.number,
            n.case.subject_name,
            n.get_subject_type_display(),
            n.post,
            n.unit,
            n.get_origin_display(),
            n.sanction.label,
            n.decision_number,
            n.decided_on,
            n.deciding_body,
            n.effective_on,
            n.received_on,
            n.case.state_label,
            n.get_appeal_outcome_display() if n.appeal_outcome else "",
            n.appeal_sanction.label if n.appeal_sanction else "",
        ]
        for n in rows
    ]
    body = write_xlsx(header, data, title="thong-bao-ky-luat")
    audit_record(
        action=audit_events.NOTICE_EXPORT,
        actor=user,
        object_type="discipline.list",
        payload={"rows": len(rows)},
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="thong-bao-ky-luat.xlsx"'
    return response
