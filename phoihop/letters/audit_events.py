"""The audit event types of the letters kind: identifiers, codes and dates only (the letter by its case
number, allegations by position, vault reads by the id of the row that keeps the reason)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from phoihop.audit.registry import register

LETTER_INTAKE = register(
    "letter.intake",
    _("Tiếp nhận đơn thư"),
    fields=[
        "number",
        "channel",
        "type",
        "regime",
        "identity",
        "allegations",
        "writers",
        "transfer",
        "matches",
    ],
)
LETTER_MATCH = register(
    "letter.match", _("Quyết định đơn liên quan"), fields=["other", "kind", "linked", "new_evidence"]
)
LETTER_CLASSIFY = register(
    "letter.classify",
    _("Phân loại đơn thư"),
    fields=["outcome", "processable", "missing", "file_reason", "to", "slip", "due"],
)
LETTER_TRANSFER_RECEIVE = register(
    "letter.transfer_receive",
    _("Nhận đơn do cơ quan khác chuyển"),
    fields=["transfer", "source_agency", "slip"],
)
LETTER_ALLEGATION = register(
    "letter.allegation", _("Kết luận nội dung đơn"), fields=["position", "finding", "previous"]
)
LETTER_EXPLANATION = register(
    "letter.explanation", _("Ghi nhận giải trình của người bị phản ánh"), fields=["given_on"]
)
LETTER_CONCLUDE = register("letter.conclude", _("Kết luận đơn thư"), fields=["findings"])
LETTER_RESULT = register(
    "letter.result", _("Nhận kết quả giải quyết đơn đã chuyển"), fields=["transfer", "from"]
)
VAULT_OPEN = register(
    "letter.vault_open",
    _("Mở kho danh tính người viết đơn"),
    fields=["vault_read", "purpose", "writers", "files"],
)
VAULT_DENIED = register("letter.vault_denied", _("Bị từ chối mở kho danh tính"), fields=["refusal"])
LETTER_RULE_CHANGE = register(
    "letter.rule_change", _("Sửa quy định đơn thư"), fields=["regime", "type", "step", "old", "new"]
)
LETTER_EXPORT = register(
    "letter.export", _("Xuất sổ theo dõi đơn thư"), fields=["rows", "format"], searches=["filters"]
)
