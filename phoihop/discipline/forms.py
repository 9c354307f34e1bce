"""Forms of the discipline kind: the details a notice opens with (checked by `case_open` for the page and the
API alike: the sanction matrix, the dates in order), the panel's steps (record, acknowledge, appeal, the
appeal's outcome, close) and the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Clearance
from phoihop.discipline import rules
from phoihop.discipline.choices import AppealOutcome, DecidingLevel, Origin, SubjectType
from phoihop.discipline.models import Sanction
from phoihop.people.models import Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_REGISTERED = _(
    "Không tìm thấy người được chọn trong sổ đăng ký; hãy đăng ký người này trước khi ghi thông báo kỷ luật."
)


def _sanctions() -> Any:
    rules.ensure_defaults()
    return Sanction.objects.filter(active=True).order_by("regime", "position", "code")


class SanctionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.label


def check_matrix(data: dict[str, Any]) -> dict[str, list[str]]:
    """The sanction matrix and the dates, for the form and the API's serializer alike: errors by field."""
    errors: dict[str, list[str]] = {}
    sanction, subject = data.get("sanction"), data.get("subject_type")
    origin, level = data.get("origin"), data.get("deciding_level")
    today = timezone.localdate()
    if subject == SubjectType.ORGANISATION:
        if not (data.get("organisation") or "").strip():
            errors["organisation"] = [str(_("Cần ghi tên tổ chức đảng bị kỷ luật."))]
        if data.get("person") is not None:
            errors["person"] = [str(_("Kỷ luật tổ chức đảng không chọn một người; hãy bỏ chọn người."))]
        if origin == Origin.STATE:
            errors["origin"] = [
                str(_("Kỷ luật chính quyền áp dụng với cán bộ là đảng viên, không với tổ chức đảng."))
            ]
    elif subject and data.get("person") is None:
        errors["person"] = [str(_("Cần chọn người bị kỷ luật trong sổ đăng ký (tìm theo họ tên)."))]
    if sanction is not None and subject and origin:
        if sanction.regime != origin:
            errors["sanction"] = [
                str(_("Hình thức “%(s)s” không thuộc loại kỷ luật đã chọn (%(o)s)."))
                % {"s": sanction.label, "o": Origin(origin).label}
            ]
        elif subject == SubjectType.MEMBER and not sanction.for_member:
            errors["sanction"] = [
                str(_("Hình thức “%(s)s” không áp dụng với đảng viên.")) % {"s": sanction.label}
            ]
        elif subject == SubjectType.PROBATIONARY and not sanction.for_probationary:
            errors["sanction"] = [
                str(_("Đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo; không áp dụng “%(s)s”."))
                % {"s": sanction.label}
            ]
        elif subject == SubjectType.ORGANISATION and not sanction.for_organisation:
            errors["sanction"] = [
                str(
                    _(
                        "Tổ chức đảng chỉ bị kỷ luật khiển trách, cảnh "
                        "cáo hoặc giải tán; không áp dụng “%(s)s”."
                    )
                )
                % {"s": sanction.label}
            ]
        elif sanction.needs_post and not (data.get("party_post") or "").strip():
            errors["party_post"] = [
                str(_("“%(s)s” chỉ áp dụng với người đang giữ chức vụ: cần ghi chức vụ đang giữ bị xử lý."))
                % {"s": sanction.label}
            ]
    if origin and level and (origin == Origin.STATE) != (level == DecidingLevel.STATE):
        errors["deciding_level"] = [
            str(
                _(
                    "Kỷ luật chính quyền do cơ quan nhà nước quyết định; "
                    "kỷ luật đảng do chi bộ, cấp ủy hoặc ủy ban kiểm tra."
                )
            )
        ]
    decided, effective = data.get("decided_on"), data.get("effective_on")
    received, served = data.get("received_on"), data.get("served_on")
    violated, restarted = data.get("violated_on"), data.get("restarted_on")
    if decided and decided > today:
        errors["decided_on"] = [str(_("Ngày quyết định không thể sau hôm nay."))]
    if decided and effective and effective < decided:
        errors["effective_on"] = [str(_("Ngày có hiệu lực không thể trước ngày quyết định."))]
    if decided and received and received < decided:
        errors["received_on"] = [str(_("Ngày nhận thông báo không thể trước ngày quyết định."))]
    if received and received > today:
        errors["received_on"] = [str(_("Ngày nhận thông báo không thể sau hôm nay."))]
    if decided and served and served < decided:
        errors["served_on"] = [str(_("Ngày nhận quyết định không thể trước ngày quyết định."))]
    if decided and violated and violated > decided:
        errors["violated_on"] = [str(_("Ngày vi phạm không thể sau ngày quyết định kỷ luật."))]
    if restarted and ((violated and restarted < violated) or (decided and restarted > decided)):
        errors["restarted_on"] = [
            str(_("Ngày vi phạm mới phải sau ngày vi phạm và không sau ngày quyết định."))
        ]
    return errors


