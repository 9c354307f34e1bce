"""The audit event types of the cases app: cases, their teams, coordination requests and deadlines (what each
payload may hold: audit/registry.py).

Registered when first imported; the app's `ready()` imports this module so that every type exists before any
event is read or written."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phoihop.audit.registry import register

CASE_OPEN = register("case.open", _("Mở hồ sơ vụ việc"), fields=["number", "participants"])
CASE_UPDATE = register("case.update", _("Sửa hồ sơ vụ việc"), fields=["changed", "version", "subject_added"])
CASE_LINK = register("case.link", _("Liên kết hồ sơ liên quan"), fields=["related"])
CASE_TRANSITION = register(
    "case.transition", _("Chuyển trạng thái hồ sơ"), fields=["transition", "from", "to", "version"]
)
# The member by user id (an identifier, as audit/identity.py names users; never the full name), the role's
# code; the case by its number.
CASE_TEAM_ADD = register("case.team_add", _("Thêm cán bộ vào tổ xử lý hồ sơ"), fields=["user", "role"])
CASE_TEAM_REMOVE = register("case.team_remove", _("Đưa cán bộ ra khỏi tổ xử lý hồ sơ"), fields=["user"])
REQUEST_SEND = register(
    "request.send",
    pgettext_lazy("audit event", "Gửi yêu cầu phối hợp"),
    fields=["to", "kind", "days", "unit", "due", "documents"],
)
REQUEST_RECEIVE = register("request.receive", _("Nhận yêu cầu phối hợp"))
REQUEST_ANSWER = register("request.answer", _("Trả lời yêu cầu phối hợp"), fields=["late"])
DEADLINE_CHANGE = register(
    "deadline.change",
    _("Thay đổi hạn"),
    fields=["old", "new", "reason", "extension", "event", "days", "decision", "unit"],
)
REQUEST_PAUSE = register(
    "request.pause", pgettext_lazy("audit event", "Tạm dừng tính hạn"), fields=["remaining", "due"]
)
REQUEST_RESUME = register(
    "request.resume", pgettext_lazy("audit event", "Tiếp tục tính hạn"), fields=["old", "new"]
)
REQUEST_WITHDRAW = register("request.withdraw", _("Rút yêu cầu phối hợp"))
# Shared or taken back, and the recipient's agency code (the event's object is the request, labelled by its
# case's number).
REQUEST_SHARE = register(
    "request.share",
    _("Chia sẻ hoặc thôi chia sẻ trả lời với cơ quan cùng xử lý"),
    fields=["shared", "to"],
)
DEADLINE_RULE_CHANGE = register(
    "deadline_rule.change",
    _("Sửa quy tắc thời hạn"),
    fields=["kind", "step", "old", "new"],
    justification=True,
)
