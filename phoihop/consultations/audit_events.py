"""The audit event types of the consultation kind: identifiers, codes and counts only (a candidate by their
registry id, a body by its code, a type by its code — never a position, a reason or a decision's text)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from phoihop.audit.registry import register

CONSULTATION_OPEN = register(
    "consultation.open",
    _("Mở hồ sơ hiệp y, xin ý kiến nhân sự"),
    fields=["type", "direction", "persons", "bodies", "silence"],
)
CONSULTATION_ANSWER = register(
    "consultation.answer",
    _("Cơ quan được hỏi cho ý kiến về nhân sự"),
    fields=["request", "body", "candidates", "complete"],
)
CONSULTATION_SILENCE = register(
    "consultation.silence",
    _("Ghi nhận nhất trí do không trả lời đúng hạn"),
    fields=["request", "body", "candidates", "type"],
)
CONSULTATION_DECIDE = register(
    "consultation.decide",
    _("Ghi nhận quyết định về nhân sự được hỏi ý kiến"),
    fields=["decision", "decided_on"],
)
CONSULTATION_EXPORT = register("consultation.export", _("Xuất danh sách hiệp y, xin ý kiến"), fields=["rows"])
TYPE_CHANGE = register(
    "consultation.type_change", _("Sửa loại hiệp y, xin ý kiến"), fields=["what", "key", "old", "new"]
)
