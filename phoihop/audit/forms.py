"""The auditor's filter form (dates typed as dd/mm/yyyy)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.audit import registry
from phoihop.audit.models import Outcome

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class EventFilterForm(forms.Form):
    actor = forms.CharField(label=_("Người thực hiện (tên đăng nhập)"), required=False, max_length=150)
    agency = forms.CharField(label=_("Cơ quan (mã)"), required=False, max_length=20)
    action = forms.ChoiceField(label=_("Hành động"), required=False)
    outcome = forms.ChoiceField(
        label=_("Kết quả"), required=False, choices=[("", _("Mọi kết quả")), *Outcome.choices]
    )
    object_type = forms.CharField(label=_("Loại đối tượng"), required=False, max_length=64)
    object_id = forms.CharField(label=_("Mã đối tượng"), required=False, max_length=64)
    since = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    until = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["action"]).choices = [("", _("Mọi hành động"))] + [
            (t.code, f"{t.label} ({t.code})") for t in registry.all_types()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("“Từ ngày” phải trước hoặc bằng “Đến ngày”."))
        return data

    def selector_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        return {
            "actor": data.get("actor", "").strip(),
            "agency": data.get("agency", "").strip(),
            "action": data.get("action", ""),
            "outcome": data.get("outcome", ""),
            "object_type": data.get("object_type", "").strip(),
            "object_id": data.get("object_id", "").strip(),
            "since": datetime.combine(data["since"], time.min, tz) if data.get("since") else None,
            "until": datetime.combine(data["until"], time.min, tz) + timedelta(days=1)
            if data.get("until")
            else None,
        }
