"""REST API of the consultation kind (`/api/v1/consultations/`): the list and a consultation (its case's id),
its consolidated table (what the reader may see of it), a consulted body's answers and the asker's decision.
Consultations are opened through the shared `POST cases/` with `kind: "consultation"` and its `details`."""

from __future__ import annotations

from typing import cast

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phoihop.access.api import AuditedRetrieveMixin, RestrictedReadOnlyViewSet
from phoihop.access.policy import Action, restrict
from phoihop.access.shortcuts import get_visible_or_404
from phoihop.cases.models import Case
from phoihop.consultations import selectors, services
from phoihop.consultations.api.serializers import (
    AnswerInSerializer,
    ConsultationSerializer,
    DecisionInSerializer,
    OpinionSerializer,
    TableSerializer,
)
from phoihop.consultations.choices import Direction
from phoihop.consultations.models import Consultation, ConsultationType, Opinion

STATES = [("open", "open"), ("decided", "decided"), ("withdrawn", "withdrawn")]


class ConsultationFilter(django_filters.FilterSet):
    type = django_filters.ModelChoiceFilter(queryset=ConsultationType.objects.all(), to_field_name="code")
    direction = django_filters.ChoiceFilter(choices=Direction.choices)
    status = django_filters.ChoiceFilter(field_name="case__status", choices=STATES)

    class Meta:
        model = Consultation
        fields = ["type", "direction"]


class ConsultationViewSet(AuditedRetrieveMixin, RestrictedReadOnlyViewSet):
    """Consultations; a consultation by its case's id (a consulted body sees the ones it was asked in)."""

    queryset = Consultation.objects.select_related("case", "case__owner_agency").order_by(
        "-case__opened_on", "-case__number"
    )
    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilter
    lookup_field = "case_id"
    lookup_url_kwarg = "id"

    def _case(self) -> Case:
        return cast(Consultation, self.get_object()).case

    @extend_schema(responses=TableSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def table(self, request: Request, id: str | None = None) -> Response:
        case = self._case()
        opinions = restrict(Opinion.objects.filter(case=case), request.user).select_related(
            "consultee__agency"
        )
        return Response(
            TableSerializer(
                {
                    "candidates": selectors.candidates(request.user, case),
                    "bodies": selectors.bodies(request.user, case),
                    "opinions": list(opinions),
                }
            ).data
        )

    @extend_schema(request=AnswerInSerializer, responses={201: OpinionSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, id: str | None = None) -> Response:
        case = self._case()
        data = AnswerInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        made = services.opinion_give(actor=request.user, case=case, answers=data.validated_data["answers"])
        return Response(OpinionSerializer(made, many=True).data, status=201)

    @extend_schema(request=DecisionInSerializer, responses=ConsultationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, id: str | None = None) -> Response:
        details = cast(Consultation, self.get_object())
        case = get_visible_or_404(request, Case.objects.all(), Action.CHANGE, pk=details.case_id)
        data = DecisionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.consultation_decide(actor=request.user, case=case, **data.validated_data)
        return Response(ConsultationSerializer(self.get_queryset().get(pk=case.pk)).data)
