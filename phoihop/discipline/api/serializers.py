"""The discipline kind's API shapes: its details (read and create, through `cases/`), the records of
`discipline-notices/` (with the advice and acknowledgements) and the steps' inputs."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from phoihop.discipline.choices import AppealOutcome
from phoihop.discipline.forms import NOT_REGISTERED, check_matrix
from phoihop.discipline.models import Acknowledgement, DisciplineNotice, Sanction
from phoihop.people.models import Person


class NoticeDetailsSerializer(serializers.ModelSerializer[DisciplineNotice]):
    """A notice's own fields. On create: who (a person's registry id, or a Party organisation's name), the
    sanction (its code), the decision and its dates; the snapshot, record and appeal are read only."""

    person = serializers.SlugRelatedField(
        slug_field="uuid",
        queryset=Person.objects.filter(merged_into__isnull=True, anonymised_at__isnull=True),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": NOT_REGISTERED, "invalid": NOT_REGISTERED},
        help_text="The registry id (UUID) of the person disciplined (none for a Party organisation).",
    )
    sanction = serializers.SlugRelatedField(
        slug_field="code", queryset=Sanction.objects.filter(active=True), help_text="A sanction's code."
    )
    appeal_sanction = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    record = serializers.IntegerField(source="record_id", read_only=True, allow_null=True)

    class Meta:
        model = DisciplineNotice
        ref_name = "DisciplineDetails"
        fields = [
            "origin",
            "subject_type",
            "person",
            "organisation",
            "party_post",
            "violation",
            "violated_on",
            "restarted_on",
            "no_limitation",
            "sanction",
            "deciding_level",
            "deciding_body",
            "decision_number",
            "decided_on",
            "effective_on",
            "served_on",
            "received_on",
            "state_measures",
            "management_level",
            "post",
            "unit",
            "record",
            "recorded_on",
            "appeal_filed_on",
            "appeal_outcome",
            "appeal_decided_on",
            "appeal_body",
            "appeal_sanction",
        ]
        read_only_fields = [
            "management_level",
            "post",
            "unit",
            "recorded_on",
            "appeal_filed_on",
            "appeal_outcome",
            "appeal_decided_on",
            "appeal_body",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors = check_matrix(attrs)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class AcknowledgementSerializer(serializers.ModelSerializer[Acknowledgement]):
    body = serializers.CharField(source="body.code", read_only=True)
    label = serializers.CharField(source="body.label", read_only=True)  # type: ignore[assignment]

    class Meta:
        model = Acknowledgement
        fields = ["id", "body", "label", "acknowledged_on", "reference"]


class AdviceSerializer(serializers.Serializer):
    limitation_applies = serializers.BooleanField(source="limitation.applies")
    limitation_until = serializers.DateField(source="limitation.until", allow_null=True)
    decided_after_limitation = serializers.BooleanField(source="limitation.exceeded")
    appeal_until = serializers.DateField()
    appeal_open = serializers.BooleanField()
    state_notice_due = serializers.DateField(source="state_due", allow_null=True)
    state_notice_late_days = serializers.IntegerField(source="state_late_days")


class NoticeSerializer(serializers.Serializer):
    """A row of `discipline-notices/`: the case's number, state and deadline with the notice's own fields."""

    id = serializers.UUIDField(source="case.id", read_only=True)
    number = serializers.CharField(source="case.number", read_only=True)
    title = serializers.CharField(source="case.title", read_only=True)
    subject_name = serializers.CharField(
        source="case.subject_name", read_only=True, help_text="The person or organisation disciplined."
    )
    status = serializers.CharField(source="case.status", read_only=True)
    classification = serializers.IntegerField(source="case.classification", read_only=True)
    owner_agency = serializers.CharField(source="case.owner_agency.code", read_only=True)
    due_on = serializers.DateField(source="case.due_on", read_only=True, allow_null=True)
    details = NoticeDetailsSerializer(source="*", read_only=True)


class AcknowledgeSerializer(serializers.Serializer):
    acknowledged_on = serializers.DateField()
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class AppealSerializer(serializers.Serializer):
    filed_on = serializers.DateField()
    late_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AppealDecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=AppealOutcome.choices)
    decided_on = serializers.DateField()
    body = serializers.CharField(max_length=200)
    reasons = serializers.CharField(max_length=4000)
    sanction = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Sanction.objects.filter(active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="The new sanction's code (only when the outcome is `changed`).",
    )
