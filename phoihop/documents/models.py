"""Documents attached to a case, a coordination request (or its reply) or a person's dossier; their encrypted
versions; number registers per issuer, document type and Party term; the classified-copy register."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Clearance
from phoihop.documents.choices import DocFormat, DocType, Extraction, PaperStatus


class Document(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    request = models.ForeignKey(
        "cases.CoordinationRequest", null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    is_reply = models.BooleanField(default=False)  # attached to the answer of `request`
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    doc_type = models.CharField(
        _("loại văn bản"), max_length=4, choices=DocType.choices, default=DocType.KHAC
    )
    title = models.CharField(_("trích yếu"), max_length=300)
    title_folded = models.CharField(max_length=300, editable=False, db_index=True)
    number_symbol = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Clearance.choices, default=Clearance.NONE
    )
    copy_number = models.PositiveSmallIntegerField(_("số bản"), null=True, blank=True)
    recall = models.BooleanField(_("tài liệu thu hồi"), default=False)
    owner_agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # case papers sent with a coordination request (e.g. the letter asking the partner to verify)
    carried_by = models.ManyToManyField(
        "cases.CoordinationRequest", through="RequestEnclosure", blank=True, related_name="carried_documents"
    )

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(person__isnull=False),
                name="document_attached_somewhere",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def current(self) -> DocumentVersion | None:
        return self.versions.filter(rendition="").order_by("-number").first()


class DocumentVersion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(default=1)
    rendition = models.CharField(max_length=10, blank=True)  # "pdf": a PDF rendering of the same version
    filename = models.CharField(_("tên tệp"), max_length=160)
    content_type = models.CharField(max_length=100)
    size = models.BigIntegerField()
    sha256 = models.CharField(
        max_length=64, db_index=True
    )  # of the plaintext: integrity and exact duplicates
    blob = models.CharField(max_length=200, unique=True)  # storage name of the encrypted bytes
    key_id = models.CharField(max_length=16)
    text = models.TextField(blank=True)
    text_folded = models.TextField(blank=True)
    extraction = models.CharField(max_length=10, choices=Extraction.choices, default=Extraction.PENDING)
    ocr_confidence = models.FloatField(null=True, blank=True)
    review_pages = models.CharField(max_length=200, blank=True)  # pages a person should check
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number", "rendition"], name="document_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.filename} (v{self.number})"


class RequestEnclosure(models.Model):
    """A case document a coordination request carries to its partner, chosen when the request is sent. The
    partner reads it only through the request's time-boxed grant, only as a PDF stamped with the reader, never
    changes it, and sees nothing else of the case."""

    request = models.ForeignKey(
        "cases.CoordinationRequest", on_delete=models.CASCADE, related_name="enclosures"
    )
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="enclosures")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "document"], name="enclosure_once")]

    def __str__(self) -> str:
        return f"{self.request_id}/{self.document_id}"


class NumberRegister(models.Model):
    """Outgoing numbers per issuer × regime × document type (or shared across types: doc_type blank) × period
    (a Party term or a State calendar year), with the State's classified documents in a series of their
    own."""

    issuer = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    regime = models.CharField(
        _("thể thức"), max_length=10, choices=DocFormat.choices, default=DocFormat.PARTY
    )
    doc_type = models.CharField(max_length=4, choices=DocType.choices, blank=True)
    term = models.CharField(_("nhiệm kỳ hoặc năm"), max_length=20)
    secret = models.BooleanField(_("sổ văn bản mật"), default=False)
    symbol = models.CharField(_("ký hiệu cơ quan"), max_length=30)  # e.g. BTCTU
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "regime", "doc_type", "term", "secret"], name="register_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id} {self.doc_type or '*'} {self.term}"


class IssuedNumber(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    register = models.ForeignKey(NumberRegister, on_delete=models.PROTECT, related_name="numbers")
    number = models.PositiveIntegerField()
    number_symbol = models.CharField(max_length=60)
    doc_type = models.CharField(max_length=4, choices=DocType.choices)
    document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="issued_number"
    )
    subject = models.CharField(max_length=300)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["register", "number"]
        constraints = [models.UniqueConstraint(fields=["register", "number"], name="issued_number_once")]

    def __str__(self) -> str:
        return self.number_symbol


class CopyRecord(models.Model):
    """The classified-document register: who received which copy, returned or not, destroyed with minutes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="copies")
    copy_number = models.PositiveSmallIntegerField()
    recipient = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    destroyed_at = models.DateTimeField(null=True, blank=True)
    minutes = models.CharField(_("biên bản"), max_length=300, blank=True)

    class Meta:
        ordering = ["document", "copy_number"]
        constraints = [models.UniqueConstraint(fields=["document", "copy_number"], name="copy_once")]

    def __str__(self) -> str:
        return f"{self.document_id} #{self.copy_number}"


