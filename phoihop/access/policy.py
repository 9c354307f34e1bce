"""The one access policy: `can(user, action, obj)` for objects and `restrict(qs, user, action)` for lists.

Every view, API endpoint, list, count and export asks this module. Rules are registered per model, so the
object check and the queryset producer for a model come from one place (as in Wagtail's permission
policies). Models without a registered rule are visible to nobody: forgetting a rule fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"
    TRANSITION = "transition"
    RESPOND = "respond"
    EXPORT = "export"
    DOWNLOAD = "download"
    ADMINISTER = "administer"


@dataclass(frozen=True)
class Rule:
    """`scope(user, action)` returns a Q that selects exactly the rows the user may act on."""

    scope: Callable[[Any, Action], Q]


_RULES: dict[type[models.Model], Rule] = {}
NOTHING = Q(pk__in=[])


def register(model: type[models.Model], scope: Callable[[Any, Action], Q]) -> None:
    if model in _RULES:
        raise ValueError(f"an access rule for {model.__name__} is registered twice")
    _RULES[model] = Rule(scope)


def _scope(model: type[models.Model], user: Any, action: Action) -> Q:
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return NOTHING
    rule = _RULES.get(model)
    return rule.scope(user, action) if rule is not None else NOTHING


def restrict(queryset: QuerySet[Any], user: Any, action: Action | str = Action.VIEW) -> QuerySet[Any]:
    """The rows of `queryset` that `user` may `action`, as one SQL filter."""
    return queryset.filter(_scope(queryset.model, user, Action(action)))


def can(user: Any, action: Action | str, obj: models.Model) -> bool:
    """Whether `user` may `action` on `obj`, evaluated against the database row, not the Python object."""
    model = type(obj)
    return model._default_manager.filter(_scope(model, user, Action(action)), pk=obj.pk).exists()


def can_administer(user: Any) -> bool:
    """Administration of agencies, users, calendars and rules (the `admin` role)."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and user.has_role("admin")
    )
