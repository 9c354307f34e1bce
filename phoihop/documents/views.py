"""Document pages: the documents of a case, a request or a dossier (list and upload), a document (versions,
copies, preview), streaming download, generation from templates, the registers."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.access.policy import Action, can, restrict
from phoihop.access.shortcuts import get_visible_or_404
from phoihop.access.views import VisibleObjectView
from phoihop.cases.models import Case, CoordinationRequest
from phoihop.core.forms import apply_service_errors, report_form_errors, report_service_errors
from phoihop.core.multipart import unreadable_upload_message
from phoihop.documents import selectors, services
from phoihop.documents.forms import (
    CancelNumberForm,
    CopyCloseForm,
    CopyForm,
    GenerateForm,
    RegimeForm,
    SignForm,
    TermForm,
    UploadForm,
    VersionForm,
    upload_kwargs,
)
from phoihop.documents.generation import draft_defaults, templates_for
from phoihop.documents.http import PREVIEWABLE, file_response
from phoihop.documents.models import CopyRecord, Document, DocumentVersion, IssuedNumber
from phoihop.people.models import Person


class SizeLimitHandler(FileUploadHandler):
    """Stops reading an upload as soon as it passes the limit: a 2 GB file is never written to disk."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.limit = settings.UPLOAD_MAX_MB * 1024 * 1024
        self.seen = 0

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:
        # Django does not catch StopUpload here: refuse at the first chunk instead, before anything is stored.
        self.declared_too_large = content_length > self.limit + 1024 * 1024

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.seen += len(raw_data)
        if self.seen > self.limit or getattr(self, "declared_too_large", False):
            self.request.upload_too_large = True  # type: ignore[union-attr]
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _upload_return(request: HttpRequest, kwargs: dict[str, Any]) -> str:
    """Where an upload goes back to: the request's or the person's page for their upload addresses, else the
    page itself (the same places the views redirect to)."""
    if "request_id" in kwargs:
        return reverse("cases:request_detail", kwargs={"request_id": kwargs["request_id"]})
    if "person_id" in kwargs:
        return reverse("people:person_detail", args=[kwargs["person_id"]]) + "#documents"
    return request.path


def limited_upload(view: Any) -> Any:
    """Install the size limit before anything reads the body (CSRF is then checked by the inner view). A body
    Django cannot read at all (a file name over its 1 KB part-header limit) is answered with the reason and a
    way back, not a bare 400 page: nothing of the form was read, so nothing is done (core.multipart)."""
    inner = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.upload_handlers.insert(0, SizeLimitHandler(request))
        if request.method == "POST":
            try:
                request.POST  # noqa: B018  (parse now, before the CSRF check would meet an empty form)
            except MultiPartParserError as exc:
                messages.error(request, unreadable_upload_message(exc))
                return redirect(_upload_return(request, kwargs))
        return inner(request, *args, **kwargs)

    return wrapper


def _too_large(request: HttpRequest) -> bool:
    if getattr(request, "upload_too_large", False):
        messages.error(request, _("Tệp lớn hơn giới hạn %(n)d MB.") % {"n": settings.UPLOAD_MAX_MB})
        return True
    return False


def _upload_into(http: HttpRequest, target: dict[str, Any]) -> bool:
    form = UploadForm(http.POST, http.FILES)
    if _too_large(http):
        return False
    if not form.is_valid():
        report_form_errors(http, form)
        return False
    try:
        document = services.document_add(actor=http.user, **target, **upload_kwargs(form.cleaned_data))
    except ValidationError as exc:
        report_service_errors(http, exc)
        return False
    except PermissionDenied as exc:
        messages.error(http, str(exc))
        return False
    version = document.current()
    dupes = services.duplicates_of(version, http.user) if version else []
    messages.success(http, _("Đã đính kèm “%(title)s” (mã hóa khi lưu).") % {"title": document.title})
    if dupes:
        messages.warning(
            http,
            _("Nội dung trùng hệt tài liệu đã có: %(titles)s")
            % {"titles": "; ".join(d.title for d in dupes)},
        )
    return True


