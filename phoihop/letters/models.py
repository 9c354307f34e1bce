"""Complaint and denunciation letters (domain.md §2.2): each letter is a case of the kind "letter" with its
details here; its allegations, the persons and Party organisations it concerns (with their management level at
receipt), the identity vault of the receiving agency, the fingerprints intake matches duplicates by, the
matches a clerk decided, letters transferred between agencies, and the rules as administrator-edited data."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.cases.choices import DeadlineUnit
from phoihop.letters.choices import (
    Channel,
    CountsFrom,
    FileReason,
    Finding,
    IdentityStatus,
    LetterType,
    MatchKind,
    Missing,
    Outcome,
    Regime,
    Step,
)


class LetterRule(models.Model):
    """A period of a regime's letters (classify, transfer, resolve), per letter type or for every type
    (blank), with its extensions and its legal source; `verified` says whether the source was checked."""

    regime = models.CharField(_("chế độ"), max_length=10, choices=Regime.choices)
    letter_type = models.CharField(_("loại đơn"), max_length=20, choices=LetterType.choices, blank=True)
    step = models.CharField(_("bước"), max_length=10, choices=Step.choices)
    days = models.PositiveSmallIntegerField(_("số ngày"))
    unit = models.CharField(_("đơn vị"), max_length=10, choices=DeadlineUnit.choices)
    counts_from = models.CharField(
        _("tính từ"), max_length=12, choices=CountsFrom.choices, default=CountsFrom.RECEIPT
    )
    max_extensions = models.PositiveSmallIntegerField(_("số lần gia hạn tối đa"), default=0)
    extension_days = models.PositiveSmallIntegerField(_("số ngày mỗi lần gia hạn"), default=0)
    basis = models.CharField(_("căn cứ"), max_length=300)
    verified = models.BooleanField(_("đã kiểm chứng văn bản"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quy định thời hạn đơn thư")
        verbose_name_plural = _("quy định thời hạn đơn thư")
        ordering = ["regime", "step", "letter_type"]
        constraints = [
            models.UniqueConstraint(fields=["regime", "letter_type", "step"], name="letter_rule_once")
        ]

    def __str__(self) -> str:
        return f"{self.regime}/{self.letter_type or '*'}/{self.step}"


class LetterPolicy(models.Model):
    """What a regime resolves: letters signed by several people (Party: not resolved; State: yes, with a
    representative), the congress blackout window, with the sources."""

    regime = models.CharField(_("chế độ"), max_length=10, choices=Regime.choices, unique=True)
    several_signatories = models.BooleanField(_("giải quyết đơn nhiều người cùng ký"), default=False)
    blackout_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc trước đại hội không giải quyết"), default=0
    )
    basis = models.CharField(_("căn cứ"), max_length=300)
    verified = models.BooleanField(_("đã kiểm chứng văn bản"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quy định xử lý đơn thư")
        verbose_name_plural = _("quy định xử lý đơn thư")

    def __str__(self) -> str:
        return self.regime


class Letter(models.Model):
    """The letter kind's details: how it came, what it is, and how it was classified and handled. The case's
    summary is the redacted working copy; nothing here names the writer."""

    case = models.OneToOneField(
        "cases.Case", primary_key=True, on_delete=models.CASCADE, related_name="letter"
    )
    channel = models.CharField(_("nguồn đơn"), max_length=12, choices=Channel.choices)
    received_on = models.DateField(_("ngày nhận"))
    letter_type = models.CharField(_("loại đơn"), max_length=20, choices=LetterType.choices)
    regime = models.CharField(_("chế độ"), max_length=10, choices=Regime.choices)
    identity_status = models.CharField(_("người viết"), max_length=20, choices=IdentityStatus.choices)
    signatories = models.PositiveSmallIntegerField(_("số người ký"), default=1)
    subject_flags = models.JSONField(_("lĩnh vực"), default=list, blank=True)
    transferred_from = models.ForeignKey(
        "core.Agency",
        verbose_name=_("cơ quan chuyển đến"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transfer_slip = models.CharField(_("số phiếu chuyển"), max_length=50, blank=True)
    classify_due = models.DateField(_("hạn phân loại"), null=True, blank=True)
    processable = models.BooleanField(_("đủ điều kiện xử lý"), null=True, blank=True)
    missing = models.CharField(_("thiếu"), max_length=12, choices=Missing.choices, blank=True)
    outcome = models.CharField(_("hướng xử lý"), max_length=12, choices=Outcome.choices, blank=True)
    file_reason = models.CharField(_("lý do lưu"), max_length=20, choices=FileReason.choices, blank=True)
    new_evidence = models.BooleanField(_("có tình tiết mới"), null=True, blank=True)
    classified_on = models.DateField(_("ngày phân loại"), null=True, blank=True)
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    transferred_to = models.ForeignKey(
        "core.Agency",
        verbose_name=_("đã chuyển đến"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transfer_slip_out = models.CharField(_("số phiếu chuyển đi"), max_length=50, blank=True)
    transferred_on = models.DateField(_("ngày chuyển"), null=True, blank=True)
    result_on = models.DateField(_("ngày nhận kết quả"), null=True, blank=True)
    measures = models.TextField(_("kiến nghị, biện pháp xử lý"), blank=True)
    discipline = models.BooleanField(_("kiến nghị xem xét kỷ luật"), default=False)

    class Meta:
        verbose_name = _("đơn thư")
        verbose_name_plural = _("đơn thư")
        indexes = [
            models.Index(fields=["received_on"], name="letter_received_idx"),
            models.Index(fields=["letter_type", "outcome"], name="letter_type_outcome_idx"),
        ]

    def __str__(self) -> str:
        return str(self.case_id)


class Allegation(models.Model):
    """One item (nội dung) of a letter, concluded on its own, citing the findings and their source."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="allegations")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("nội dung"))
    finding = models.CharField(_("kết luận"), max_length=10, choices=Finding.choices, blank=True)
    findings = models.TextField(_("kết quả xác minh"), blank=True)
    sources = models.TextField(_("nguồn, căn cứ"), blank=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("nội dung đơn")
        verbose_name_plural = _("nội dung đơn")
        ordering = ["case", "position"]
        constraints = [models.UniqueConstraint(fields=["case", "position"], name="allegation_position_once")]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.position}"


