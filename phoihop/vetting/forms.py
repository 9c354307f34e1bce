"""Forms of the vetting kind: the details a vetting opens with (checked by `case_open` for the page and the
API alike), the panel's steps (dossier, findings, explanations, verifiers, appraisal, approval, the Standing
Committee's decision, reuse of a recent conclusion), batches and their dispatches, and the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Clearance
from phoihop.core.models import Agency
from phoihop.people.models import Person
from phoihop.vetting import rules
from phoihop.vetting.choices import (
    Concluder,
    DossierStatus,
    FindingGroup,
    Flag,
    ReplyFinding,
    SourceKind,
    Verdict,
    VerifierPlace,
)
from phoihop.vetting.models import Purpose

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("", "—"), ("yes", _("Có")), ("no", _("Không"))]
NOT_REGISTERED = _(
    "Không tìm thấy người được chọn trong sổ đăng ký; hãy đăng ký người này trước khi thẩm định."
)


def _purposes() -> Any:
    rules.ensure_defaults()
    return Purpose.objects.filter(active=True).order_by("position", "code")


class PurposeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.label


class VettingDetailsForm(forms.Form):
    """The vetting's own fields. The person is named by their registry id (UUID); a person the actor may not
    see is refused by `vetting.services.on_open` with the same words as one that does not exist."""

    person = forms.ModelChoiceField(
        label=_("Người được thẩm định (mã trong sổ đăng ký)"),
        queryset=Person.objects.filter(merged_into__isnull=True, anonymised_at__isnull=True),
        to_field_name="uuid",
        error_messages={
            "invalid_choice": NOT_REGISTERED,
            "required": _("Cần chọn người được thẩm định trong sổ đăng ký (tìm theo họ tên)."),
        },
        widget=forms.HiddenInput,
    )
    purpose = PurposeField(
        label=_("Mục đích thẩm định"),
        queryset=Purpose.objects.none(),
        to_field_name="code",
        empty_label="—",
        error_messages={"invalid_choice": _("Mục đích thẩm định không có trong danh mục.")},
    )
    requesting_body = forms.CharField(label=_("Cơ quan, tổ chức đề nghị"), max_length=200)
    requested_position = forms.CharField(label=_("Chức vụ, vị trí dự kiến"), max_length=200, required=False)
    legal_basis = forms.CharField(label=_("Căn cứ đề nghị"), max_length=300, required=False)
    deadline = forms.DateField(label=_("Hạn trả lời cơ quan đề nghị"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].queryset = _purposes()  # type: ignore[attr-defined]

    def clean_deadline(self) -> Any:
        day = self.cleaned_data.get("deadline")
        if day is not None and day < timezone.localdate():
            raise ValidationError(_("Hạn trả lời không thể trước hôm nay."))
        return day


class NewVettingForm(VettingDetailsForm):
    """The new-vetting page: the case's own fields beside the details, and a person search."""

    title = forms.CharField(label=_("Trích yếu"), max_length=300)
    classification = forms.TypedChoiceField(
        label=_("Độ mật"), choices=Clearance.choices, coerce=int, initial=Clearance.MAT
    )
    person_q = forms.CharField(label=_("Tìm người trong sổ đăng ký"), required=False, max_length=200)
    field_order = ["person_q", "person", "title", "purpose", "requesting_body", "requested_position"]

    def __init__(self, *args: Any, person_choices: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.person_choices = list(person_choices)

    def details(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "person": str(d["person"].uuid),
            "purpose": d["purpose"].code,
            "requesting_body": d["requesting_body"],
            "requested_position": d["requested_position"],
            "legal_basis": d["legal_basis"],
            "deadline": d["deadline"].isoformat() if d["deadline"] else "",
        }


class DossierForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=DossierStatus.choices)
    received_on = forms.DateField(label=_("Ngày nhận"), required=False, widget=DATE)
    expires_on = forms.DateField(label=_("Hết hiệu lực"), required=False, widget=DATE)