@login_required
@limited_upload
@require_http_methods(["GET", "POST"])
def case_documents(request: HttpRequest, case_id: str) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.all(), Action.VIEW, pk=case_id)
    can_add = can(request.user, Action.CHANGE, case)
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        _upload_into(request, {"case": case})
        return redirect("documents:case_documents", case_id=case.pk)
    return render(
        request,
        "documents/case_documents.html",
        {
            "case": case,
            "documents": selectors.case_documents(request.user, case),
            "form": UploadForm() if can_add else None,
            "can_generate": can_add,
            "max_mb": settings.UPLOAD_MAX_MB,
        },
    )


@login_required
@limited_upload
@require_POST
def request_upload(request: HttpRequest, request_id: str) -> HttpResponse:
    req = get_visible_or_404(
        request, CoordinationRequest.objects.select_related("case"), Action.VIEW, pk=request_id
    )
    reply = can(request.user, Action.RESPOND, req) and not can(request.user, Action.CHANGE, req)
    _upload_into(request, {"request": req, "is_reply": reply})
    return redirect("cases:request_detail", request_id=req.pk)


@login_required
@limited_upload
@require_POST
def person_upload(request: HttpRequest, person_id: str) -> HttpResponse:
    person = get_visible_or_404(request, Person.objects.all(), Action.VIEW, uuid=person_id)
    _upload_into(request, {"person": person})
    return redirect(reverse("people:person_detail", args=[person.uuid]) + "#documents")


class DocumentDetailView(VisibleObjectView):
    """A document's page (GET, an audited read like the
    download and the preview) and its new version (POST)."""

    queryset = Document.objects.select_related("case", "request", "person", "owner_agency")
    lookup_url_kwarg = "document_id"
    http_method_names = ["get", "post"]

    def record_read(self, obj: Document) -> None:
        services.document_read(actor=self.request.user, document=obj)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        document = self.object
        if not can(request.user, Action.CHANGE, document):
            raise PermissionDenied
        form = VersionForm(request.POST, request.FILES)
        if not _too_large(request):
            if not form.is_valid():
                report_form_errors(request, form)
            else:
                try:
                    services.document_version_add(
                        actor=request.user,
                        document=document,
                        file_name=form.cleaned_data["file"].name,
                        data=form.cleaned_data["file"].read(),
                        strip_metadata=form.cleaned_data["strip_metadata"],
                    )
                except ValidationError as exc:
                    report_service_errors(request, exc)
                else:
                    messages.success(request, _("Đã lưu phiên bản mới."))
        return redirect("documents:document_detail", document_id=document.pk)

    def show(self, request: HttpRequest, document: Document) -> HttpResponse:
        return _document_page(request, document)


document_detail = login_required(limited_upload(DocumentDetailView.as_view()))


def hasattr_paper(document: Document) -> bool:
    from phoihop.documents.models import OfficialPaper

    return OfficialPaper.objects.filter(document_id=document.pk).exists()


def _paper_panel(
    request: HttpRequest, document: Document, can_change: bool, bound: SignForm | None = None
) -> dict[str, Any]:
    """A generated document's drafting record: its status, who signed and issued it, and the step the reader
    may take now (a leader signs a draft, the clerk issues a signed one)."""
    from phoihop.access.policy import has_role
    from phoihop.documents.choices import PaperStatus
    from phoihop.documents.models import OfficialPaper

    paper = (
        OfficialPaper.objects.select_related("signed_by", "issued_by", "number")
        .filter(document=document)
        .first()
    )
    if paper is None:
        return {"paper": None}
    signs = can_change and paper.status == PaperStatus.DRAFT and has_role(request.user, "leader")
    others = (
        restrict(
            Document.objects.filter(case=document.case, paper__isnull=False).exclude(pk=document.pk),
            request.user,
            Action.VIEW,
        )
        .select_related("paper")
        .order_by("-created_at")[:20]
    )
    return {
        "paper": paper,
        "compare_with": list(others),
        "sign_form": bound
        or SignForm(
            regime=paper.regime,
            initial={
                "authority": paper.fields.get("authority", ""),
                "authority_of": paper.fields.get("authority_of", ""),
                "signer_title": paper.fields.get("signer_title", ""),
            },
        )
        if signs
        else None,
        "may_issue": can_change and paper.status == PaperStatus.SIGNED and has_role(request.user, "clerk"),
        "issuers": _issuers(document) if paper.status == PaperStatus.SIGNED else None,
    }


