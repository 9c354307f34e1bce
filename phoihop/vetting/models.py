"""Political-standard vetting (domain.md §2.1): each vetting is a case of the kind "vetting" with its details
here — the person vetted (from the registry), the purpose, who asked and for what post, the dossier checklist,
the findings in the two groups of the regulation with their sources and the subject's explanations, the
verifiers sent to the residence and workplace, the appraisal and the conclusion. Batches vet the candidates of
a congress or an election to one hard deadline; a dispatch is one request per partner listing its candidates.
Purposes, checklists, validity periods and who concludes are administrator-edited data."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Clearance
from phoihop.people.choices import ManagementLevel
from phoihop.vetting.choices import (
    BatchState,
    Concluder,
    DispatchState,
    DossierStatus,
    FindingGroup,
    ReplyFinding,
    SourceKind,
    Verdict,
    VerifierPlace,
)


class Purpose(models.Model):
    """What a vetting is for (admission, appointment, congress personnel…), with how long its conclusion stays
    valid for reuse and the dossier it needs (ChecklistItem)."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    label = models.CharField(_("mục đích"), max_length=200)
    validity_months = models.PositiveSmallIntegerField(_("thời hạn sử dụng kết luận (tháng)"), default=12)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang áp dụng"), default=True)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    verified = models.BooleanField(_("đã kiểm chứng văn bản"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mục đích thẩm định")
        verbose_name_plural = _("mục đích thẩm định")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label


class ChecklistItem(models.Model):
    """A paper a purpose's dossier must hold (résumé 2C, diplomas, asset declaration…); `valid_months` > 0
    when the paper itself expires (a health certificate)."""

    purpose = models.ForeignKey(Purpose, on_delete=models.CASCADE, related_name="checklist")
    code = models.CharField(_("mã"), max_length=30)
    label = models.CharField(_("tài liệu"), max_length=200)
    valid_months = models.PositiveSmallIntegerField(_("hiệu lực (tháng, 0: không hạn)"), default=0)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tài liệu bắt buộc")
        verbose_name_plural = _("tài liệu bắt buộc")
        ordering = ["purpose", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["purpose", "code"], name="checklist_item_once")]

    def __str__(self) -> str:
        return self.label


class ConcluderRule(models.Model):
    """Who concludes a vetting, by the subject's management level: the Standing Committee for the cadres it
    manages (the Board submits and records its decision), the Board's leader otherwise."""

    management_level = models.CharField(
        _("diện quản lý"), max_length=20, choices=ManagementLevel.choices, unique=True
    )
    concluder = models.CharField(_("cấp kết luận"), max_length=10, choices=Concluder.choices)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cấp kết luận theo diện quản lý")
        verbose_name_plural = _("cấp kết luận theo diện quản lý")
        ordering = ["management_level"]

    def __str__(self) -> str:
        return f"{self.management_level}→{self.concluder}"