class Explanation(models.Model):
    """The explanation (giải trình) of the person concerned, recorded before the letter is concluded."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="explanations")
    text = models.TextField(_("nội dung giải trình"))
    given_on = models.DateField(_("ngày giải trình"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giải trình")
        verbose_name_plural = _("giải trình")
        ordering = ["case", "given_on", "recorded_at"]

    def __str__(self) -> str:
        return str(self.id)


class Concerned(models.Model):
    """A person (from the registry) or a Party organisation a letter concerns, with the person's management
    level when the letter was received (it may change later)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="concerned")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    party_unit = models.ForeignKey(
        "people.PartyUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    management_level = models.CharField(_("diện quản lý khi nhận đơn"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("người, tổ chức bị phản ánh")
        verbose_name_plural = _("người, tổ chức bị phản ánh")
        indexes = [models.Index(fields=["person", "case"], name="letter_concerned_person_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, party_unit__isnull=True)
                | models.Q(person__isnull=True, party_unit__isnull=False),
                name="concerned_person_or_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.person_id or self.party_unit_id}"

    @property
    def management_level_label(self) -> str:
        from phoihop.people.choices import ManagementLevel

        level = self.management_level
        return str(ManagementLevel(level).label) if level in ManagementLevel.values else level


class Writer(models.Model):
    """A writer of a letter, in the receiving agency's identity vault: name, address, contact and notes sealed
    with AES-256-GCM (letters/vault.py); `key` is a keyed hash of the folded name and address that matches
    the same writer inside this agency's vault only. Read only through `vault_open`, by the vault role."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="writers")
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=1)
    representative = models.BooleanField(default=False)
    sealed = models.BinaryField()
    key = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("người viết đơn (kho danh tính)")
        verbose_name_plural = _("người viết đơn (kho danh tính)")
        ordering = ["case", "position"]
        indexes = [models.Index(fields=["agency", "key"], name="letter_writer_key_idx")]

    def __str__(self) -> str:
        return str(self.id)


class VaultFile(models.Model):
    """The original scan (or a handwriting image) of a letter, sealed in the vault with its name."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="vault_files")
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    sealed_name = models.BinaryField()
    sealed = models.BinaryField()
    mime = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bản gốc đơn (kho danh tính)")
        verbose_name_plural = _("bản gốc đơn (kho danh tính)")

    def __str__(self) -> str:
        return str(self.id)


class VaultRead(models.Model):
    """Who opened a letter's vault, when and why (the reason is kept here; the audit event names this row)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="vault_reads")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("lý do"))
    purpose = models.CharField(max_length=10, default="read")  # read, match (same-writer search)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lượt mở kho danh tính")
        verbose_name_plural = _("lượt mở kho danh tính")
        ordering = ["-at"]

    def __str__(self) -> str:
        return str(self.id)


class Fingerprint(models.Model):
    """What intake matches a letter by, across agencies: the MinHash signature of its folded allegations and
    the persons it concerns (letters/matching.py). Never the writer. Read only by the matching service, which
    reveals of another agency's letter its agency, number and date."""

    case = models.OneToOneField(
        "cases.Case", primary_key=True, on_delete=models.CASCADE, related_name="fingerprint"
    )
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=20)
    received_on = models.DateField()
    concluded = models.BooleanField(default=False)
    signature = models.BinaryField()
    persons = models.JSONField(default=list)

    class Meta:
        verbose_name = _("dấu vân nội dung đơn")
        verbose_name_plural = _("dấu vân nội dung đơn")

    def __str__(self) -> str:
        return self.number


class Band(models.Model):
    """One locality-sensitive band key of a fingerprint: letters sharing a key are candidates."""

    id = models.BigAutoField(primary_key=True)
    key = models.BigIntegerField()
    fingerprint = models.ForeignKey(Fingerprint, on_delete=models.CASCADE, related_name="bands")

    class Meta:
        indexes = [models.Index(fields=["key", "fingerprint"], name="letter_band_key_idx")]

    def __str__(self) -> str:
        return str(self.key)


class Match(models.Model):
    """A letter intake found related to a new one, and what the clerk decided (linked or overridden)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="letter_matches")
    other = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("quan hệ"), max_length=20, choices=MatchKind.choices)
    score = models.FloatField(default=0)
    linked = models.BooleanField(_("đã liên kết"), null=True, blank=True)  # None: not decided yet
    new_evidence = models.BooleanField(_("có tình tiết mới"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đơn liên quan")
        verbose_name_plural = _("đơn liên quan")
        constraints = [models.UniqueConstraint(fields=["case", "other"], name="letter_match_once")]

    def __str__(self) -> str:
        return f"{self.case_id}→{self.other_id}"


class Transfer(models.Model):
    """A letter one agency transferred to another (once per content): the receiving agency's clerk takes it
    in (its intake pre-filled with the redacted copy, the identity sealed into its own vault); the sender
    keeps the slip and receives the result when the receiver concludes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="letter_transfers")
    from_agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(
        "core.Agency", verbose_name=_("chuyển đến"), on_delete=models.PROTECT, related_name="+"
    )
    slip = models.CharField(_("số phiếu chuyển"), max_length=50)
    sent_on = models.DateField(_("ngày chuyển"))
    received = models.OneToOneField(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="letter_received_from"
    )
    received_on = models.DateField(null=True, blank=True)
    concluded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("đơn chuyển giữa các cơ quan")
        verbose_name_plural = _("đơn chuyển giữa các cơ quan")
        ordering = ["-sent_on"]
        indexes = [models.Index(fields=["to_agency", "received"], name="letter_transfer_inbox_idx")]

    def __str__(self) -> str:
        return self.slip
