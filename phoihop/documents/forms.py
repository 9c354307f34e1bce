"""Forms of the document pages (shape only; the services own the rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Clearance
from phoihop.core.models import Agency
from phoihop.documents.choices import DocFormat, DocType
from phoihop.documents.generation import AUTHORITY, KINDS, URGENCY

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
    kind = forms.ChoiceField(label=_("Mẫu văn bản"), choices=[(k.code, k.label) for k in KINDS.values()])
    fmt = forms.ChoiceField(label=_("Thể thức"), choices=DocFormat.choices, initial=DocFormat.PARTY)
    parent_issuer = forms.CharField(label=_("Cơ quan cấp trên (dòng đầu)"), max_length=200)
    symbol = forms.CharField(
        label=_("Ký hiệu cơ quan trong số văn bản"),
        max_length=30,
        required=False,
        help_text=_("Ví dụ: BTCTU (để trống: mã cơ quan)."),
    )
    place = forms.CharField(label=_("Địa danh"), max_length=100)
    subject_line = forms.CharField(label=_("Trích yếu"), max_length=300)
    addressee = forms.CharField(label=_("Kính gửi"), max_length=300, required=False)
    body = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 6}))
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    authority = forms.ChoiceField(
        label=_("Thẩm quyền ký"), required=False, choices=[(k, v or "—") for k, v in AUTHORITY.items()]
    )
    authority_of = forms.CharField(
        label=_("Thay mặt / ký thay cho"),
        max_length=100,
        required=False,
        help_text=_("Ví dụ: BAN THƯỜNG VỤ, TRƯỞNG BAN"),
    )
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=100, required=False)
    classification = forms.TypedChoiceField(
        label=_("Độ mật"), choices=Clearance.choices, coerce=int, initial=0
    )
    urgency = forms.ChoiceField(
        label=_("Độ khẩn"), required=False, choices=[(k, v or "—") for k, v in URGENCY.items()]
    )

    def clean_recipients(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("recipients", "").splitlines() if line.strip()]


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
