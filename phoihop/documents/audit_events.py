"""The audit event types of the documents app: documents, generated papers, number registers and downloads
(what each payload may hold: audit/registry.py).

Registered when first imported; the app's `ready()` imports this module so that every type exists before any
event is read or written."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phoihop.audit.registry import register

DOCUMENT_ADD = register(
    "document.add",
    pgettext_lazy("audit event", "Đính kèm tài liệu"),
    fields=["version", "sha256", "size", "type", "classification"],
)
DOCUMENT_COPY = register(
    "document.copy",
    pgettext_lazy("audit event", "Sổ phát hành, thu hồi bản tài liệu mật"),
    fields=["copy", "to", "event"],
)
DOCUMENT_GENERATE = register(
    "document.generate",
    pgettext_lazy("audit event", "Tạo văn bản từ mẫu"),
    fields=["kind", "format", "number"],
)
DOCUMENT_SIGN = register(
    "document.sign", pgettext_lazy("audit event", "Ký văn bản"), fields=["authority", "uploaded", "version"]
)
DOCUMENT_ISSUE = register(
    "document.issue", pgettext_lazy("audit event", "Ban hành văn bản (cấp số)"), fields=["number", "version"]
)
TEMPLATE_CHANGE = register(
    "template.change",
    _("Thay mẫu văn bản"),
    fields=["template", "reset", "sha256", "previous_sha256"],
    justification=True,
)
FORMAT_CHANGE = register(
    "format.change", _("Sửa quy tắc thể thức văn bản"), fields=["regime", "fields"], justification=True
)
TERM_CHANGE = register(
    "term.change", _("Khai báo nhiệm kỳ cấp ủy"), fields=["term", "starts_on", "issuer", "removed"]
)
NUMBER_ISSUE = register("number.issue", _("Cấp số văn bản"), fields=["number", "term"])
NUMBER_CANCEL = register("number.cancel", _("Hủy số văn bản"), fields=["number"])
DOWNLOAD = register(
    "download", _("Tải tệp"), fields=["version", "rendition", "type", "sha256", "watermarked"]
)
# Legacy only: no code writes `print` since the preview is audited as what was served (`document.preview`);
# the type stays registered so that older events keep their label and declared fields.
PRINT_VIEW = register("print", _("Xem bản in"), fields=["version", "sha256", "watermarked"])
DOCUMENT_PREVIEW = register(
    "document.preview",
    _("Xem trước tài liệu (bản đóng dấu người xem)"),
    fields=["version", "rendition", "type", "sha256", "watermarked"],
)
