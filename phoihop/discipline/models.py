"""Discipline notices (domain.md §2.3): each notice is a case of the kind "discipline" with its details here —
who is disciplined (a registered person, with their management level, post and Party unit as they were when
the notice came, or a Party organisation), the violation, the sanction from the sanction matrix, the deciding
body, the decision and its dates, the appeal window and outcome, the State-side measures — and the bodies that
must acknowledge it. Recording a notice writes the person's `people.DisciplineRecord`, which every later
vetting and consultation about the person shows. Sanctions, the bodies to notify and the periods are
administrator-edited data with their sources (`rules.py`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Clearance
from phoihop.discipline.choices import AppealOutcome, DecidingLevel, Origin, Regime, SubjectType
from phoihop.people.choices import ManagementLevel


class Sanction(models.Model):
    """A form of discipline and to whom it may apply (the sanction matrix): Party sanctions for members,
    probationary members and organisations, State sanctions of a cadre who is a Party member; whether it needs
    a post held (removal from post); its limitation period as advice (none: no limitation)."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    label = models.CharField(_("hình thức"), max_length=100)
    regime = models.CharField(_("loại kỷ luật"), max_length=10, choices=Regime.choices)
    for_member = models.BooleanField(_("áp dụng với đảng viên chính thức"), default=True)
    for_probationary = models.BooleanField(_("áp dụng với đảng viên dự bị"), default=False)
    for_organisation = models.BooleanField(_("áp dụng với tổ chức đảng"), default=False)
    needs_post = models.BooleanField(_("chỉ áp dụng với người đang giữ chức vụ"), default=False)
    limitation_years = models.PositiveSmallIntegerField(
        _("thời hiệu xử lý (năm; trống: không áp dụng)"), null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang áp dụng"), default=True)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    verified = models.BooleanField(_("đã kiểm chứng văn bản"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hình thức kỷ luật")
        verbose_name_plural = _("hình thức kỷ luật")
        ordering = ["regime", "position", "code"]

    def __str__(self) -> str:
        return self.label


