"""REST API of the vetting kind (`/api/v1/vettings/`, `vetting-batches/`, `vetting-dispatches/`): the list and
a vetting (its case's id), its dossier, findings, explanations, verifiers, context and the steps of its flow;
batches with their board, dispatches and export; the dispatches a partner answers. Vettings are opened through
the shared `POST cases/` with `kind: "vetting"` and its `details`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import django_filters
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from phoihop.access.api import AuditedRetrieveMixin, RestrictedReadOnlyViewSet
from phoihop.access.policy import Action, can
from phoihop.access.shortcuts import get_visible_or_404
from phoihop.cases.models import Case
from phoihop.core.models import Agency
from phoihop.vetting import batches, selectors, services
from phoihop.vetting.api.serializers import (
    AppraiseSerializer,
    ApproveSerializer,
    BatchInSerializer,
    BatchSerializer,
    BoardSerializer,
    ContextSerializer,
    DecisionSerializer,
    DispatchAnswerSerializer,
    DispatchInSerializer,
    DispatchItemSerializer,
    DispatchSerializer,
    DossierItemSerializer,
    DossierSetSerializer,
    ExplanationInSerializer,
    ExplanationOutSerializer,
    FindingInSerializer,
    FindingSerializer,
    ReuseSerializer,
    VerifierInSerializer,
    VerifierSerializer,
    VettingSerializer,
)
from phoihop.vetting.choices import Verdict
from phoihop.vetting.exports import batch_xlsx
from phoihop.vetting.models import Batch, Dispatch, DossierItem, Finding, Purpose, Vetting
from phoihop.vetting.views import STATUS_CHOICES


@contextmanager
def _keys_as_fields(names: dict[str, str]) -> Iterator[None]:
    """A service's errors keyed by the API's field names where they differ from the page's."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError({names.get(k, k): v for k, v in exc.message_dict.items()}) from None


class VettingFilter(django_filters.FilterSet):
    purpose = django_filters.ModelChoiceFilter(queryset=Purpose.objects.all(), to_field_name="code")
    status = django_filters.ChoiceFilter(field_name="case__status", choices=STATUS_CHOICES)
    verdict = django_filters.ChoiceFilter(choices=Verdict.choices)
    batch = django_filters.UUIDFilter(field_name="batch_id")

    class Meta:
        model = Vetting
        fields = ["purpose", "verdict"]


