"""REST API of the case engine (product.md): cases/, transitions, events, requests, respond."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phoihop.access.api import RestrictedReadOnlyViewSet
from phoihop.access.policy import Action
from phoihop.access.shortcuts import get_visible_or_404
from phoihop.cases import selectors, services
from phoihop.cases.api.serializers import (
    CaseCreateSerializer,
    CaseSerializer,
    ExtendSerializer,
    ReasonSerializer,
    RequestCreateSerializer,
    RequestSerializer,
    RespondSerializer,
    TimelineEventSerializer,
    TransitionInSerializer,
    TransitionOptionSerializer,
)
from phoihop.cases.models import Case, CoordinationRequest


class CaseFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(field_name="owner_agency__code", lookup_expr="iexact")
    q = django_filters.CharFilter(method="search")
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    opened_from = django_filters.DateFilter(field_name="opened_on", lookup_expr="gte")
    opened_to = django_filters.DateFilter(field_name="opened_on", lookup_expr="lte")

    class Meta:
        model = Case
        fields = ["kind", "status"]

    def search(self, qs: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        return qs.filter(number__icontains=value) | qs.filter(title__icontains=value)

    def filter_overdue(self, qs: QuerySet[Case], name: str, value: bool) -> QuerySet[Case]:
        late = qs.filter(
            requests__status__in=selectors.OPEN, requests__due_on__lt=timezone.localdate()
        ).values("pk")
        return qs.filter(pk__in=late) if value else qs.exclude(pk__in=late)


class CaseViewSet(mixins.CreateModelMixin, RestrictedReadOnlyViewSet):
    """Cases of every kind the caller may see (participation and clearance), with transitions, events, requests."""

    queryset = Case.objects.select_related("owner_agency", "lead_officer").prefetch_related(
        "participants__agency"
    )
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    lookup_field = "id"

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = CaseCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_open(actor=request.user, **data.validated_data)
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = cast(Case, self.get_object())
        services.case_read(actor=request.user, case=case)
        return Response(CaseSerializer(case).data)

    @extend_schema(methods=["GET"], responses=TransitionOptionSerializer(many=True))
    @extend_schema(methods=["POST"], request=TransitionInSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def transitions(self, request: Request, id: str | None = None) -> Response:
        """GET: the transitions the caller may make now; POST: make one (a stale `version` is a 400)."""
        case = cast(Case, self.get_object())
        if request.method == "GET":
            options = services.allowed_transitions(request.user, case)
            return Response(TransitionOptionSerializer(options, many=True).data)
        data = TransitionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        case = services.case_transition(actor=request.user, case=case, name=v["transition"], reason=v["reason"],
                                        expected_version=v.get("version"))  # fmt: skip
        return Response(CaseSerializer(case).data)

    @extend_schema(responses=TimelineEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request: Request, id: str | None = None) -> Response:
        case = cast(Case, self.get_object())
        return Response(TimelineEventSerializer(selectors.case_timeline(request.user, case), many=True).data)

    @extend_schema(methods=["GET"], responses=RequestSerializer(many=True))
    @extend_schema(methods=["POST"], request=RequestCreateSerializer, responses={201: RequestSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def requests(self, request: Request, id: str | None = None) -> Response:
        case = cast(Case, self.get_object())
        if request.method == "GET":
            return Response(RequestSerializer(selectors.case_requests(request.user, case), many=True).data)
        data = RequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        req = services.request_send(actor=request.user, case=case, **data.validated_data)
        return Response(RequestSerializer(req).data, status=status.HTTP_201_CREATED)


class RequestFilter(django_filters.FilterSet):
    open = django_filters.BooleanFilter(method="filter_open")

    class Meta:
        model = CoordinationRequest
        fields = ["status", "kind"]

    def filter_open(
        self, qs: QuerySet[CoordinationRequest], name: str, value: bool
    ) -> QuerySet[CoordinationRequest]:
        return qs.filter(status__in=selectors.OPEN) if value else qs.exclude(status__in=selectors.OPEN)


class RequestViewSet(RestrictedReadOnlyViewSet):
    """Coordination requests addressed to the caller's agency (its inbox)."""

    queryset = CoordinationRequest.objects.select_related("from_agency", "to_agency")
    serializer_class = RequestSerializer
    filterset_class = RequestFilter
    lookup_field = "id"

    def get_queryset(self) -> QuerySet[CoordinationRequest]:
        return super().get_queryset().filter(to_agency_id=self.request.user.agency_id).order_by("due_on")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        req = services.request_open(actor=request.user, req=cast(CoordinationRequest, self.get_object()))
        return Response(RequestSerializer(req).data)

    def _sender_action(
        self, request: Request, id: str | None, form: type[serializers.Serializer], act: Any
    ) -> Response:
        """Extend / withdraw / pause / resume: only on a request the caller's agency sent (404 otherwise)."""
        req = get_visible_or_404(
            request, CoordinationRequest.objects.select_related("case", "to_agency"), Action.CHANGE, pk=id
        )
        data = form(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(RequestSerializer(act(actor=request.user, req=req, **data.validated_data)).data)

    @extend_schema(request=ExtendSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, id: str | None = None) -> Response:
        return self._sender_action(request, id, ExtendSerializer, services.request_extend)

    @extend_schema(request=ReasonSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, id: str | None = None) -> Response:
        return self._sender_action(request, id, ReasonSerializer, services.request_withdraw)

    @extend_schema(request=ReasonSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, id: str | None = None) -> Response:
        return self._sender_action(request, id, ReasonSerializer, services.request_pause)

    @extend_schema(request=ReasonSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, id: str | None = None) -> Response:
        return self._sender_action(request, id, ReasonSerializer, services.request_resume)

    @extend_schema(request=RespondSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, id: str | None = None) -> Response:
        req = get_visible_or_404(request, CoordinationRequest.objects.all(), Action.RESPOND, pk=id)
        data = RespondSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        req = services.request_respond(actor=request.user, req=req, **data.validated_data)
        return Response(RequestSerializer(req).data)
