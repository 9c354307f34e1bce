"""View helpers that put every object lookup through the policy and answer 404 the same way every time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from phoihop.access.policy import Action, can, restrict
from phoihop.audit.services import audit_denied

M = TypeVar("M", bound=models.Model)
T = TypeVar("T", bound=models.Model)


def get_visible_or_404(
    request: HttpRequest | Any, queryset: QuerySet[M], action: Action | str = Action.VIEW, **lookup: Any
) -> M:
    """The object, if it exists and the user may `action` it; otherwise Http404 — the same answer whether the
    object does not exist or is out of scope — and the refused attempt is audited."""
    obj = restrict(queryset, request.user, action).filter(**lookup).first()
    if obj is None:
        if getattr(request.user, "is_authenticated", False):
            audit_denied(
                actor=request.user,
                object_type=queryset.model._meta.label_lower,
                object_id=str(next(iter(lookup.values()), "")),
                attempted=str(action),
                path=request.path,
            )
        raise Http404
    return obj


class OutOfScopeError(PermissionDenied):
    """A write would leave the object outside the actor's own scope; it is rolled back."""


def write_within_scope(user: Any, write: Callable[[], T], action: Action | str = Action.VIEW) -> T:
    """Run a write service and, inside the same transaction, check the actor can still `action` the result
    (as NetBox re-checks after saving): nobody can edit an object into a scope they cannot see."""
    with transaction.atomic():
        obj = write()
        if not can(user, action, obj):
            raise OutOfScopeError("the change would move the object out of your scope")
    return obj
