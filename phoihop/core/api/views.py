"""API endpoints of core: agencies (address book) and the signed-in user."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.access.api import RestrictedReadOnlyViewSet
from phoihop.core.api.serializers import AgencySerializer, MeSerializer
from phoihop.core.models import Agency


class AgencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Tìm theo mã hoặc tên")

    class Meta:
        model = Agency
        fields = ["kind", "is_hub", "active"]

    def search(self, queryset: QuerySet[Agency], name: str, value: str) -> QuerySet[Agency]:
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class AgencyViewSet(RestrictedReadOnlyViewSet):
    """Agencies of the coordination regulation (danh bạ cơ quan phối hợp)."""

    queryset = Agency.objects.select_related("parent").order_by("-is_hub", "code")
    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    lookup_field = "id"


class MeView(APIView):
    """The signed-in user: agency, roles, clearance."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        return Response(MeSerializer(user).data)
