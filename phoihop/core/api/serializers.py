"""API representations of agencies and the signed-in user."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from phoihop.core.choices import Clearance
from phoihop.core.models import Agency, User


class AgencySerializer(serializers.ModelSerializer[Agency]):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "code", "name", "kind", "kind_label", "is_hub", "active", "parent"]


class ClearanceField(serializers.Field):  # type: ignore[type-arg]
    def to_representation(self, value: int) -> dict[str, Any]:
        level = Clearance(value)
        return {"code": level.slug, "level": int(level), "label": str(level.label)}


class MeSerializer(serializers.ModelSerializer[User]):
    agency = AgencySerializer(read_only=True)
    roles = serializers.SerializerMethodField()
    clearance = ClearanceField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "position", "email", "agency", "roles", "clearance", "is_api_only"]

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.role_codes)
