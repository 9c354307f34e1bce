"""Writes of documents: add (with upload checks, encryption, audit, timeline), new version, open for download
(audited), issue and cancel numbers, record copies of classified documents, key rotation, orphan cleanup."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.access.policy import Action, can, has_role, restrict
from phoihop.access.scopes import CONTENT_ROLES
from phoihop.audit import context
from phoihop.audit.background import after_commit
from phoihop.audit.services import audit_read, audit_record
from phoihop.cases import timeline
from phoihop.cases.models import Case, CoordinationRequest
from phoihop.documents import audit_events, storage
from phoihop.documents.choices import DocType, Extraction
from phoihop.documents.models import (
    CopyRecord,
    Document,
    DocumentVersion,
    IssuedNumber,
    NumberRegister,
    RequestEnclosure,
)
from phoihop.documents.uploads import UploadRefused, check_upload
from phoihop.people.models import Person
from phoihop.search.folding import clean_text, fold_vi
from phoihop.transactions import user_action

logger = logging.getLogger(__name__)


def _may_attach(
    actor: Any, case: Case | None, request: CoordinationRequest | None, is_reply: bool, person: Person | None
) -> None:
    if not has_role(actor, *CONTENT_ROLES):
        raise PermissionDenied(_("Vai trò của bạn không đính kèm tài liệu."))
    if request is not None:
        allowed = can(actor, Action.RESPOND, request) if is_reply else can(actor, Action.CHANGE, request)
    elif case is not None:
        allowed = can(actor, Action.CHANGE, case)
    elif person is not None:
        allowed = can(actor, Action.CHANGE, person)
    else:
        allowed = False
    if not allowed:
        raise PermissionDenied(_("Bạn không được đính kèm tài liệu vào đây."))


def _metadata_errors(title: str, doc_type: str, classification: int, actor: Any) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not clean_text(title):
        errors["title"] = [_("Cần ghi trích yếu của tài liệu.")]
    if doc_type not in DocType.values:
        errors["doc_type"] = [_("Loại văn bản không hợp lệ.")]
    if classification > actor.clearance:
        errors["classification"] = [_("Không thể ghi độ mật cao hơn mức bạn được tiếp cận.")]
    return errors


def _store(
    actor: Any,
    document: Document,
    number: int,
    name: str,
    data: bytes,
    strip_metadata: bool,
    written: list[str],
) -> DocumentVersion:
    try:
        checked = check_upload(name, data, strip_metadata=strip_metadata)
    except UploadRefused as exc:
        raise ValidationError({"file": [str(exc)]}) from None
    blob, key = storage.save_encrypted(checked.data)
    written.append(blob)
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        filename=checked.filename,
        content_type=checked.kind.content_type,
        size=len(checked.data),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        blob=blob,
        key_id=key,
        uploaded_by=actor,
    )


def _blob_safe(write: Any) -> Any:
    """Run a write that stores blobs: the blob is written before its row, so if the write fails the blobs it
    wrote are deleted at once; a hard crash in between (or a rollback of an enclosing transaction) leaves an
    orphan blob that `phoihop documents cleanup` removes. No row ever points at a missing blob."""
    written: list[str] = []
    try:
        with transaction.atomic():
            return write(written)
    except BaseException:
        for blob in written:
            storage.delete(blob)
        raise


@user_action
def document_add(
    *,
    actor: Any,
    file_name: str,
    data: bytes,
    title: str,
    doc_type: str = DocType.KHAC,
    case: Case | None = None,
    request: CoordinationRequest | None = None,
    is_reply: bool = False,
    person: Person | None = None,
    number_symbol: str = "",
    issued_on: date | None = None,
    issuer: str = "",
    classification: int = 0,
    copy_number: int | None = None,
    recall: bool = False,
    strip_metadata: bool = False,
) -> Document:
    if request is not None:
        case = request.case
    _may_attach(actor, case, request, is_reply, person)
    errors = _metadata_errors(title, doc_type, classification, actor)
    if errors:
        raise ValidationError(errors)
    return _blob_safe(
        lambda written: _add(
            actor,
            written,
            file_name,
            data,
            title,
            doc_type,
            case,
            request,
            is_reply=is_reply,
            person=person,
            number_symbol=number_symbol,
            issued_on=issued_on,
            issuer=issuer,
            classification=classification,
            copy_number=copy_number,
            recall=recall,
            strip_metadata=strip_metadata,
        )
    )


def _add(
    actor: Any,
    written: list[str],
    file_name: str,
    data: bytes,
    title: str,
    doc_type: str,
    case: Case | None,
    request: CoordinationRequest | None,
    *,
    is_reply: bool,
    person: Person | None,
    number_symbol: str,
    issued_on: date | None,
    issuer: str,
    classification: int,
    copy_number: int | None,
    recall: bool,
    strip_metadata: bool,
) -> Document:
    document = Document.objects.create(
        case=case,
        request=request,
        is_reply=is_reply,
        person=person,
        doc_type=doc_type,
        title=clean_text(title),
        title_folded=fold_vi(title)[:300],
        number_symbol=clean_text(number_symbol)[:60],
        issued_on=issued_on,
        issuer=clean_text(issuer)[:200],
        classification=classification,
        copy_number=copy_number,
        recall=recall,
        owner_agency_id=actor.agency_id,
        created_by=actor,
    )
    version = _store(actor, document, 1, file_name, data, strip_metadata, written)
    if case is not None:
        timeline.record(case, "document_added", actor, request, document=str(document.pk), version=1)
    audit_record(
        action=audit_events.DOCUMENT_ADD,
        actor=actor,
        obj=document,
        related=case or person,
        payload={
            "version": 1,
            "sha256": version.sha256,
            "size": version.size,
            "type": version.content_type,
            "classification": classification,
        },
    )
    _schedule_extraction(version.pk)
    return document


# --- papers a request carries to its partner (cases.enclosures)
# ------------------------------------------------
PDF = "application/pdf"


def _with_pdf(qs: Any) -> Any:
    """Documents with a PDF the partner can be shown stamped: a PDF original or a PDF rendition."""
    return qs.filter(versions__content_type=PDF).distinct()


def enclosure_choices(user: Any, case: Case) -> list[tuple[str, str]]:
    """The case's own papers (not a request's) the user may see and send on: those with a PDF."""
    docs = restrict(Document.objects.filter(case=case, request__isnull=True), user, Action.VIEW)
    return [
        (str(d.pk), f"{d.number_symbol} — {d.title}" if d.number_symbol else d.title)
        for d in _with_pdf(docs).order_by("-created_at")[:100]
    ]


def enclosures_attach(actor: Any, req: CoordinationRequest, ids: Any) -> list[str]:
    """Inside request_send's transaction: the chosen papers must be the case's own, visible to the sender, no
    more classified than the request, and have a PDF (what the partner is shown, stamped with its reader)."""
    import uuid as _uuid

    try:
        wanted = {str(_uuid.UUID(str(i))) for i in ids}
    except ValueError:
        raise ValidationError({"documents": [_("Mã tài liệu gửi kèm không hợp lệ.")]}) from None
    docs = list(
        restrict(
            Document.objects.filter(pk__in=wanted, case=req.case, request__isnull=True), actor, Action.VIEW
        )
    )
    errors: list[str] = []
    if len(docs) != len(wanted):
        errors.append(_("Chỉ gửi kèm được tài liệu của chính hồ sơ này mà bạn được xem."))
    with_pdf = set(
        _with_pdf(Document.objects.filter(pk__in=[d.pk for d in docs])).values_list("pk", flat=True)
    )
    for doc in docs:
        if doc.classification > req.classification:
            errors.append(
                _("“%(title)s” có độ mật cao hơn yêu cầu; hãy nâng độ mật của yêu cầu.")
                % {"title": doc.title}
            )
        if doc.pk not in with_pdf:
            errors.append(
                _("“%(title)s” không có bản PDF để cơ quan nhận xem (có dấu người xem).")
                % {"title": doc.title}
            )
    if errors:
        raise ValidationError({"documents": errors})
    RequestEnclosure.objects.bulk_create(
        [RequestEnclosure(request=req, document=doc, added_by=actor) for doc in docs]
    )
    return sorted(str(d.pk) for d in docs)


@user_action
def document_version_add(
    *, actor: Any, document: Document, file_name: str, data: bytes, strip_metadata: bool = False
) -> DocumentVersion:
    return _blob_safe(lambda written: _new_version(actor, document, file_name, data, strip_metadata, written))


def _new_version(
    actor: Any, document: Document, file_name: str, data: bytes, strip_metadata: bool, written: list[str]
) -> DocumentVersion:
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if not can(actor, Action.CHANGE, locked):
        raise PermissionDenied(_("Chỉ cơ quan đã đính kèm tài liệu mới thêm phiên bản."))
    last = (
        locked.versions.filter(rendition="").order_by("-number").values_list("number", flat=True).first() or 0
    )
    version = _store(actor, locked, last + 1, file_name, data, strip_metadata, written)
    if locked.case is not None:
        timeline.record(
            locked.case,
            "document_added",
            actor,
            locked.request,
            document=str(locked.pk),
            version=version.number,
        )
    audit_record(
        action=audit_events.DOCUMENT_ADD,
        actor=actor,
        obj=locked,
        payload={"version": version.number, "sha256": version.sha256, "size": version.size},
    )
    _schedule_extraction(version.pk)
    return version


def _schedule_extraction(version_id: Any) -> None:
    from phoihop.documents.tasks import extract_text

    after_commit(extract_text, version_id)


def viewer_stamp(user: Any) -> str:
    name = getattr(user, "full_name", "") or user.get_username()
    return f"{name} ({user.agency.code}) — {timezone.localtime():%d/%m/%Y %H:%M}"


def open_for_download(
    *, actor: Any, version: DocumentVersion, purpose: str = "download"
) -> Iterator[bytes] | bytes:
    """One version for a user who may download it: a PDF whole, stamped on every page with the viewer's name,
    agency and time; anything else as a stream decrypted while it is read. The download is audited first
    (committed even if the transfer then fails), as what is served: a preview (`purpose="view"`, shown inline
    in the page) or a download, of this version or its PDF rendition, stamped or not."""
    from phoihop.documents.generation import watermark_pdf

    document = version.document
    if not can(actor, Action.DOWNLOAD, document) or not can(actor, Action.DOWNLOAD, version):
        raise PermissionDenied
    stamped = version.content_type == "application/pdf"
    audit_record(
        action=audit_events.DOWNLOAD if purpose == "download" else audit_events.DOCUMENT_PREVIEW,
        actor=actor,
        obj=document,
        related=document.case or document.person,
        payload={
            "version": version.number,
            "rendition": version.rendition,
            "type": version.content_type,
            "sha256": version.sha256,
            "watermarked": stamped,
        },
    )
    stream = storage.open_plain(version.blob)
    if stamped:
        return watermark_pdf(b"".join(stream), viewer_stamp(actor))
    return stream


def document_read(*, actor: Any, document: Document) -> None:
    """Opening a document's page or API record: an audited read like the download and the preview, recorded
    before anything is shown (committed even if the page then fails)."""
    audit_read(actor=actor, obj=document, related=document.case or document.person)


def duplicates_of(version: DocumentVersion, user: Any) -> list[Document]:
    """Other documents with exactly the same content that the user may see."""
    same = DocumentVersion.objects.filter(sha256=version.sha256).exclude(document=version.document_id)
    return list(restrict(Document.objects.filter(pk__in=same.values("document_id")), user)[:10])


# --- numbers
# --------------------------------------------------------------------------------------------------
def current_term(today: date | None = None) -> str:
    """Party terms run 2020–2025, 2025–2030, …: a congress year starts the new term."""
    year = (today or timezone.localdate()).year
    start = 2025 + 5 * ((year - 2025) // 5)
    return f"{start}-{start + 5}"


@transaction.atomic
def number_issue(
    *,
    actor: Any,
    doc_type: str,
    subject: str,
    symbol: str = "",
    shared: bool = False,
    document: Document | None = None,
    term: str | None = None,
    fmt: str = "party",
) -> IssuedNumber:
    """The next number of the actor's agency for this document type (or the agency's shared series) in the
    current term, under a row lock: never duplicated, never skipped. Party style: "24-TB/BTCTU"."""
    if not has_role(actor, "clerk", "officer", "leader"):
        raise PermissionDenied(_("Vai trò của bạn không cấp số văn bản."))
    if doc_type not in DocType.values:
        raise ValidationError({"doc_type": [_("Loại văn bản không hợp lệ.")]})
    if not clean_text(subject):
        raise ValidationError({"subject": [_("Cần ghi trích yếu của văn bản.")]})
    term = term or current_term()
    key = "" if shared else doc_type
    symbol = clean_text(symbol) or actor.agency.code
    try:
        with transaction.atomic():
            NumberRegister.objects.get_or_create(
                issuer_id=actor.agency_id, doc_type=key, term=term, defaults={"symbol": symbol}
            )
    except IntegrityError:
        pass  # another clerk created the register at the same moment
    register = NumberRegister.objects.select_for_update().get(
        issuer_id=actor.agency_id, doc_type=key, term=term
    )
    register.last += 1
    register.save(update_fields=["last"])
    issued = IssuedNumber.objects.create(
        register=register,
        number=register.last,
        doc_type=doc_type,
        document=document,
        subject=clean_text(subject)[:300],
        number_symbol=(
            f"{register.last}-{doc_type}/{register.symbol}"
            if fmt == "party"
            else f"{register.last}/{doc_type}-{register.symbol}"
        ),
        issued_by=actor,
    )
    if document is not None and not document.number_symbol:
        Document.objects.filter(pk=document.pk).update(number_symbol=issued.number_symbol)
    audit_record(
        action=audit_events.NUMBER_ISSUE,
        actor=actor,
        obj=issued,
        payload={"number": issued.number_symbol, "term": term},
    )
    return issued


@user_action
def number_cancel(*, actor: Any, issued: IssuedNumber, reason: str) -> IssuedNumber:
    locked = IssuedNumber.objects.select_for_update().get(pk=issued.pk)
    if not can(actor, Action.CHANGE, locked) or not has_role(actor, "clerk", "officer", "leader"):
        raise PermissionDenied(_("Bạn không hủy được số văn bản này."))
    if locked.cancelled_at:
        raise ValidationError({"reason": [_("Số này đã bị hủy trước đó.")]})
    if len(clean_text(reason)) < 5:
        raise ValidationError({"reason": [_("Cần nêu lý do hủy số (ít nhất 5 ký tự).")]})
    locked.cancelled_at, locked.cancel_reason = timezone.now(), clean_text(reason)[:300]
    locked.save(update_fields=["cancelled_at", "cancel_reason"])
    audit_record(
        action=audit_events.NUMBER_CANCEL,
        actor=actor,
        obj=locked,
        reason=locked.cancel_reason,
        payload={"number": locked.number_symbol},
    )
    return locked


# --- classified copies
# ----------------------------------------------------------------------------------------
@user_action
def copy_record(*, actor: Any, document: Document, recipient: Any) -> CopyRecord:
    if not can(actor, Action.CHANGE, document):
        raise PermissionDenied(_("Chỉ cơ quan quản lý tài liệu ghi sổ phát hành bản sao."))
    if not recipient.active:
        raise ValidationError(
            {"recipient": [_("Cơ quan %(code)s đã ngừng hoạt động.") % {"code": recipient.code}]}
        )
    last = (
        CopyRecord.objects.filter(document=document)
        .order_by("-copy_number")
        .values_list("copy_number", flat=True)
        .first()
        or 0
    )
    record = CopyRecord.objects.create(document=document, copy_number=last + 1, recipient=recipient)
    audit_record(
        action=audit_events.DOCUMENT_COPY,
        actor=actor,
        obj=document,
        payload={"copy": record.copy_number, "to": recipient.code, "event": "sent"},
    )
    return record


@user_action
def copy_close(*, actor: Any, record: CopyRecord, destroyed: bool, minutes: str = "") -> CopyRecord:
    locked = CopyRecord.objects.select_for_update().select_related("document").get(pk=record.pk)
    if not can(actor, Action.CHANGE, locked.document):
        raise PermissionDenied(_("Chỉ cơ quan quản lý tài liệu ghi sổ thu hồi, tiêu hủy."))
    if locked.returned_at or locked.destroyed_at:
        raise ValidationError({"copy": [_("Bản này đã được thu hồi hoặc tiêu hủy.")]})
    if destroyed and len(clean_text(minutes)) < 5:
        raise ValidationError({"minutes": [_("Tiêu hủy cần số, ngày của biên bản tiêu hủy.")]})
    now = timezone.now()
    if destroyed:
        locked.destroyed_at, locked.minutes = now, clean_text(minutes)[:300]
    else:
        locked.returned_at = now
    locked.save(update_fields=["returned_at", "destroyed_at", "minutes"])
    audit_record(
        action=audit_events.DOCUMENT_COPY,
        actor=actor,
        obj=locked.document,
        payload={"copy": locked.copy_number, "event": "destroyed" if destroyed else "returned"},
    )
    return locked


# --- maintenance
# ----------------------------------------------------------------------------------------------
def rotate_key(progress: Any = None) -> int:
    """Re-encrypt every blob that is not sealed with the current key; each swap is one small transaction (new
    blob written, row updated, old blob deleted after commit), so a crash leaves only an orphan for
    `cleanup`."""
    changed = 0
    ids = list(DocumentVersion.objects.values_list("pk", flat=True))
    for i, pk in enumerate(ids, start=1):
        version = DocumentVersion.objects.get(pk=pk)
        if storage.uses_current_key(version.blob):
            continue
        plain = storage.read_plain(version.blob)
        name, key = storage.save_encrypted(plain)
        old = version.blob
        with transaction.atomic():
            DocumentVersion.objects.filter(pk=pk, blob=old).update(blob=name, key_id=key)
            transaction.on_commit(partial(storage.delete, old))
        changed += 1
        if progress:
            progress(i, len(ids))
    return changed


def cleanup_orphans(older_than: timedelta = timedelta(hours=1)) -> int:
    """Delete blobs no version refers to (left by a hard crash
    between writing the blob and committing the row)."""
    store = storage.storage()
    known = set(DocumentVersion.objects.values_list("blob", flat=True))
    cutoff = timezone.now() - older_than
    removed = 0
    try:
        folders, _files = store.listdir("blobs")
    except FileNotFoundError:
        return 0
    for folder in folders:
        _dirs, files = store.listdir(f"blobs/{folder}")
        for name in files:
            path = f"blobs/{folder}/{name}"
            if path not in known and store.get_modified_time(path) < cutoff:
                store.delete(path)
                removed += 1
    return removed


# --- official documents from templates
# ------------------------------------------------------------------------
def paper_filename(number_symbol: str, extension: str) -> str:
    """A generated paper's file name from its whole number and type, safe on every file system: "1-CV/BTCTU" →
    "1-CV-BTCTU.pdf", "1/CV-BTCTU" → "1-CV-BTCTU.pdf" (the slash would otherwise leave only "BTCTU")."""
    stem = re.sub(r'[\x00-\x1f\x7f<>:"/\\|?*\s]+', "-", clean_text(number_symbol)).strip(" .-")
    return f"{stem or 'van-ban'}{extension}"


@user_action
def document_generate(
    *,
    actor: Any,
    case: Case,
    kind: str,
    fmt: str,
    subject_line: str,
    body: str,
    recipients: list[str],
    parent_issuer: str,
    place: str,
    symbol: str = "",
    authority: str = "",
    authority_of: str = "",
    signer_title: str = "",
    signer_name: str = "",
    classification: int = 0,
    urgency: str = "",
    addressee: str = "",
) -> Document:
    """Number the document in the agency's register, render it as DOCX and PDF in the chosen format, and
    attach both to the case (the PDF as a rendition of the same version) — all in one transaction."""
    from phoihop.documents.generation import KINDS, Paper, render_docx, render_pdf

    spec = KINDS.get(kind)
    errors: dict[str, list[str]] = {}
    if spec is None:
        errors["kind"] = [_("Không có mẫu văn bản này.")]
    if fmt not in ("party", "state"):
        errors["fmt"] = [_("Thể thức văn bản không hợp lệ.")]
    if not clean_text(subject_line):
        errors["subject_line"] = [_("Cần ghi trích yếu của văn bản.")]
    if not clean_text(body):
        errors["body"] = [_("Cần ghi nội dung văn bản.")]
    if not clean_text(place):
        errors["place"] = [_("Cần ghi địa danh.")]
    if classification > actor.clearance:
        errors["classification"] = [_("Không thể ghi độ mật cao hơn mức bạn được tiếp cận.")]
    if errors:
        raise ValidationError(errors)
    if not can(actor, Action.CHANGE, case):
        raise PermissionDenied(_("Chỉ cơ quan chủ trì tạo văn bản trong hồ sơ này."))
    assert spec is not None

    def write(written: list[str]) -> Document:
        issued = number_issue(
            actor=actor, doc_type=spec.doc_type, subject=subject_line, symbol=symbol, fmt=fmt
        )
        paper = Paper(
            kind=spec,
            fmt=fmt,
            parent_issuer=parent_issuer,
            issuer=actor.agency.name,
            number_symbol=issued.number_symbol,
            place=clean_text(place),
            day=timezone.localdate(),
            subject_line=clean_text(subject_line),
            body=body,
            recipients=recipients,
            authority=authority,
            authority_of=authority_of,
            signer_title=signer_title,
            signer_name=signer_name,
            classification=classification,
            urgency=urgency,
            addressee=addressee,
        )
        docx, pdf = render_docx(paper), render_pdf(paper)
        title = (
            f"{spec.type_name.capitalize() or str(spec.label)} "
            f"{issued.number_symbol}: {clean_text(subject_line)}"
        )
        document = _add(
            actor,
            written,
            paper_filename(issued.number_symbol, ".docx"),
            docx,
            title[:300],
            spec.doc_type,
            case,
            None,
            is_reply=False,
            person=None,
            number_symbol=issued.number_symbol,
            issued_on=timezone.localdate(),
            issuer=actor.agency.name,
            classification=classification,
            copy_number=None,
            recall=False,
            strip_metadata=False,
        )
        IssuedNumber.objects.filter(pk=issued.pk).update(document=document)
        checked = check_upload(paper_filename(issued.number_symbol, ".pdf"), pdf)
        blob, key = storage.save_encrypted(checked.data)
        written.append(blob)
        DocumentVersion.objects.create(
            document=document,
            number=1,
            rendition="pdf",
            filename=checked.filename,
            content_type=checked.kind.content_type,
            size=len(checked.data),
            sha256=hashlib.sha256(checked.data).hexdigest(),
            blob=blob,
            key_id=key,
            uploaded_by=actor,
            extraction=Extraction.NONE,
        )
        audit_record(
            action=audit_events.DOCUMENT_GENERATE,
            actor=actor,
            obj=document,
            related=case,
            payload={"kind": kind, "format": fmt, "number": issued.number_symbol},
        )
        return document

    return _blob_safe(write)


REQUIRED_TAGS = ("{{ number }}", "{{ issuer }}", "{{ date_line }}")


@user_action
def template_replace(*, actor: Any, data: bytes | None, reason: str) -> None:
    """An administrator replaces the DOCX template of official documents (or, with `data=None`, goes back to
    the shipped one). The new template must be a DOCX that renders with a sample document."""
    from phoihop.access.policy import can_administer
    from phoihop.documents.generation import KINDS, Paper, render_docx

    if not can_administer(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống thay mẫu văn bản."))
    if len(clean_text(reason)) < 5:
        raise ValidationError({"reason": [_("Cần nêu lý do thay mẫu (ít nhất 5 ký tự).")]})
    from django.conf import settings

    target = settings.DATA_DIR / "templates" / "official.docx"
    if data is None:
        target.unlink(missing_ok=True)
    else:
        try:
            checked = check_upload("official.docx", data)
        except UploadRefused as exc:
            raise ValidationError({"file": [str(exc)]}) from None
        if not checked.kind.extension == ".docx":
            raise ValidationError({"file": [_("Mẫu phải là tệp DOCX.")]})
        import io as _io
        import zipfile

        xml = zipfile.ZipFile(_io.BytesIO(data)).read("word/document.xml").decode("utf-8", "replace")
        missing = [tag for tag in REQUIRED_TAGS if tag.replace(" ", "") not in xml.replace(" ", "")]
        if missing:
            raise ValidationError(
                {"file": [_("Mẫu thiếu các trường: %(tags)s") % {"tags": ", ".join(missing)}]}
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        previous = target.read_bytes() if target.exists() else None
        target.write_bytes(data)
        try:
            render_docx(
                Paper(
                    kind=KINDS["phieu_chuyen"],
                    fmt="party",
                    parent_issuer="A",
                    issuer="B",
                    number_symbol="1-PC/X",
                    place="C",
                    day=timezone.localdate(),
                    subject_line="D",
                    body="E",
                    recipients=["F"],
                )
            )
        except Exception:  # any template error means the template is not usable (the log says why)
            rid = context.current().request_id
            logger.warning("the uploaded template did not render (request %s)", rid, exc_info=True)
            if previous is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(previous)
            raise ValidationError(
                {"file": [_("Mẫu không dựng được văn bản thử; hãy kiểm tra các trường {{ … }}.")]}
            ) from None
    audit_record(
        action=audit_events.TEMPLATE_CHANGE,
        actor=actor,
        object_type="documents.template",
        object_id="official.docx",
        reason=clean_text(reason),
        payload={"reset": data is None, "sha256": hashlib.sha256(data).hexdigest() if data else None},
    )
