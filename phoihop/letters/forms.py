"""Forms of the letters kind: the details the new-letter page and `case_open` check (the kind's fields, its
allegations, the writers for the vault, the Party organisations concerned, a transfer being taken in), and the
forms of classification, conclusion, the vault, related-letter decisions, the register's filters and the
rules."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.cases.choices import DeadlineUnit
from phoihop.core.models import Agency
from phoihop.letters import limits
from phoihop.letters.choices import (
    Channel,
    CountsFrom,
    FileReason,
    Finding,
    IdentityStatus,
    LetterType,
    Missing,
    Outcome,
    Regime,
    Step,
    SubjectFlag,
)


class TextListField(forms.Field):
    """A list of texts: a JSON list (API), a list (service callers) or one text per non-empty paragraph
    separated by a blank line (a page's textarea)."""

    def __init__(self, *, max_items: int, max_length: int, **kwargs: Any) -> None:
        self.max_items, self.max_length = max_items, max_length
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[str]:
        if value in (None, ""):
            return []
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace("\r\n", "\n").split("\n\n")]
        elif isinstance(value, (list, tuple)):
            if not all(isinstance(v, str) for v in value):
                raise ValidationError(_("Mỗi nội dung phải là một đoạn chữ."))
            parts = [v.strip() for v in value]
        else:
            raise ValidationError(_("Cần một danh sách nội dung."))
        return [p for p in parts if p]

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(value) > self.max_items:
            raise ValidationError(_("Tối đa %(n)d nội dung.") % {"n": self.max_items})
        for i, text in enumerate(value, 1):
            if len(text) > self.max_length:
                raise ValidationError(
                    _("Nội dung %(i)d dài quá %(n)d ký tự.") % {"i": i, "n": self.max_length}
                )


class WritersField(forms.Field):
    """The writers for the identity vault: a list of {name, address, contact, representative}."""

    def to_python(self, value: Any) -> list[dict[str, Any]]:
        if value in (None, "", []):
            return []
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise ValidationError(_("Danh sách người viết không đọc được.")) from None
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ValidationError(_("Danh sách người viết phải gồm các mục có họ tên, địa chỉ, liên hệ."))
        out = []
        for i, item in enumerate(value, 1):
            unknown = set(item) - {"name", "address", "contact", "representative"}
            if unknown:
                raise ValidationError(
                    _("Người viết %(i)d có trường không hợp lệ: %(f)s.")
                    % {"i": i, "f": ", ".join(sorted(unknown))}
                )
            row = {k: item.get(k, "") for k in ("name", "address", "contact")}
            if not all(isinstance(v, str) for v in row.values()):
                raise ValidationError(_("Họ tên, địa chỉ, liên hệ của người viết phải là chữ."))
            row = {k: v.strip() for k, v in row.items()}
            for key, most in (
                ("name", limits.WRITER_NAME),
                ("address", limits.WRITER_ADDRESS),
                ("contact", limits.WRITER_CONTACT),
            ):
                if len(row[key]) > most:
                    raise ValidationError(
                        _("Người viết %(i)d: trường quá dài (tối đa %(n)d ký tự).") % {"i": i, "n": most}
                    )
            row["representative"] = bool(item.get("representative", False))
            if any(row[k] for k in ("name", "address", "contact")):
                out.append(row)
        if len(out) > limits.WRITERS:
            raise ValidationError(_("Tối đa %(n)d người viết.") % {"n": limits.WRITERS})
        return out