def _issuers(document: Document) -> list[Any]:
    """The clerks of the drafting agency who may issue this paper (its level and, in a classified case, its
    team): the page warns when none may, so a signed paper does not wait unseen."""
    from phoihop.core.models import User

    clerks = User.objects.filter(agency_id=document.owner_agency_id, is_active=True, roles__code="clerk")
    return [u for u in clerks.order_by("username")[:20] if can(u, Action.CHANGE, document)]


def _document_page(
    request: HttpRequest, document: Document, *, sign_form: SignForm | None = None, status: int = 200
) -> HttpResponse:
    can_change = can(request.user, Action.CHANGE, document)
    # a partner reading a paper a request carried sees only its PDF (restricted like the download)
    versions = list(
        restrict(document.versions.select_related("uploaded_by"), request.user, Action.VIEW).order_by(
            "-number", "rendition"
        )
    )
    current = next((v for v in versions if not v.rendition), None)
    # what the page shows inline: the current version if a browser shows its type, else its PDF rendition
    latest = current.number if current else max((v.number for v in versions), default=None)
    preview = next(
        (
            v
            for v in versions
            if v.number == latest and v.content_type in PREVIEWABLE and (v is current or v.rendition == "pdf")
        ),
        None,
    )
    # a partner reached the document through a request: its pages lead back to the request, never to the case
    sees_case = document.case is not None and can(request.user, Action.VIEW, document.case)
    via_request = document.request_id or (
        None if sees_case else selectors.carrying_request_id(request.user, document)
    )
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "sees_case": sees_case,
            "via_request": via_request,
            "versions": versions,
            "current": current,
            "preview": preview,
            "can_change": can_change,
            "duplicates": services.duplicates_of(current, request.user) if current else [],
            "copies": selectors.classified_copies(request.user).filter(document=document),
            # a generated paper's versions come from its steps (draft, signed copy, issued), not by hand
            "version_form": VersionForm() if can_change and not hasattr_paper(document) else None,
            "copy_form": CopyForm() if can_change else None,
            "close_form": CopyCloseForm(),
            **_paper_panel(request, document, can_change, sign_form),
        },
        status=status,
    )


def _version(request: HttpRequest, document: Document) -> DocumentVersion:
    versions = restrict(document.versions.all(), request.user, Action.DOWNLOAD)
    rendition = "pdf" if request.GET.get("format") == "pdf" else ""
    number = request.GET.get("version")
    qs = versions.filter(rendition=rendition)
    version = (
        qs.filter(number=int(number)).first()
        if number and number.isdigit()
        else qs.order_by("-number").first()
    )
    if version is None:
        raise Http404
    return version


@login_required
@require_GET
def download(request: HttpRequest, document_id: str) -> HttpResponse | StreamingHttpResponse:
    """The file (a PDF stamped with the viewer and the time), inline for the preview, audited."""
    document = get_visible_or_404(request, Document.objects.all(), Action.DOWNLOAD, pk=document_id)
    version = _version(request, document)
    # audited as what is served: inline (a preview) only for the types a browser shows, else a download
    inline = request.GET.get("inline") == "1" and version.content_type in PREVIEWABLE
    body = services.open_for_download(
        actor=request.user, version=version, purpose="view" if inline else "download"
    )
    return file_response(version, body, inline=inline)


