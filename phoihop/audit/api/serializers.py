"""API representation of audit events, as audit.disclosure lets the requesting auditor see them."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from phoihop.audit.disclosure import Disclosed


class AuditEventSerializer(serializers.Serializer[Disclosed]):
    """One event. `object_repr`, `reason` and payload keys the auditor may not see are left empty or out, and
    named in `withheld`; the hashes are those of the full stored event (verify it with `audit/verify/`)."""

    seq = serializers.IntegerField(source="event.seq")
    occurred_at = serializers.DateTimeField(source="event.occurred_at")
    actor_id = serializers.UUIDField(source="event.actor_id", allow_null=True)
    actor_name = serializers.CharField(source="event.actor_name")
    agency_code = serializers.CharField(source="event.agency_code")
    action = serializers.CharField(source="event.action")
    outcome = serializers.CharField(source="event.outcome")
    object_type = serializers.CharField(source="event.object_type")
    object_id = serializers.CharField(source="event.object_id")
    object_repr = serializers.CharField(
        help_text="The text stored with the event, if you may see the object."
    )
    object_label = serializers.CharField(
        help_text="Identifiers of the object now, and what it is (a title) if you may see it."
    )
    object_level = serializers.IntegerField(source="level", allow_null=True)
    object_visible = serializers.BooleanField()
    related_type = serializers.CharField(source="event.related_type")
    related_id = serializers.CharField(source="event.related_id")
    request_id = serializers.CharField(source="event.request_id")
    ip = serializers.IPAddressField(source="event.ip", allow_null=True)
    user_agent = serializers.CharField(source="event.user_agent")
    reason = serializers.CharField()
    payload = serializers.SerializerMethodField()
    withheld = serializers.ListField(child=serializers.CharField())
    prev_hash = serializers.CharField(source="event.prev_hash")
    hash = serializers.CharField(source="event.hash")

    def get_payload(self, item: Disclosed) -> dict[str, Any]:
        return item.payload
