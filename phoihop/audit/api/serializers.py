"""API representation of audit events."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from phoihop.audit.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    payload = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "seq", "occurred_at", "actor_id", "actor_name", "agency_code", "action", "outcome", "object_type",
            "object_id", "object_repr", "related_type", "related_id", "request_id", "ip", "user_agent", "reason",
            "payload", "prev_hash", "hash",
        ]  # fmt: skip

    def get_payload(self, event: AuditEvent) -> dict[str, Any]:
        return event.payload_data
