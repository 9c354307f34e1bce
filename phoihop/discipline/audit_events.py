"""The audit event types of the discipline kind: identifiers, codes and dates only (a person by their registry
id, a sanction and a body by their codes — never the violation, the names or the reasons)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from phoihop.audit.registry import register

NOTICE_OPEN = register(
    "discipline.open",
    _("Ghi nhận thông báo thi hành kỷ luật"),
    fields=["person", "origin", "sanction", "decided_on", "shared_with"],
)
NOTICE_RECORD = register("discipline.record", _("Cập nhật kỷ luật vào hồ sơ"), fields=["record", "bodies"])
NOTICE_ACK = register("discipline.ack", _("Xác nhận nơi cần nắm đã nắm kỷ luật"), fields=["notified", "on"])
NOTICE_APPEAL = register("discipline.appeal", _("Ghi nhận khiếu nại kỷ luật"), fields=["filed_on", "late"])
NOTICE_APPEAL_DECIDE = register(
    "discipline.appeal_decide",
    _("Ghi nhận kết quả giải quyết khiếu nại kỷ luật"),
    fields=["outcome", "sanction", "record", "decided_on"],
)
NOTICE_CLOSE = register("discipline.close", _("Kết thúc thông báo kỷ luật"), fields=["appeal_until"])
NOTICE_EXPORT = register("discipline.export", _("Xuất danh sách thông báo kỷ luật"), fields=["rows"])
RULE_CHANGE = register(
    "discipline.rule_change", _("Sửa quy định thông báo kỷ luật"), fields=["what", "key", "fields", "new"]
)