class VettingViewSet(AuditedRetrieveMixin, RestrictedReadOnlyViewSet):
    """Vettings; a vetting by its case's id."""

    queryset = Vetting.objects.select_related("case", "case__owner_agency", "purpose", "person").order_by(
        "-case__opened_on", "-case__number"
    )
    serializer_class = VettingSerializer
    filterset_class = VettingFilter
    lookup_field = "case_id"
    lookup_url_kwarg = "id"

    def _case(self) -> Case:
        return cast(Vetting, self.get_object()).case

    def _changeable(self) -> Case:
        vetting = cast(Vetting, self.get_object())
        return cast(
            Case, get_visible_or_404(self.request, Case.objects.all(), Action.CHANGE, pk=vetting.case_id)
        )

    def _read(self) -> Response:
        return Response(
            VettingSerializer(
                Vetting.objects.select_related("case", "case__owner_agency", "purpose", "person").get(
                    case=self._case()
                )
            ).data
        )

    @extend_schema(responses=DossierItemSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def dossier(self, request: Request, id: str | None = None) -> Response:
        return Response(DossierItemSerializer(selectors.dossier(request.user, self._case()), many=True).data)

    @extend_schema(request=DossierSetSerializer, responses=DossierItemSerializer)
    @action(detail=True, methods=["post"], url_path=r"dossier/(?P<item_id>[0-9]+)")
    def dossier_set(self, request: Request, id: str | None = None, item_id: str | None = None) -> Response:
        case = self._changeable()
        item = get_visible_or_404(request, DossierItem.objects.filter(case=case), Action.VIEW, pk=item_id)
        data = DossierSetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.dossier_set(actor=request.user, item=item, **data.validated_data)
        return Response(DossierItemSerializer(row).data)

    @extend_schema(methods=["get"], responses=FindingSerializer(many=True))
    @extend_schema(methods=["post"], request=FindingInSerializer, responses={201: FindingSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def findings(self, request: Request, id: str | None = None) -> Response:
        if request.method == "GET":
            return Response(FindingSerializer(selectors.findings(request.user, self._case()), many=True).data)
        case = self._changeable()
        data = FindingInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.finding_add(actor=request.user, case=case, **data.validated_data)
        return Response(FindingSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExplanationInSerializer, responses={201: ExplanationOutSerializer})
    @action(detail=True, methods=["post"], url_path=r"findings/(?P<finding_id>[0-9a-f-]{36})/explanations")
    def explanations(
        self, request: Request, id: str | None = None, finding_id: str | None = None
    ) -> Response:
        case = self._changeable()
        finding = get_visible_or_404(request, Finding.objects.filter(case=case), Action.VIEW, pk=finding_id)
        data = ExplanationInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.explanation_add(actor=request.user, finding=finding, **data.validated_data)
        return Response(ExplanationOutSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses=VerifierSerializer(many=True))
    @extend_schema(methods=["post"], request=VerifierInSerializer, responses={201: VerifierSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def verifiers(self, request: Request, id: str | None = None) -> Response:
        if request.method == "GET":
            return Response(
                VerifierSerializer(selectors.verifiers(request.user, self._case()), many=True).data
            )
        case = self._changeable()
        data = VerifierInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = selectors.registered_person(request.user, str(data.validated_data["person"]))
        if person is None:
            raise ValidationError({"person": [services.NOT_REGISTERED]})
        row = services.verifier_add(
            actor=request.user, case=case, person=person, place=data.validated_data["place"]
        )
        return Response(VerifierSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ContextSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def context(self, request: Request, id: str | None = None) -> Response:
        ctx = selectors.context(request.user, self._case())
        return Response(
            {
                "live_discipline": ctx.live_discipline,
                "discipline": [
                    {"form": r.form, "decided_on": r.decided_on, "live_until": until, "live": live}
                    for r, until, live in ctx.discipline
                ],
                "open_cases": [
                    {"id": str(c.pk), "number": c.number, "kind": c.kind, "status": c.status}
                    for c in ctx.open_cases
                ],
                "previous": [
                    {
                        "id": str(v.case_id),
                        "number": v.case.number,
                        "verdict": v.verdict,
                        "valid_until": v.valid_until,
                        "valid": ok,
                    }
                    for v, ok in ctx.previous
                ],
                "foreign_relations": len(ctx.foreign),
                "relatives_flagged": [{"relation": r.relation, "notes": notes} for r, notes in ctx.relatives],
            }
        )

    def _step(self, serializer: type, act: Any) -> Response:
        case = self._changeable()
        data = serializer(data=self.request.data)
        data.is_valid(raise_exception=True)
        act(actor=self.request.user, case=case, **data.validated_data)
        return self._read()

    @extend_schema(request=AppraiseSerializer, responses=VettingSerializer)
    @action(detail=True, methods=["post"])
    def appraise(self, request: Request, id: str | None = None) -> Response:
        return self._step(AppraiseSerializer, services.appraise)

    @extend_schema(request=ApproveSerializer, responses=VettingSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, id: str | None = None) -> Response:
        return self._step(ApproveSerializer, services.approve)

    @extend_schema(request=DecisionSerializer, responses=VettingSerializer)
    @action(detail=True, methods=["post"])
    def decision(self, request: Request, id: str | None = None) -> Response:
        return self._step(DecisionSerializer, services.decision_record)

    @extend_schema(request=ReuseSerializer, responses=VettingSerializer)
    @action(detail=True, methods=["post"])
    def reuse(self, request: Request, id: str | None = None) -> Response:
        case = self._changeable()
        data = ReuseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        with _keys_as_fields({"source": "source_case"}):
            services.reuse(
                actor=request.user, case=case, source=v["source_case"], justification=v["justification"]
            )
        return self._read()


class BatchViewSet(AuditedRetrieveMixin, RestrictedReadOnlyViewSet):
    """Batches of the caller's agency; `POST` requests one (the cases are created in the background: poll the
    batch for `created` / `total`)."""

    queryset = Batch.objects.select_related("purpose").order_by("-requested_at")
    serializer_class = BatchSerializer

    @extend_schema(request=BatchInSerializer, responses={202: BatchSerializer})
    def create(self, request: Request) -> Response:
        data = BatchInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        raw = [
            {
                "uuid": str(c["person"]) if c["person"] else "",
                "national_id": c["national_id"],
                "party_card": c["party_card"],
                "full_name": c["full_name"],
                "position": c["position"],
            }
            for c in v["candidates"]
        ]
        for r in raw:
            if not r["uuid"]:
                r.pop("uuid")
        rows = batches.check_rows(request.user, raw)
        for row in rows:  # the API counts candidates from 1, not file lines
            row.line -= 1
        classification = v["classification"]
        with _keys_as_fields({"file": "candidates"}):
            batch = batches.batch_request(
                actor=request.user,
                name=v["name"],
                purpose=v["purpose"],
                requesting_body=v["requesting_body"],
                deadline=v["deadline"],
                classification=classification if classification is not None else _default_level(),
                rows=rows,
                skip_invalid=v["skip_invalid"],
            )
        return Response(BatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=BoardSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def board(self, request: Request, pk: str | None = None) -> Response:
        board = selectors.board(request.user, cast(Batch, self.get_object()))
        return Response(BoardSerializer(board.__dict__).data)

    @extend_schema(request=DispatchInSerializer, responses={202: DispatchSerializer(many=True)})
    @action(
        detail=True,
        methods=["post"],
        url_path="dispatch",
        url_name="dispatch",
        pagination_class=None,
        filter_backends=[],
    )
    def send_requests(self, request: Request, pk: str | None = None) -> Response:
        """One request to each partner listing the batch's candidates still being verified."""
        batch = cast(Batch, self.get_object())
        data = DispatchInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        codes = data.validated_data["agencies"]
        agencies = list(Agency.objects.filter(code__in=codes))
        if missing := sorted(set(codes) - {a.code for a in agencies}):
            raise ValidationError({"agencies": [f"Không có cơ quan mã {', '.join(missing)}."]})
        made = batches.dispatch_send(
            actor=request.user, batch=batch, agencies=agencies, body=data.validated_data["body"]
        )
        return Response(DispatchSerializer(made, many=True).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes}
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def export(self, request: Request, pk: str | None = None) -> HttpResponse:
        batch = cast(Batch, self.get_object())
        if not can(request.user, Action.EXPORT, batch):
            raise NotFound
        return batch_xlsx(request.user, batch)


def _default_level() -> int:
    from phoihop.vetting import rules

    return int(rules.policy().default_classification)


class DispatchViewSet(AuditedRetrieveMixin, RestrictedReadOnlyViewSet):
    """Batch requests the caller's agency sent or received; the partner answers its candidates together."""

    queryset = Dispatch.objects.select_related("to_agency").order_by("-sent_at")
    serializer_class = DispatchSerializer

    @extend_schema(responses=DispatchItemSerializer(many=True))
    @action(detail=True, methods=["get"])
    def items(self, request: Request, pk: str | None = None) -> Response:
        dispatch = cast(Dispatch, self.get_object())
        page = self.paginate_queryset(selectors.dispatch_items(request.user, dispatch))
        return self.get_paginated_response(DispatchItemSerializer(page, many=True).data)

    @extend_schema(request=DispatchAnswerSerializer, responses=DispatchSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        dispatch = cast(Dispatch, self.get_object())
        data = DispatchAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answers = {a["position"]: (a["reply"], a["note"]) for a in data.validated_data["answers"]}
        if len(answers) != len(data.validated_data["answers"]):
            raise ValidationError({"answers": ["Một ứng viên được trả lời hai lần."]})
        batches.dispatch_answer(actor=request.user, dispatch=dispatch, answers=answers)
        return Response(DispatchSerializer(dispatch).data)
