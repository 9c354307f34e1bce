"""REST API of the people registry: persons/ (?q= search),
persons/{id}/, persons/{id}/matches/, party-units/."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phoihop.access.api import AuditedRetrieveMixin, RestrictedReadOnlyViewSet
from phoihop.access.policy import restrict
from phoihop.audit import registry
from phoihop.audit.services import audit_record
from phoihop.people import selectors, services
from phoihop.people.api.serializers import (
    MatchSerializer,
    PartyUnitSerializer,
    PersonBasisSerializer,
    PersonListSerializer,
    PersonSerializer,
    PersonWriteSerializer,
    RegistrationBasisSerializer,
)
from phoihop.people.models import PartyUnit, Person, RegistrationBasis

# 409 of POST persons/: likely someone registered already; send again with `confirm_distinct: true` if not.
DUPLICATE_SUSPECTED = inline_serializer(
    "DuplicateSuspected",
    {
        "detail": serializers.CharField(),
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
        "matches": MatchSerializer(many=True),
    },
)


class PersonViewSet(
    AuditedRetrieveMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, RestrictedReadOnlyViewSet
):
    """Persons the caller may see. `?q=` searches Vietnamese-aware (any order, with or without accents, one
    typo, a year, a CCCD or Party card number) and returns the best matches ranked, not paginated."""

    queryset = (
        Person.objects.filter(merged_into__isnull=True, anonymised_at__isnull=True)
        .select_related("unit", "owner_agency")
        .order_by("sort_key", "pk")
    )
    serializer_class = PersonSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if self.action in ("retrieve", "matches", "partial_update", "bases"):
            return restrict_all(self.request.user)
        return qs

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                str,
                description="Tìm theo họ tên (không dấu, sai chính tả một lỗi), năm "
                "sinh, số CCCD hoặc số thẻ đảng viên; trả 50 người khớp nhất, không phân trang.",
            )
        ],
        responses=PersonListSerializer,
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        q = str(request.query_params.get("q", "")).strip()[:200]
        if not q:
            return super().list(request, *args, **kwargs)
        result = selectors.person_search(request.user, q, limit=50)
        audit_record(
            action=registry.SEARCH,
            actor=request.user,
            object_type="people.person",
            payload={"q": q, "results": len(result.hits), "api": True},
        )
        full = Person.objects.select_related("unit", "owner_agency").in_bulk(
            [h.person.pk for h in result.hits]
        )
        persons = [full[h.person.pk] for h in result.hits]
        # One serializer for the whole answer: its fields (and
        # their translated labels) are built once, not per hit.
        rows = PersonSerializer(persons, many=True, context={"request": request}).data
        return Response(
            {
                "count": len(persons),
                "more": result.more,
                "typo": result.typo,
                "results": [dict(row, score=h.score) for row, h in zip(rows, result.hits, strict=True)],
            }
        )

    @extend_schema(request=PersonWriteSerializer, responses={201: PersonSerializer, 409: DUPLICATE_SUSPECTED})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = PersonWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("version", None)
        confirm, father = values.pop("confirm_distinct"), values.pop("father_name")
        basis, case = values.pop("basis", None), values.pop("case", None)
        try:
            person = services.person_create(
                actor=request.user,
                confirm_distinct=confirm,
                father_name=father,
                basis=basis,
                case=case,
                **values,
            )
        except services.DuplicateSuspected as exc:
            return Response(
                {
                    "detail": exc.messages[0],
                    "errors": {"full_name": exc.messages},
                    "matches": MatchSerializer(exc.matches, many=True, context={"request": request}).data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        return Response(
            PersonSerializer(person, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=PersonWriteSerializer, responses=PersonSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = cast(Person, self.get_object())
        data = PersonWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        for key in ("confirm_distinct", "father_name"):
            values.pop(key, None)
        if values.pop("basis", None) or values.pop("case", None):
            raise exceptions.ValidationError(
                {"basis": [_("Căn cứ đăng ký của người đã có được ghi hoặc kết thúc trên trang hồ sơ.")]}
            )
        version = values.pop("version", None)
        try:
            person = services.person_update(
                actor=request.user, person=person, expected_version=version, **values
            )
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        return Response(PersonSerializer(person, context={"request": request}).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise exceptions.MethodNotAllowed("PUT")

    @extend_schema(responses=MatchSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def matches(self, request: Request, id: str | None = None) -> Response:
        """Likely duplicates of this person with the reasons and a score (only persons the caller may see)."""
        person = cast(Person, self.get_object())
        found = selectors.person_matches(
            request.user,
            full_name=person.full_name,
            birth_date=person.birth_date,
            birth_year=person.birth_year,
            national_id=person.national_id or "",
            party_card=person.party_card or "",
            home_town=person.home_town,
            exclude=person,
        )
        return Response(MatchSerializer(found, many=True, context={"request": request}).data)

    @extend_schema(responses=PersonBasisSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def bases(self, request: Request, id: str | None = None) -> Response:
        """Why the registry keeps this person: the bases the caller may see (the hub: every agency's; a
        partner: its own), with the day each lapsed and the day its retention ends."""
        person = cast(Person, self.get_object())
        rows = selectors.person_bases(request.user, person)
        return Response(PersonBasisSerializer(rows, many=True, context={"request": request}).data)


def restrict_all(user: Any) -> Any:
    """Merged records stay readable by their identifier (they show where they went)."""
    return restrict(Person.objects.select_related("unit", "owner_agency", "merged_into"), user)


class PartyUnitViewSet(RestrictedReadOnlyViewSet):
    """The Party organisation tree; `?parent=<id>` for one level, `?current=1` for units still in force."""

    queryset = PartyUnit.objects.order_by("name")
    serializer_class = PartyUnitSerializer

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        params = self.request.query_params
        if parent := params.get("parent"):
            try:
                qs = qs.filter(parent_id=uuid.UUID(parent))
            except ValueError:
                return qs.none()  # a malformed id is simply no such parent
        if params.get("current") in ("1", "true"):
            qs = qs.filter(valid_to__isnull=True)
        return qs


class RegistrationBasisViewSet(RestrictedReadOnlyViewSet):
    """The bases a registration may state (`?active=1`: only those open to new registrations) and each one's
    retention period in months after it lapses."""

    queryset = RegistrationBasis.objects.order_by("-for_case", "code")
    serializer_class = RegistrationBasisSerializer
    lookup_field = "code"
    lookup_value_regex = "[a-z0-9-]{1,40}"

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if self.request.query_params.get("active") in ("1", "true"):
            qs = qs.filter(active=True)
        return qs
