"""The vetting kind's API shapes: its details (read and create, through `cases/`), and the records of
`vettings/` (dossier, findings with their sources and explanations, verifiers, context), batches and
dispatches."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from phoihop.people.models import Person
from phoihop.vetting.choices import FindingGroup, Flag, ReplyFinding, SourceKind, Verdict, VerifierPlace
from phoihop.vetting.forms import NOT_REGISTERED
from phoihop.vetting.models import (
    Batch,
    Dispatch,
    DispatchItem,
    DossierItem,
    Finding,
    FindingExplanation,
    Purpose,
    Verifier,
    Vetting,
)


class VettingDetailsSerializer(serializers.ModelSerializer[Vetting]):
    """A vetting's own fields. On create: the person (their registry id), the purpose (its code), who asks,
    for what post, on what basis, by when; the rest is the appraisal and conclusion, read only."""

    person = serializers.SlugRelatedField(
        slug_field="uuid",
        queryset=Person.objects.filter(merged_into__isnull=True, anonymised_at__isnull=True),
        error_messages={"does_not_exist": NOT_REGISTERED, "invalid": NOT_REGISTERED},
        help_text="The registry id (UUID) of the person vetted.",
    )
    purpose = serializers.SlugRelatedField(
        slug_field="code", queryset=Purpose.objects.filter(active=True), help_text="A purpose's code."
    )
    batch = serializers.UUIDField(source="batch_id", read_only=True, allow_null=True)
    reused_from = serializers.UUIDField(source="reused_from_id", read_only=True, allow_null=True)

    class Meta:
        model = Vetting
        ref_name = "VettingDetails"
        fields = [
            "person",
            "purpose",
            "requesting_body",
            "requested_position",
            "legal_basis",
            "deadline",
            "management_level",
            "concluder",
            "batch",
            "history_issue",
            "current_issue",
            "verdict",
            "reasons",
            "appraised_on",
            "approved_on",
            "decision_number",
            "decision_on",
            "concluded_on",
            "valid_until",
            "reused_from",
            "reuse_justification",
        ]
        read_only_fields = [
            "management_level",
            "concluder",
            "history_issue",
            "current_issue",
            "verdict",
            "reasons",
            "appraised_on",
            "approved_on",
            "decision_number",
            "decision_on",
            "concluded_on",
            "valid_until",
            "reuse_justification",
        ]


class VettingSerializer(serializers.Serializer):
    """A row of `vettings/`: the case's number, state and deadline with the vetting's own fields."""

    id = serializers.UUIDField(source="case.id", read_only=True)
    number = serializers.CharField(source="case.number", read_only=True)
    title = serializers.CharField(source="case.title", read_only=True)
    status = serializers.CharField(source="case.status", read_only=True)
    classification = serializers.IntegerField(source="case.classification", read_only=True)
    owner_agency = serializers.CharField(source="case.owner_agency.code", read_only=True)
    due_on = serializers.DateField(source="case.due_on", read_only=True, allow_null=True)
    details = VettingDetailsSerializer(source="*", read_only=True)


class DossierItemSerializer(serializers.ModelSerializer[DossierItem]):
    code = serializers.CharField(source="item.code", read_only=True)
    paper = serializers.CharField(source="item.label", read_only=True, help_text="The paper's name.")

    class Meta:
        model = DossierItem
        fields = ["id", "code", "paper", "status", "received_on", "expires_on"]
        read_only_fields = ["id"]


class DossierSetSerializer(serializers.Serializer):
    status = serializers.CharField()
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)


class ExplanationOutSerializer(serializers.ModelSerializer[FindingExplanation]):
    class Meta:
        model = FindingExplanation
        fields = ["id", "text", "given_on"]


class FindingSerializer(serializers.ModelSerializer[Finding]):
    source_request = serializers.UUIDField(source="source_request_id", read_only=True, allow_null=True)
    source_document = serializers.UUIDField(source="source_document_id", read_only=True, allow_null=True)
    explanations = ExplanationOutSerializer(many=True, read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "group",
            "flags",
            "text",
            "source_kind",
            "source_request",
            "source_document",
            "source_note",
            "recorded_at",
            "explanations",
        ]


class FindingInSerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=FindingGroup.choices)
    flags = serializers.ListField(
        child=serializers.ChoiceField(choices=Flag.choices), required=False, default=list
    )
    text = serializers.CharField(max_length=5000)
    source_kind = serializers.ChoiceField(
        choices=SourceKind.choices, required=False, allow_blank=True, default=""
    )
    source_request = serializers.UUIDField(required=False, allow_null=True, default=None)
    source_document = serializers.UUIDField(required=False, allow_null=True, default=None)
    source_note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ExplanationInSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    given_on = serializers.DateField()


class VerifierSerializer(serializers.ModelSerializer[Verifier]):
    person = serializers.UUIDField(source="person.uuid", read_only=True)

    class Meta:
        model = Verifier
        fields = ["id", "person", "place", "assigned_on"]


class VerifierInSerializer(serializers.Serializer):
    person = serializers.UUIDField(help_text="The registry id of the person sent to verify.")
    place = serializers.ChoiceField(choices=VerifierPlace.choices)


class AppraiseSerializer(serializers.Serializer):
    history_issue = serializers.BooleanField(allow_null=True)
    current_issue = serializers.BooleanField(allow_null=True)
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    reasons = serializers.CharField(max_length=5000)


class ApproveSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.Serializer):
    decision_number = serializers.CharField(max_length=50)
    decision_on = serializers.DateField()
    verdict = serializers.ChoiceField(choices=Verdict.choices)


class ReuseSerializer(serializers.Serializer):
    source_case = serializers.UUIDField(help_text="The id of the earlier vetting whose conclusion is reused.")
    justification = serializers.CharField(max_length=2000)


class ContextSerializer(serializers.Serializer):
    """What the appraiser is shown (never decided from): counts and dates, the records through `people/`."""

    live_discipline = serializers.BooleanField()
    discipline = serializers.ListField(child=serializers.DictField())
    open_cases = serializers.ListField(child=serializers.DictField())
    previous = serializers.ListField(child=serializers.DictField())
    foreign_relations = serializers.IntegerField()
    relatives_flagged = serializers.ListField(child=serializers.DictField())


class BatchSerializer(serializers.ModelSerializer[Batch]):
    purpose = serializers.CharField(source="purpose.code", read_only=True)

    class Meta:
        model = Batch
        fields = [
            "id",
            "name",
            "purpose",
            "requesting_body",
            "deadline",
            "classification",
            "total",
            "created",
            "state",
            "failure",
            "requested_at",
            "finished_at",
        ]


class CandidateInSerializer(serializers.Serializer):
    person = serializers.UUIDField(required=False, allow_null=True, default=None)
    national_id = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    party_card = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    full_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class BatchInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    purpose = serializers.SlugRelatedField(slug_field="code", queryset=Purpose.objects.filter(active=True))
    requesting_body = serializers.CharField(max_length=200)
    deadline = serializers.DateField()
    classification = serializers.IntegerField(
        min_value=0, max_value=3, required=False, default=None, allow_null=True
    )
    candidates = CandidateInSerializer(many=True)
    skip_invalid = serializers.BooleanField(required=False, default=False)

    def validate_candidates(self, value: list[Any]) -> list[Any]:
        if not value:
            raise serializers.ValidationError("Cần ít nhất một ứng viên.")
        if len(value) > 2000:
            raise serializers.ValidationError("Mỗi đợt tối đa 2000 ứng viên.")
        return value


class BoardSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())
    concluded = serializers.IntegerField()
    verdicts = serializers.DictField(child=serializers.IntegerField())
    at_risk = serializers.IntegerField()
    at_risk_all = serializers.BooleanField()
    agencies = serializers.ListField(child=serializers.DictField())
    findings = serializers.DictField(child=serializers.IntegerField())


class DispatchInSerializer(serializers.Serializer):
    agencies = serializers.ListField(child=serializers.CharField(max_length=20), min_length=1, max_length=20)
    body = serializers.CharField(max_length=4000)


class DispatchSerializer(serializers.ModelSerializer[Dispatch]):
    batch = serializers.UUIDField(source="batch_id", read_only=True)
    to_agency = serializers.CharField(source="to_agency.code", read_only=True)

    class Meta:
        model = Dispatch
        fields = ["id", "batch", "to_agency", "body", "state", "total", "sent", "due_on", "sent_at"]


class DispatchItemSerializer(serializers.ModelSerializer[DispatchItem]):
    request = serializers.UUIDField(source="request_id", read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True)
    subject = serializers.SerializerMethodField()
    answered = serializers.SerializerMethodField()

    class Meta:
        model = DispatchItem
        fields = ["position", "request", "case", "subject", "reply", "answered"]

    def get_subject(self, item: DispatchItem) -> str:
        return item.case.subject_name

    def get_answered(self, item: DispatchItem) -> bool:
        return not item.request.is_open


class AnswerSerializer(serializers.Serializer):
    position = serializers.IntegerField(min_value=1)
    reply = serializers.ChoiceField(choices=ReplyFinding.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DispatchAnswerSerializer(serializers.Serializer):
    answers = AnswerSerializer(many=True)