class FormatRegime(models.Model):
    """The format rules of one regime — the Party's (Hướng dẫn 36-HD/VPTW) or the State's (Nghị định
    30/2020/NĐ-CP) — as data an administrator edits (documents/regimes.py holds the defaults and their
    sources; docs/official-documents.md the verification of each)."""

    code = models.CharField(max_length=10, choices=DocFormat.choices, unique=True)
    authority_marks = models.JSONField(_("dấu thẩm quyền ký"), default=dict)  # {"TM": "T/M", …}; "" unused
    number_prefix = models.CharField(_("chữ “Số”"), max_length=10)
    number_width = models.PositiveSmallIntegerField(_("số chữ số tối thiểu của số văn bản"), default=2)
    symbol_pattern = models.CharField(_("mẫu số, ký hiệu"), max_length=80)
    letter_symbol_pattern = models.CharField(_("mẫu số, ký hiệu công văn"), max_length=80)
    period = models.CharField(
        _("kỳ đánh số"), max_length=5, choices=[("term", _("nhiệm kỳ")), ("year", _("năm dương lịch"))]
    )
    classified_series = models.BooleanField(_("văn bản mật có hệ thống số riêng"))
    date_pad_day_below = models.PositiveSmallIntegerField(_("ngày nhỏ hơn số này thêm số 0"), default=10)
    date_pad_months = models.CharField(_("các tháng thêm số 0"), max_length=40, default="1,2")
    letter_subject_prefix = models.CharField(_("chữ trước trích yếu công văn"), max_length=10, blank=True)
    recipient_end = models.CharField(_("dấu cuối mỗi nơi nhận"), max_length=2)
    archive_line = models.CharField(_("dòng lưu"), max_length=120)
    member_title = models.CharField(_("cách gọi đảng viên"), max_length=30, blank=True)
    typography = models.JSONField(_("cỡ chữ, kiểu chữ"), default=dict)
    margins_mm = models.JSONField(_("lề trang (mm)"), default=dict)
    sources = models.JSONField(_("căn cứ"), default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("thể thức văn bản")
        verbose_name_plural = _("thể thức văn bản")

    def __str__(self) -> str:
        return self.code


class Term(models.Model):
    """A term of a Party committee: Party numbers run from 01 within it. A row without issuer is the default
    of every agency without terms of its own (provincial agencies follow the provincial congress)."""

    issuer = models.ForeignKey(
        "core.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("nhiệm kỳ"), max_length=20)  # e.g. 2025-2030
    starts_on = models.DateField(_("bắt đầu từ ngày"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["issuer_id", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "starts_on"], name="term_start_once"),
        ]

    def __str__(self) -> str:
        return self.name


class OfficialPaper(models.Model):
    """A document generated from a template, drafted → signed → issued: the draft has no number; a leader
    signs it (authority, position and name recorded); the clerk issues it, taking the number and date from the
    register at that moment, and the final DOCX/PDF carry them."""

    document = models.OneToOneField(
        Document, primary_key=True, on_delete=models.CASCADE, related_name="paper"
    )
    template = models.CharField(max_length=40)
    regime = models.CharField(max_length=10, choices=DocFormat.choices)
    fields = models.JSONField(default=dict)  # what the drafter wrote (shown only through the document's rule)
    status = models.CharField(max_length=10, choices=PaperStatus.choices, default=PaperStatus.DRAFT)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    authority = models.CharField(max_length=5, blank=True)
    signer_title = models.CharField(max_length=100, blank=True)
    signer_name = models.CharField(max_length=100, blank=True)
    signed_upload = models.BooleanField(default=False)  # the signed file was uploaded back (a new version)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_version = models.PositiveSmallIntegerField(null=True, blank=True)  # what other agencies may read
    number = models.OneToOneField(
        IssuedNumber, null=True, blank=True, on_delete=models.PROTECT, related_name="paper"
    )

    class Meta:
        verbose_name = _("văn bản soạn từ mẫu")
        verbose_name_plural = _("văn bản soạn từ mẫu")

    def __str__(self) -> str:
        return f"{self.document_id} {self.status}"
