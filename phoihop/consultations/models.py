"""The consultation kind's data: its types (rules as data), the consultation's details, its candidates, the
bodies it consults (each through one coordination request of kind "opinion") and their opinions, one per
body and candidate — the "occurrences" (lượt) the annual report counts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.cases.choices import DeadlineUnit
from phoihop.consultations.choices import Answer, Decision, Direction


class ConsultationType(models.Model):
    """Hiệp y, thỏa thuận, xin ý kiến, nhận xét cán bộ: the answer period and whether silence is consent."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    label = models.CharField(_("loại"), max_length=200)
    days = models.PositiveSmallIntegerField(_("thời hạn trả lời (số ngày)"), default=7)
    unit = models.CharField(
        _("đơn vị"), max_length=10, choices=DeadlineUnit.choices, default=DeadlineUnit.WORKING
    )
    silence_is_consent = models.BooleanField(_("không trả lời đúng hạn được coi là nhất trí"), default=False)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang áp dụng"), default=True)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    verified = models.BooleanField(_("đã kiểm chứng văn bản"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("loại hiệp y, xin ý kiến")
        verbose_name_plural = _("loại hiệp y, xin ý kiến")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label


class Consultation(models.Model):
    """The details of a consultation case: its type, direction, who asks and on what basis, and the asker's
    final decision."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, primary_key=True)
    type = models.ForeignKey(
        ConsultationType, verbose_name=_("loại"), on_delete=models.PROTECT, to_field="code", related_name="+"
    )
    direction = models.CharField(
        _("chiều"), max_length=3, choices=Direction.choices, default=Direction.OUTGOING
    )
    asking_body = models.CharField(_("cơ quan, tổ chức đề nghị"), max_length=200)
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    silence_is_consent = models.BooleanField(_("im lặng là nhất trí (theo loại, lúc mở)"), default=False)
    decision = models.CharField(_("quyết định"), max_length=12, choices=Decision.choices, blank=True)
    decision_note = models.TextField(_("nội dung quyết định"), blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hiệp y, xin ý kiến nhân sự")
        verbose_name_plural = _("hiệp y, xin ý kiến nhân sự")

    def __str__(self) -> str:
        return str(self.case_id)  # an identifier, never the case's title


class Candidate(models.Model):
    """A person from the registry the consultation is about, with the current and proposed position."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consultation_candidates")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    current_position = models.CharField(_("chức vụ hiện tại"), max_length=200, blank=True)
    proposed_position = models.CharField(_("chức vụ dự kiến"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhân sự được hỏi ý kiến")
        verbose_name_plural = _("nhân sự được hỏi ý kiến")
        ordering = ["case", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="consult_candidate_once")]

    def __str__(self) -> str:
        return f"candidate {self.pk}"


class Consultee(models.Model):
    """A body asked for its opinion: one coordination request of kind "opinion" carries the question, its
    deadline (the type's period, on the deadline clock) and the body's time-boxed grant to answer."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consultation_bodies")
    agency = models.ForeignKey("core.Agency", verbose_name=_("cơ quan được hỏi"), on_delete=models.PROTECT)
    request = models.OneToOneField(
        "cases.CoordinationRequest", on_delete=models.CASCADE, related_name="consultee"
    )

    class Meta:
        verbose_name = _("cơ quan được hỏi ý kiến")
        verbose_name_plural = _("cơ quan được hỏi ý kiến")
        ordering = ["case", "agency__code"]
        constraints = [models.UniqueConstraint(fields=["case", "agency"], name="consult_body_once")]

    def __str__(self) -> str:
        return f"consultee {self.pk}"


class Opinion(models.Model):
    """One body's answer about one candidate (an occurrence, lượt). `by_silence`: recorded automatically when
    the period ran out and the type counts silence as consent, with the rule that applied."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consultation_opinions")
    consultee = models.ForeignKey(Consultee, on_delete=models.CASCADE, related_name="opinions")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="opinions")
    answer = models.CharField(_("ý kiến"), max_length=10, choices=Answer.choices)
    reasons = models.TextField(_("lý do"), blank=True)
    by_silence = models.BooleanField(_("nhất trí do không trả lời đúng hạn"), default=False)
    rule = models.CharField(_("quy định áp dụng"), max_length=300, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("thời điểm"))

    class Meta:
        verbose_name = _("ý kiến")
        verbose_name_plural = _("ý kiến")
        ordering = ["case", "consultee", "candidate"]
        constraints = [
            models.UniqueConstraint(fields=["consultee", "candidate"], name="consult_opinion_once")
        ]

    def __str__(self) -> str:
        return f"opinion {self.pk}"
