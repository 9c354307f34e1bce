"""The batch result as XLSX (page and API): every case of the batch the user may export, with its state and
conclusion; audited with its row count."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from phoihop.access.policy import Action
from phoihop.audit.services import audit_record
from phoihop.tabular import write_xlsx
from phoihop.vetting import audit_events, selectors
from phoihop.vetting.models import Batch

MAX_ROWS = 5000


def _issue(flag: bool | None) -> str:
    return "" if flag is None else (_("Có vấn đề") if flag else _("Không có vấn đề"))


def batch_xlsx(user: Any, batch: Batch) -> HttpResponse:
    rows = list(selectors.batch_rows(user, batch, Action.EXPORT)[:MAX_ROWS])
    header = [
        _("Số hồ sơ"),
        _("Họ và tên"),
        _("Năm sinh"),
        _("Chức vụ dự kiến"),
        _("Trạng thái"),
        _("Lịch sử chính trị"),
        _("Chính trị hiện nay"),
        _("Kết luận"),
        _("Ngày kết luận"),
        _("Có giá trị đến"),
    ]
    data = [
        [
            v.case.number,
            v.case.subject_name,
            v.person.birth_year or "",
            v.requested_position,
            v.case.state_label,
            _issue(v.history_issue),
            _issue(v.current_issue),
            v.get_verdict_display() if v.case.status == "concluded" else "",
            v.concluded_on,
            v.valid_until,
        ]
        for v in rows
    ]
    body = write_xlsx(header, data, title="ket-qua-tham-dinh")
    audit_record(
        action=audit_events.BATCH_EXPORT,
        actor=user,
        obj=batch,
        payload={"batch": str(batch.pk), "rows": len(rows)},
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="ket-qua-tham-dinh.xlsx"'
    return response
