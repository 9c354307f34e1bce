"""Forms of the document pages (shape only; the services own the rules)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Clearance
from phoihop.core.models import Agency
from phoihop.documents.choices import DocFormat, DocType
from phoihop.documents.generation import AUTHORITY_CHOICES, URGENCY

DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp"))
    title = forms.CharField(label=_("Trích yếu"), max_length=300)
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=DocType.choices, initial=DocType.KHAC)
    number_symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"),
        required=False,
        input_formats=DATE_INPUT,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200, required=False)
    classification = forms.TypedChoiceField(
        label=_("Độ mật"), choices=Clearance.choices, coerce=int, initial=0
    )
    copy_number = forms.IntegerField(label=_("Số bản"), required=False, min_value=1, max_value=999)
    recall = forms.BooleanField(label=_("Tài liệu thu hồi"), required=False)
    strip_metadata = forms.BooleanField(label=_("Xóa thông tin ẩn của ảnh (EXIF, tác giả)"), required=False)


class VersionForm(forms.Form):
    file = forms.FileField(label=_("Tệp phiên bản mới"))
    strip_metadata = forms.BooleanField(label=_("Xóa thông tin ẩn của ảnh (EXIF, tác giả)"), required=False)


class GenerateForm(forms.Form):
    """Drafting a document from a template of the case's kind, in a regime; the number, the date and the
    signer's name are not on it (the register's and the signing leader's)."""

    # chosen by the page's links, which fill the form with that template's wording in that regime: a select
    # here would change the template under a body written for another
    template = forms.ChoiceField(label=_("Mẫu văn bản"), widget=forms.HiddenInput)
    regime = forms.ChoiceField(
        label=_("Thể thức"), choices=DocFormat.choices, initial=DocFormat.PARTY, widget=forms.HiddenInput
    )
    parent_issuer = forms.CharField(label=_("Cơ quan cấp trên (dòng đầu)"), max_length=200)
    symbol = forms.CharField(
        label=_("Ký hiệu cơ quan trong số văn bản"),
        max_length=30,
        required=False,
        help_text=_("Ví dụ: BTCTU (để trống: mã cơ quan)."),
    )
    unit = forms.CharField(
        label=_("Đơn vị soạn thảo (viết tắt)"),
        max_length=30,
        required=False,
        help_text=_("Thể thức hành chính: ký hiệu công văn và dòng “Lưu: VT, …”. Ví dụ: TCCB."),
    )
    place = forms.CharField(label=_("Địa danh"), max_length=100)
    subject_line = forms.CharField(label=_("Trích yếu"), max_length=300)
    addressee = forms.CharField(
        label=_("Kính gửi (mỗi dòng một nơi)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    body = forms.CharField(label=_("Nội dung"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Không cần gõ dấu gạch đầu dòng, dấu phẩy, chấm "
            "phẩy cuối dòng hay dòng “Lưu …”: thể thức tự thêm."
        ),
    )
    authority = forms.ChoiceField(
        label=_("Thẩm quyền ký (đề xuất)"), required=False, choices=AUTHORITY_CHOICES
    )
    authority_of = forms.CharField(
        label=_("Thay mặt / ký thay cho"),
        max_length=100,
        required=False,
        help_text=_("Ví dụ: BAN THƯỜNG VỤ, TRƯỞNG BAN"),
    )
    signer_title = forms.CharField(label=_("Chức vụ người ký (đề xuất)"), max_length=100, required=False)
    classification = forms.TypedChoiceField(
        label=_("Độ mật"), choices=Clearance.choices, coerce=int, initial=0
    )
    urgency = forms.ChoiceField(
        label=_("Độ khẩn"), required=False, choices=[(k, v or "—") for k, v in URGENCY.items()]
    )

    def __init__(self, *args: Any, templates: dict[str, Any], regime: str = "party", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["template"]).choices = [
            (t.code, t.label) for t in templates.values()
        ]
        cast(forms.ChoiceField, self.fields["authority"]).choices = authority_choices(regime)

    def clean_recipients(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("recipients", "").splitlines() if line.strip()]


