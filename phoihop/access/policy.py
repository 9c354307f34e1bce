"""The one access policy: `can(user, action, obj)` for objects and `restrict(qs, user, action)` for lists.

Every view, API endpoint, list, count, search, export and download asks this module. Each app registers the
rule of each of its models once (`<app>/access_rules.py`), so the object check and the queryset producer for a
model come from one place (as Wagtail's permission policies pair them). A model without a rule is visible to
nobody: forgetting a rule fails closed.
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
    APPROVE = "approve"
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


def is_registered(model: type[models.Model]) -> bool:
    return model in _RULES


def is_active_user(user: Any) -> bool:
    return (
        user is not None
        and bool(getattr(user, "is_authenticated", False))
        and bool(getattr(user, "is_active", False))
    )


def scope(model: type[models.Model], user: Any, action: Action | str) -> Q:
    if not is_active_user(user):
        return NOTHING
    rule = _RULES.get(model)
    return rule.scope(user, Action(action)) if rule is not None else NOTHING


def restrict(queryset: QuerySet[Any], user: Any, action: Action | str = Action.VIEW) -> QuerySet[Any]:
    """The rows of `queryset` that `user` may `action`, as one SQL filter."""
    return queryset.filter(scope(queryset.model, user, action))


def first_visible(
    ordered: QuerySet[Any],
    user: Any,
    action: Action | str = Action.VIEW,
    n: int = 10,
    *,
    batch: int = 50,
    most: int = 1000,
) -> list[Any]:
    """The first `n` rows of `ordered` (ordered from an index) that `user` may `action`, for a short queue:
    the keys are read in that order a batch at a time and each batch is checked by the policy (`restrict` over
    its keys), then the chosen rows are fetched with `ordered`'s own joins. With the rule in the ordered
    query itself, the database first lists every row of the rule's parents the user may see (a hash of every
    visible case, growing with the table) even when the first ten rows of the index are the answer. At most
    `most` candidate rows are looked at."""
    model = ordered.model
    chosen: list[Any] = []
    for start in range(0, most, batch):
        keys = list(ordered.values_list("pk", flat=True)[start : start + batch])
        allowed = set(
            restrict(model._default_manager.filter(pk__in=keys), user, action).values_list("pk", flat=True)
        )
        chosen += [key for key in keys if key in allowed]
        if len(chosen) >= n or len(keys) < batch:
            break
    chosen = chosen[:n]
    if not chosen:
        return []
    return list(ordered.filter(pk__in=chosen))


def can(user: Any, action: Action | str, obj: models.Model) -> bool:
    """Whether `user` may `action` on `obj`, evaluated against the database row, not the Python object."""
    model = type(obj)
    return model._default_manager.filter(scope(model, user, action), pk=obj.pk).exists()


def has_role(user: Any, *roles: str) -> bool:
    return is_active_user(user) and bool(user.has_role(*roles))


def can_administer(user: Any) -> bool:
    """Administration of agencies, users, calendars and rules (the `admin` role)."""
    return has_role(user, "admin")


def can_audit(user: Any) -> bool:
    """Reading the audit trail (the `auditor` role); never case content by itself."""
    return has_role(user, "auditor")
