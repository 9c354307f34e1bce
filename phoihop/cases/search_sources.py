"""Cases as a source of the global search, and as what a person's page lists."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.access.policy import Action, restrict
from phoihop.cases.models import Case
from phoihop.cases.selectors import case_search_conditions, cases_of_person
from phoihop.people.panels import register_appearances
from phoihop.search.folding import fold_vi
from phoihop.search.registry import Item, Source, register, tiered


def _find(user: Any, q: str, limit: int) -> list[Item]:
    folded = fold_vi(q)
    if not folded:
        return []
    found = tiered(
        Case.objects.all(),
        case_search_conditions(q),
        ("-opened_on", "-number"),
        limit,
        visible=lambda rows: restrict(rows, user, Action.VIEW),
    )
    return [
        Item(
            "case",
            f"{c.number} — {c.title}",
            f"{c.opened_on:%d/%m/%Y}",
            reverse("cases:case_detail", args=[c.pk]),
        )
        for c in found
    ]


def register_sources() -> None:
    register(Source("cases", _("Hồ sơ vụ việc"), _find))
    register_appearances(cases_of_person)
