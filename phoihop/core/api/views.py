"""API endpoints of core: agencies (address book) and the signed-in user."""

from __future__ import annotations

from typing import cast

import django_filters
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.access.api import RestrictedReadOnlyViewSet
from phoihop.core import services
from phoihop.core.api.serializers import AgencySerializer, AgencyWriteSerializer, MeSerializer
from phoihop.core.models import Agency, User


class AgencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Tìm theo mã hoặc tên")

    class Meta:
        model = Agency
        fields = ["kind", "is_hub", "active"]

    def search(self, queryset: QuerySet[Agency], name: str, value: str) -> QuerySet[Agency]:
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class AgencyViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, RestrictedReadOnlyViewSet):
    """Agencies of the coordination regulation (danh bạ cơ quan phối hợp); administrators create and change them."""

    queryset = Agency.objects.select_related("parent").order_by("-is_hub", "code")
    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    lookup_field = "id"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self) -> type:
        return AgencyWriteSerializer if self.action in {"create", "partial_update"} else AgencySerializer

    @extend_schema(request=AgencyWriteSerializer, responses={201: AgencySerializer})
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        data = AgencyWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        agency = services.agency_create(actor=cast(User, request.user), **data.validated_data)
        return Response(AgencySerializer(agency).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AgencyWriteSerializer, responses=AgencySerializer)
    def partial_update(self, request: Request, *args: object, **kwargs: object) -> Response:
        agency = cast(Agency, self.get_object())
        data = AgencyWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        agency = services.agency_update(actor=cast(User, request.user), agency=agency, **data.validated_data)
        return Response(AgencySerializer(agency).data)


class MeView(APIView):
    """The signed-in user: agency, roles, clearance."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(cast(User, request.user)).data)
