"""API: the caller's own notifications; POST read/ marks them all read."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phoihop.access.api import RestrictedReadOnlyViewSet
from phoihop.notify.messages import render
from phoihop.notify.models import Notification
from phoihop.notify.services import mark_all_read


class NotificationListSerializer(serializers.ListSerializer):
    """A page of notifications is rendered at once (one query per kind of object they name)."""

    def to_representation(self, data: Any) -> list[Any]:
        return super().to_representation(
            render(data.all() if hasattr(data, "all") else data, self.context["request"].user)
        )


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    """`text`: the line rendered for the caller in the request's language; `code`: what it is about."""

    text = serializers.CharField(source="line", read_only=True)
    legacy = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "created_at", "kind", "code", "text", "legacy", "link", "read_at"]
        list_serializer_class = NotificationListSerializer

    def to_representation(self, instance: Notification) -> Any:
        if not hasattr(instance, "line"):  # one notification (a list renders its page at once)
            render([instance], self.context["request"].user)
        return super().to_representation(instance)


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = ["kind"]


class NotificationViewSet(RestrictedReadOnlyViewSet):
    queryset = Notification.objects.order_by("-created_at")
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    lookup_field = "id"

    @extend_schema(
        request=None,
        responses=inline_serializer("NotificationsMarkedRead", {"marked": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"])
    def read(self, request: Request) -> Response:
        return Response({"marked": mark_all_read(user=request.user)})
