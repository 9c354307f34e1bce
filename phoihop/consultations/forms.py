"""Forms of the consultation kind: the details a consultation opens with (checked by `case_open` for the pages
and the API alike), the consulted body's answer, the asker's decision, the types (rules) and the list's
filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from phoihop.cases.choices import DeadlineUnit
from phoihop.consultations import rules
from phoihop.consultations.choices import Answer, Decision, Direction
from phoihop.consultations.models import ConsultationType
from phoihop.core.choices import Clearance
from phoihop.core.models import Agency

POSITION = 200
REASONS = 4000
MAX_CANDIDATES = 50
NOT_REGISTERED = _("Không tìm thấy nhân sự được chọn trong sổ đăng ký; hãy đăng ký người này trước.")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def types() -> Any:
    rules.ensure_defaults()
    return ConsultationType.objects.filter(active=True).order_by("position", "code")


class TypeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.label


class ListWidget(forms.Widget):
    """A list value: the repeated inputs of a page (`getlist`) or a JSON list from the API."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if hasattr(data, "getlist"):
            return data.getlist(name)
        value = data.get(name)
        return value if isinstance(value, list | tuple) else ([] if value in (None, "") else [value])


class CandidatesField(forms.Field):
    """The candidates: each a registry id (UUID) or {person, current_position, proposed_position}. Cleaned to
    a list of dicts with the ids as text; `services.on_open` looks them up through the policy."""

    widget = ListWidget

    def to_python(self, value: Any) -> list[dict[str, str]]:
        rows: list[dict[str, str]] = []
        for item in value or []:
            row = item if isinstance(item, dict) else {"person": item}
            person = str(row.get("person") or "").strip()
            if not person:
                continue
            rows.append(
                {
                    "person": person,
                    "current_position": str(row.get("current_position") or "").strip(),
                    "proposed_position": str(row.get("proposed_position") or "").strip(),
                }
            )
        return rows

    def validate(self, value: Any) -> None:
        if not value:
            raise ValidationError(_("Cần chọn ít nhất một nhân sự trong sổ đăng ký."), code="required")
        if len(value) > MAX_CANDIDATES:
            raise ValidationError(_("Tối đa %(n)d nhân sự trong một hồ sơ.") % {"n": MAX_CANDIDATES})
        seen = [r["person"] for r in value]
        if len(seen) != len(set(seen)):
            raise ValidationError(_("Một nhân sự được chọn hơn một lần."))
        for r in value:
            if len(r["current_position"]) > POSITION or len(r["proposed_position"]) > POSITION:
                raise ValidationError(_("Chức vụ dài quá %(n)d ký tự.") % {"n": POSITION})


class ConsultedField(forms.ModelMultipleChoiceField):
    widget = ListWidget

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name}"


class ConsultationDetailsForm(forms.Form):
    """The consultation's own fields. Candidates are named by their registry id; one the actor may not see is
    refused by `consultations.services.on_open` with the same words as one that does not exist."""

    type = TypeField(
        label=_("Loại"),
        queryset=ConsultationType.objects.none(),
        to_field_name="code",
        empty_label="—",
        error_messages={
            "invalid_choice": _("Loại hiệp y, xin ý kiến không có trong danh mục."),
            "required": _("Cần chọn loại (hiệp y, thỏa thuận, xin ý kiến, nhận xét cán bộ)."),
        },
    )
    direction = forms.ChoiceField(
        label=_("Chiều"), choices=Direction.choices, initial=Direction.OUTGOING, required=False
    )
    asking_body = forms.CharField(
        label=_("Cơ quan, tổ chức đề nghị"),
        max_length=200,
        error_messages={"required": _("Cần ghi cơ quan, tổ chức đề nghị.")},
    )
    legal_basis = forms.CharField(label=_("Căn cứ"), max_length=300, required=False)
    consulted = ConsultedField(
        label=_("Cơ quan được hỏi ý kiến"),
        queryset=Agency.objects.filter(active=True).order_by("code"),
        to_field_name="code",
        error_messages={
            "required": _("Cần chọn ít nhất một cơ quan được hỏi ý kiến."),
            "invalid_choice": _("Cơ quan %(value)s không có trong danh mục hoặc đã ngừng hoạt động."),
            "invalid_pk_value": _("Cơ quan %(pk)s không có trong danh mục."),
        },
    )
    candidates = CandidatesField(label=_("Nhân sự được hỏi ý kiến"))
    silence_is_consent = forms.BooleanField(
        label=_("Không trả lời đúng hạn được coi là nhất trí"),
        required=False,
        help_text=_("Chỉ với loại mà quy định cho phép; để trống thì theo quy định của loại."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = types()  # type: ignore[attr-defined]

    def clean_direction(self) -> str:
        return self.cleaned_data.get("direction") or Direction.OUTGOING

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("type")
        if kind is not None and data.get("silence_is_consent") and not kind.silence_is_consent:
            self.add_error(
                "silence_is_consent",
                _("Loại “%(type)s” không coi việc không trả lời là nhất trí; không thể chọn điều này.")
                % {"type": kind.label},
            )
        elif kind is not None and "silence_is_consent" not in self.data:
            data["silence_is_consent"] = kind.silence_is_consent  # not said: the type's rule
        return data


class NewConsultationForm(ConsultationDetailsForm):
    """The new-consultation page: the case's title and level beside the details."""

    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=300,
        error_messages={"required": _("Cần ghi trích yếu của hồ sơ hiệp y.")},
    )
    classification = forms.TypedChoiceField(
        label=_("Độ mật"), choices=Clearance.choices, coerce=int, initial=Clearance.MAT
    )
    field_order = ["title", "classification", "type", "direction", "asking_body", "legal_basis", "consulted"]


class AnswerForm(forms.Form):
    """A consulted body's answer about one candidate."""

    candidate = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        label=_("Ý kiến"),
        choices=[("", "—"), *Answer.choices],
        error_messages={"required": _("Cần chọn ý kiến: nhất trí, không nhất trí hoặc ý kiến khác.")},
    )
    reasons = forms.CharField(label=_("Lý do"), max_length=REASONS, required=False, widget=forms.Textarea)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Quyết định"), choices=[("", "—"), *Decision.choices])
    note = forms.CharField(label=_("Nội dung"), max_length=REASONS, required=False, widget=forms.Textarea)
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DATE)


class TypeForm(forms.Form):
    """An administrator's change of a type (or a new one)."""

    code = forms.SlugField(label=_("Mã"), max_length=30)
    label = forms.CharField(label=_("Tên loại"), max_length=200)
    days = forms.IntegerField(label=_("Thời hạn trả lời (số ngày)"), min_value=1, max_value=365)
    unit = forms.ChoiceField(label=_("Đơn vị"), choices=DeadlineUnit.choices)
    silence_is_consent = forms.BooleanField(label=_("Im lặng là nhất trí"), required=False)
    basis = forms.CharField(label=_("Căn cứ"), max_length=300, required=False)
    active = forms.BooleanField(label=_("Đang áp dụng"), required=False, initial=True)


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Số hồ sơ, trích yếu"), required=False, max_length=100)
    type = forms.ModelChoiceField(
        label=_("Loại"), queryset=ConsultationType.objects.all(), required=False, to_field_name="code"
    )
    direction = forms.ChoiceField(label=_("Chiều"), choices=[("", "—"), *Direction.choices], required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[
            ("", "—"),
            ("open", _("Đang hỏi ý kiến")),
            ("decided", _("Đã có quyết định")),
            ("withdrawn", _("Đã rút")),
        ],
        required=False,
    )
