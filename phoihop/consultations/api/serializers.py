"""Serializers of the consultation API: the details (read and create through the shared `cases/`), a
consultation with its consolidated table, an answer and a decision."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from phoihop.consultations.choices import Answer, Decision, Direction
from phoihop.consultations.forms import MAX_CANDIDATES, POSITION, REASONS
from phoihop.consultations.models import Consultation


class ConsultationCandidateInSerializer(serializers.Serializer):
    person = serializers.UUIDField(help_text="The registry id (UUID) of the candidate.")
    current_position = serializers.CharField(max_length=POSITION, required=False, allow_blank=True)
    proposed_position = serializers.CharField(max_length=POSITION, required=False, allow_blank=True)


class ConsultationDetailsSerializer(serializers.Serializer):
    """A consultation's own fields. On create: the type (its code), direction, who asks, on what basis, the
    consulted bodies (agency codes) and the candidates; `silence_is_consent` defaults to the type's rule."""

    type = serializers.CharField(max_length=30, help_text="A consultation type's code (hiep_y, thoa_thuan…).")
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    asking_body = serializers.CharField(max_length=200)
    legal_basis = serializers.CharField(max_length=300, required=False, allow_blank=True)
    consulted = serializers.ListField(
        child=serializers.CharField(max_length=20), write_only=True, max_length=50, help_text="Agency codes."
    )
    candidates = serializers.ListField(
        child=ConsultationCandidateInSerializer(), write_only=True, min_length=1, max_length=MAX_CANDIDATES
    )
    silence_is_consent = serializers.BooleanField(required=False)
    decision = serializers.CharField(read_only=True)
    decided_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        ref_name = "ConsultationDetails"

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {
            "type": instance.type_id,
            "direction": instance.direction,
            "asking_body": instance.asking_body,
            "legal_basis": instance.legal_basis,
            "silence_is_consent": instance.silence_is_consent,
            "decision": instance.decision,
            "decided_on": instance.decided_on.isoformat() if instance.decided_on else None,
        }

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        value = super().to_internal_value(data)
        value["candidates"] = [{k: str(v) for k, v in row.items()} for row in value.get("candidates", [])]
        return value


class OpinionSerializer(serializers.Serializer):
    candidate = serializers.IntegerField(source="candidate_id")
    body = serializers.CharField(source="consultee.agency.code")
    answer = serializers.ChoiceField(choices=Answer.choices)
    reasons = serializers.CharField()
    by_silence = serializers.BooleanField()
    rule = serializers.CharField()
    answered_at = serializers.DateTimeField()


class CandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.UUIDField(source="person.uuid")
    full_name = serializers.CharField(source="person.full_name")
    current_position = serializers.CharField()
    proposed_position = serializers.CharField()


class BodySerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.code")
    request = serializers.UUIDField(source="request_id")
    due_on = serializers.DateField(source="request.due_on")
    status = serializers.CharField(source="request.status")


class ConsultationSerializer(serializers.ModelSerializer[Consultation]):
    id = serializers.UUIDField(source="case_id", read_only=True)
    number = serializers.CharField(source="case.number", read_only=True)
    status = serializers.CharField(source="case.status", read_only=True)
    owner_agency = serializers.CharField(source="case.owner_agency.code", read_only=True)
    type = serializers.CharField(source="type_id", read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "number",
            "status",
            "owner_agency",
            "type",
            "direction",
            "asking_body",
            "legal_basis",
            "silence_is_consent",
            "decision",
            "decided_on",
        ]
        read_only_fields = fields


class TableSerializer(serializers.Serializer):
    candidates = CandidateSerializer(many=True)
    bodies = BodySerializer(many=True)
    opinions = OpinionSerializer(many=True)


class AnswerItemSerializer(serializers.Serializer):
    candidate = serializers.IntegerField()
    answer = serializers.ChoiceField(choices=Answer.choices)
    reasons = serializers.CharField(max_length=REASONS, required=False, allow_blank=True, default="")


class AnswerInSerializer(serializers.Serializer):
    answers = serializers.ListField(child=AnswerItemSerializer(), min_length=1, max_length=MAX_CANDIDATES)


class DecisionInSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    note = serializers.CharField(max_length=REASONS, required=False, allow_blank=True, default="")
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
