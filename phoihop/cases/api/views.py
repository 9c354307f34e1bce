"""REST API of the case engine (product.md): cases/, transitions, events, requests, respond."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phoihop.access.api import AuditedRetrieveMixin, RestrictedReadOnlyViewSet
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
    ShareSerializer,
    TeamAddSerializer,
    TeamMemberSerializer,
    TimelineEventSerializer,
    TransitionInSerializer,
    TransitionOptionSerializer,
)
from phoihop.cases.models import Case, CoordinationRequest
from phoihop.cases.querysets import (
    CaseQuerySet,
    RequestQuerySet,
    request_due_soon_q,
    request_open_q,
    request_overdue_q,
)
from phoihop.core.models import User
from phoihop.textsafety import control_character_problem, shown_safely


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


class CaseViewSet(AuditedRetrieveMixin, mixins.CreateModelMixin, RestrictedReadOnlyViewSet):
    """Cases of every kind the caller may see (participation
    and clearance), with transitions, events, requests."""

    queryset = Case.objects.select_related("owner_agency", "lead_officer").prefetch_related(
        "participants__agency"
    )
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    lookup_field = "id"

    def get_queryset(self) -> QuerySet[Case]:
        # The flags are computed for today, so on each request (a class attribute would freeze the date).
        return cast(CaseQuerySet, super().get_queryset()).with_page_flags()

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = CaseCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_open(actor=request.user, **data.validated_data)
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    def record_read(self, obj: Case) -> None:
        services.case_read(actor=self.request.user, case=obj)  # also the "viewed" line of a classified case

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
        case = services.case_transition(
            actor=request.user,
            case=case,
            name=v["transition"],
            reason=v["reason"],
            expected_version=v.get("version"),
        )
        return Response(CaseSerializer(case).data)

    @extend_schema(responses=TimelineEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request: Request, id: str | None = None) -> Response:
        case = cast(Case, self.get_object())
        return Response(TimelineEventSerializer(selectors.case_timeline(request.user, case), many=True).data)

    def _deadline_action(self, request: Request, form: type[serializers.Serializer], act: Any) -> Response:
        """Extend / pause / resume the case's own deadline (a
        leader of the owner agency; 404 if not visible)."""
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

    @extend_schema(
        request=TeamAddSerializer,
        responses={200: TeamMemberSerializer(many=True), 201: TeamMemberSerializer},
        description="GET: the case's team (lead officer and assigned "
        'officers). POST {"user": username}: assign '
        "an officer of the owner agency cleared for the case's "
        "level (the owner agency's leaders and the lead "
        "officer only).",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def team(self, request: Request, id: str | None = None) -> Response:
        case = cast(Case, self.get_object())
        if request.method == "GET":
            return Response(TeamMemberSerializer(selectors.case_team(request.user, case), many=True).data)
        services.require_team_manager(request.user, case)  # before any lookup: no probing of user names
        data = TeamAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = self._owner_agency_user(case, data.validated_data["user"])
        member = services.case_team_add(actor=request.user, case=case, user=user)
        return Response(TeamMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("username", str, OpenApiParameter.PATH, description="the member's user name")
        ],
        responses={204: None},
        description="Take an officer off the case's team (not the lead officer: reassign the case instead).",
    )
    @action(detail=True, methods=["delete"], url_path=r"team/(?P<username>[^/]+)", url_name="team-member")
    def team_remove(self, request: Request, id: str | None = None, username: str = "") -> Response:
        case = cast(Case, self.get_object())
        services.require_team_manager(request.user, case)
        user = self._owner_agency_user(case, username)
        services.case_team_remove(actor=request.user, case=case, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @staticmethod
    def _owner_agency_user(case: Case, username: str) -> User:
        """Users are named by user name; outside the owner agency there is nobody to find (a clear 400)."""
        # A name holding characters no input may hold names nobody (and PostgreSQL refuses a NUL in a query).
        unsafe = control_character_problem(username, multiline=False) is not None
        user = None if unsafe else User.objects.filter(username__iexact=username.strip()).first()
        if user is None or user.agency_id != case.owner_agency_id:
            raise exceptions.ValidationError(
                {
                    "user": [
                        _("Không có cán bộ %(user)s trong cơ quan chủ trì hồ sơ.")
                        % {"user": shown_safely(username.strip())[:150]}
                    ]
                }
            )
        return user


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


class RequestViewSet(AuditedRetrieveMixin, RestrictedReadOnlyViewSet):
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

    def record_read(self, obj: CoordinationRequest) -> CoordinationRequest:
        return services.request_open(actor=self.request.user, req=obj)  # marked received on its first opening

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

    @extend_schema(
        request=ShareSerializer,
        responses=RequestSerializer,
        description="The owner agency shares an answered request, its answer and papers with the case's "
        "co-handling agencies (shared=false takes it back). Until then a participant sees only the requests "
        "addressed to it.",
    )
    @action(detail=True, methods=["post"])
    def share(self, request: Request, id: str | None = None) -> Response:
        req = get_visible_or_404(request, CoordinationRequest.objects.all(), Action.CHANGE, pk=id)
        data = ShareSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        req = services.request_share(actor=request.user, req=req, shared=data.validated_data["shared"])
        return Response(RequestSerializer(req).data)

    @extend_schema(request=RespondSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, id: str | None = None) -> Response:
        req = get_visible_or_404(request, CoordinationRequest.objects.all(), Action.RESPOND, pk=id)
        data = RespondSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        req = services.request_respond(actor=request.user, req=req, **data.validated_data)
        return Response(RequestSerializer(req).data)