class VettingPolicy(models.Model):
    """The kind's other editable defaults (one row): the classification of a new vetting, how many working
    days before its deadline a case counts as at risk, and for how many months each discipline form is shown
    to the appraiser as live (advice: the competent body decides)."""

    default_classification = models.PositiveSmallIntegerField(
        _("độ mật mặc định"), choices=Clearance.choices, default=Clearance.MAT
    )
    at_risk_days = models.PositiveSmallIntegerField(_("cảnh báo trước hạn (ngày làm việc)"), default=3)
    reprimand_months = models.PositiveSmallIntegerField(_("khiển trách: lưu ý trong (tháng)"), default=12)
    warning_months = models.PositiveSmallIntegerField(_("cảnh cáo: lưu ý trong (tháng)"), default=18)
    removal_months = models.PositiveSmallIntegerField(_("cách chức: lưu ý trong (tháng)"), default=24)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    verified = models.BooleanField(_("đã kiểm chứng văn bản"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quy định thẩm định")
        verbose_name_plural = _("quy định thẩm định")

    def __str__(self) -> str:
        return "vetting policy"


class Batch(models.Model):
    """The candidates of one congress or election, vetted to one hard deadline: the list is fixed when the
    batch is requested; its cases are created in the background (progress shown)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("tên đợt"), max_length=200)
    purpose = models.ForeignKey(
        Purpose, verbose_name=_("mục đích"), on_delete=models.PROTECT, related_name="+"
    )
    requesting_body = models.CharField(_("cơ quan đề nghị"), max_length=200)
    deadline = models.DateField(_("hạn cuối"))
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Clearance.choices, default=Clearance.MAT
    )
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    candidates = models.JSONField(default=list)  # [{"person": uuid, "position": text}], fixed when requested
    total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=BatchState.choices, default=BatchState.QUEUED
    )
    failure = models.CharField(max_length=300, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đợt thẩm định")
        verbose_name_plural = _("đợt thẩm định")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return str(self.pk)

    @property
    def percent(self) -> int:
        if self.state == BatchState.READY:
            return 100
        return 100 * self.created // self.total if self.total else 0

    @property
    def running(self) -> bool:
        return self.state in (BatchState.QUEUED, BatchState.CREATING)


class Vetting(models.Model):
    """The vetting kind's details: who is vetted, for what, asked by whom, and the appraisal and conclusion.
    The person is the case's subject (from the registry); their management level is kept as it was when the
    vetting opened (it decides who concludes)."""

    case = models.OneToOneField(
        "cases.Case", primary_key=True, on_delete=models.CASCADE, related_name="vetting"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("người được thẩm định"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.ForeignKey(
        Purpose, verbose_name=_("mục đích"), on_delete=models.PROTECT, related_name="+"
    )
    requesting_body = models.CharField(_("cơ quan đề nghị"), max_length=200)
    requested_position = models.CharField(_("chức vụ dự kiến"), max_length=200, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    deadline = models.DateField(_("hạn trả lời cơ quan đề nghị"), null=True, blank=True)
    management_level = models.CharField(
        _("diện quản lý"), max_length=20, choices=ManagementLevel.choices, blank=True
    )
    concluder = models.CharField(_("cấp kết luận"), max_length=10, choices=Concluder.choices)
    batch = models.ForeignKey(
        Batch, verbose_name=_("đợt"), null=True, blank=True, on_delete=models.PROTECT, related_name="vettings"
    )
    history_issue = models.BooleanField(_("có vấn đề về lịch sử chính trị"), null=True, blank=True)
    current_issue = models.BooleanField(_("có vấn đề về chính trị hiện nay"), null=True, blank=True)
    verdict = models.CharField(_("kết luận"), max_length=15, choices=Verdict.choices, blank=True)
    reasons = models.TextField(_("lý do"), blank=True)
    appraised_on = models.DateField(_("ngày thẩm định"), null=True, blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_on = models.DateField(_("ngày lãnh đạo duyệt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approval_comment = models.TextField(_("ý kiến của lãnh đạo"), blank=True)
    decision_number = models.CharField(
        _("số quyết định, thông báo của Ban Thường vụ"), max_length=50, blank=True
    )
    decision_on = models.DateField(_("ngày Ban Thường vụ quyết định"), null=True, blank=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    valid_until = models.DateField(_("kết luận có giá trị đến"), null=True, blank=True)
    reused_from = models.ForeignKey(
        "self",
        verbose_name=_("dùng lại kết luận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reuse_justification = models.TextField(_("lý do dùng lại kết luận"), blank=True)

    class Meta:
        verbose_name = _("thẩm định tiêu chuẩn chính trị")
        verbose_name_plural = _("thẩm định tiêu chuẩn chính trị")
        indexes = [
            models.Index(fields=["person", "concluded_on"], name="vetting_person_idx"),
            models.Index(fields=["batch"], name="vetting_batch_idx"),
            models.Index(fields=["purpose", "verdict"], name="vetting_purpose_verdict_idx"),
        ]

    def __str__(self) -> str:
        return str(self.case_id)


class DossierItem(models.Model):
    """One paper of the checklist in one vetting: received (with its date and, if it expires, its expiry),
    missing or expired."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="dossier")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=DossierStatus.choices, default=DossierStatus.MISSING
    )
    received_on = models.DateField(_("ngày nhận"), null=True, blank=True)
    expires_on = models.DateField(_("hết hiệu lực"), null=True, blank=True)

    class Meta:
        verbose_name = _("tài liệu hồ sơ thẩm định")
        verbose_name_plural = _("tài liệu hồ sơ thẩm định")
        ordering = ["case", "item__position", "item__code"]
        constraints = [models.UniqueConstraint(fields=["case", "item"], name="dossier_item_once")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.item_id}"


class Finding(models.Model):
    """What verification found, in one of the two groups, with its structured flags and its source — a
    partner's reply in this case, a document of this case, a dossier paper or a verifier's report — so the
    conclusion can be traced."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="vetting_findings")
    group = models.CharField(_("nhóm"), max_length=10, choices=FindingGroup.choices)
    flags = models.JSONField(_("đánh dấu"), default=list, blank=True)
    text = models.TextField(_("nội dung"))
    source_kind = models.CharField(_("loại nguồn"), max_length=10, choices=SourceKind.choices)
    source_request = models.ForeignKey(
        "cases.CoordinationRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_note = models.CharField(_("nguồn"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả thẩm tra")
        verbose_name_plural = _("kết quả thẩm tra")
        ordering = ["case", "group", "recorded_at"]

    def __str__(self) -> str:
        return str(self.pk)


class FindingExplanation(models.Model):
    """The subject's own explanation (giải trình) of a finding."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="explanations")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("nội dung giải trình"))
    given_on = models.DateField(_("ngày giải trình"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giải trình của người được thẩm định")
        verbose_name_plural = _("giải trình của người được thẩm định")
        ordering = ["finding", "given_on", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.finding_id}@{self.given_on}"


class Verifier(models.Model):
    """A person sent to verify at the subject's residence or workplace (from the registry): never the subject
    nor a close relative of the subject (checked when assigned)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="verifiers")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("nơi xác minh"), max_length=10, choices=VerifierPlace.choices)
    unit = models.ForeignKey(
        "people.PartyUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_on = models.DateField(_("ngày giao"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("người đi xác minh")
        verbose_name_plural = _("người đi xác minh")
        ordering = ["case", "assigned_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="verifier_once")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.person_id}"


class Dispatch(models.Model):
    """One request to one partner listing the batch's candidates: behind it, one coordination request per
    candidate's case (so each answer lands in its case and can be cited by a finding), answered together
    from the partner's inbox."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="dispatches")
    to_agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("nội dung yêu cầu"))
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=DispatchState.choices, default=DispatchState.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    failure = models.CharField(max_length=300, blank=True)
    due_on = models.DateField(_("hạn trả lời"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("yêu cầu thẩm tra theo đợt")
        verbose_name_plural = _("yêu cầu thẩm tra theo đợt")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return str(self.pk)

    @property
    def percent(self) -> int:
        if self.state == DispatchState.SENT:
            return 100
        return 100 * self.sent // self.total if self.total else 0

    @property
    def running(self) -> bool:
        return self.state in (DispatchState.QUEUED, DispatchState.SENDING)


class DispatchItem(models.Model):
    """One candidate of a dispatch: the coordination request in that candidate's case, and the partner's
    answer code (the words are the request's response)."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="items")
    request = models.OneToOneField("cases.CoordinationRequest", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()
    reply = models.CharField(_("trả lời"), max_length=10, choices=ReplyFinding.choices, blank=True)

    class Meta:
        verbose_name = _("ứng viên trong yêu cầu theo đợt")
        verbose_name_plural = _("ứng viên trong yêu cầu theo đợt")
        ordering = ["dispatch", "position"]
        constraints = [models.UniqueConstraint(fields=["dispatch", "position"], name="dispatch_item_once")]

    def __str__(self) -> str:
        return f"{self.dispatch_id}#{self.position}"
