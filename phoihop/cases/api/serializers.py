"""API representations of cases, requests and timeline events."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from phoihop.cases.choices import DeadlineUnit, OpinionAnswer, RequestKind
from phoihop.cases.models import Case, CoordinationRequest, TimelineEvent
from phoihop.cases.workflow import workflow_for
from phoihop.core.api.fields import SlugRelatedField
from phoihop.core.models import Agency


class CaseSerializer(serializers.ModelSerializer[Case]):
    owner_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    lead_officer = serializers.CharField(
        source="lead_officer.username", read_only=True, default=None, allow_null=True
    )
    status_label = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["id", "number", "kind", "title", "summary", "subject_name", "owner_agency", "lead_officer",
                  "participants", "classification", "status", "status_label", "opened_on", "due_on", "closed_on",
                  "outcome", "version"]  # fmt: skip

    def get_status_label(self, case: Case) -> str:
        return str(workflow_for(case.kind).states[case.status])

    def get_participants(self, case: Case) -> list[str]:
        return [p.agency.code for p in case.participants.all()]


class CaseCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    subject_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    classification = serializers.IntegerField(min_value=0, max_value=3, default=0)
    participants = SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), many=True, required=False
    )


class TransitionInSerializer(serializers.Serializer):
    transition = serializers.CharField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, min_value=1, max_value=2_147_483_647)


class TransitionOptionSerializer(serializers.Serializer):
    """A transition the caller may make on a case now (cases/{id}/transitions/)."""

    transition = serializers.CharField(source="name")
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    to = serializers.CharField(source="target")
    requires_reason = serializers.BooleanField()


class RequestSerializer(serializers.ModelSerializer[CoordinationRequest]):
    from_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    to_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = CoordinationRequest
        fields = ["id", "from_agency", "to_agency", "kind", "body", "classification", "days", "unit", "sent_on", "due_on",
                  "status", "answered_at", "answer", "response"]  # fmt: skip


class RequestCreateSerializer(serializers.Serializer):
    to_agency = SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    body = serializers.CharField()
    working_days = serializers.IntegerField(min_value=1, max_value=365, required=False)
    days = serializers.IntegerField(min_value=1, max_value=365, required=False)
    unit = serializers.ChoiceField(choices=DeadlineUnit.choices, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "working_days" in attrs:
            attrs["days"], attrs["unit"] = attrs.pop("working_days"), DeadlineUnit.WORKING
        if "days" not in attrs:
            attrs["unit"] = None  # the deadline rule of the request's kind decides
        return attrs


class RespondSerializer(serializers.Serializer):
    response = serializers.CharField()
    answer = serializers.ChoiceField(
        choices=OpinionAnswer.choices, required=False, allow_blank=True, default=""
    )


class TimelineEventSerializer(serializers.ModelSerializer[TimelineEvent]):
    actor = serializers.CharField(source="actor.username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = TimelineEvent
        fields = ["at", "kind", "actor", "text", "data"]


class ExtendSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=90)
    reason = serializers.CharField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()
