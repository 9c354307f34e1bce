"""Writes of documents: add (with upload checks, encryption, audit, timeline), new version, open for download
(audited), issue and cancel numbers, record copies of classified documents, key rotation, orphan cleanup."""

from __future__ import annotations

import hashlib
import io
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
from phoihop.core.choices import Clearance
from phoihop.documents import audit_events, storage
from phoihop.documents.choices import DocFormat, DocType, Extraction, PaperStatus
from phoihop.documents.models import (
    CopyRecord,
    Document,
    DocumentVersion,
    IssuedNumber,
    NumberRegister,
    OfficialPaper,
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
    """A new version uploaded by hand — not of a document generated from a template: its versions are the
    draft, the signed copy (`document_sign`) and the issued one (`document_issue`), each from its step."""
    if OfficialPaper.objects.filter(document_id=document.pk).exists():
        raise ValidationError(
            {
                "file": [
                    _(
                        "Văn bản soạn từ mẫu không nhận phiên bản tải lên: sửa dự thảo thì "
                        "soạn lại, bản đã ký tải lên khi ký, bản ban hành do văn thư cấp số."
                    )
                ]
            }
        )
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
def current_term(today: date | None = None, issuer_id: Any = None) -> str:
    """The Party term in force on `today` for the issuer (documents/regimes.py: `Term` rows are data)."""
    from phoihop.documents.regimes import get_regime, period_for

    return period_for(get_regime("party"), issuer_id, today or timezone.localdate())


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
    regime: str = "party",
    classification: int = 0,
    unit: str = "",
    letter: bool | None = None,
    day: date | None = None,
) -> IssuedNumber:
    """The next number of the actor's agency in the register the regime says: per document type (or the
    agency's shared series), per period (the Party term or the State year of `day`), and for the State a
    series of its own for classified documents — under a row lock: never duplicated, never skipped.
    "24-TB/BTCTU" (Party), "24/TB-BTCTU" (State), numbers padded to the regime's width ("02-…")."""
    from phoihop.documents.regimes import get_regime, number_symbol, period_for

    if not has_role(actor, "clerk", "officer", "leader"):
        raise PermissionDenied(_("Vai trò của bạn không cấp số văn bản."))
    if doc_type not in DocType.values:
        raise ValidationError({"doc_type": [_("Loại văn bản không hợp lệ.")]})
    if not clean_text(subject):
        raise ValidationError({"subject": [_("Cần ghi trích yếu của văn bản.")]})
    rules = get_regime(regime)
    day = day or timezone.localdate()
    term = term or period_for(rules, actor.agency_id, day)
    secret = bool(classification) and rules.classified_series
    key = "" if shared else doc_type
    symbol = clean_text(symbol) or actor.agency.code
    where = {
        "issuer_id": actor.agency_id,
        "regime": rules.code,
        "doc_type": key,
        "term": term,
        "secret": secret,
    }
    try:
        with transaction.atomic():
            NumberRegister.objects.get_or_create(**where, defaults={"symbol": symbol})
    except IntegrityError:
        pass  # another clerk created the register at the same moment
    register = NumberRegister.objects.select_for_update().get(**where)
    register.last += 1
    register.save(update_fields=["last"])
    issued = IssuedNumber.objects.create(
        register=register,
        number=register.last,
        doc_type=doc_type,
        document=document,
        subject=clean_text(subject)[:300],
        number_symbol=number_symbol(
            rules,
            register.last,
            doc_type,
            register.symbol,
            clean_text(unit),
            doc_type == DocType.CONG_VAN if letter is None else letter,
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


PAPER_FIELDS = (
    "parent_issuer",
    "place",
    "symbol",
    "unit",
    "subject_line",
    "body",
    "recipients",
    "addressee",
    "authority",
    "authority_of",
    "signer_title",
    "urgency",
)


def _paper(paper: OfficialPaper, *, draft: bool, number: int | None = None, day: date | None = None) -> Any:
    """The printable paper of a generated document as it stands (its fields, its signer once signed)."""
    from phoihop.documents.generation import Paper, all_templates
    from phoihop.documents.regimes import get_regime

    f = paper.fields
    template = all_templates().get(paper.template)
    if template is None:
        raise ValidationError({"template": [_("Mẫu văn bản này không còn được đăng ký.")]})
    return Paper(
        template=template,
        regime=get_regime(paper.regime),
        parent_issuer=f.get("parent_issuer", ""),
        issuer=f.get("issuer", ""),
        symbol=f.get("symbol", ""),
        unit=f.get("unit", ""),
        place=f.get("place", ""),
        subject_line=f.get("subject_line", ""),
        body=f.get("body", ""),
        recipients=list(f.get("recipients", [])),
        addressee=f.get("addressee", ""),
        authority=paper.authority if paper.signed_by_id else f.get("authority", ""),
        authority_of=f.get("authority_of", ""),
        signer_title=paper.signer_title if paper.signed_by_id else f.get("signer_title", ""),
        signer_name=paper.signer_name,
        classification=paper.document.classification,
        urgency=f.get("urgency", ""),
        number=number,
        day=day,
        draft=draft,
    )


def _blank(text: str) -> bool:
    """Nothing a reader would see: spaces, zero-width or format characters, lone combining marks."""
    import unicodedata

    return not any(unicodedata.category(ch)[0] in "LNPS" for ch in unicodedata.normalize("NFC", text or ""))


def _rendered(render: Any, paper: Any) -> bytes:
    """A template that fails on this paper (a field it mishandles) is a clear refusal, never a 500; the
    transaction rolls back, so no number is taken."""
    try:
        return render(paper)
    except Exception:  # docxtpl/Jinja and WeasyPrint raise many types; the log keeps the cause
        rid = context.current().request_id
        logger.warning("a document template did not render (request %s)", rid, exc_info=True)
        raise ValidationError(
            {
                "template": [
                    _("Mẫu văn bản đang dùng không dựng được văn bản này; quản trị viên cần kiểm tra mẫu.")
                ]
            }
        ) from None


def _authority_errors(regime: Any, authority: str) -> dict[str, list[str]]:
    if authority and not regime.authority_marks.get(authority):
        allowed = ", ".join(v for v in regime.authority_marks.values() if v)
        return {
            "authority": [
                _("%(regime)s không dùng dấu thẩm quyền này; dùng được: %(allowed)s.")
                % {"regime": regime.get_code_display(), "allowed": allowed}
            ]
        }
    return {}


def _store_rendition(
    actor: Any, document: Document, number: int, name: str, pdf: bytes, written: list[str]
) -> None:
    checked = check_upload(name, pdf)
    blob, key = storage.save_encrypted(checked.data)
    written.append(blob)
    DocumentVersion.objects.create(
        document=document,
        number=number,
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


@user_action
def document_generate(
    *,
    actor: Any,
    case: Case,
    template: str,
    regime: str,
    subject_line: str,
    body: str,
    recipients: list[str],
    parent_issuer: str,
    place: str,
    symbol: str = "",
    unit: str = "",
    authority: str = "",
    authority_of: str = "",
    signer_title: str = "",
    classification: int = 0,
    urgency: str = "",
    addressee: str = "",
) -> Document:
    """Draft a document from one of the case's templates in a regime: rendered as DOCX and PDF marked "DỰ
    THẢO", with no number and no date (both are the register's, taken when the clerk issues it), attached to
    the case with its drafting record — all in one transaction. A draft never takes a number."""
    from phoihop.documents.generation import (
        URGENCY,
        Paper,
        paper_title,
        render_docx,
        render_pdf,
        templates_for,
    )
    from phoihop.documents.regimes import get_regime

    spec = templates_for(case.kind).get(template)
    errors: dict[str, list[str]] = {}
    if spec is None:
        errors["template"] = [_("Hồ sơ loại này không có mẫu văn bản này.")]
    if regime not in DocFormat.values:
        errors["regime"] = [_("Thể thức văn bản không hợp lệ.")]
    if _blank(subject_line):
        errors["subject_line"] = [_("Cần ghi trích yếu của văn bản.")]
    if _blank(body):
        errors["body"] = [_("Cần ghi nội dung văn bản.")]
    if _blank(place):
        errors["place"] = [_("Cần ghi địa danh.")]
    if _blank(parent_issuer):
        errors["parent_issuer"] = [_("Cần ghi cơ quan cấp trên (dòng đầu).")]
    if classification not in Clearance.values or classification > actor.clearance:
        errors["classification"] = [_("Không thể ghi độ mật cao hơn mức bạn được tiếp cận.")]
    if urgency not in URGENCY:
        errors["urgency"] = [_("Độ khẩn không hợp lệ.")]
    if authority and authority not in ("TM", "KT", "TL", "TUQ", "Q"):
        errors["authority"] = [_("Thẩm quyền ký không hợp lệ.")]
    elif regime in DocFormat.values:
        errors |= _authority_errors(get_regime(regime), authority)
    if authority and _blank(authority_of) and "authority" not in errors:
        errors["authority_of"] = [
            _("Đã chọn thẩm quyền ký: cần ghi thay mặt, ký thay cho ai (ví dụ: TRƯỞNG BAN).")
        ]
    if errors:
        raise ValidationError(errors)
    if not can(actor, Action.CHANGE, case):
        raise PermissionDenied(_("Chỉ cơ quan chủ trì tạo văn bản trong hồ sơ này."))
    assert spec is not None
    rules = get_regime(regime)
    fields = {
        "parent_issuer": clean_text(parent_issuer)[:200],
        "issuer": actor.agency.name,
        "place": clean_text(place)[:100],
        "symbol": clean_text(symbol)[:30] or _register_symbol(actor.agency),
        "unit": clean_text(unit)[:30],
        "subject_line": clean_text(subject_line)[:300],
        "body": body.strip()[:20000],
        "recipients": [clean_text(r)[:200] for r in recipients if clean_text(r)][:30],
        "addressee": addressee.strip()[:1000],
        "authority": authority,
        "authority_of": clean_text(authority_of)[:100],
        "signer_title": clean_text(signer_title)[:100],
        "urgency": urgency,
    }

    def write(written: list[str]) -> Document:
        paper = Paper(
            template=spec,
            regime=rules,
            draft=True,
            classification=classification,
            **{k: v for k, v in fields.items()},
        )
        docx, pdf = _rendered(render_docx, paper), _rendered(render_pdf, paper)
        stem = f"du-thao-{spec.code.replace('_', '-')}"
        document = _add(
            actor,
            written,
            f"{stem}.docx",
            docx,
            paper_title(spec, "", fields["subject_line"]),
            spec.doc_type,
            case,
            None,
            is_reply=False,
            person=None,
            number_symbol="",
            issued_on=None,
            issuer=actor.agency.name,
            classification=classification,
            copy_number=None,
            recall=False,
            strip_metadata=False,
        )
        _store_rendition(actor, document, 1, f"{stem}.pdf", pdf, written)
        OfficialPaper.objects.create(document=document, template=spec.code, regime=rules.code, fields=fields)
        transaction.on_commit(partial(_tell, document.pk, "leader", "paper_to_sign", actor.pk))
        audit_record(
            action=audit_events.DOCUMENT_GENERATE,
            actor=actor,
            obj=document,
            related=case,
            payload={"kind": spec.code, "format": rules.code},
        )
        return document

    return _blob_safe(write)


def _register_symbol(agency: Any) -> str:
    """The issuer's abbreviation its registers already use (numbers keep one symbol), else its code."""
    found = (
        NumberRegister.objects.filter(issuer=agency).order_by("-pk").values_list("symbol", flat=True).first()
    )
    return found or agency.code


def _tell(document_pk: Any, role: str, code: str, actor_pk: Any) -> None:
    """After a paper's step is committed: the drafting agency's people of `role` who may act on it are told
    (its case's number and a link; never its content). A reader who may not see it is not told."""
    from django.urls import reverse

    from phoihop.core.models import User
    from phoihop.notify.services import notify

    document = Document.objects.select_related("case").get(pk=document_pk)
    people = User.objects.filter(
        agency_id=document.owner_agency_id, is_active=True, roles__code=role
    ).exclude(pk=actor_pk)
    notify(
        users=[u for u in people.distinct()[:50] if can(u, Action.CHANGE, document)],
        kind="document",
        code=code,
        params={"case": str(document.case_id)},
        link=reverse("documents:document_detail", args=[document.pk]),
        dedupe=f"{code}:{document.pk}",
    )


def _done(document_pk: Any, code: str) -> None:
    from django.urls import reverse

    from phoihop.notify.services import resolve

    resolve(code=code, link=reverse("documents:document_detail", args=[document_pk]))


def _paper_step(actor: Any, paper: OfficialPaper, code: str, action: Any, payload: dict[str, Any]) -> None:
    """A paper's step (signed, issued) on its case's timeline and in the audit, in the step's transaction."""
    case = paper.document.case
    assert case is not None  # a generated paper is always a case's
    timeline.record(case, code, actor, None, document=str(paper.document_id))
    audit_record(action=action, actor=actor, obj=paper.document, related=case, payload=payload)


def _locked_paper(actor: Any, document: Document) -> OfficialPaper:
    paper = (
        OfficialPaper.objects.select_for_update(of=("self",))
        .select_related("document", "document__case")
        .filter(document_id=document.pk)
        .first()
    )
    if paper is None:
        raise ValidationError({"document": [_("Tài liệu này không phải văn bản soạn từ mẫu.")]})
    if not can(actor, Action.CHANGE, paper.document):
        raise PermissionDenied(_("Chỉ cơ quan soạn văn bản mới ký, ban hành văn bản này."))
    return paper


def _signed_copy_problem(file_name: str, data: bytes) -> None:
    """The signed copy is a PDF (a scan or a signed export) or a DOCX: nothing else, and nothing that runs
    code when opened (macros, PDF scripts)."""
    try:
        checked = check_upload(file_name or "ban-ky.pdf", data)
    except UploadRefused as exc:
        raise ValidationError({"file": [str(exc)]}) from None
    if checked.kind.extension not in (".pdf", ".docx"):
        raise ValidationError({"file": [_("Bản đã ký phải là tệp PDF hoặc DOCX.")]})
    if checked.kind.extension == ".docx":
        import zipfile

        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        if any(n.lower().endswith("vbaproject.bin") or "macro" in n.lower() for n in names):
            raise ValidationError({"file": [_("Bản đã ký không được chứa macro.")]})
    elif re.search(rb"/(JavaScript|JS|Launch|EmbeddedFile)\b", data):
        raise ValidationError({"file": [_("Bản đã ký không được chứa mã lệnh (JavaScript) hay tệp nhúng.")]})


@user_action
def document_sign(
    *,
    actor: Any,
    document: Document,
    authority: str = "",
    authority_of: str | None = None,
    signer_title: str = "",
    file_name: str = "",
    data: bytes | None = None,
) -> OfficialPaper:
    """A leader of the drafting agency signs a draft: the authority mark (as the regime writes it), the
    position and the signer's own name are recorded; the signed file is uploaded back as a new version, or the
    generated one is confirmed (no file). The draft still has no number: the clerk issues it."""
    from phoihop.documents.regimes import get_regime

    def write(written: list[str]) -> OfficialPaper:
        paper = _locked_paper(actor, document)
        if not has_role(actor, "leader"):
            raise PermissionDenied(_("Chỉ lãnh đạo cơ quan có thẩm quyền ký văn bản."))
        if paper.status == PaperStatus.ISSUED:
            raise ValidationError({"status": [_("Văn bản này đã được ban hành.")]})
        if paper.status != PaperStatus.DRAFT:
            raise ValidationError({"status": [_("Văn bản này đã được ký.")]})
        errors: dict[str, list[str]] = {}
        if authority and authority not in ("TM", "KT", "TL", "TUQ", "Q"):
            errors["authority"] = [_("Thẩm quyền ký không hợp lệ.")]
        else:
            errors |= _authority_errors(get_regime(paper.regime), authority)
        whom = paper.fields.get("authority_of", "") if authority_of is None else authority_of
        if authority and _blank(whom) and "authority" not in errors:
            errors["authority_of"] = [
                _("Đã chọn thẩm quyền ký: cần ghi thay mặt, ký thay cho ai (ví dụ: TRƯỞNG BAN).")
            ]
        if _blank(signer_title):
            errors["signer_title"] = [_("Cần ghi chức vụ người ký.")]
        if not clean_text(actor.get_full_name()):
            errors["signer_name"] = [_("Tài khoản của bạn chưa có họ tên để in dưới chữ ký.")]
        if errors:
            raise ValidationError(errors)
        version = None
        if data is not None:
            _signed_copy_problem(file_name, data)
            version = _new_version(
                actor,
                paper.document,
                file_name or "van-ban-da-ky.pdf",
                data,
                strip_metadata=False,
                written=written,
            )
        if authority_of is not None:
            paper.fields = {**paper.fields, "authority_of": clean_text(authority_of)[:100]}
        paper.status = PaperStatus.SIGNED
        paper.signed_by, paper.signed_at = actor, timezone.now()
        paper.authority, paper.signer_title = authority, clean_text(signer_title)[:100]
        paper.signer_name = clean_text(actor.get_full_name())[:100]
        paper.signed_upload = data is not None
        paper.save()
        transaction.on_commit(partial(_done, paper.document_id, "paper_to_sign"))
        transaction.on_commit(partial(_tell, paper.document_id, "clerk", "paper_to_issue", actor.pk))
        _paper_step(
            actor,
            paper,
            "document_signed",
            audit_events.DOCUMENT_SIGN,
            {
                "authority": authority,
                "uploaded": data is not None,
                "version": version and version.number,
            },
        )
        return paper

    return _blob_safe(write)


def _signed_pdf(document: Document, before: int) -> bytes | None:
    """The latest uploaded version before `before` when it is a PDF (the leader's signed copy)."""
    version = (
        document.versions.filter(rendition="", number__lt=before, number__gt=1).order_by("-number").first()
    )
    if version is None or version.content_type != PDF:
        return None
    return storage.read_plain(version.blob)


@user_action
def document_issue(*, actor: Any, document: Document) -> OfficialPaper:
    """The clerk issues a signed document: the number and the date are taken from the register at this moment
    (the regime's period and series), the final DOCX and PDF are rendered with them and the signer, as the
    document's next version; its title and number follow."""
    from phoihop.documents.generation import paper_title, render_docx, render_pdf, stamp_issue

    def write(written: list[str]) -> OfficialPaper:
        paper = _locked_paper(actor, document)
        if not has_role(actor, "clerk"):
            raise PermissionDenied(_("Chỉ văn thư cơ quan cấp số và ban hành văn bản."))
        if paper.status == PaperStatus.DRAFT:
            raise ValidationError({"status": [_("Văn bản chưa được ký: chưa thể cấp số, ban hành.")]})
        if paper.status == PaperStatus.ISSUED:
            raise ValidationError({"status": [_("Văn bản này đã được ban hành.")]})
        today = timezone.localdate()
        printable = _paper(paper, draft=False, day=today)
        issued = number_issue(
            actor=actor,
            doc_type=printable.template.doc_type,
            subject=printable.subject_line,
            symbol=printable.symbol,
            document=paper.document,
            regime=paper.regime,
            classification=paper.document.classification,
            unit=printable.unit,
            letter=printable.letter,
            day=today,
        )
        printable.number, printable.issued_as = issued.number, issued.number_symbol  # printed as registered
        docx, pdf = _rendered(render_docx, printable), _rendered(render_pdf, printable)
        version = _new_version(
            actor,
            paper.document,
            paper_filename(issued.number_symbol, ".docx"),
            docx,
            strip_metadata=False,
            written=written,
        )
        if paper.signed_upload:  # the official PDF is the signed copy, with the number and date on it
            signed = _signed_pdf(paper.document, version.number)
            if signed is not None:
                pdf = stamp_issue(signed, [f"Số: {issued.number_symbol}", f"Ngày ban hành: {today:%d/%m/%Y}"])
        _store_rendition(
            actor, paper.document, version.number, paper_filename(issued.number_symbol, ".pdf"), pdf, written
        )
        title = paper_title(printable.template, issued.number_symbol, printable.subject_line)
        Document.objects.filter(pk=document.pk).update(
            number_symbol=issued.number_symbol,
            issued_on=today,
            title=title,
            title_folded=fold_vi(title)[:300],
        )
        transaction.on_commit(partial(_done, paper.document_id, "paper_to_issue"))
        paper.status, paper.number = PaperStatus.ISSUED, issued
        paper.issued_by, paper.issued_at, paper.issued_version = actor, timezone.now(), version.number
        paper.save()
        _paper_step(
            actor,
            paper,
            "document_issued",
            audit_events.DOCUMENT_ISSUE,
            {"number": issued.number_symbol, "version": version.number},
        )
        return paper

    return _blob_safe(write)


REQUIRED_TAGS = ("{{ number }}", "{{ issuer }}", "{{ date_line }}")
SHARED_TEMPLATE = "official"  # the layout every document kind without a template of its own uses


def _template_file(code: str, pending: bool = False) -> Any:
    from django.conf import settings

    base = settings.DATA_DIR / "templates"
    return (base / "pending" if pending else base) / f"{code}.docx"


def _template_change(actor: Any, code: str, reason: str | None = None) -> str:
    """The checks every template change shares: an administrator, a registered template, a reason when one is
    asked. Returns the template's code."""
    from phoihop.access.policy import can_administer

    if not can_administer(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống thay mẫu văn bản."))
    code = _template_code(code)
    if reason is not None and len(clean_text(reason)) < 5:
        raise ValidationError({"reason": [_("Cần nêu lý do thay mẫu (ít nhất 5 ký tự).")]})
    return code


def _template_audit(actor: Any, code: str, reason: str, data: bytes | None, previous: str | None) -> None:
    audit_record(
        action=audit_events.TEMPLATE_CHANGE,
        actor=actor,
        object_type="documents.template",
        object_id=f"{code}.docx",
        reason=clean_text(reason),
        payload={
            "template": code,
            "reset": data is None,
            "sha256": hashlib.sha256(data).hexdigest() if data is not None else None,
            "previous_sha256": previous,
        },
    )


def _template_code(code: str) -> str:
    from phoihop.documents.generation import all_templates

    if code != SHARED_TEMPLATE and code not in all_templates():
        raise ValidationError({"template": [_("Không có mẫu văn bản này.")]})
    return code


def _sample_papers(code: str) -> list[Any]:
    """A fictional document of this kind in each regime, numbered and dated, to test-render a template."""
    from phoihop.documents.generation import COMMON, Paper, all_templates
    from phoihop.documents.regimes import get_regime

    spec = all_templates().get(code, COMMON[0])
    return [
        Paper(
            template=spec,
            regime=get_regime(regime),
            parent_issuer="Đảng bộ tỉnh Sơn Hà" if regime == "party" else "UBND tỉnh Sơn Hà",
            issuer="Ban Tổ chức Tỉnh ủy",
            symbol="BTCTU",
            unit="TCCB",
            place="Sơn Hà",
            subject_line="mẫu thử (hư cấu)",
            body="Đoạn thứ nhất của văn bản thử.\nĐoạn thứ hai.",
            recipients=["Như trên", "Công an tỉnh Sơn Hà"],
            addressee="Công an tỉnh Sơn Hà",
            authority="KT",
            authority_of="Trưởng ban",
            signer_title="Phó Trưởng ban",
            signer_name="Hà Minh Quân",
            number=2,
            day=timezone.localdate(),
        )
        for regime in ("party", "state")
    ]


def docx_text(data: bytes) -> list[str]:
    """The lines of a DOCX, paragraphs and table cells in order (what the preview compares)."""
    from docx import Document as Docx

    doc = Docx(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return [line.rstrip() for line in lines if line.strip()]


def template_preview(code: str) -> dict[str, Any]:
    """The sample documents rendered with the template in force and with the one waiting (if any), as text,
    with their line differences, so an administrator sees what changes before it takes effect."""
    import difflib

    from phoihop.documents.generation import render_docx, template_path

    code = _template_code(code)
    current_path = template_path(f"{code}.docx")
    pending_path = _template_file(code, pending=True)
    out: dict[str, Any] = {"code": code, "pending": pending_path.exists(), "regimes": []}
    for paper in _sample_papers(code):
        current = docx_text(render_docx(paper, current_path))
        entry: dict[str, Any] = {"regime": paper.regime.code, "current": current, "diff": []}
        if pending_path.exists():
            new = docx_text(render_docx(paper, pending_path))
            entry["new"] = new
            entry["diff"] = list(difflib.unified_diff(current, new, "đang dùng", "mẫu mới", lineterm="", n=1))
        out["regimes"].append(entry)
    return out


def template_stage(*, actor: Any, code: str, data: bytes) -> dict[str, Any]:
    """An administrator uploads a replacement DOCX for one template (or the shared layout): it must be a DOCX
    with the required fields that renders the sample documents in both regimes; it waits, not in force, until
    `template_apply` (the preview shows the differences)."""
    import zipfile

    from phoihop.documents.generation import render_docx

    code = _template_change(actor, code)
    try:
        checked = check_upload(f"{code}.docx", data)
    except UploadRefused as exc:
        raise ValidationError({"file": [str(exc)]}) from None
    if checked.kind.extension != ".docx":
        raise ValidationError({"file": [_("Mẫu phải là tệp DOCX.")]})
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8", "replace")
    missing = [tag for tag in REQUIRED_TAGS if tag.replace(" ", "") not in xml.replace(" ", "")]
    if missing:
        raise ValidationError({"file": [_("Mẫu thiếu các trường: %(tags)s") % {"tags": ", ".join(missing)}]})
    target = _template_file(code, pending=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    try:
        for paper in _sample_papers(code):
            render_docx(paper, target)
    except Exception:  # any template error means the template is not usable (the log says why)
        rid = context.current().request_id
        logger.warning("the uploaded template did not render (request %s)", rid, exc_info=True)
        target.unlink(missing_ok=True)
        raise ValidationError(
            {"file": [_("Mẫu không dựng được văn bản thử; hãy kiểm tra các trường {{ … }}.")]}
        ) from None
    return template_preview(code)


@user_action
def template_apply(*, actor: Any, code: str, reason: str) -> None:
    """The waiting template takes effect (audited with both fingerprints)."""
    code = _template_change(actor, code, reason)
    pending, target = _template_file(code, pending=True), _template_file(code)
    if not pending.exists():
        raise ValidationError({"file": [_("Chưa có mẫu mới nào chờ áp dụng.")]})
    data = pending.read_bytes()
    previous = hashlib.sha256(target.read_bytes()).hexdigest() if target.exists() else None
    target.write_bytes(data)
    pending.unlink()
    _template_audit(actor, code, reason, data, previous)


@user_action
def template_discard(*, actor: Any, code: str) -> None:
    _template_file(_template_change(actor, code), pending=True).unlink(missing_ok=True)


@user_action
def template_reset(*, actor: Any, code: str, reason: str) -> None:
    """Back to the shipped template (for a kind's template without one shipped: the shared layout)."""
    code = _template_change(actor, code, reason)
    target = _template_file(code)
    previous = hashlib.sha256(target.read_bytes()).hexdigest() if target.exists() else None
    target.unlink(missing_ok=True)
    _template_audit(actor, code, reason, None, previous)


@user_action
def term_remove(*, actor: Any, term: Any) -> None:
    """A term declared by mistake (numbers already issued keep the period they were issued in)."""
    from phoihop.access.policy import can_administer

    if not can_administer(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống khai báo nhiệm kỳ."))
    audit_record(
        action=audit_events.TERM_CHANGE,
        actor=actor,
        obj=term,
        payload={
            "term": term.name,
            "starts_on": term.starts_on.isoformat(),
            "issuer": term.issuer.code if term.issuer else None,
            "removed": True,
        },
    )
    term.delete()


# --- format rules and terms (administrator-edited data)
# ---------------------------------------------------------------
@user_action
def regime_update(*, actor: Any, code: str, values: dict[str, Any], reason: str) -> Any:
    """An administrator changes a regime's rules (all-or-nothing: every field checked first; audited with the
    names of the fields changed)."""
    from phoihop.access.policy import can_administer
    from phoihop.documents.models import FormatRegime
    from phoihop.documents.regimes import DEFAULTS, FIELDS, check, get_regime

    if not can_administer(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống sửa quy tắc thể thức."))
    if code not in DEFAULTS:
        raise ValidationError({"regime": [_("Thể thức văn bản không hợp lệ.")]})
    if len(clean_text(reason)) < 5:
        raise ValidationError({"reason": [_("Cần nêu lý do sửa (ít nhất 5 ký tự).")]})
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValidationError(
            {"values": [_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))}]}
        )
    current = get_regime(code)
    merged = {f: getattr(current, f) for f in FIELDS} | values
    errors = check(merged)
    if errors:
        raise ValidationError(errors)
    changed = sorted(f for f in FIELDS if merged[f] != getattr(current, f))
    row, _created = FormatRegime.objects.select_for_update().get_or_create(code=code, defaults=DEFAULTS[code])
    for f in FIELDS:
        setattr(row, f, merged[f])
    row.updated_by = actor
    row.save()
    audit_record(
        action=audit_events.FORMAT_CHANGE,
        actor=actor,
        obj=row,
        reason=clean_text(reason),
        payload={"regime": code, "fields": changed},
    )
    return row


@user_action
def term_add(*, actor: Any, name: str, starts_on: date, issuer: Any = None) -> Any:
    """A committee's new term (Party numbers restart from 01 on its first day)."""
    from phoihop.access.policy import can_administer
    from phoihop.documents.models import Term

    if not can_administer(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống khai báo nhiệm kỳ."))
    name = clean_text(name)
    if not re.fullmatch(r"\d{4}\s*[-–]\s*\d{4}", name):
        raise ValidationError({"name": [_("Nhiệm kỳ ghi dạng 2025-2030.")]})
    name = re.sub(r"\s*[-–]\s*", "-", name)
    first, last = (int(y) for y in name.split("-"))
    if last <= first:
        raise ValidationError({"name": [_("Năm kết thúc nhiệm kỳ phải sau năm bắt đầu.")]})
    if abs(starts_on.year - first) > 1:
        raise ValidationError(
            {"starts_on": [_("Ngày bắt đầu phải thuộc năm %(y)s (hoặc năm liền kề).") % {"y": first}]}
        )
    if Term.objects.filter(issuer=issuer, starts_on=starts_on).exists():
        raise ValidationError({"starts_on": [_("Đã có nhiệm kỳ bắt đầu từ ngày này.")]})
    if Term.objects.filter(issuer=issuer, name=name).exists():
        raise ValidationError({"name": [_("Nhiệm kỳ này đã được khai báo.")]})
    term = Term.objects.create(issuer=issuer, name=name, starts_on=starts_on, created_by=actor)
    audit_record(
        action=audit_events.TERM_CHANGE,
        actor=actor,
        obj=term,
        payload={"term": name, "starts_on": starts_on.isoformat(), "issuer": issuer.code if issuer else None},
    )
    return term