class FindingForm(forms.Form):
    group = forms.ChoiceField(label=_("Nhóm"), choices=FindingGroup.choices)
    flags = forms.MultipleChoiceField(
        label=_("Đánh dấu"), choices=Flag.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    text = forms.CharField(label=_("Nội dung"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    source_kind = forms.ChoiceField(
        label=_("Nguồn"), choices=[("", "—"), *SourceKind.choices], required=False
    )
    source_request = forms.UUIDField(label=_("Trả lời được trích dẫn"), required=False)
    source_document = forms.UUIDField(label=_("Văn bản được trích dẫn"), required=False)
    source_note = forms.CharField(label=_("Ghi rõ nguồn"), max_length=300, required=False)


class ExplanationForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung giải trình"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    given_on = forms.DateField(label=_("Ngày giải trình"), widget=DATE)


class VerifierForm(forms.Form):
    person = forms.CharField(
        label=_("Người đi xác minh (số CCCD, số thẻ đảng viên hoặc mã trong sổ đăng ký)"), max_length=40
    )
    place = forms.ChoiceField(label=_("Nơi xác minh"), choices=VerifierPlace.choices)


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class AppraiseForm(forms.Form):
    history_issue = forms.TypedChoiceField(
        label=_("Lịch sử chính trị"),
        choices=[("", "—"), ("yes", _("Có vấn đề")), ("no", _("Không có vấn đề"))],
        coerce=_yes_no,
        empty_value=None,
    )
    current_issue = forms.TypedChoiceField(
        label=_("Chính trị hiện nay"),
        choices=[("", "—"), ("yes", _("Có vấn đề")), ("no", _("Không có vấn đề"))],
        coerce=_yes_no,
        empty_value=None,
    )
    verdict = forms.ChoiceField(
        label=_("Đề xuất kết luận"), choices=[("", "—"), *Verdict.choices], required=False
    )
    reasons = forms.CharField(label=_("Lý do"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến của lãnh đạo"), max_length=2000, required=False)


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Số văn bản của Ban Thường vụ"), max_length=50)
    decision_on = forms.DateField(label=_("Ngày quyết định"), widget=DATE)
    verdict = forms.ChoiceField(label=_("Kết luận của Ban Thường vụ"), choices=Verdict.choices)


class ReuseForm(forms.Form):
    source = forms.UUIDField(label=_("Kết luận được dùng lại"))
    justification = forms.CharField(
        label=_("Lý do dùng lại"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BatchForm(forms.Form):
    name = forms.CharField(label=_("Tên đợt (đại hội, bầu cử)"), max_length=200)
    purpose = PurposeField(
        label=_("Mục đích thẩm định"), queryset=Purpose.objects.none(), to_field_name="code", empty_label="—"
    )
    requesting_body = forms.CharField(label=_("Cơ quan, tổ chức đề nghị"), max_length=200)
    deadline = forms.DateField(label=_("Hạn cuối"), widget=DATE)
    classification = forms.TypedChoiceField(label=_("Độ mật"), choices=Clearance.choices, coerce=int)
    file = forms.FileField(
        label=_("Danh sách ứng viên (CSV hoặc XLSX: số CCCD hoặc số thẻ đảng viên, chức vụ dự kiến)"),
        required=False,
    )
    person_q = forms.CharField(
        label=_("Hoặc tìm và chọn ứng viên trong sổ đăng ký"), required=False, max_length=200
    )
    persons = forms.MultipleChoiceField(
        label=_("Ứng viên đã chọn"), required=False, widget=forms.CheckboxSelectMultiple
    )
    skip_invalid = forms.BooleanField(
        label=_("Bỏ qua dòng lỗi, tạo hồ sơ cho các dòng hợp lệ"), required=False
    )
    MULTIPLE = ("persons",)  # posted as several values

    def __init__(self, *args: Any, person_choices: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].queryset = _purposes()  # type: ignore[attr-defined]
        self.fields["persons"].choices = list(person_choices)  # type: ignore[attr-defined]

    def clean_deadline(self) -> Any:
        day = self.cleaned_data["deadline"]
        if day < timezone.localdate():
            raise ValidationError(_("Hạn cuối không thể trước hôm nay."))
        return day


class DispatchForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label=_("Gửi các cơ quan"),
        queryset=Agency.objects.none(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cần chọn ít nhất một cơ quan.")},
    )
    body = forms.CharField(
        label=_("Nội dung yêu cầu"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, exclude: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Agency.objects.filter(active=True).order_by("code")
        self.fields["agencies"].queryset = qs.exclude(pk=exclude) if exclude else qs  # type: ignore[attr-defined]


class DispatchAnswerRow(forms.Form):
    reply = forms.ChoiceField(choices=ReplyFinding.choices)
    note = forms.CharField(max_length=2000, required=False)


class ConcluderRuleForm(forms.Form):
    management_level = forms.CharField(max_length=20)
    concluder = forms.ChoiceField(label=_("Cấp kết luận"), choices=Concluder.choices)


class PurposeForm(forms.Form):
    code = forms.SlugField(label=_("Mã"), max_length=30)
    label = forms.CharField(label=_("Mục đích"), max_length=200)
    validity_months = forms.IntegerField(
        label=_("Thời hạn sử dụng kết luận (tháng)"), min_value=1, max_value=120
    )
    checklist = forms.CharField(
        label=_("Tài liệu bắt buộc (mỗi dòng một tài liệu: mã | tên | hiệu lực tháng)"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    active = forms.BooleanField(label=_("Đang áp dụng"), required=False, initial=True)
    basis = forms.CharField(label=_("Căn cứ"), max_length=300)

    def clean_checklist(self) -> list[tuple[str, str, int]]:
        items: list[tuple[str, str, int]] = []
        for n, line in enumerate((self.cleaned_data["checklist"] or "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            code, label = parts[0], parts[1] if len(parts) > 1 else ""
            months = parts[2] if len(parts) > 2 else "0"
            if not code or not label or not months.isdigit() or not code.replace("_", "").isalnum():
                raise ValidationError(
                    _("Dòng %(n)d: cần ghi “mã | tên tài liệu | số tháng hiệu lực (0: không hạn)”.")
                    % {"n": n}
                )
            if code in {c for c, _l, _m in items}:
                raise ValidationError(_("Dòng %(n)d: mã “%(code)s” bị lặp.") % {"n": n, "code": code})
            items.append((code[:30], label[:200], int(months)))
        if not items:
            raise ValidationError(_("Cần ít nhất một tài liệu."))
        return items


class PolicyForm(forms.Form):
    default_classification = forms.TypedChoiceField(
        label=_("Độ mật mặc định"), choices=Clearance.choices, coerce=int
    )
    at_risk_days = forms.IntegerField(
        label=_("Cảnh báo trước hạn (ngày làm việc)"), min_value=0, max_value=60
    )
    reprimand_months = forms.IntegerField(
        label=_("Khiển trách: lưu ý trong (tháng)"), min_value=0, max_value=120
    )
    warning_months = forms.IntegerField(label=_("Cảnh cáo: lưu ý trong (tháng)"), min_value=0, max_value=120)
    removal_months = forms.IntegerField(label=_("Cách chức: lưu ý trong (tháng)"), min_value=0, max_value=120)
    basis = forms.CharField(label=_("Căn cứ"), max_length=300)
    verified = forms.BooleanField(label=_("Đã kiểm chứng văn bản"), required=False)
