"""What other apps show on a person's page, without this app importing them: the cases app registers "cases
about this person (that you may see)" here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_APPEARANCES: list[Callable[[Any, Any], list[Any]]] = []


def register_appearances(provider: Callable[[Any, Any], list[Any]]) -> None:
    _APPEARANCES.append(provider)


def appearances(user: Any, person: Any) -> list[Any]:
    """Objects with `number`, `title` and `get_absolute_url()`
    that mention the person and the user may see."""
    found: list[Any] = []
    for provider in _APPEARANCES:
        found.extend(provider(user, person))
    return found
