"""REST API of the letters kind (`/api/v1/letters/`): the register and a letter (its case's id), its
allegations, related letters, classification, explanation, conclusion, the vault (a keeper, with a reason) and
the transfers waiting. Letters are opened through the shared `POST cases/` with `kind: "letter"` and its
`details`."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from phoihop.access.api import AuditedRetrieveMixin, RestrictedReadOnlyViewSet
from phoihop.access.policy import Action
from phoihop.access.shortcuts import get_visible_or_404
from phoihop.audit.services import audit_denied
from phoihop.cases.models import Case
from phoihop.letters import selectors, services
from phoihop.letters.access_rules import is_vault_keeper
from phoihop.letters.api.serializers import (
    AllegationConcludeSerializer,
    AllegationSerializer,
    ClassifySerializer,
    ConcludeSerializer,
    ExplanationSerializer,
    LetterSerializer,
    MatchDecideSerializer,
    MatchSerializer,
    TransferSerializer,
    VaultOpenSerializer,
    WriterOutSerializer,
)
from phoihop.letters.choices import Channel, LetterType, Outcome, Regime
from phoihop.letters.models import Allegation, Letter, Match, Transfer
from phoihop.search.folding import fold_vi


class LetterFilter(django_filters.FilterSet):
    letter_type = django_filters.ChoiceFilter(choices=LetterType.choices)
    regime = django_filters.ChoiceFilter(choices=Regime.choices)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices)
    received_from = django_filters.DateFilter(field_name="received_on", lookup_expr="gte")
    received_to = django_filters.DateFilter(field_name="received_on", lookup_expr="lte")
    q = django_filters.CharFilter(method="search", max_length=100)

    class Meta:
        model = Letter
        fields = ["letter_type", "regime", "channel", "outcome"]

    def search(self, qs: Any, name: str, value: str) -> Any:
        return qs.filter(case__title_folded__contains=fold_vi(value)) | qs.filter(
            case__number__iexact=value.upper()
        )


class LetterViewSet(AuditedRetrieveMixin, RestrictedReadOnlyViewSet):
    """The letter register; a letter by its case's id."""

    queryset = Letter.objects.select_related(
        "case", "case__owner_agency", "transferred_from", "transferred_to"
    ).order_by("-received_on", "-case__number")
    serializer_class = LetterSerializer
    filterset_class = LetterFilter
    lookup_field = "case_id"
    lookup_url_kwarg = "id"

    def _case(self) -> Case:
        return cast(Letter, self.get_object()).case

    def _changeable(self) -> Case:
        letter = cast(Letter, self.get_object())
        return cast(
            Case, get_visible_or_404(self.request, Case.objects.all(), Action.CHANGE, pk=letter.case_id)
        )

    @extend_schema(responses=AllegationSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def allegations(self, request: Request, id: str | None = None) -> Response:
        return Response(
            AllegationSerializer(selectors.allegations(request.user, self._case()), many=True).data
        )

    @extend_schema(request=AllegationConcludeSerializer, responses=AllegationSerializer)
    @action(detail=True, methods=["post"], url_path=r"allegations/(?P<allegation_id>[0-9a-f-]{36})/conclude")
    def allegation_conclude(
        self, request: Request, id: str | None = None, allegation_id: str | None = None
    ) -> Response:
        case = self._changeable()
        allegation = get_visible_or_404(
            request, Allegation.objects.filter(case=case), Action.VIEW, pk=allegation_id
        )
        data = AllegationConcludeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.allegation_conclude(actor=request.user, allegation=allegation, **data.validated_data)
        return Response(AllegationSerializer(row).data)

    @extend_schema(request=ClassifySerializer, responses=LetterSerializer)
    @action(detail=True, methods=["post"])
    def classify(self, request: Request, id: str | None = None) -> Response:
        case = self._changeable()
        data = ClassifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.letter_classify(actor=request.user, case=case, **data.validated_data)
        return Response(LetterSerializer(Letter.objects.select_related("case").get(case=case)).data)

    @extend_schema(request=ExplanationSerializer, responses={201: ExplanationSerializer})
    @action(detail=True, methods=["post"])
    def explanations(self, request: Request, id: str | None = None) -> Response:
        case = self._changeable()
        data = ExplanationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.explanation_record(actor=request.user, case=case, **data.validated_data)
        return Response({"explanation": row.text, "given_on": row.given_on}, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConcludeSerializer, responses=LetterSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, id: str | None = None) -> Response:
        case = self._changeable()
        data = ConcludeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.letter_conclude(actor=request.user, case=case, **data.validated_data)
        return Response(LetterSerializer(Letter.objects.select_related("case").get(case=case)).data)

    @extend_schema(responses=MatchSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def matches(self, request: Request, id: str | None = None) -> Response:
        return Response(MatchSerializer(selectors.matches(request.user, self._case()), many=True).data)

    @extend_schema(request=MatchDecideSerializer, responses=MatchSerializer)
    @action(detail=True, methods=["post"], url_path=r"matches/(?P<match_id>[0-9a-f-]{36})/decide")
    def match_decide(self, request: Request, id: str | None = None, match_id: str | None = None) -> Response:
        case = self._changeable()
        match = get_visible_or_404(request, Match.objects.filter(case=case), Action.VIEW, pk=match_id)
        data = MatchDecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.match_decide(actor=request.user, match=match, **data.validated_data)
        return Response(MatchSerializer(row).data)

    @extend_schema(request=VaultOpenSerializer, responses=WriterOutSerializer(many=True))
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def vault(self, request: Request, id: str | None = None) -> Response:
        """A vault keeper of the agency that holds the letter reads its writers, with a reason (logged)."""
        data = VaultOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not is_vault_keeper(
            request.user
        ):  # refused (and audited) before any lookup: existence does not leak
            services.vault_open(actor=request.user, case=None, reason=data.validated_data["reason"])
        case = selectors.vault_case(request.user, id)
        if case is None:
            audit_denied(
                actor=request.user,
                object_type="cases.Case",
                object_id=str(id),
                attempted="vault",
                path=request.path,
            )
            raise NotFound
        writers, _files = services.vault_open(
            actor=request.user, case=case, reason=data.validated_data["reason"]
        )
        response = Response(WriterOutSerializer(writers, many=True).data)
        response["Cache-Control"] = "no-store"
        return response


class TransferViewSet(AuditedRetrieveMixin, RestrictedReadOnlyViewSet):
    """Transfers the caller's agency sent or received (the receiver takes one in with `POST cases/` and
    `details.transfer`)."""

    queryset = Transfer.objects.select_related("from_agency", "to_agency").order_by("-sent_on", "id")
    serializer_class = TransferSerializer

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if self.request.query_params.get("waiting") in ("true", "1"):
            qs = qs.filter(to_agency_id=self.request.user.agency_id, received__isnull=True)
        return qs
