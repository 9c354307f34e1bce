"""The audit event types of the vetting kind: identifiers, codes and dates only (a finding by its id, a
person by their registry id, a batch by its id, a Standing Committee decision by its day — never its text)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from phoihop.audit.registry import register

VETTING_OPEN = register(
    "vetting.open", _("Mở hồ sơ thẩm định"), fields=["person", "purpose", "concluder", "level"]
)
VETTING_DOSSIER = register(
    "vetting.dossier", _("Cập nhật tài liệu hồ sơ thẩm định"), fields=["item", "status"]
)
VETTING_FINDING = register(
    "vetting.finding",
    _("Ghi kết quả thẩm tra"),
    fields=["finding", "group", "flags", "source", "request", "document"],
)
VETTING_EXPLANATION = register(
    "vetting.explanation", _("Ghi nhận giải trình của người được thẩm định"), fields=["finding", "given_on"]
)
VETTING_VERIFIER = register("vetting.verifier", _("Giao người đi xác minh"), fields=["person", "place"])
VETTING_APPRAISE = register(
    "vetting.appraise", _("Thẩm định, đề xuất kết luận"), fields=["history", "current", "verdict"]
)
VETTING_APPROVE = register(
    "vetting.approve", _("Lãnh đạo duyệt kết luận thẩm định"), fields=["concluder", "verdict"]
)
VETTING_DECISION = register(
    "vetting.decision",
    _("Ghi nhận quyết định của Ban Thường vụ"),
    fields=["decision_on", "verdict", "proposed"],
)
VETTING_REUSE = register("vetting.reuse", _("Dùng lại kết luận thẩm định"), fields=["source", "verdict"])
BATCH_REQUEST = register(
    "vetting.batch_request",
    _("Yêu cầu thẩm định theo đợt"),
    fields=["batch", "purpose", "candidates", "deadline"],
)
BATCH_DONE = register(
    "vetting.batch_done", _("Tạo xong hồ sơ của đợt thẩm định"), fields=["batch", "created"]
)
DISPATCH_SEND = register(
    "vetting.dispatch", _("Gửi yêu cầu thẩm tra theo đợt"), fields=["dispatch", "batch", "to", "candidates"]
)
DISPATCH_ANSWER = register(
    "vetting.dispatch_answer",
    _("Trả lời yêu cầu thẩm tra theo đợt"),
    fields=["dispatch", "answered", "issues"],
)
BATCH_EXPORT = register("vetting.batch_export", _("Xuất kết quả đợt thẩm định"), fields=["batch", "rows"])
RULE_CHANGE = register(
    "vetting.rule_change", _("Sửa quy định thẩm định"), fields=["what", "key", "old", "new"]
)