class LetterDetailsForm(forms.Form):
    """The letter's own fields, checked by `case_open` for the page and the API alike (the engine keeps the
    model's fields; `letters.services.on_open` writes the rest: allegations, vault, organisations,
    fingerprint)."""

    channel = forms.ChoiceField(label=_("Nguồn đơn"), choices=Channel.choices)
    received_on = forms.DateField(
        label=_("Ngày nhận đơn"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    letter_type = forms.ChoiceField(label=_("Loại đơn"), choices=LetterType.choices)
    regime = forms.ChoiceField(label=_("Chế độ giải quyết"), choices=Regime.choices)
    identity_status = forms.ChoiceField(label=_("Người viết đơn"), choices=IdentityStatus.choices)
    signatories = forms.IntegerField(label=_("Số người cùng ký"), min_value=0, max_value=999, initial=1)
    subject_flags = forms.MultipleChoiceField(
        label=_("Lĩnh vực"), choices=SubjectFlag.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    transferred_from = forms.ModelChoiceField(
        label=_("Cơ quan chuyển đến"),
        queryset=Agency.objects.filter(active=True),
        required=False,
        to_field_name="code",
    )
    transfer_slip = forms.CharField(label=_("Số phiếu chuyển"), max_length=50, required=False)
    allegations = TextListField(
        label=_("Các nội dung đơn (mỗi nội dung một đoạn, cách nhau một dòng trống)"),
        max_items=limits.ALLEGATIONS,
        max_length=limits.ALLEGATION,
        required=True,
        error_messages={
            "required": _("Đơn phải có ít nhất một nội dung (phản ánh, tố cáo, khiếu nại cụ thể).")
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    writers = WritersField(label=_("Người viết (lưu vào kho danh tính)"), required=False)
    concerned_units = forms.CharField(
        label=_("Tổ chức đảng bị phản ánh (mã, cách nhau dấu phẩy)"), required=False, max_length=400
    )
    transfer = forms.UUIDField(required=False, widget=forms.HiddenInput)
    scan = forms.Field(
        required=False, widget=forms.HiddenInput
    )  # an uploaded file, from the intake page only

    def clean_scan(self) -> Any:
        scan = self.cleaned_data.get("scan")
        if scan in (None, ""):
            return None
        if not hasattr(scan, "read") or not hasattr(scan, "size"):
            raise ValidationError(_("Bản gốc đơn chỉ tải lên được từ trang tiếp nhận."))
        if scan.size > limits.SCAN_BYTES:
            raise ValidationError(_("Bản gốc lớn hơn %(n)d MB.") % {"n": limits.SCAN_BYTES // (1024 * 1024)})
        return scan

    def clean_received_on(self) -> Any:
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Ngày nhận đơn không thể sau hôm nay."))
        return day

    def clean_concerned_units(self) -> list[str]:
        raw = self.cleaned_data.get("concerned_units") or ""
        return [c.strip() for c in raw.split(",") if c.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel, status = data.get("channel"), data.get("identity_status")
        if channel == Channel.TRANSFERRED and not data.get("transferred_from"):
            self.add_error("transferred_from", _("Đơn do cơ quan khác chuyển đến: cần chọn cơ quan chuyển."))
        if channel == Channel.TRANSFERRED and not (data.get("transfer_slip") or "").strip():
            self.add_error("transfer_slip", _("Đơn do cơ quan khác chuyển đến: cần ghi số phiếu chuyển."))
        if channel != Channel.TRANSFERRED and data.get("transferred_from"):
            self.add_error(
                "transferred_from", _("Chỉ ghi cơ quan chuyển khi đơn do cơ quan khác chuyển đến.")
            )
        writers = data.get("writers") or []
        if (
            status == IdentityStatus.NAMED and not writers and not data.get("transfer")
        ):  # a transfer brings its own
            self.add_error("writers", _("Đơn có họ tên: cần ghi người viết để lưu vào kho danh tính."))
        if status in (IdentityStatus.ANONYMOUS, IdentityStatus.UNIDENTIFIABLE) and writers:
            self.add_error("writers", _("Đơn nặc danh hoặc không xác định người viết: không ghi người viết."))
        if data.get("signatories") is not None and writers and data["signatories"] < len(writers):
            self.add_error("signatories", _("Số người cùng ký không thể ít hơn số người viết đã ghi."))
        if sum(1 for w in writers if w.get("representative")) > 1:
            self.add_error("writers", _("Chỉ một người đại diện cho những người cùng ký."))
        return data


class ClassifyForm(forms.Form):
    processable = forms.TypedChoiceField(
        label=_("Đủ điều kiện xử lý"),
        choices=[("yes", _("Đủ điều kiện")), ("no", _("Không đủ điều kiện"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    missing = forms.ChoiceField(
        label=_("Thiếu yếu tố (khi không đủ điều kiện)"),
        choices=[("", "—"), *[c for c in Missing.choices if c[0]]],
        required=False,
    )
    outcome = forms.ChoiceField(label=_("Hướng xử lý"), choices=Outcome.choices, widget=forms.RadioSelect)
    to_agency = forms.ModelChoiceField(
        label=_("Chuyển đến cơ quan"),
        queryset=Agency.objects.filter(active=True),
        required=False,
        to_field_name="code",
    )
    slip = forms.CharField(label=_("Số phiếu chuyển"), max_length=50, required=False)
    file_reason = forms.ChoiceField(
        label=_("Lý do lưu đơn"), choices=[("", "—"), *FileReason.choices], required=False
    )
    new_evidence = forms.NullBooleanField(label=_("Tố cáo lại có tình tiết mới"), required=False)
    reason = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 2})
    )


class AllegationForm(forms.Form):
    finding = forms.ChoiceField(label=_("Kết luận"), choices=[c for c in Finding.choices if c[0]])
    findings = forms.CharField(
        label=_("Kết quả xác minh"), max_length=limits.FINDINGS, widget=forms.Textarea(attrs={"rows": 3})
    )
    sources = forms.CharField(
        label=_("Nguồn, căn cứ (tài liệu, trả lời của cơ quan phối hợp, giải trình)"),
        max_length=limits.SOURCES,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExplanationForm(forms.Form):
    explanation = forms.CharField(
        label=_("Giải trình của người bị phản ánh"),
        max_length=limits.FINDINGS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    given_on = forms.DateField(
        label=_("Ngày giải trình"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ConcludeForm(forms.Form):
    conclusion = forms.CharField(
        label=_("Kết luận chung"), max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 3})
    )
    measures = forms.CharField(
        label=_("Kiến nghị, biện pháp xử lý"),
        max_length=limits.NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    discipline = forms.BooleanField(
        label=_("Kiến nghị xem xét kỷ luật (sẽ lập thông báo kỷ luật)"), required=False
    )


class VaultOpenForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở kho danh tính"),
        min_length=10,
        max_length=limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "min_length": _("Lý do mở kho danh tính cần cụ thể (ít nhất %(limit_value)d ký tự).")
        },
    )


class MatchDecisionForm(forms.Form):
    linked = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("yes", _("Liên kết")), ("no", _("Không liên quan"))],
        coerce=lambda v: v == "yes",
    )
    new_evidence = forms.NullBooleanField(label=_("Có tình tiết mới"), required=False)


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=100)
    letter_type = forms.ChoiceField(
        label=_("Loại đơn"), choices=[("", _("Tất cả")), *LetterType.choices], required=False
    )
    regime = forms.ChoiceField(
        label=_("Chế độ"), choices=[("", _("Tất cả")), *Regime.choices], required=False
    )
    outcome = forms.ChoiceField(
        label=_("Hướng xử lý"),
        choices=[("", _("Tất cả")), ("none", _("Chưa phân loại")), *Outcome.choices],
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("Nguồn"), choices=[("", _("Tất cả")), *Channel.choices], required=False
    )
    received_from = forms.DateField(
        label=_("Nhận từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    received_to = forms.DateField(
        label=_("đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    overdue = forms.BooleanField(label=_("Quá hạn phân loại"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("received_from")
            and data.get("received_to")
            and data["received_from"] > data["received_to"]
        ):
            self.add_error("received_to", _("Ngày cuối phải sau ngày đầu."))
        return data


class RuleForm(forms.Form):
    regime = forms.ChoiceField(choices=Regime.choices)
    letter_type = forms.ChoiceField(choices=[("", _("Mọi loại đơn")), *LetterType.choices], required=False)
    step = forms.ChoiceField(choices=Step.choices)
    days = forms.IntegerField(label=_("Số ngày"), min_value=1, max_value=365)
    unit = forms.ChoiceField(label=_("Đơn vị"), choices=DeadlineUnit.choices)
    counts_from = forms.ChoiceField(label=_("Tính từ"), choices=CountsFrom.choices)
    max_extensions = forms.IntegerField(label=_("Số lần gia hạn"), min_value=0, max_value=5)
    extension_days = forms.IntegerField(label=_("Số ngày mỗi lần gia hạn"), min_value=0, max_value=365)
    basis = forms.CharField(label=_("Căn cứ"), max_length=300)
    verified = forms.BooleanField(label=_("Đã kiểm chứng văn bản"), required=False)


class IntakeForm(forms.Form):
    """The intake page: the case's working copy (redacted), the letter's fields, the persons concerned found
    in the registry, up to three writers for the vault, and the original scan (sealed in the vault)."""

    title = forms.CharField(label=_("Trích yếu (không ghi tên người viết)"), max_length=300)
    summary = forms.CharField(
        label=_("Tóm tắt bản làm việc (đã xóa danh tính người viết)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    subject_name = forms.CharField(
        label=_("Người bị phản ánh (nếu chưa có trong sổ đăng ký)"), required=False, max_length=200
    )
    classification = forms.TypedChoiceField(label=_("Độ mật"), choices=[], coerce=int, initial=1)
    person_q = forms.CharField(
        label=_("Tìm người bị phản ánh trong sổ đăng ký"), required=False, max_length=200
    )
    persons = forms.MultipleChoiceField(
        label=_("Người bị phản ánh"), required=False, widget=forms.CheckboxSelectMultiple
    )
    scan = forms.FileField(label=_("Bản gốc đơn (lưu vào kho danh tính)"), required=False)

    WRITER_ROWS = 3
    MULTIPLE = ("persons", "subject_flags")  # fields posted as several values

    def __init__(self, *args: Any, person_choices: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        from phoihop.core.choices import Clearance

        super().__init__(*args, **kwargs)
        for name, field in LetterDetailsForm.base_fields.items():
            if name not in ("writers", "transfer", "scan"):
                self.fields[name] = field.__deepcopy__({})
        self.fields["transfer"] = forms.UUIDField(required=False, widget=forms.HiddenInput)
        cast_field = self.fields["classification"]
        cast_field.choices = Clearance.choices  # type: ignore[attr-defined]
        self.fields["persons"].choices = list(person_choices)  # type: ignore[attr-defined]
        for i in range(1, self.WRITER_ROWS + 1):
            self.fields[f"writer{i}_name"] = forms.CharField(
                label=_("Người viết %(i)d — họ tên") % {"i": i}, required=False, max_length=limits.WRITER_NAME
            )
            self.fields[f"writer{i}_address"] = forms.CharField(
                label=_("địa chỉ"), required=False, max_length=limits.WRITER_ADDRESS
            )
            self.fields[f"writer{i}_contact"] = forms.CharField(
                label=_("liên hệ"), required=False, max_length=limits.WRITER_CONTACT
            )
        self.fields["representative"] = forms.TypedChoiceField(
            label=_("Người đại diện (khi nhiều người cùng ký)"),
            required=False,
            coerce=int,
            empty_value=None,
            choices=[(0, "—")]
            + [(i, _("Người viết %(i)d") % {"i": i}) for i in range(1, self.WRITER_ROWS + 1)],
        )

    def writer_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"writer{i}_name"], self[f"writer{i}_address"], self[f"writer{i}_contact"])
            for i in range(1, self.WRITER_ROWS + 1)
        ]

    def details(self) -> dict[str, Any]:
        """The details as case_open takes them (its form checks them again, with the writers)."""
        data = self.cleaned_data
        writers = [
            {
                "name": data.get(f"writer{i}_name", ""),
                "address": data.get(f"writer{i}_address", ""),
                "contact": data.get(f"writer{i}_contact", ""),
                "representative": data.get("representative") == i,
            }
            for i in range(1, self.WRITER_ROWS + 1)
        ]
        keys = [n for n in LetterDetailsForm.base_fields if n not in ("writers",)]
        out = {k: data.get(k) for k in keys}
        out["transferred_from"] = data["transferred_from"].code if data.get("transferred_from") else None
        out["concerned_units"] = data.get("concerned_units") or ""
        out["writers"] = [w for w in writers if w["name"] or w["address"] or w["contact"]]
        out["scan"] = data.get("scan")
        return out
