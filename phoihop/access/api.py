"""API base classes: every queryset passes through the access policy before a view can touch it."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from rest_framework import viewsets

from phoihop.access.policy import Action, restrict


class RestrictedQuerysetMixin:
    """Subclasses set `queryset`; `get_queryset()` always returns it restricted for the request's user."""

    queryset: QuerySet[Any]
    access_action: ClassVar[Action] = Action.VIEW
    request: Any

    def get_queryset(self) -> QuerySet[Any]:
        return restrict(self.queryset.all(), self.request.user, self.access_action)


class RestrictedReadOnlyViewSet(RestrictedQuerysetMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[misc]
    """List and retrieve; an object outside the user's scope is a 404, exactly like one that does not exist."""
