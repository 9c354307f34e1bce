"""REST API of the case engine (product.md): cases/, transitions, events, requests, respond."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django.db.models import QuerySet
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
    CaseExtendSerializer,
    CaseSerializer,
    ExtendSerializer,
    ReasonSerializer,
    RequestCreateSerializer,
    RequestSerializer,
    RespondSerializer,
    TimelineEventSerializer,
    TransitionInSerializer,
)
from phoihop.cases.models import Case, CoordinationRequest
from phoihop.cases.querysets import (
    CaseQuerySet,
    RequestQuerySet,
    request_due_soon_q,
    request_open_q,
    request_overdue_q,
)


class CaseFilter(django_filters.FilterSet):
    """`overdue` and `due_soon` have the one meaning of cases/querysets.py (docs/deadlines.md)."""

    agency = django_filters.CharFilter(field_name="owner_agency__code", lookup_expr="iexact")
    q = django_filters.CharFilter(method="search")
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    due_soon = django_filters.BooleanFilter(method="filter_due_soon")
    opened_from = django_filters.DateFilter(field_name="opened_on", lookup_expr="gte")
    opened_to = django_filters.DateFilter(field_name="opened_on", lookup_expr="lte")

    class Meta:
        model = Case
        fields = ["kind", "status"]

    def search(self, qs: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        return selectors.case_matching(qs, value)

    def filter_overdue(self, qs: QuerySet[Case], name: str, value: bool) -> QuerySet[Case]:
        cases = cast(CaseQuerySet, qs)
        return cases.overdue() if value else cases.not_overdue()

    def filter_due_soon(self, qs: QuerySet[Case], name: str, value: bool) -> QuerySet[Case]:
        cases = cast(CaseQuerySet, qs)
        return cases.due_soon() if value else cases.exclude(pk__in=Case.objects.due_soon().values("pk"))


class CaseViewSet(mixins.CreateModelMixin, RestrictedReadOnlyViewSet):
    """Cases of every kind the caller may see (participation and clearance), with transitions, events, requests."""

    queryset = Case.objects.select_related("owner_agency", "lead_officer").prefetch_related(
        "participants__agency"
    )
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    lookup_field = "id"

    def get_queryset(self) -> QuerySet[Case]:
        # The flags are computed for today, so on each request (a class attribute would freeze the date).
        return cast(CaseQuerySet, super().get_queryset()).with_deadline_flags()

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

    @extend_schema(request=TransitionInSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["get", "post"])
    def transitions(self, request: Request, id: str | None = None) -> Response:
        case = cast(Case, self.get_object())
        if request.method == "GET":
            return Response([{"transition": t.name, "label": str(t.label), "to": t.target, "requires_reason": t.requires_reason}
                             for t in services.allowed_transitions(request.user, case)])  # fmt: skip
        data = TransitionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        case = services.case_transition(actor=request.user, case=case, name=v["transition"], reason=v["reason"],
                                        expected_version=v.get("version"))  # fmt: skip
        return Response(CaseSerializer(case).data)

    @extend_schema(responses=TimelineEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request: Request, id: str | None = None) -> Response:
        case = cast(Case, self.get_object())
        return Response(TimelineEventSerializer(selectors.case_timeline(request.user, case), many=True).data)

    def _deadline_action(self, request: Request, form: type[serializers.Serializer], act: Any) -> Response:
        """Extend / pause / resume the case's own deadline (a leader of the owner agency; 404 if not visible)."""
        case = cast(Case, self.get_object())
        data = form(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(CaseSerializer(act(actor=request.user, case=case, **data.validated_data)).data)

    @extend_schema(request=CaseExtendSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, id: str | None = None) -> Response:
        return self._deadline_action(request, CaseExtendSerializer, services.case_extend)

    @extend_schema(request=ReasonSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, id: str | None = None) -> Response:
        return self._deadline_action(request, ReasonSerializer, services.case_pause)

    @extend_schema(request=ReasonSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, id: str | None = None) -> Response:
        return self._deadline_action(request, ReasonSerializer, services.case_resume)

    @extend_schema(request=RequestCreateSerializer, responses={201: RequestSerializer})
    @action(detail=True, methods=["get", "post"])
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
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    due_soon = django_filters.BooleanFilter(method="filter_due_soon")

    class Meta:
        model = CoordinationRequest
        fields = ["status", "kind"]

    def filter_open(
        self, qs: QuerySet[CoordinationRequest], name: str, value: bool
    ) -> QuerySet[CoordinationRequest]:
        return qs.filter(request_open_q()) if value else qs.exclude(request_open_q())

    def filter_overdue(
        self, qs: QuerySet[CoordinationRequest], name: str, value: bool
    ) -> QuerySet[CoordinationRequest]:
        return qs.filter(request_overdue_q()) if value else qs.exclude(request_overdue_q())

    def filter_due_soon(
        self, qs: QuerySet[CoordinationRequest], name: str, value: bool
    ) -> QuerySet[CoordinationRequest]:
        return qs.filter(request_due_soon_q()) if value else qs.exclude(request_due_soon_q())


class RequestViewSet(RestrictedReadOnlyViewSet):
    """Coordination requests addressed to the caller's agency (its inbox)."""

    queryset = CoordinationRequest.objects.select_related("from_agency", "to_agency")
    serializer_class = RequestSerializer
    filterset_class = RequestFilter
    lookup_field = "id"

    def get_queryset(self) -> QuerySet[CoordinationRequest]:
        requests = cast(RequestQuerySet, super().get_queryset())
        return (
            requests.with_deadline_flags()
            .with_extension_count()
            .filter(to_agency_id=self.request.user.agency_id)
            .order_by("due_on")
        )

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