class RegistryPersonField(forms.ModelChoiceField):
    """A person by registry id: a malformed id reads as one that is not in the registry."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class DisciplineDetailsForm(forms.Form):
    """The notice's own fields. The person is named by their registry id (UUID); a person the actor may not
    see is refused by `discipline.services.on_open` with the same words as one that does not exist."""

    origin = forms.ChoiceField(label=_("Loại kỷ luật"), choices=Origin.choices)
    subject_type = forms.ChoiceField(label=_("Đối tượng bị kỷ luật"), choices=SubjectType.choices)
    person = RegistryPersonField(
        label=_("Người bị kỷ luật (mã trong sổ đăng ký)"),
        queryset=Person.objects.filter(merged_into__isnull=True, anonymised_at__isnull=True),
        to_field_name="uuid",
        required=False,
        error_messages={"invalid_choice": NOT_REGISTERED},
        widget=forms.HiddenInput,
    )
    organisation = forms.CharField(label=_("Tổ chức đảng bị kỷ luật"), max_length=200, required=False)
    party_post = forms.CharField(
        label=_("Chức vụ đang giữ bị xử lý (khi cách chức, giáng chức)"), max_length=200, required=False
    )
    violation = forms.CharField(
        label=_("Tóm tắt vi phạm"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    violated_on = forms.DateField(label=_("Ngày vi phạm"), required=False, widget=DATE)
    restarted_on = forms.DateField(
        label=_("Ngày có vi phạm mới (tính lại thời hiệu)"), required=False, widget=DATE
    )
    no_limitation = forms.BooleanField(
        label=_(
            "Vi phạm thuộc trường hợp không áp dụng thời hiệu (chính trị "
            "nội bộ, quốc phòng, an ninh, đối ngoại, văn bằng bất hợp pháp)"
        ),
        required=False,
    )
    sanction = SanctionField(
        label=_("Hình thức kỷ luật"),
        queryset=Sanction.objects.none(),
        to_field_name="code",
        empty_label="—",
        error_messages={"invalid_choice": _("Hình thức kỷ luật không có trong danh mục.")},
    )
    deciding_level = forms.ChoiceField(label=_("Cấp quyết định"), choices=DecidingLevel.choices)
    deciding_body = forms.CharField(label=_("Cơ quan, tổ chức quyết định"), max_length=200)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50)
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DATE)
    effective_on = forms.DateField(
        label=_("Ngày có hiệu lực"),
        widget=DATE,
        help_text=_("Quyết định của chi bộ có hiệu lực từ ngày công bố."),
    )
    served_on = forms.DateField(label=_("Ngày người bị kỷ luật nhận quyết định"), required=False, widget=DATE)
    received_on = forms.DateField(label=_("Ngày nhận thông báo"), widget=DATE)
    state_measures = forms.CharField(
        label=_("Biện pháp xử lý về chính quyền, đoàn thể"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sanction"].queryset = _sanctions()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, messages in check_matrix(data).items():
            if field not in self.errors:
                self.add_error(field if field in self.fields else None, messages)
        return data


class NewNoticeForm(DisciplineDetailsForm):
    """The new-notice page: the case's own fields beside the details, and a person search."""

    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=300,
        required=False,
        help_text=_("Để trống: “Thông báo thi hành kỷ luật” kèm số quyết định."),
    )
    classification = forms.TypedChoiceField(
        label=_("Độ mật"), choices=Clearance.choices, coerce=int, initial=Clearance.MAT
    )
    person_q = forms.CharField(label=_("Tìm người trong sổ đăng ký"), required=False, max_length=200)

    def __init__(self, *args: Any, person_choices: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.person_choices = list(person_choices)

    def details(self) -> dict[str, Any]:
        d = self.cleaned_data
        out = {k: d[k] for k in DisciplineDetailsForm.base_fields if k in d}
        out["person"] = str(d["person"].uuid) if d.get("person") else ""
        out["sanction"] = d["sanction"].code
        for k in ("violated_on", "restarted_on", "decided_on", "effective_on", "served_on", "received_on"):
            out[k] = d[k].isoformat() if d.get(k) else ""
        return out

    def title_or_default(self) -> str:
        d = self.cleaned_data
        return (d.get("title") or "").strip() or str(_("Thông báo thi hành kỷ luật số %(n)s")) % {
            "n": d["decision_number"]
        }


class AcknowledgeForm(forms.Form):
    acknowledged_on = forms.DateField(label=_("Ngày xác nhận đã nắm"), widget=DATE)
    reference = forms.CharField(label=_("Văn bản, hình thức xác nhận"), max_length=200, required=False)


class AppealForm(forms.Form):
    filed_on = forms.DateField(label=_("Ngày khiếu nại"), widget=DATE)
    late_reason = forms.CharField(
        label=_("Lý do nhận khiếu nại quá hạn (nếu quá hạn)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Kết quả giải quyết khiếu nại"), choices=[("", "—"), *AppealOutcome.choices]
    )
    decided_on = forms.DateField(label=_("Ngày giải quyết"), widget=DATE)
    body = forms.CharField(label=_("Cơ quan giải quyết khiếu nại"), max_length=200)
    sanction = SanctionField(
        label=_("Hình thức sau khi giải quyết (khi thay đổi)"),
        queryset=Sanction.objects.none(),
        to_field_name="code",
        required=False,
        empty_label="—",
        error_messages={"invalid_choice": _("Hình thức kỷ luật không có trong danh mục.")},
    )
    reasons = forms.CharField(
        label=_("Lý do, căn cứ"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sanction"].queryset = _sanctions()  # type: ignore[attr-defined]


class SanctionForm(forms.Form):
    """An administrator's edit of one sanction of the matrix (or a new one)."""

    code = forms.SlugField(label=_("Mã"), max_length=30)
    label = forms.CharField(label=_("Hình thức"), max_length=100)
    regime = forms.ChoiceField(label=_("Loại kỷ luật"), choices=Origin.choices)
    for_member = forms.BooleanField(label=_("Đảng viên chính thức"), required=False)
    for_probationary = forms.BooleanField(label=_("Đảng viên dự bị"), required=False)
    for_organisation = forms.BooleanField(label=_("Tổ chức đảng"), required=False)
    needs_post = forms.BooleanField(label=_("Chỉ với người đang giữ chức vụ"), required=False)
    limitation_years = forms.IntegerField(
        label=_("Thời hiệu (năm; để trống: không áp dụng)"), min_value=1, max_value=50, required=False
    )
    active = forms.BooleanField(label=_("Đang áp dụng"), required=False, initial=True)
    basis = forms.CharField(label=_("Căn cứ"), max_length=300, required=False)
    verified = forms.BooleanField(label=_("Đã kiểm chứng văn bản"), required=False)


class PolicyForm(forms.Form):
    appeal_days = forms.IntegerField(label=_("Thời hạn khiếu nại (ngày)"), min_value=1, max_value=365)
    state_appeal_days = forms.IntegerField(
        label=_("Thời hạn khiếu nại kỷ luật chính quyền (ngày)"), min_value=1, max_value=365
    )
    state_notice_days = forms.IntegerField(
        label=_("Cơ quan nhà nước thông báo cho tổ chức đảng trong (ngày)"), min_value=1, max_value=90
    )
    remind_days = forms.IntegerField(
        label=_("Nhắc trước khi hết hạn khiếu nại (ngày)"), min_value=0, max_value=60
    )
    default_classification = forms.TypedChoiceField(
        label=_("Độ mật mặc định"), choices=Clearance.choices, coerce=int
    )
    basis = forms.CharField(label=_("Căn cứ"), max_length=300, required=False)
    verified = forms.BooleanField(label=_("Đã kiểm chứng văn bản"), required=False)


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Số hồ sơ, trích yếu, người bị kỷ luật"), required=False, max_length=100)
    origin = forms.ChoiceField(label=_("Loại kỷ luật"), choices=[("", "—"), *Origin.choices], required=False)
    sanction = SanctionField(
        label=_("Hình thức"),
        queryset=Sanction.objects.all(),
        required=False,
        to_field_name="code",
        empty_label="—",
        error_messages={"invalid_choice": _("Hình thức kỷ luật không có trong danh mục.")},
    )
    status = forms.ChoiceField(label=_("Trạng thái"), choices=[], required=False)

    def __init__(self, *args: Any, status_choices: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "—"), *status_choices]  # type: ignore[attr-defined]
