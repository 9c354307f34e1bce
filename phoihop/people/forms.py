"""Forms of the people pages (shape only; the services own the rules)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Clearance
from phoihop.people.bases import DEFAULT_IMPORT_BASIS, case_source
from phoihop.people.choices import (
    ErasureMode,
    ForeignRelationKind,
    HoldOutcome,
    IdentifierField,
    ManagementLevel,
    PersonStatus,
    Relation,
    Sex,
    UnitKind,
)
from phoihop.people.models import PartyUnit, RegistrationBasis
from phoihop.people.selectors import active_bases

DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
    )


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo họ tên, năm sinh, số CCCD hoặc số thẻ đảng viên"), required=False, max_length=200
    )
    unit = forms.ModelChoiceField(
        label=_("Tổ chức đảng"), queryset=PartyUnit.objects.filter(valid_to__isnull=True), required=False
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"), choices=[("", _("Tất cả")), *PersonStatus.choices], required=False
    )


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    other_names = forms.CharField(
        label=_("Tên gọi khác"),
        max_length=300,
        required=False,
        help_text=_("Nhiều tên cách nhau bằng dấu phẩy."),
    )
    birth_date = _date(_("Ngày sinh"))
    birth_year = forms.IntegerField(
        label=_("Năm sinh (nếu không rõ ngày)"), required=False, min_value=1900, max_value=2100
    )
    sex = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Sex.choices], required=False)
    national_id = forms.CharField(label=_("Số CCCD"), max_length=20, required=False)
    party_card = forms.CharField(label=_("Số thẻ đảng viên"), max_length=20, required=False)
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=50, required=False)
    religion = forms.CharField(label=_("Tôn giáo"), max_length=50, required=False)
    home_town = forms.CharField(label=_("Quê quán"), max_length=200, required=False)
    residence = forms.CharField(label=_("Nơi ở hiện nay"), max_length=200, required=False)
    unit = forms.ModelChoiceField(
        label=_("Tổ chức đảng"), queryset=PartyUnit.objects.filter(valid_to__isnull=True), required=False
    )
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    management_level = forms.ChoiceField(
        label=_("Diện quản lý"), choices=ManagementLevel.choices, initial=ManagementLevel.NONE
    )
    party_joined_on = _date(_("Ngày vào Đảng"))
    party_official_on = _date(_("Ngày chính thức"))
    status = forms.ChoiceField(
        label=_("Tình trạng"), choices=PersonStatus.choices, initial=PersonStatus.MEMBER
    )
    classification = forms.TypedChoiceField(
        label=_("Độ mật của hồ sơ"), choices=Clearance.choices, coerce=int, initial=Clearance.NONE
    )


class CaseReferenceField(forms.CharField):
    """A case by its number (or id), found among the open cases the user may see when the form is cleaned. A
    list of every such case would be a select of thousands of options on every person page (issue 15: 2.4
    s)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)
        self.widget.attrs.update({"placeholder": "PH-2026-00001", "autocomplete": "off"})