@login_required
@require_http_methods(["GET", "POST"])
def generate(request: HttpRequest, case_id: str) -> HttpResponse:
    case = get_visible_or_404(request, Case.objects.select_related("owner_agency"), Action.CHANGE, pk=case_id)
    templates = templates_for(case.kind)
    initial = draft_defaults(
        case, request.user, request.GET.get("template", ""), request.GET.get("regime", "")
    )
    form = GenerateForm(
        request.POST or None,
        initial=initial,
        templates=templates,
        regime=request.POST.get("regime") or initial["regime"],
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_generate(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Đã tạo dự thảo văn bản; chờ lãnh đạo ký rồi văn thư cấp số, ban hành.")
            )
            return redirect("documents:document_detail", document_id=document.pk)
    return render(
        request,
        "documents/generate.html",
        {"case": case, "form": form, "templates": templates.values(), "chosen": initial},
    )


@login_required
@require_GET
def paper_compare(request: HttpRequest, document_id: str, other_id: str) -> HttpResponse:
    """Two papers side by side (the same content in the Party and the State regime, say): each an audited
    read, each refused as if it did not exist to whoever may not see it."""
    documents = Document.objects.select_related("case", "paper", "paper__number")
    first = get_visible_or_404(request, documents, Action.VIEW, pk=document_id)
    second = get_visible_or_404(request, documents, Action.VIEW, pk=other_id)
    for document in (first, second):
        services.document_read(actor=request.user, document=document)
    shown = []
    for document in (first, second):
        pdf = (
            restrict(document.versions.filter(content_type="application/pdf"), request.user, Action.VIEW)
            .order_by("-number")
            .first()
        )
        shown.append({"document": document, "pdf": pdf})
    return render(request, "documents/compare.html", {"shown": shown})


@login_required
@require_POST
def paper_sign(request: HttpRequest, document_id: str) -> HttpResponse:
    document = get_visible_or_404(request, Document.objects.all(), Action.CHANGE, pk=document_id)
    from phoihop.documents.models import OfficialPaper

    paper = OfficialPaper.objects.filter(document=document).only("regime").first()
    form = SignForm(request.POST, request.FILES, regime=paper.regime if paper else "party")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_sign(
                actor=request.user,
                document=document,
                authority=form.cleaned_data["authority"],
                authority_of=form.cleaned_data["authority_of"],
                signer_title=form.cleaned_data["signer_title"],
                file_name=upload.name if upload else "",
                data=upload.read() if upload else None,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("documents:document_detail", document_id=document.pk)
        else:
            messages.success(request, _("Đã ký văn bản; văn thư sẽ cấp số và ban hành."))
            return redirect("documents:document_detail", document_id=document.pk)
    # the page again, the form with its errors beside its fields and what the leader typed
    document = Document.objects.select_related("case", "request", "person", "owner_agency").get(
        pk=document.pk
    )
    return _document_page(request, document, sign_form=form, status=400)


@login_required
@require_POST
def paper_issue(request: HttpRequest, document_id: str) -> HttpResponse:
    document = get_visible_or_404(request, Document.objects.all(), Action.CHANGE, pk=document_id)
    try:
        paper = services.document_issue(actor=request.user, document=document)
    except ValidationError as exc:
        report_service_errors(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        number = paper.number.number_symbol if paper.number else ""
        messages.success(request, _("Đã ban hành văn bản số %(n)s.") % {"n": number})
    return redirect("documents:document_detail", document_id=document.pk)


@login_required
@require_POST
def copy_add(request: HttpRequest, document_id: str) -> HttpResponse:
    document = get_visible_or_404(request, Document.objects.all(), Action.CHANGE, pk=document_id)
    form = CopyForm(request.POST)
    if form.is_valid():
        try:
            services.copy_record(
                actor=request.user, document=document, recipient=form.cleaned_data["recipient"]
            )
        except ValidationError as exc:
            report_service_errors(request, exc)
    else:
        report_form_errors(request, form)
    return redirect("documents:document_detail", document_id=document.pk)


@login_required
@require_POST
def copy_close(request: HttpRequest, copy_id: str) -> HttpResponse:
    record = get_visible_or_404(
        request, CopyRecord.objects.select_related("document"), Action.VIEW, pk=copy_id
    )
    form = CopyCloseForm(request.POST)
    if form.is_valid():
        try:
            services.copy_close(actor=request.user, record=record, **form.cleaned_data)
        except ValidationError as exc:
            report_service_errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    return redirect("documents:document_detail", document_id=record.document_id)


@login_required
@require_GET
def registers(request: HttpRequest, which: str) -> HttpResponse:
    """Printable registers: outgoing numbers, incoming documents, classified copies."""
    if which == "outgoing":
        rows: Any = selectors.issued_numbers(request.user)[:1000]
    elif which == "incoming":
        rows = selectors.incoming(request.user).select_related("request__case")[:1000]
    elif which == "classified":
        rows = selectors.classified_copies(request.user)[:1000]
    else:
        raise Http404
    return render(
        request, "documents/register.html", {"which": which, "rows": rows, "cancel_form": CancelNumberForm()}
    )


@login_required
@require_POST
def number_cancel(request: HttpRequest, number_id: str) -> HttpResponse:
    issued = get_visible_or_404(request, IssuedNumber.objects.all(), Action.CHANGE, pk=number_id)
    form = CancelNumberForm(request.POST)
    if form.is_valid():
        try:
            services.number_cancel(actor=request.user, issued=issued, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            report_service_errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã hủy số %(n)s.") % {"n": issued.number_symbol})
    return redirect("documents:registers", which="outgoing")


class RequestPanelView(VisibleObjectView):
    """The documents of a request and its reply, loaded into the request page (htmx)."""

    queryset = CoordinationRequest.objects.all()
    lookup_url_kwarg = "request_id"
    read_unaudited_because = (
        "a panel of the request page, whose opening is the audited read; each paper is audited"
    )

    def show(self, request: HttpRequest, req: CoordinationRequest) -> HttpResponse:
        return _request_panel(request, req)


request_panel = RequestPanelView.as_view()


def _request_panel(request: HttpRequest, req: CoordinationRequest) -> HttpResponse:
    may_add = can(request.user, Action.CHANGE, req) or can(request.user, Action.RESPOND, req)
    return render(
        request,
        "documents/_panel.html",
        {
            "documents": selectors.request_documents(request.user, req),
            "form": UploadForm() if may_add else None,
            "action": reverse("documents:request_upload", args=[req.pk]),
            "max_mb": settings.UPLOAD_MAX_MB,
        },
    )


class PersonPanelView(VisibleObjectView):
    """The documents of a dossier, loaded into the person's page (htmx)."""

    queryset = Person.objects.all()
    lookup_field, lookup_url_kwarg = "uuid", "person_id"
    read_unaudited_because = (
        "a panel of the person's page, whose opening is the audited read; each paper is audited"
    )

    def show(self, request: HttpRequest, person: Person) -> HttpResponse:
        return _person_panel(request, person)


person_panel = PersonPanelView.as_view()


def _person_panel(request: HttpRequest, person: Person) -> HttpResponse:
    return render(
        request,
        "documents/_panel.html",
        {
            "documents": selectors.person_documents(request.user, person),
            "form": UploadForm() if can(request.user, Action.CHANGE, person) else None,
            "action": reverse("documents:person_upload", args=[person.uuid]),
            "max_mb": settings.UPLOAD_MAX_MB,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_admin(request: HttpRequest) -> HttpResponse:
    """Administrators replace a document kind's DOCX template (or the shared layout): upload, see the sample
    documents of both regimes rendered with the template in force and with the new one, line by line, then
    apply or discard; or go back to the shipped template. Every change is audited."""
    from phoihop.access.policy import can_administer
    from phoihop.documents.generation import all_templates, template_path

    if not can_administer(request.user):
        raise PermissionDenied
    names = {services.SHARED_TEMPLATE: _("Bố cục chung (mọi mẫu chưa có mẫu riêng)")} | {
        code: str(t.label) for code, t in all_templates().items()
    }
    code = request.POST.get("template") or request.GET.get("template") or services.SHARED_TEMPLATE
    if code not in names:
        raise Http404
    preview = None
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        what = request.POST.get("do", "")
        upload = request.FILES.get("file")
        try:
            if what == "reset":
                services.template_reset(actor=request.user, code=code, reason=reason)
                messages.success(request, _("Đã trở về mẫu mặc định."))
            elif what == "apply":
                services.template_apply(actor=request.user, code=code, reason=reason)
                messages.success(request, _("Mẫu mới đã được áp dụng."))
            elif what == "discard":
                services.template_discard(actor=request.user, code=code)
                messages.success(request, _("Đã bỏ mẫu đang chờ."))
            elif upload is None:
                raise ValidationError({"file": [_("Hãy chọn tệp mẫu DOCX.")]})
            else:
                services.template_stage(actor=request.user, code=code, data=upload.read())
                messages.info(request, _("Mẫu mới đã được dựng thử; xem khác biệt rồi áp dụng."))
        except ValidationError as exc:
            report_service_errors(request, exc)
        return redirect(f"{reverse('documents:template_admin')}?template={code}")
    if request.GET.get("download"):
        path = template_path(f"{code}.docx")
        response = HttpResponse(
            path.read_bytes(),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="{code}.docx"'
        return response
    preview = services.template_preview(code)
    custom = (settings.DATA_DIR / "templates" / f"{code}.docx").exists()
    return render(
        request,
        "documents/template_admin.html",
        {"custom": custom, "names": names, "code": code, "preview": preview},
    )


SOURCE_LABELS = {
    "authority_marks": gettext_lazy("Dấu thẩm quyền ký"),
    "number": gettext_lazy("Số văn bản"),
    "symbol": gettext_lazy("Ký hiệu"),
    "period": gettext_lazy("Kỳ đánh số"),
    "classified": gettext_lazy("Văn bản mật"),
    "date": gettext_lazy("Ngày tháng"),
    "typography": gettext_lazy("Phông, cỡ, kiểu chữ"),
    "archive": gettext_lazy("Dòng lưu"),
    "member": gettext_lazy("Cách gọi đảng viên"),
}


@login_required
def formats(request: HttpRequest) -> HttpResponse:
    """The two regimes' rules and the committees' terms: everyone who numbers documents reads them (with their
    sources); administrators edit them (audited)."""
    from phoihop.access.policy import can_administer, has_role
    from phoihop.documents.models import Term
    from phoihop.documents.regimes import DEFAULTS, FIELDS, get_regime

    if not (can_administer(request.user) or has_role(request.user, "clerk", "officer", "leader")):
        raise PermissionDenied
    admin = can_administer(request.user)
    forms_by_code: dict[str, Any] = {}
    term_form = TermForm(request.POST if request.POST.get("do") == "term" else None) if admin else None
    if request.method == "POST":
        if not admin:
            raise PermissionDenied
        if request.POST.get("do") == "term_remove":
            term_id = str(request.POST.get("term", ""))
            term = Term.objects.filter(pk=int(term_id)).first() if term_id.isdigit() else None
            if term is None:
                raise Http404
            services.term_remove(actor=request.user, term=term)
            messages.success(request, _("Đã xóa nhiệm kỳ khai báo nhầm."))
            return redirect("documents:formats")
        if request.POST.get("do") == "term":
            assert term_form is not None
            if term_form.is_valid():
                try:
                    services.term_add(actor=request.user, **term_form.cleaned_data)
                except ValidationError as exc:
                    apply_service_errors(term_form, exc)
                else:
                    messages.success(request, _("Đã khai báo nhiệm kỳ."))
                    return redirect("documents:formats")
        else:
            code = request.POST.get("regime", "")
            if code not in DEFAULTS:
                raise Http404
            form = RegimeForm(request.POST, prefix=code)
            forms_by_code[code] = form
            if form.is_valid():
                values = dict(form.cleaned_data)
                reason = values.pop("reason")
                try:
                    services.regime_update(actor=request.user, code=code, values=values, reason=reason)
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(request, _("Đã lưu quy tắc thể thức."))
                    return redirect("documents:formats")
    regimes_shown = []
    for code in DEFAULTS:
        regime = get_regime(code)
        shown: RegimeForm | None = forms_by_code.get(code) or (
            RegimeForm(prefix=code, initial={f: getattr(regime, f) for f in FIELDS}) if admin else None
        )
        sources = [(SOURCE_LABELS.get(k, k), v) for k, v in regime.sources.items()]
        regimes_shown.append({"regime": regime, "form": shown, "sources": sources})
    terms = Term.objects.select_related("issuer").order_by("-starts_on", "issuer__code")[:200]
    return render(
        request,
        "documents/formats.html",
        {"regimes": regimes_shown, "terms": terms, "term_form": term_form, "admin": admin},
    )
