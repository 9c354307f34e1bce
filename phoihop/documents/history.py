"""The documents app's line on the case timeline: "a document was attached", named by its title only to a
reader who may see the document (above their clearance, or on a request they may not see, it is "một tài
liệu")."""

from __future__ import annotations

from django.utils.translation import gettext as _

from phoihop.cases.history import register_ref, register_renderer
from phoihop.core.readtime import Params, policy_fetch
from phoihop.documents.models import Document


def _document_added(p: Params) -> str:
    document = p.obj("document")
    if document is None:
        return _("Đính kèm một tài liệu")
    title = document.title if (p["version"] or 1) == 1 else f"{document.title} (v{p['version']})"
    return _("Đính kèm tài liệu: %(title)s") % {"title": title}


def _document_signed(p: Params) -> str:
    document = p.obj("document")
    if document is None:
        return _("Ký một văn bản")
    return _("Ký văn bản: %(title)s") % {"title": document.title}


def _document_issued(p: Params) -> str:
    document = p.obj("document")
    if document is None:
        return _("Ban hành một văn bản")
    return _("Ban hành văn bản: %(title)s") % {"title": document.title}


def register() -> None:
    register_ref("document", policy_fetch(Document))
    register_renderer("document_added", _document_added, document="document", version="int")
    register_renderer("document_signed", _document_signed, document="document")
    register_renderer("document_issued", _document_issued, document="document")
