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


CANDIDATES = 100  # keys read per condition before the policy is asked (tiered)


def tiered(
    qs: Any,
    conditions: list[Any],
    order: tuple[str, ...],
    limit: int,
    *,
    visible: Callable[[Any], Any],
    candidates: int = CANDIDATES,
) -> list[Any]:
    """The first `limit` rows of `qs` that `visible` keeps (the caller's access rule, since search knows no
    app: e.g. `lambda rows: restrict(rows, user, Action.VIEW)`) matching any of `conditions`, a more exact
    condition's rows first, each condition's rows in `order`, none repeated.

    Each condition is asked on its own, ordered and bounded, so the database answers it from that condition's
    own index (an OR of them would let one without an index decide the plan for all; issue 15), and reads only
    keys: up to `candidates` per condition. The access policy is then asked once, over all those keys, in the
    same query that fetches the chosen rows: a rule as large as a document's (case, request and person
    branches) cost 5 ms of planning per query, once per condition. Where a condition had more candidates
    than were read and its visible ones did not fill the answer, that condition is asked again with the rule
    in its own query (the answer is then exactly the restricted query's)."""
    order = (*order, "pk")  # a total order: the same rows whichever way they are asked
    keys: list[list[Any]] = []
    for condition in conditions:
        keys.append(list(qs.filter(condition).order_by(*order).values_list("pk", flat=True)[:candidates]))
    wanted = {key for found in keys for key in found}
    rows = {row.pk: row for row in visible(qs.filter(pk__in=list(wanted)))} if wanted else {}
    found: dict[Any, Any] = {}
    for condition, candidates_read in zip(conditions, keys, strict=True):
        if len(found) >= limit:
            break
        before = len(found)
        for key in candidates_read:
            if key in rows and key not in found:
                found[key] = rows[key]
                if len(found) >= limit:
                    break
        if len(found) < limit and len(candidates_read) == candidates:
            # more matches than were read and too few of them visible: this condition with the rule
            for key in list(found)[before:]:
                del found[key]
            asked = visible(qs.filter(condition))
            if found:
                asked = asked.exclude(pk__in=list(found))
            for row in asked.order_by(*order)[: limit - len(found)]:
                found.setdefault(row.pk, row)
    return list(found.values())


def search_all(user: Any, q: str, limit: int = 10) -> list[tuple[Source, list[Item]]]:
    return [(source, source.find(user, q, limit)) for source in _SOURCES]
