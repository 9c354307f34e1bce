"""Global search sources. Each app registers how to find its objects for a user (already restricted by the
access policy — the source filters before it ranks or counts), so this app imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Item:
    kind: str
    title: str
    detail: str
    url: str
    score: float = 0.0


@dataclass(frozen=True)
class Source:
    name: str
    label: str | Promise
    find: Callable[[Any, str, int], list[Item]]  # (user, query, limit) → the user's visible matches


_SOURCES: list[Source] = []


def register(source: Source) -> None:
    if any(s.name == source.name for s in _SOURCES):
        raise ValueError(f"search source {source.name} registered twice")
    _SOURCES.append(source)


def sources() -> list[Source]:
    return list(_SOURCES)


def tiered(qs: Any, conditions: list[Any], order: tuple[str, ...], limit: int) -> list[Any]:
    """The first `limit` rows of `qs` matching any of `conditions`, one query per condition in the order given
    (a more exact condition first), each ordered and bounded so the database answers it from that condition's
    own index — an OR of the conditions would let one without an index (or a costly expression) decide the
    plan for all of them (issue 15). Rows found by an earlier condition come first and are not repeated."""
    found: dict[Any, Any] = {}
    for condition in conditions:
        if len(found) >= limit:
            break
        rows = qs.filter(condition)
        if found:
            rows = rows.exclude(pk__in=list(found))
        for row in rows.order_by(*order)[: limit - len(found)]:
            found.setdefault(row.pk, row)
    return list(found.values())


def search_all(user: Any, q: str, limit: int = 10) -> list[tuple[Source, list[Item]]]:
    return [(source, source.find(user, q, limit)) for source in _SOURCES]
