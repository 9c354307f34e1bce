"""API endpoints of core: agencies (address book) and the signed-in user."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django import forms
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q, QuerySet
from django.http.response import HttpResponseBase
from django.utils.functional import lazy
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.access.api import RestrictedReadOnlyViewSet
from phoihop.core import services
from phoihop.core.api.serializers import (
    AgencySerializer,
    AgencyWriteSerializer,
    CalendarDaySerializer,
    DeadlineQuerySerializer,
    MeSerializer,
)
from phoihop.core.calendar import FIRST_YEAR, LAST_YEAR, CalendarError, compute_deadline
from phoihop.core.models import Agency, CalendarDay, User


class AgencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Tìm theo mã hoặc tên")

    class Meta:
        model = Agency
        fields = ["kind", "is_hub", "active"]

    def search(self, queryset: QuerySet[Agency], name: str, value: str) -> QuerySet[Agency]:
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class AgencyViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, RestrictedReadOnlyViewSet):
    """Agencies of the coordination regulation (danh bạ cơ quan
    phối hợp); administrators create and change them."""

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


class CalendarDeadlineView(APIView):
    """The due date N working (or calendar) days after a date, with every skipped day and its reason."""

    @extend_schema(
        parameters=[DeadlineQuerySerializer],
        responses=inline_serializer(
            "Deadline",
            {
                "start": serializers.DateField(),
                "days": serializers.IntegerField(),
                "unit": serializers.CharField(),
                "due": serializers.DateField(),
                "skipped": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        query = DeadlineQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        try:
            deadline = compute_deadline(data["start"], data["days"], data["unit"], agency=data.get("agency"))
        except CalendarError as exc:
            raise ValidationError({"days": [str(exc)]}) from None
        return Response(
            {
                "start": deadline.start,
                "days": deadline.days,
                "unit": deadline.unit,
                "due": deadline.due,
                "skipped": [
                    {"date": d.day, "reason": d.reason, "source": d.source} for d in deadline.skipped
                ],
            }
        )


def _year_message() -> str:
    return gettext("Năm phải là số nguyên từ %(a)d đến %(b)d.") % {"a": FIRST_YEAR, "b": LAST_YEAR}


year_message = lazy(_year_message, str)


@extend_schema_field({"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR})
class YearFilter(django_filters.NumberFilter):
    """A calendar year the working-day calendar covers: a whole number in range, or a 400 naming `year` (a
    date lookup on year 0 or 10000 cannot even be built)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        message = year_message()
        kwargs.update(
            min_value=FIRST_YEAR,
            max_value=LAST_YEAR,
            error_messages={"invalid": message, "min_value": message, "max_value": message},
        )
        super().__init__(*args, **kwargs)


class CalendarDayFilter(django_filters.FilterSet):
    year = YearFilter(field_name="date", lookup_expr="year")
    agency = django_filters.CharFilter(field_name="agency__code", lookup_expr="iexact")

    class Meta:
        model = CalendarDay
        fields = ["kind"]


class CalendarDayViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, RestrictedReadOnlyViewSet):
    """Administrators' overrides of the working-day calendar (extra days off, make-up working days)."""

    queryset = CalendarDay.objects.select_related("agency").order_by("date")
    serializer_class = CalendarDaySerializer
    filterset_class = CalendarDayFilter
    lookup_field = "id"

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        data = CalendarDaySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        day = services.calendar_day_add(
            actor=cast(User, request.user),
            day=v["date"],
            kind=v["kind"],
            name=v["name"],
            agency=v.get("agency"),
        )
        return Response(CalendarDaySerializer(day).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: object, **kwargs: object) -> Response:
        services.calendar_day_remove(
            actor=cast(User, request.user), calendar_day=cast(CalendarDay, self.get_object())
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI (served offline). Like the schema it needs a signed-in person (after MFA) or a token; a
    browser that is not signed in is sent to the sign-in page and back."""

    def handle_exception(self, exc: Exception) -> HttpResponseBase:  # type: ignore[override]
        if isinstance(exc, NotAuthenticated | AuthenticationFailed) and "script" not in self.request.GET:
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)
