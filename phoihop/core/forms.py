"""Forms of the administration pages. They validate input shape only; services own the rules."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import AgencyKind, Clearance, RoleCode
from phoihop.core.models import Agency, CalendarDayKind

TEAM_ONLY_FROM_CHOICES = [
    (Clearance.NONE, _("Mọi hồ sơ, kể cả hồ sơ không mật")),
    (Clearance.MAT, _("Từ Mật trở lên")),
    (Clearance.TOI_MAT, _("Từ Tối mật trở lên")),
    (Clearance.TUYET_MAT, _("Chỉ hồ sơ Tuyệt mật")),
]


class AgencyForm(forms.Form):
    code = forms.CharField(
        label=_("Mã"), max_length=20, help_text=_("Ví dụ: BTC, UBKT, CA. Chữ in hoa không dấu.")
    )
    name = forms.CharField(label=_("Tên cơ quan"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại"), choices=AgencyKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Cơ quan cấp trên"), queryset=Agency.objects.none(), required=False
    )
    is_hub = forms.BooleanField(label=_("Là cơ quan đầu mối (Ban Tổ chức Tỉnh ủy)"), required=False)
    active = forms.BooleanField(label=_("Đang hoạt động"), required=False, initial=True)
    team_only_from = forms.TypedChoiceField(
        label=_("Hồ sơ chỉ tổ xử lý và lãnh đạo được xem"),
        choices=TEAM_ONLY_FROM_CHOICES,
        coerce=int,
        initial=Clearance.MAT,
        required=False,
        empty_value=None,
        help_text=_(
            "Trong cơ quan này, hồ sơ từ độ mật đã chọn trở lên chỉ cán bộ trong tổ xử lý "
            "hồ sơ và lãnh đạo cơ quan được xem; cán bộ khác chỉ thấy số hồ sơ và độ mật."
        ),
    )

    def __init__(self, *args: object, instance: Agency | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        qs = Agency.objects.order_by("code")
        if instance is not None:
            qs = qs.exclude(pk=instance.pk)
        self.fields["parent"].queryset = qs  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("team_only_from") is None:
            data.pop(
                "team_only_from", None
            )  # not sent: a new agency takes the default, an edit keeps its value
        return data


class UserBaseForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    agency = forms.ModelChoiceField(
        label=_("Cơ quan"), queryset=Agency.objects.filter(active=True).order_by("-is_hub", "code")
    )
    roles = forms.MultipleChoiceField(
        label=_("Vai trò"), choices=RoleCode.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    clearance = forms.TypedChoiceField(
        label=_("Mức được tiếp cận bí mật"), choices=Clearance.choices, coerce=int
    )


class UserCreateForm(UserBaseForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"), max_length=150, help_text=_("Chữ thường không dấu, ví dụ: nguyenvan.an")
    )
    is_api_only = forms.BooleanField(
        label=_("Tài khoản tích hợp (chỉ dùng khóa API, không đăng nhập giao diện)"), required=False
    )
    password = forms.CharField(
        label=_("Mật khẩu ban đầu"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Để trống để hệ thống tạo mật khẩu ngẫu nhiên (hiển thị một lần). Ít nhất 12 ký tự."),
    )
    field_order = [
        "username",
        "full_name",
        "position",
        "email",
        "agency",
        "roles",
        "clearance",
        "is_api_only",
        "password",
    ]


class UserEditForm(UserBaseForm):
    pass


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Tên gợi nhớ của khóa"), max_length=100, required=False)


def report_form_errors(request: HttpRequest, form: forms.Form) -> None:
    """For forms posted from another page: each field error as a message, with the field's label."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(
            request,
            f"{label}: {' '.join(str(e) for e in errors)}" if label else " ".join(str(e) for e in errors),
        )


def report_service_errors(request: HttpRequest, exc: ValidationError) -> None:
    """A service's ValidationError as messages (for forms posted from another page)."""
    for errors in exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]:
        messages.error(request, " ".join(errors))


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form: known fields to their field, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form without the e-mail password-reset link: administrators reset passwords."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


class DeadlineForm(forms.Form):
    start = forms.DateField(
        label=_("Ngày phát sinh (sự kiện)"),
        input_formats=DATE_INPUT,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    days = forms.IntegerField(label=_("Số ngày"), min_value=0, max_value=3650)
    unit = forms.ChoiceField(
        label=_("Đơn vị"), choices=[("working", _("Ngày làm việc")), ("calendar", _("Ngày lịch"))]
    )


class CalendarDayForm(forms.Form):
    date = forms.DateField(
        label=_("Ngày"), input_formats=DATE_INPUT, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=CalendarDayKind.choices)
    name = forms.CharField(label=_("Lý do / căn cứ"), max_length=200)
    agency = forms.ModelChoiceField(
        label=_("Chỉ áp dụng cho cơ quan"),
        queryset=Agency.objects.filter(active=True).order_by("code"),
        required=False,
        empty_label=_("Toàn tỉnh"),
    )