class NotifyBody(models.Model):
    """A body that must know of a recorded discipline (the person's Party unit, the Board's cadre
    department…): each recorded notice gets one acknowledgement to collect per active row."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    label = models.CharField(_("nơi cần nắm"), max_length=200)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang áp dụng"), default=True)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("nơi cần nắm thông báo kỷ luật")
        verbose_name_plural = _("nơi cần nắm thông báo kỷ luật")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label


class DisciplinePolicy(models.Model):
    """The kind's other editable defaults (one row): the appeal window, the State body's period to notify the
    Party organisation, when to remind before the appeal window ends, a new notice's classification."""

    appeal_days = models.PositiveSmallIntegerField(
        _("thời hạn khiếu nại (ngày, kể từ khi nhận quyết định)"), default=30
    )
    state_appeal_days = models.PositiveSmallIntegerField(
        _("thời hạn khiếu nại kỷ luật chính quyền (ngày)"), default=15
    )
    state_notice_days = models.PositiveSmallIntegerField(
        _("cơ quan nhà nước thông báo cho tổ chức đảng trong (ngày)"), default=5
    )
    remind_days = models.PositiveSmallIntegerField(_("nhắc trước khi hết hạn khiếu nại (ngày)"), default=5)
    default_classification = models.PositiveSmallIntegerField(
        _("độ mật mặc định"), choices=Clearance.choices, default=Clearance.MAT
    )
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    verified = models.BooleanField(_("đã kiểm chứng văn bản"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quy định thông báo kỷ luật")
        verbose_name_plural = _("quy định thông báo kỷ luật")

    def __str__(self) -> str:
        return "discipline policy"


class DisciplineNotice(models.Model):
    """A discipline notice's own fields (the case's details)."""

    case = models.OneToOneField(
        "cases.Case", primary_key=True, on_delete=models.CASCADE, related_name="discipline_notice"
    )
    origin = models.CharField(_("nguồn thông báo"), max_length=10, choices=Origin.choices)
    subject_type = models.CharField(_("đối tượng"), max_length=15, choices=SubjectType.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("người bị kỷ luật"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.CharField(_("tổ chức đảng bị kỷ luật"), max_length=200, blank=True)
    # the person as they were when the notice came (the registry may change later)
    management_level = models.CharField(
        _("diện quản lý"), max_length=20, choices=ManagementLevel.choices, blank=True
    )
    post = models.CharField(_("chức vụ"), max_length=200, blank=True)
    unit = models.CharField(_("tổ chức đảng nơi sinh hoạt"), max_length=200, blank=True)
    party_post = models.CharField(_("chức vụ trong Đảng đang giữ"), max_length=200, blank=True)
    violation = models.TextField(_("tóm tắt vi phạm"))
    violated_on = models.DateField(_("ngày vi phạm"), null=True, blank=True)
    restarted_on = models.DateField(_("ngày có vi phạm mới (tính lại thời hiệu)"), null=True, blank=True)
    no_limitation = models.BooleanField(_("vi phạm thuộc trường hợp không áp dụng thời hiệu"), default=False)
    sanction = models.ForeignKey(
        Sanction, verbose_name=_("hình thức kỷ luật"), on_delete=models.PROTECT, related_name="+"
    )
    deciding_level = models.CharField(_("cấp quyết định"), max_length=15, choices=DecidingLevel.choices)
    deciding_body = models.CharField(_("cơ quan, tổ chức quyết định"), max_length=200)
    decision_number = models.CharField(_("số quyết định"), max_length=50)
    decided_on = models.DateField(_("ngày quyết định"))
    effective_on = models.DateField(_("ngày có hiệu lực"))
    served_on = models.DateField(_("ngày người bị kỷ luật nhận quyết định"), null=True, blank=True)
    received_on = models.DateField(_("ngày nhận thông báo"))
    state_measures = models.TextField(_("biện pháp xử lý về chính quyền, đoàn thể"), blank=True)
    record = models.OneToOneField(
        "people.DisciplineRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="notice"
    )
    recorded_on = models.DateField(_("ngày cập nhật vào hồ sơ"), null=True, blank=True)
    appeal_filed_on = models.DateField(_("ngày khiếu nại"), null=True, blank=True)
    appeal_late_reason = models.TextField(_("lý do nhận khiếu nại quá hạn"), blank=True)
    appeal_outcome = models.CharField(
        _("kết quả giải quyết khiếu nại"), max_length=10, choices=AppealOutcome.choices, blank=True
    )
    appeal_decided_on = models.DateField(_("ngày giải quyết khiếu nại"), null=True, blank=True)
    appeal_body = models.CharField(_("cơ quan giải quyết khiếu nại"), max_length=200, blank=True)
    appeal_sanction = models.ForeignKey(
        Sanction,
        verbose_name=_("hình thức sau khi giải quyết khiếu nại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appeal_reasons = models.TextField(_("lý do, căn cứ giải quyết khiếu nại"), blank=True)

    class Meta:
        verbose_name = _("thông báo thi hành kỷ luật")
        verbose_name_plural = _("thông báo thi hành kỷ luật")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_on__gte=models.F("decided_on")),
                name="discipline_effective_after",
            )
        ]

    def __str__(self) -> str:
        return str(self.case_id)


class Acknowledgement(models.Model):
    """A body that must know of the discipline, and when it confirmed it knows."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="discipline_acks")
    body = models.ForeignKey(NotifyBody, on_delete=models.PROTECT, related_name="+")
    acknowledged_on = models.DateField(_("ngày xác nhận đã nắm"), null=True, blank=True)
    reference = models.CharField(_("văn bản, hình thức xác nhận"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["case", "body__position", "body__code"]
        constraints = [models.UniqueConstraint(fields=["case", "body"], name="discipline_ack_once")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.body_id}"
