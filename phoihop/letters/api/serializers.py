"""The letters kind's API shapes: its details (read and create, through `cases/`), and the records of
`letters/` (allegations, related letters, transfers; never the writer)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from phoihop.core.models import Agency
from phoihop.letters import limits
from phoihop.letters.choices import Finding, SubjectFlag
from phoihop.letters.models import Allegation, Letter, Match, Transfer


class WriterInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=limits.WRITER_NAME, required=False, allow_blank=True, default="")
    address = serializers.CharField(
        max_length=limits.WRITER_ADDRESS, required=False, allow_blank=True, default=""
    )
    contact = serializers.CharField(
        max_length=limits.WRITER_CONTACT, required=False, allow_blank=True, default=""
    )
    representative = serializers.BooleanField(required=False, default=False)


class LetterDetailsSerializer(serializers.ModelSerializer[Letter]):
    """A letter's own fields. On create it also takes its allegations (one text each), its writers (sealed
    into the receiving agency's identity vault, never read back here), the Party organisations concerned
    (codes) and a transfer being taken in."""

    transferred_from = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Agency.objects.filter(active=True),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("Không có cơ quan mã %(value)s.")},
    )
    transferred_to: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    subject_flags = serializers.ListField(
        child=serializers.ChoiceField(choices=SubjectFlag.choices), required=False
    )
    allegations = serializers.ListField(
        child=serializers.CharField(max_length=limits.ALLEGATION),
        write_only=True,
        max_length=limits.ALLEGATIONS,
        help_text="Each allegation (nội dung) of the letter as its own text; at least one.",
    )
    writers = WriterInSerializer(
        many=True, write_only=True, required=False, help_text="Sealed into the vault."
    )
    concerned_units = serializers.ListField(
        child=serializers.CharField(max_length=40),
        write_only=True,
        required=False,
        max_length=50,
        help_text="Codes of Party organisations the letter concerns.",
    )
    transfer = serializers.UUIDField(write_only=True, required=False, help_text="A transfer being taken in.")

    class Meta:
        model = Letter
        fields = [
            "channel",
            "received_on",
            "letter_type",
            "regime",
            "identity_status",
            "signatories",
            "subject_flags",
            "transferred_from",
            "transfer_slip",
            "classify_due",
            "processable",
            "missing",
            "outcome",
            "file_reason",
            "new_evidence",
            "classified_on",
            "transferred_to",
            "transfer_slip_out",
            "transferred_on",
            "result_on",
            "allegations",
            "writers",
            "concerned_units",
            "transfer",
        ]
        read_only_fields = [
            "classify_due",
            "processable",
            "missing",
            "outcome",
            "file_reason",
            "new_evidence",
            "classified_on",
            "transferred_to",
            "transfer_slip_out",
            "transferred_on",
            "result_on",
        ]
        ref_name = "LetterDetails"

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "writers" in attrs:
            attrs["writers"] = [dict(w) for w in attrs["writers"]]
        if attrs.get("transferred_from") is not None:
            attrs["transferred_from"] = attrs["transferred_from"].code
        if "concerned_units" in attrs:
            attrs["concerned_units"] = ",".join(attrs["concerned_units"])
        return attrs


class AllegationSerializer(serializers.ModelSerializer[Allegation]):
    case = serializers.UUIDField(source="case_id", read_only=True)

    class Meta:
        model = Allegation
        fields = ["id", "case", "position", "text", "finding", "findings", "sources", "concluded_on"]
        read_only_fields = fields


class AllegationConcludeSerializer(serializers.Serializer):
    finding = serializers.ChoiceField(choices=[c for c in Finding.choices if c[0]])
    findings = serializers.CharField(max_length=limits.FINDINGS)
    sources = serializers.CharField(max_length=limits.SOURCES)


class LetterSerializer(serializers.Serializer):
    """A row of the letter register (`letters/`): the case's number, state and deadline with the letter's own
    fields and its allegations' results; never the writer."""

    id = serializers.UUIDField(source="case.id", read_only=True)
    number = serializers.CharField(source="case.number", read_only=True)
    title = serializers.CharField(source="case.title", read_only=True)
    status = serializers.CharField(source="case.status", read_only=True)
    classification = serializers.IntegerField(source="case.classification", read_only=True)
    owner_agency = serializers.CharField(source="case.owner_agency.code", read_only=True)
    due_on = serializers.DateField(source="case.due_on", read_only=True, allow_null=True)
    details = LetterDetailsSerializer(source="*", read_only=True)


class ClassifySerializer(serializers.Serializer):
    processable = serializers.BooleanField()
    missing = serializers.CharField(required=False, allow_blank=True, default="")
    outcome = serializers.CharField()
    to_agency = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Agency.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": _("Không có cơ quan mã %(value)s.")},
    )
    slip = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    file_reason = serializers.CharField(required=False, allow_blank=True, default="")
    new_evidence = serializers.BooleanField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True, default="")


class ConcludeSerializer(serializers.Serializer):
    conclusion = serializers.CharField(max_length=limits.NOTE)
    measures = serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True, default="")
    discipline = serializers.BooleanField(required=False, default=False)


class ExplanationSerializer(serializers.Serializer):
    explanation = serializers.CharField(max_length=limits.FINDINGS)
    given_on = serializers.DateField()


class MatchSerializer(serializers.ModelSerializer[Match]):
    """A related letter as the matching reveals it: agency,
    number and date — nothing of its content or writer."""

    other_agency = serializers.CharField(source="other.owner_agency.code", read_only=True)
    other_number = serializers.CharField(source="other.number", read_only=True)
    other_received_on = serializers.DateField(source="other.letter.received_on", read_only=True)

    class Meta:
        model = Match
        fields = [
            "id",
            "kind",
            "score",
            "linked",
            "new_evidence",
            "other_agency",
            "other_number",
            "other_received_on",
        ]
        read_only_fields = fields
        ref_name = "LetterMatch"


class MatchDecideSerializer(serializers.Serializer):
    linked = serializers.BooleanField()
    new_evidence = serializers.BooleanField(required=False, allow_null=True, default=None)


class TransferSerializer(serializers.ModelSerializer[Transfer]):
    from_agency = serializers.CharField(source="from_agency.code", read_only=True)
    to_agency = serializers.CharField(source="to_agency.code", read_only=True)
    received = serializers.UUIDField(source="received_id", read_only=True, allow_null=True)

    class Meta:
        model = Transfer
        fields = [
            "id",
            "from_agency",
            "to_agency",
            "slip",
            "sent_on",
            "received",
            "received_on",
            "concluded_on",
        ]
        read_only_fields = fields


class VaultOpenSerializer(serializers.Serializer):
    reason = serializers.CharField(min_length=10, max_length=limits.NOTE)


class WriterOutSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    representative = serializers.BooleanField()
    name = serializers.CharField()
    address = serializers.CharField()
    contact = serializers.CharField()
