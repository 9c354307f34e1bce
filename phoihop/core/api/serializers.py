"""API representations of agencies and the signed-in user."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from phoihop.core.api.fields import SlugRelatedField
from phoihop.core.choices import Clearance
from phoihop.core.models import Agency, CalendarDay, User


class AgencySerializer(serializers.ModelSerializer[Agency]):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)  # type: ignore[assignment,var-annotated]
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    team_only_from = serializers.IntegerField(
        read_only=True,
        help_text=(
            "Inside this agency, cases at or above this level (0 every case, 1 Mật, 2 Tối "
            "mật, 3 Tuyệt mật) are visible only to their team and the agency's leaders."
        ),
    )

    class Meta:
        model = Agency
        fields = ["id", "code", "name", "kind", "kind_label", "is_hub", "active", "parent", "team_only_from"]


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            "code": {"type": "string", "enum": ["none", "mat", "toi-mat", "tuyet-mat"]},
            "level": {"type": "integer"},
            "label": {"type": "string"},
        },
    }
)
class ClearanceField(serializers.Field):
    def to_representation(self, value: int) -> dict[str, Any]:
        level = Clearance(value)
        return {"code": level.slug, "level": int(level), "label": str(level.label)}


class MeSerializer(serializers.ModelSerializer[User]):
    agency = AgencySerializer(read_only=True)
    roles = serializers.SerializerMethodField()
    clearance = ClearanceField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "position",
            "email",
            "agency",
            "roles",
            "clearance",
            "is_api_only",
        ]

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.role_codes)


class AgencyWriteSerializer(serializers.Serializer):
    """Input for creating or changing an agency (administrators); the service validates the rules."""

    code = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=Agency._meta.get_field("kind").choices)  # type: ignore[arg-type]
    is_hub = serializers.BooleanField(default=False)
    active = serializers.BooleanField(default=True)
    parent = SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), allow_null=True, required=False
    )  # type: ignore[assignment]
    team_only_from = serializers.IntegerField(
        min_value=0,
        max_value=3,
        required=False,
        help_text=(
            "Inside this agency, cases at or above this level (0 every case, 1 Mật, 2 Tối mật, "
            "3 Tuyệt mật) are visible only to their team and the agency's leaders; default 1."
        ),
    )


class DeadlineQuerySerializer(serializers.Serializer):
    start = serializers.DateField(input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    days = serializers.IntegerField(min_value=0, max_value=3650)
    unit = serializers.ChoiceField(choices=["working", "calendar"], default="working")
    agency = SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), required=False, allow_null=True
    )


class CalendarDaySerializer(serializers.ModelSerializer[CalendarDay]):
    agency = SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = CalendarDay
        fields = ["id", "date", "kind", "name", "agency", "created_at"]
        read_only_fields = ["id", "created_at"]
        validators: list[object] = []  # uniqueness is the service's rule, with its own clear message
