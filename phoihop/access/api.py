"""API base classes: every queryset passes through the access policy before a view can touch it."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from rest_framework import exceptions, viewsets
from rest_framework.response import Response

from phoihop.access.policy import Action, restrict
from phoihop.audit.services import audit_denied, audit_read


class RestrictedQuerysetMixin:
    """Subclasses set `queryset`; `get_queryset()` always returns it restricted for the request's user, and an
    object outside that scope is a 404 exactly like one that does not exist (the attempt is audited)."""

    queryset: QuerySet[Any]
    access_action: ClassVar[Action] = Action.VIEW
    request: Any
    kwargs: dict[str, Any]
    lookup_field: str
    lookup_url_kwarg: str | None

    def get_queryset(self) -> QuerySet[Any]:
        return restrict(self.queryset.all(), self.request.user, self.access_action)

    def get_object(self) -> Model:
        key = self.lookup_url_kwarg or self.lookup_field
        value = self.kwargs.get(key)
        queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
        try:
            obj = queryset.get(**{self.lookup_field: value})
        except (queryset.model.DoesNotExist, ValidationError, ValueError, TypeError):
            audit_denied(
                actor=self.request.user,
                object_type=queryset.model._meta.label_lower,
                object_id=str(value),
                attempted=str(self.access_action),
                path=self.request.path,
            )
            raise exceptions.NotFound(_("Không tìm thấy.")) from None
        self.check_object_permissions(self.request, obj)  # type: ignore[attr-defined]
        return obj


class RestrictedReadOnlyViewSet(RestrictedQuerysetMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[misc]
    """List and retrieve, always restricted."""


class AuditedRetrieveMixin:
    """The API twin of `access.views.VisibleObjectView` for a `RestrictedQuerysetMixin` view: retrieving one
    object fetches it through the policy (the audited 404) and audits the read before serialising it. A view
    whose service records more (a case's "viewed" line, a request marked received) overrides `record_read`,
    which may return the object as that service left it."""

    request: Any

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        obj = self.get_object()  # type: ignore[attr-defined]
        obj = self.record_read(obj) or obj
        return Response(self.get_serializer(obj).data)  # type: ignore[attr-defined]

    def record_read(self, obj: Any) -> Any:
        audit_read(actor=self.request.user, obj=obj, related=self.read_related(obj))
        return None

    def read_related(self, obj: Any) -> Model | None:
        return None
