"""The people registry as a source of the global search."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.people.selectors import person_search
from phoihop.search.registry import Item, Source, register


def _find(user: Any, q: str, limit: int) -> list[Item]:
    items = []
    for hit in person_search(user, q, limit=limit).hits:
        p = hit.person
        born = f"{p.birth_date:%d/%m/%Y}" if p.birth_date else str(p.birth_year or "")
        detail = " · ".join(filter(None, [born, p.unit.name if p.unit else "", p.position]))
        items.append(
            Item("person", p.full_name, detail, reverse("people:person_detail", args=[p.uuid]), hit.score)
        )
    return items


def register_sources() -> None:
    register(Source("persons", _("Cán bộ, đảng viên"), _find))