def authority_choices(regime: str) -> list[tuple[str, Any]]:
    """The marks the regime uses (the Party's has no "thừa
    ủy quyền" by default), as the regime prints them."""
    from phoihop.documents.regimes import DEFAULTS, get_regime

    marks = get_regime(regime if regime in DEFAULTS else "party").authority_marks
    return [
        (code, f"{label} ({marks[code]})" if code else label)
        for code, label in AUTHORITY_CHOICES
        if not code or marks.get(code)
    ]


class SignForm(forms.Form):
    authority = forms.ChoiceField(label=_("Thẩm quyền ký"), required=False, choices=AUTHORITY_CHOICES)
    authority_of = forms.CharField(label=_("Thay mặt / ký thay cho"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=100)
    file = forms.FileField(
        label=_("Bản đã ký (không bắt buộc)"),
        required=False,
        help_text=_("PDF hoặc DOCX. Để trống: xác nhận bản do hệ thống tạo."),
    )

    def __init__(self, *args: Any, regime: str = "party", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["authority"]).choices = authority_choices(regime)


class RegimeForm(forms.Form):
    """A regime's rules; the structured ones (marks, typography, margins) as JSON, checked field by field."""

    number_prefix = forms.CharField(label=_("Chữ “Số”"), max_length=10, strip=False)
    number_width = forms.IntegerField(label=_("Số chữ số tối thiểu của số văn bản"), min_value=1, max_value=6)
    symbol_pattern = forms.CharField(label=_("Mẫu số, ký hiệu"), max_length=80)
    letter_symbol_pattern = forms.CharField(label=_("Mẫu số, ký hiệu công văn"), max_length=80)
    period = forms.ChoiceField(label=_("Kỳ đánh số"), choices=[("term", _("nhiệm kỳ")), ("year", _("năm"))])
    classified_series = forms.BooleanField(label=_("Văn bản mật có hệ thống số riêng"), required=False)
    date_pad_day_below = forms.IntegerField(
        label=_("Ngày nhỏ hơn số này thêm số 0"), min_value=1, max_value=32
    )
    date_pad_months = forms.CharField(label=_("Các tháng thêm số 0"), max_length=40, required=False)
    letter_subject_prefix = forms.CharField(
        label=_("Chữ trước trích yếu công văn"), max_length=10, required=False, strip=False
    )
    recipient_end = forms.CharField(label=_("Dấu cuối mỗi nơi nhận"), max_length=2)
    archive_line = forms.CharField(label=_("Dòng lưu"), max_length=120)
    member_title = forms.CharField(label=_("Cách gọi đảng viên"), max_length=30, required=False)
    authority_marks = forms.JSONField(label=_("Dấu thẩm quyền ký (JSON)"))
    typography = forms.JSONField(label=_("Cỡ chữ, kiểu chữ (JSON)"), widget=forms.Textarea(attrs={"rows": 8}))
    margins_mm = forms.JSONField(label=_("Lề trang, mm (JSON)"))
    reason = forms.CharField(label=_("Lý do sửa"), max_length=300)


class TermForm(forms.Form):
    name = forms.CharField(label=_("Nhiệm kỳ"), max_length=20, help_text=_("Ví dụ: 2030-2035"))
    starts_on = forms.DateField(label=_("Bắt đầu từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    issuer = forms.ModelChoiceField(
        label=_("Cấp ủy, cơ quan"),
        queryset=Agency.objects.filter(active=True),
        required=False,
        empty_label=_("Mọi cơ quan chưa khai báo riêng"),
    )


class CopyForm(forms.Form):
    recipient = forms.ModelChoiceField(label=_("Nơi nhận bản"), queryset=Agency.objects.filter(active=True))


class CopyCloseForm(forms.Form):
    destroyed = forms.BooleanField(label=_("Tiêu hủy (không thu hồi)"), required=False)
    minutes = forms.CharField(label=_("Biên bản tiêu hủy"), max_length=300, required=False)


class CancelNumberForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy số"), max_length=300)


def upload_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    upload = values.pop("file")
    return {"file_name": upload.name, "data": upload.read(), **values}
