"""Documents as a source of the global search: titles and extracted text, only what the user may see."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.documents.selectors import search_documents
from phoihop.search.registry import Item, Source, register


def _find(user: Any, q: str, limit: int) -> list[Item]:
    return [
        Item(
            "document",
            d.title,
            " · ".join(filter(None, [d.number_symbol, f"{d.created_at:%d/%m/%Y}"])),
            reverse("documents:document_detail", args=[d.pk]),
        )
        for d in search_documents(user, q, limit)
    ]


def register_sources() -> None:
    register(Source("documents", _("Tài liệu"), _find))
