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


def search_all(user: Any, q: str, limit: int = 10) -> list[tuple[Source, list[Item]]]:
    return [(source, source.find(user, q, limit)) for source in _SOURCES]
