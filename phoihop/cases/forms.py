"""Forms of the case pages (shape only; the services own the rules)."""

from __future__ import annotations

import copy
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from phoihop.cases import enclosures, kinds, limits
from phoihop.cases.choices import DeadlineStep, DeadlineUnit, OpinionAnswer, RequestKind
from phoihop.core.choices import Clearance
from phoihop.core.models import Agency, User

DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


class CaseForm(forms.Form):
    """The case's own fields, then the chosen kind's (its spec's details form, merged in)."""

    kind = forms.CharField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Trích yếu"), max_length=limits.CASE_TITLE)
    summary = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=limits.CASE_SUMMARY,
    )
    subject_name = forms.CharField(
        label=_("Người liên quan"), max_length=limits.CASE_SUBJECT_NAME, required=False
    )
    classification = forms.TypedChoiceField(
        label=_("Độ mật"), choices=Clearance.choices, coerce=int, initial=0
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Cơ quan cùng xử lý (thấy toàn bộ hồ sơ)"),
        queryset=Agency.objects.filter(active=True).order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: Any = None, kind: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:  # the owner agency is not its own partner
            field = cast(forms.ModelMultipleChoiceField, self.fields["participants"])
            field.queryset = field.queryset.exclude(pk=user.agency_id)  # type: ignore[union-attr]
        self.spec = kinds.get_kind(kind if kind is not None and kinds.is_kind(kind) else kinds.default_code())
        self.fields["kind"].initial = self.spec.code
        self.details_names: list[str] = []
        if self.spec.details_form is not None:
            for name, extra in self.spec.details_form.base_fields.items():
                self.fields[name] = copy.deepcopy(extra)
                self.details_names.append(name)

    def clean_kind(self) -> str:
        return self.spec.code  # the kind the page was built for (chosen by `?kind=`)

    def service_arguments(self) -> dict[str, Any]:
        """cleaned_data split into the case's arguments and the kind's `details`."""
        data = dict(self.cleaned_data)
        details = {name: data.pop(name) for name in self.details_names if name in data}
        return {**data, "details": details}


class RequestForm(forms.Form):
    to_agency = forms.ModelChoiceField(
        label=_("Gửi đến"), queryset=Agency.objects.filter(active=True).order_by("code")
    )
    kind = forms.ChoiceField(label=_("Loại yêu cầu"), choices=RequestKind.choices)
    body = forms.CharField(
        label=_("Nội dung yêu cầu"), widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.REQUEST_BODY
    )
    days = forms.IntegerField(
        label=_("Thời hạn (số ngày)"),
        min_value=1,
        max_value=limits.PERIOD_DAYS,
        required=False,
        help_text=_("Để trống: theo quy tắc thời hạn của loại yêu cầu."),
    )
    unit = forms.ChoiceField(label=_("Đơn vị"), choices=DeadlineUnit.choices, required=False)
    documents = forms.MultipleChoiceField(
        label=_("Tài liệu gửi kèm"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Cơ quan nhận chỉ đọc được các tài liệu này (bản PDF đóng dấu người xem), trong thời hạn trả lời."
        ),
    )

    def __init__(self, *args: Any, user: Any = None, case: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:  # an agency does not send a request to itself
            field = cast(forms.ModelChoiceField, self.fields["to_agency"])
            field.queryset = field.queryset.exclude(pk=user.agency_id)  # type: ignore[union-attr]
        if case is not None:  # the request kinds the case's kind sends
            allowed = kinds.get_kind(case.kind).request_kinds
            kind = cast(forms.ChoiceField, self.fields["kind"])
            kind.choices = [(code, name) for code, name in RequestKind.choices if code in allowed]
        choices = enclosures.choices(user, case) if user is not None and case is not None else []
        if choices:
            cast(forms.MultipleChoiceField, self.fields["documents"]).choices = choices
        else:
            del self.fields["documents"]  # nothing of the case can go with a request

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("days") is None:
            data["unit"] = None  # the rule decides both
        return data


class RespondForm(forms.Form):
    answer = forms.ChoiceField(label=_("Ý kiến"), choices=[("", "—"), *OpinionAnswer.choices], required=False)
    response = forms.CharField(
        label=_("Nội dung trả lời"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limits.REQUEST_RESPONSE,
    )


class TransitionForm(forms.Form):
    name = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Lý do / kết quả"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.TRANSITION_REASON,
    )


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Số hoặc trích yếu"), required=False)
    # shown when more than one kind is registered
    kind = forms.ChoiceField(label=_("Loại hồ sơ"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)  # every kind's states (cases/kinds.py)
    agency = forms.CharField(label=_("Cơ quan chủ trì (mã)"), required=False, max_length=20)
    overdue = forms.BooleanField(label=_("Quá hạn"), required=False)
    opened_from = forms.DateField(
        label=_("Mở từ ngày"),
        required=False,
        input_formats=DATE_INPUT,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    opened_to = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        input_formats=DATE_INPUT,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = cast(forms.ChoiceField, self.fields["status"])
        status.choices = [("", _("Mọi trạng thái")), *kinds.all_states()]
        if len(kinds.kinds()) > 1:
            kind = cast(forms.ChoiceField, self.fields["kind"])
            kind.choices = [("", _("Mọi loại hồ sơ")), *kinds.choices()]
        else:
            del self.fields["kind"]


class ExtendForm(forms.Form):
    """The kind's rule bounds the days: `longest` is the rule's (`Period.longest_extension`), so the page
    refuses what the service refuses, with its message; the service checks it again."""

    days = forms.IntegerField(label=_("Gia hạn thêm (số ngày)"), min_value=1, max_value=limits.PERIOD_DAYS)
    reason = forms.CharField(label=_("Lý do gia hạn"), max_length=limits.REQUEST_REASON)
    decision = forms.CharField(label=_("Số quyết định gia hạn"), max_length=limits.DECISION, required=False)

    def __init__(self, *args: Any, longest: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if longest is not None:
            days = cast(forms.IntegerField, self.fields["days"])
            days.max_value = longest
            days.widget.attrs["max"] = str(longest)
            days.validators = [v for v in days.validators if not isinstance(v, MaxValueValidator)]
            days.validators.append(
                MaxValueValidator(longest, _("Mỗi lần gia hạn từ 1 đến %(limit_value)s ngày."))
            )


class CaseExtendForm(ExtendForm):
    decision = forms.CharField(label=_("Số quyết định gia hạn"), max_length=limits.DECISION)


class ClockReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=limits.REQUEST_REASON)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do rút yêu cầu"), max_length=limits.REQUEST_REASON)


class CaseEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Trích yếu"), max_length=limits.CASE_TITLE)
    summary = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=limits.CASE_SUMMARY,
    )
    subject_name = forms.CharField(
        label=_("Người liên quan"), max_length=limits.CASE_SUBJECT_NAME, required=False
    )
    lead_officer = forms.ModelChoiceField(label=_("Cán bộ chủ trì"), queryset=User.objects.none())

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officers = (
            User.objects.filter(
                agency_id=case.owner_agency_id,
                is_active=True,
                is_api_only=False,
                roles__code__in=["officer", "leader"],
            )
            .distinct()
            .order_by("full_name")
        )
        cast(forms.ModelChoiceField, self.fields["lead_officer"]).queryset = officers


class DeadlineRuleForm(forms.Form):
    kind = forms.ChoiceField(widget=forms.HiddenInput)  # a registered kind (choices set on each form)
    step = forms.ChoiceField(choices=DeadlineStep.choices, widget=forms.HiddenInput)
    days = forms.IntegerField(label=_("Số ngày"), min_value=1, max_value=limits.PERIOD_DAYS)
    unit = forms.ChoiceField(label=_("Đơn vị"), choices=DeadlineUnit.choices)
    max_extensions = forms.IntegerField(
        label=_("Số lần gia hạn tối đa"), min_value=0, max_value=limits.RULE_EXTENSIONS
    )
    max_extension_days = forms.IntegerField(
        label=_("Số ngày tối đa mỗi lần gia hạn"), min_value=1, max_value=limits.PERIOD_DAYS, required=False
    )
    basis = forms.CharField(label=_("Căn cứ"), max_length=limits.RULE_BASIS, required=False)
    reason = forms.CharField(label=_("Lý do thay đổi"), max_length=limits.RULE_REASON)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds.choices()


class TeamAddForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Cán bộ"), queryset=User.objects.none())

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = candidates