class BasisFields(forms.Form):
    """Why the agency keeps this person: a basis from the
    list, or (the case basis) a case the user may see."""

    basis: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Căn cứ đăng ký"),
        queryset=None,
        help_text=_("Người ngoài Đảng chỉ được đăng ký theo một hồ sơ vụ việc."),
    )
    case = CaseReferenceField(
        label=_("Số hồ sơ vụ việc (khi đăng ký theo hồ sơ)"),
        required=False,
        help_text=_("Số của một hồ sơ đang xử lý mà bạn được xem."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        basis = cast(forms.ModelChoiceField, self.fields["basis"])
        basis.queryset = active_bases()
        self._user = user
        if case_source() is None:
            del self.fields["case"]

    def clean_case(self) -> Any:
        reference = (self.cleaned_data.get("case") or "").strip()
        if not reference:
            return None
        source = case_source()
        found = source.find(self._user, reference) if source is not None else None
        if found is None:
            raise forms.ValidationError(_("Không tìm thấy hồ sơ vụ việc đang xử lý mà bạn được xem."))
        return found


class PersonCreateForm(BasisFields, PersonForm):
    field_order = ["basis", "case"]  # first: why the agency keeps this person
    father_name = forms.CharField(label=_("Họ tên bố (để đối chiếu trùng)"), max_length=120, required=False)
    confirm_distinct = forms.BooleanField(
        label=_("Tôi đã xem các hồ sơ có thể trùng ở trên; đây là một người khác."), required=False
    )


class BasisAddForm(BasisFields):
    pass


class BasisEndForm(forms.Form):
    basis = forms.IntegerField(widget=forms.HiddenInput)
    on = _date(_("Kết thúc từ ngày"))


class RegistrationBasisForm(forms.Form):
    code = forms.CharField(
        label=_("Mã"),
        max_length=40,
        required=False,
        help_text=_("Chữ thường không dấu, chữ số, dấu gạch ngang; không đổi được sau khi tạo."),
    )
    label = forms.CharField(label=_("Tên căn cứ"), max_length=200)
    retention_months = forms.IntegerField(
        label=_("Thời hạn lưu sau khi hết căn cứ (tháng)"), min_value=0, max_value=1200
    )
    allows_non_members = forms.BooleanField(label=_("Áp dụng cho người ngoài Đảng"), required=False)
    active = forms.BooleanField(label=_("Đang áp dụng cho đăng ký mới"), required=False, initial=True)
    source = forms.CharField(label=_("Nguồn, căn cứ pháp lý"), max_length=300, required=False)


class RetentionForm(forms.Form):
    """The persons are the ticked boxes of the review list (`persons`, read by the view)."""

    mode = forms.ChoiceField(label=_("Cách xử lý"), choices=ErasureMode.choices)


class HoldForm(forms.Form):
    field = forms.ChoiceField(label=_("Loại số"), choices=IdentifierField.choices)
    number = forms.CharField(label=_("Số"), max_length=20)


class HoldResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả đối chiếu"), choices=HoldOutcome.choices)


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RelativeForm(forms.Form):
    relation = forms.ChoiceField(label=_("Quan hệ"), choices=Relation.choices)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False, min_value=1850, max_value=2100)
    nationality = forms.CharField(label=_("Quốc tịch"), max_length=60, initial="Việt Nam")
    residence = forms.CharField(label=_("Nơi ở"), max_length=200, required=False)
    occupation = forms.CharField(label=_("Nghề nghiệp"), max_length=200, required=False)
    political_history = forms.CharField(
        label=_("Lịch sử chính trị"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HistoryForm(forms.Form):
    period = forms.CharField(label=_("Thời gian"), max_length=50, help_text=_("Ví dụ: 09/1993 – 06/1997"))
    description = forms.CharField(label=_("Công tác, hoạt động"), max_length=500)
    place = forms.CharField(label=_("Nơi"), max_length=200, required=False)


class ForeignRelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ForeignRelationKind.choices)
    country = forms.CharField(label=_("Quốc gia"), max_length=100, required=False)
    description = forms.CharField(label=_("Nội dung"), max_length=500)
    since = forms.CharField(label=_("Từ"), max_length=30, required=False)


class MergeForm(forms.Form):
    other = forms.UUIDField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Căn cứ xác định là cùng một người"), widget=forms.Textarea(attrs={"rows": 2})
    )


class UndoMergeForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy hợp nhất"), max_length=500)


class UnitForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=40)
    name = forms.CharField(label=_("Tên tổ chức đảng"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=UnitKind.choices)
    valid_from = _date(_("Hiệu lực từ"))


class ImportForm(BasisFields):
    """The basis (and case) apply to rows whose file has no basis column, or leaves it empty."""

    field_order = ["file", "basis", "case", "dry_run", "skip_invalid", "accept_duplicates"]
    file = forms.FileField(label=_("Tệp CSV hoặc XLSX"))
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, chưa lưu"), required=False, initial=True)
    skip_invalid = forms.BooleanField(label=_("Lưu các dòng hợp lệ, bỏ qua dòng lỗi"), required=False)
    accept_duplicates = forms.BooleanField(label=_("Lưu cả dòng có thể trùng người đã có"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["basis"].label = _("Căn cứ đăng ký (cho các dòng không ghi cột căn cứ)")
        self.fields["basis"].initial = RegistrationBasis.objects.filter(code=DEFAULT_IMPORT_BASIS).first()
