"""Serializer fields shared by the apps' APIs."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's field, refusing a value that cannot be a code before it reaches the database: PostgreSQL cannot
    even compare text holding a NUL character (a 500 before), and a list or an object is no code either."""

    default_error_messages = {
        **serializers.SlugRelatedField.default_error_messages,
        "invalid": _("Mã không hợp lệ."),
    }

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str | int) or isinstance(data, bool) or "\x00" in str(data):
            self.fail("invalid")
        return super().to_internal_value(data)
