"""API representations of cases, requests and timeline events."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from phoihop.cases import kinds, limits
from phoihop.cases.choices import DeadlineUnit, OpinionAnswer, RequestKind
from phoihop.cases.models import Case, CaseTeamMember, CoordinationRequest, TimelineEvent
from phoihop.core.api.fields import SlugRelatedField
from phoihop.core.models import Agency


def _flag(obj: Any, name: str) -> bool:
    """`overdue` / `due_soon` from the queryset's annotation (cases/querysets.py), or asked of it for an
    object a service returned."""
    value = getattr(obj, name, None)
    if value is None:
        value = type(obj).objects.filter(pk=obj.pk).with_deadline_flags().values_list(name, flat=True).first()
    return bool(value)


class KindField(serializers.ChoiceField):
    """A registered case kind's code (its choices are read from the registry when the field is made)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=kinds.choices(), **kwargs)


class KindDetailsField(serializers.DictField):
    """The kind's own fields (its spec's details serializer); `{}` for a kind without any. The schema
    lists every registered kind's details (KindDetailsSchema)."""


class KindDetailsSchema(OpenApiSerializerFieldExtension):
    target_class = "phoihop.cases.api.serializers.KindDetailsField"

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        shapes = [
            auto_schema.resolve_serializer(spec.details_serializer, direction).ref
            for spec in kinds.kinds()
            if spec.details_serializer is not None
        ]
        empty = {"type": "object", "maxProperties": 0, "description": "A kind without details of its own."}
        return {
            "type": "object",
            "anyOf": [*shapes, empty],
            "description": "The fields of the case's kind (see each kind's `…Details` component).",
        }


class CaseListSerializer(serializers.ListSerializer):
    """A page of cases: each kind's details loaded once for the page (kinds.attach_details)."""

    def to_representation(self, data: Any) -> list[Any]:
        rows = kinds.attach_details(data.all() if hasattr(data, "all") else data)
        return super().to_representation(rows)


class CaseSerializer(serializers.ModelSerializer[Case]):
    kind = KindField(read_only=True)
    details = serializers.SerializerMethodField()
    owner_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    lead_officer = serializers.CharField(
        source="lead_officer.username", read_only=True, default=None, allow_null=True
    )
    status_label = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    due_soon = serializers.SerializerMethodField()

    class Meta:
        model = Case
        list_serializer_class = CaseListSerializer
        fields = [
            "id",
            "number",
            "kind",
            "title",
            "summary",
            "subject_name",
            "owner_agency",
            "lead_officer",
            "participants",
            "classification",
            "status",
            "status_label",
            "opened_on",
            "due_on",
            "due_days",
            "due_unit",
            "paused_on",
            "overdue",
            "due_soon",
            "closed_on",
            "outcome",
            "version",
            "details",
        ]

    def get_overdue(self, case: Case) -> bool:
        return _flag(case, "is_overdue")

    def get_due_soon(self, case: Case) -> bool:
        return _flag(case, "is_due_soon")

    def get_status_label(self, case: Case) -> str:
        return case.state_label

    @extend_schema_field(KindDetailsField)
    def get_details(self, case: Case) -> dict[str, Any]:
        spec = kinds.get_kind(case.kind)
        row = spec.details_of(case) if spec.details_serializer is not None else None
        return dict(spec.details_serializer(row).data) if spec.details_serializer and row is not None else {}

    def get_participants(self, case: Case) -> list[str]:
        return [p.agency.code for p in case.participants.all()]


def _flat(errors: Any, prefix: str = "") -> list[str]:
    """A kind's details errors as sentences: a nested field's errors (a list of rows, a row's fields) named by
    their row and field instead of collapsing to the row's index."""
    if isinstance(errors, dict):
        out: list[str] = []
        for key, value in errors.items():
            where = _("dòng %(n)d") % {"n": int(key) + 1} if str(key).isdigit() else str(key)
            out += _flat(value, f"{prefix}{where}: ")
        return out
    if isinstance(errors, list | tuple):
        out = []
        for i, value in enumerate(errors):
            if isinstance(value, dict):
                out += _flat(value, f"{prefix}{_('dòng %(n)d') % {'n': i + 1}}: ") if value else []
            elif isinstance(value, list | tuple):
                out += _flat(value, prefix)
            else:
                out.append(f"{prefix}{value}")
        return out
    return [f"{prefix}{errors}"]


class CaseCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=limits.CASE_TITLE)
    summary = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.CASE_SUMMARY
    )
    subject_name = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.CASE_SUBJECT_NAME
    )
    classification = serializers.IntegerField(min_value=0, max_value=3, default=0)
    participants = SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), many=True, required=False
    )
    kind = KindField(required=False, help_text="A registered case kind; default: the first (general).")
    details = KindDetailsField(required=False, help_text="The kind's own fields (its `…Details` component).")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The kind's details through its serializer (errors keyed by the details' field names, as the
        service's are); the service checks them again with the kind's form."""
        spec = kinds.get_kind(attrs.get("kind") or kinds.default_code())
        attrs["kind"] = spec.code
        if spec.details_serializer is None:
            if attrs.get("details"):
                raise serializers.ValidationError(
                    {
                        "details": [
                            _("Loại hồ sơ “%(kind)s” không có trường riêng; hãy bỏ trống details.")
                            % {"kind": spec.label}
                        ]
                    }
                )
            attrs["details"] = {}
            return attrs
        details = spec.details_serializer(data=attrs.get("details") or {})
        if not details.is_valid():
            raise serializers.ValidationError(
                {name: _flat(messages) for name, messages in details.errors.items()}
            )
        attrs["details"] = dict(details.validated_data)
        return attrs


class TransitionInSerializer(serializers.Serializer):
    transition = serializers.CharField()
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.TRANSITION_REASON
    )
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
    extensions = serializers.IntegerField(read_only=True)
    overdue = serializers.SerializerMethodField()
    due_soon = serializers.SerializerMethodField()

    class Meta:
        model = CoordinationRequest
        fields = [
            "id",
            "from_agency",
            "to_agency",
            "kind",
            "body",
            "classification",
            "days",
            "unit",
            "sent_on",
            "due_on",
            "paused_on",
            "extensions",
            "overdue",
            "due_soon",
            "status",
            "answered_at",
            "answer",
            "response",
            "shared_at",
        ]

    def get_overdue(self, req: CoordinationRequest) -> bool:
        return _flag(req, "is_overdue")

    def get_due_soon(self, req: CoordinationRequest) -> bool:
        return _flag(req, "is_due_soon")


class RequestCreateSerializer(serializers.Serializer):
    to_agency = SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    body = serializers.CharField(max_length=limits.REQUEST_BODY)
    working_days = serializers.IntegerField(min_value=1, max_value=limits.PERIOD_DAYS, required=False)
    days = serializers.IntegerField(min_value=1, max_value=limits.PERIOD_DAYS, required=False)
    unit = serializers.ChoiceField(choices=DeadlineUnit.choices, required=False)
    documents = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=50,
        help_text="Ids of case documents the request carries to the partner (read-only for it, stamped PDF).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["documents"] = [str(i) for i in attrs.get("documents", [])]
        if "working_days" in attrs:
            attrs["days"], attrs["unit"] = attrs.pop("working_days"), DeadlineUnit.WORKING
        if "days" not in attrs:
            attrs["unit"] = None  # the deadline rule of the request's kind decides
        return attrs


class RespondSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=limits.REQUEST_RESPONSE)
    answer = serializers.ChoiceField(
        choices=OpinionAnswer.choices, required=False, allow_blank=True, default=""
    )


class TimelineEventSerializer(serializers.ModelSerializer[TimelineEvent]):
    """`text`: the line rendered for the caller in the request's language (cases/history.py); `kind`: its
    code; `legacy`: a line written before lines were rendered when read, shown as it was stored; `data`: its
    parameters, less the keys of objects the caller may not see."""

    actor = serializers.CharField(source="actor.username", read_only=True, default=None, allow_null=True)
    text = serializers.CharField(source="line", read_only=True)
    legacy = serializers.BooleanField(read_only=True)

    class Meta:
        model = TimelineEvent
        fields = ["at", "kind", "actor", "text", "legacy", "data"]

    def to_representation(self, instance: TimelineEvent) -> Any:
        if not hasattr(instance, "line"):  # selectors.case_timeline renders a whole timeline at once
            from phoihop.cases.history import render

            render([instance], self.context["request"].user)
        shown = super().to_representation(instance)
        shown["data"] = getattr(instance, "shown_data", {})  # without keys of what the caller may not see
        return shown


class ExtendSerializer(serializers.Serializer):
    """The kind's rule bounds the days (the service checks it against the rule as it is now: a 400 naming
    `days`); `decision`: the written decision's number."""

    days = serializers.IntegerField(min_value=1, max_value=limits.PERIOD_DAYS)
    reason = serializers.CharField(max_length=limits.REQUEST_REASON)
    decision = serializers.CharField(max_length=limits.DECISION, required=False, allow_blank=True, default="")


class CaseExtendSerializer(ExtendSerializer):
    decision = serializers.CharField(max_length=limits.DECISION)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.REQUEST_REASON)


class TeamMemberSerializer(serializers.ModelSerializer[CaseTeamMember]):
    """A member of a case's team: identifiers, the role, who added them and when."""

    user = serializers.CharField(source="user.username", read_only=True)
    user_id = serializers.UUIDField(source="user.pk", read_only=True)
    full_name = serializers.CharField(source="user.get_full_name", read_only=True)
    added_by = serializers.CharField(source="added_by.username", read_only=True, default=None)

    class Meta:
        model = CaseTeamMember
        fields = ["user", "user_id", "full_name", "role", "added_by", "added_at"]


class TeamAddSerializer(serializers.Serializer):
    user = serializers.CharField(max_length=150, help_text="The user name of an officer of the owner agency.")


class ShareSerializer(serializers.Serializer):
    shared = serializers.BooleanField(
        default=True,
        help_text="true: share the answered request with the case's co-handling agencies; false: stop.",
    )
