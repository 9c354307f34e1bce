"""Serializers of the people API. Sensitive fields are masked for every reader (reveal them on the page,
where each reveal is audited)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from phoihop.access.masking import mask_dict
from phoihop.core.api.fields import SlugRelatedField
from phoihop.core.choices import Clearance
from phoihop.people.choices import ManagementLevel, PersonStatus, Sex
from phoihop.people.models import PartyUnit, Person, RegistrationBasis


class PartyUnitSerializer(serializers.ModelSerializer):
    parent = serializers.UUIDField(source="parent_id", read_only=True, allow_null=True)  # type: ignore[assignment]
    merged_into = serializers.UUIDField(source="merged_into_id", read_only=True, allow_null=True)

    class Meta:
        model = PartyUnit
        fields = ["id", "code", "name", "kind", "parent", "valid_from", "valid_to", "merged_into"]


class PersonSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    unit = serializers.UUIDField(source="unit_id", read_only=True, allow_null=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None, allow_null=True)
    owner_agency = serializers.CharField(source="owner_agency.code", read_only=True)
    merged_into = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "other_names",
            "birth_date",
            "birth_year",
            "sex",
            "national_id",
            "party_card",
            "ethnicity",
            "religion",
            "home_town",
            "residence",
            "unit",
            "unit_name",
            "position",
            "management_level",
            "party_joined_on",
            "party_official_on",
            "status",
            "classification",
            "owner_agency",
            "merged_into",
            "version",
        ]

    def get_merged_into(self, obj: Person) -> str | None:
        return str(obj.merged_into.uuid) if obj.merged_into_id and obj.merged_into else None

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = super().to_representation(instance)
        return mask_dict(self.context["request"].user, instance, data)


# The next two only describe persons/ in the schema; the view builds its answers itself.
class PersonHitSerializer(PersonSerializer):
    """A person in persons/, with the search rank when the list answers `?q=`."""

    score = serializers.FloatField(required=False, help_text="Điểm xếp hạng, 0–100 (chỉ khi tìm ?q=).")

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "score"]


@extend_schema_serializer(many=False)
class PersonListSerializer(serializers.Serializer):
    """persons/ answers a page (count, next, previous) or, with `?q=`, the best matches ranked (count, more,
    typo)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True, required=False)
    previous = serializers.URLField(allow_null=True, required=False)
    more = serializers.BooleanField(
        required=False, help_text="Còn kết quả ngoài 50 kết quả tốt nhất (chỉ khi ?q=)."
    )
    typo = serializers.BooleanField(required=False, help_text="Đã sửa lỗi gõ của từ tìm (chỉ khi ?q=).")
    results = PersonHitSerializer(many=True)


class PersonWriteSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=120, required=False)
    other_names = serializers.CharField(max_length=300, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    birth_year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=2100)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    national_id = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True)
    party_card = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True)
    ethnicity = serializers.CharField(max_length=50, required=False, allow_blank=True)
    religion = serializers.CharField(max_length=50, required=False, allow_blank=True)
    home_town = serializers.CharField(max_length=200, required=False, allow_blank=True)
    residence = serializers.CharField(max_length=200, required=False, allow_blank=True)
    unit = SlugRelatedField(
        slug_field="code",
        queryset=PartyUnit.objects.filter(valid_to__isnull=True),
        required=False,
        allow_null=True,
    )
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    management_level = serializers.ChoiceField(choices=ManagementLevel.choices, required=False)
    party_joined_on = serializers.DateField(required=False, allow_null=True)
    party_official_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=PersonStatus.choices, required=False)
    classification = serializers.ChoiceField(choices=Clearance.choices, required=False)
    confirm_distinct = serializers.BooleanField(required=False, default=False)
    father_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    basis = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        help_text=(
            "Registration only (required there, unless `case` is given): the code of a basis from "
            "registration-bases/. A person outside the Party (status other than member/probationary) "
            "is registered only for a case, or for a basis that allows non-members."
        ),
    )
    case = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text=(
            "Registration only: the id or number (PH-2026-00017) of an "
            "open case the caller may see; alone it means the case basis."
        ),
    )
    version = serializers.IntegerField(required=False, min_value=1, max_value=2_147_483_647)


class RegistrationBasisSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegistrationBasis
        fields = [
            "id",
            "code",
            "label",
            "for_case",
            "allows_non_members",
            "retention_months",
            "active",
            "source",
        ]


class PersonBasisSerializer(serializers.Serializer):
    """One basis of a person: the case only if the caller may see it (its id, else null)."""

    basis = serializers.CharField(source="row.basis.code")
    name = serializers.CharField(source="row.basis.label")
    agency = serializers.CharField(source="row.agency.code")
    case = serializers.SerializerMethodField()
    since = serializers.DateField(source="row.since")
    lapsed_on = serializers.DateField(source="row.lapsed_on", allow_null=True)
    retained_until = serializers.DateField(allow_null=True)

    def get_case(self, item: Any) -> str | None:
        return str(item.case.pk) if item.case is not None else None


class MatchSerializer(serializers.Serializer):
    person = serializers.SerializerMethodField()
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())

    def get_person(self, match: Any) -> dict[str, Any]:
        return PersonSerializer(match.person, context=self.context).data
