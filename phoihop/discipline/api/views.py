"""REST API of the discipline kind (`/api/v1/discipline-notices/`): the list (filters) and a notice (its
case's id) with the advice, its acknowledgements, the steps of its flow, and the XLSX export. Notices are
opened through the shared `POST cases/` with `kind: "discipline"` and its `details`."""

from __future__ import annotations

from typing import cast

import django_filters
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phoihop.access.api import AuditedRetrieveMixin, RestrictedReadOnlyViewSet
from phoihop.access.policy import Action
from phoihop.access.shortcuts import get_visible_or_404
from phoihop.cases.models import Case
from phoihop.discipline import selectors, services
from phoihop.discipline.api.serializers import (
    AcknowledgementSerializer,
    AcknowledgeSerializer,
    AdviceSerializer,
    AppealDecisionSerializer,
    AppealSerializer,
    NoticeSerializer,
)
from phoihop.discipline.choices import Origin
from phoihop.discipline.exports import notices_xlsx
from phoihop.discipline.forms import ListFilterForm
from phoihop.discipline.kind import WORKFLOW
from phoihop.discipline.models import Acknowledgement, DisciplineNotice, Sanction


class NoticeFilter(django_filters.FilterSet):
    origin = django_filters.ChoiceFilter(choices=Origin.choices)
    sanction = django_filters.ModelChoiceFilter(queryset=Sanction.objects.all(), to_field_name="code")
    status = django_filters.ChoiceFilter(field_name="case__status", choices=list(WORKFLOW.states.items()))

    class Meta:
        model = DisciplineNotice
        fields = ["origin", "sanction"]


class NoticeViewSet(AuditedRetrieveMixin, RestrictedReadOnlyViewSet):
    """Discipline notices; a notice by its case's id."""

    queryset = DisciplineNotice.objects.select_related(
        "case", "case__owner_agency", "sanction", "appeal_sanction", "person"
    ).order_by("-case__opened_on", "-case__number")
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilter
    lookup_field = "case_id"
    lookup_url_kwarg = "id"

    def _case(self) -> Case:
        return cast(DisciplineNotice, self.get_object()).case

    def _changeable(self) -> Case:
        notice = cast(DisciplineNotice, self.get_object())
        return cast(
            Case, get_visible_or_404(self.request, Case.objects.all(), Action.CHANGE, pk=notice.case_id)
        )

    def _read(self, case: Case) -> Response:
        return Response(
            NoticeSerializer(
                self.get_queryset()
                .model.objects.select_related(
                    "case", "case__owner_agency", "sanction", "appeal_sanction", "person"
                )
                .get(case=case)
            ).data
        )

    @extend_schema(responses=AdviceSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def advice(self, request: Request, id: str | None = None) -> Response:
        return Response(AdviceSerializer(selectors.advice(cast(DisciplineNotice, self.get_object()))).data)

    @extend_schema(responses=AcknowledgementSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def acknowledgements(self, request: Request, id: str | None = None) -> Response:
        return Response(
            AcknowledgementSerializer(selectors.acknowledgements(request.user, self._case()), many=True).data
        )

    @extend_schema(request=None, responses=NoticeSerializer)
    @action(detail=True, methods=["post"], url_path="record")
    def record_notice(self, request: Request, id: str | None = None) -> Response:
        case = self._changeable()
        services.record(actor=request.user, case=case)
        return self._read(case)

    @extend_schema(request=AcknowledgeSerializer, responses=AcknowledgementSerializer)
    @action(detail=True, methods=["post"], url_path=r"acknowledgements/(?P<ack_id>[0-9]+)")
    def acknowledge(self, request: Request, id: str | None = None, ack_id: str | None = None) -> Response:
        case = self._changeable()
        ack = get_visible_or_404(request, Acknowledgement.objects.filter(case=case), Action.VIEW, pk=ack_id)
        data = AcknowledgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.acknowledge(actor=request.user, ack=ack, **data.validated_data)
        return Response(AcknowledgementSerializer(row).data)

    @extend_schema(request=AppealSerializer, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def appeal(self, request: Request, id: str | None = None) -> Response:
        case = self._changeable()
        data = AppealSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.appeal(actor=request.user, case=case, **data.validated_data)
        return self._read(case)

    @extend_schema(request=AppealDecisionSerializer, responses=NoticeSerializer)
    @action(detail=True, methods=["post"], url_path="appeal-decision")
    def appeal_decision(self, request: Request, id: str | None = None) -> Response:
        case = self._changeable()
        data = AppealDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.appeal_decide(actor=request.user, case=case, **data.validated_data)
        return self._read(case)

    @extend_schema(request=None, responses=NoticeSerializer)
    @action(detail=True, methods=["post"], url_path="close")
    def close_notice(self, request: Request, id: str | None = None) -> Response:
        case = self._changeable()
        services.close(actor=request.user, case=case)
        return self._read(case)

    @extend_schema(
        responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes}
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def export(self, request: Request) -> HttpResponse:
        """The notices the user may export, under the list's filters (origin, sanction, status, q)."""
        form = ListFilterForm(request.query_params, status_choices=list(WORKFLOW.states.items()))
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        return notices_xlsx(request.user, form.cleaned_data)
