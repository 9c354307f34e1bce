"""Auditor pages: the event list with filters, one event, break-glass report, verification, exports.

Only auditors reach them (access rule on AuditEvent); everyone else gets 404 as if they did not exist. Every
event is shown through audit.disclosure: of its object, only what the access policy lets this auditor see now.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phoihop.access.models import BreakGlass
from phoihop.access.policy import Action, can_audit, restrict
from phoihop.access.views import VisibleObjectView
from phoihop.audit import registry
from phoihop.audit.disclosure import disclose, disclose_stream, row
from phoihop.audit.exports import FORMATS, ExportTooLargeError, tabular_export
from phoihop.audit.forms import EventFilterForm
from phoihop.audit.models import AuditEvent
from phoihop.audit.selectors import audit_verify, event_list
from phoihop.audit.services import audit_record

EXPORT_COLUMNS = [
    ("seq", "#"),
    ("occurred_at", "Thời điểm"),
    ("actor", "Người thực hiện"),
    ("agency", "Cơ quan"),
    ("action", "Hành động"),
    ("outcome", "Kết quả"),
    ("object_type", "Loại đối tượng"),
    ("object_id", "Mã đối tượng"),
    ("object", "Đối tượng"),
    ("level", "Độ mật"),
    ("related", "Liên quan"),
    ("ip", "Địa chỉ IP"),
    ("request_id", "Mã yêu cầu"),
    ("reason", "Lý do"),
    ("payload", "Chi tiết"),
    ("withheld", "Trường được ẩn"),
]


def _auditor_only(request: HttpRequest) -> None:
    if not can_audit(request.user):
        raise Http404


def _filtered(request: HttpRequest, action: Action) -> tuple[EventFilterForm, Any]:
    form = EventFilterForm(request.GET or None)
    qs = restrict(AuditEvent.objects.all(), request.user, action)
    if form.is_bound and form.is_valid():
        qs = qs & event_list(**form.selector_kwargs())
    elif form.is_bound:
        qs = qs.none()
    return form, qs.order_by("-seq")


@login_required
@require_GET
def event_list_view(request: HttpRequest) -> HttpResponse:
    """Newest first, paged by sequence number (no COUNT over the whole audit table)."""
    _auditor_only(request)
    form, qs = _filtered(request, Action.VIEW)
    before = request.GET.get("before", "")
    if before.isdigit():
        qs = qs.filter(seq__lt=int(before))
    events = list(qs[: settings.PAGE_SIZE + 1])
    has_more = len(events) > settings.PAGE_SIZE
    events = events[: settings.PAGE_SIZE]
    params = request.GET.copy()
    params.pop("before", None)
    context = {
        "form": form,
        "events": disclose(events, request.user),
        "has_more": has_more,
        "next_before": events[-1].seq if events else None,
        "filter_query": params.urlencode(),
        "is_first_page": not before,
    }
    return render(request, "audit/event_list.html", context)


class EventDetailView(VisibleObjectView):
    queryset = AuditEvent.objects.all()
    lookup_field = lookup_url_kwarg = "seq"
    read_unaudited_because = (
        "the audit trail's own record (auditors only); auditing its reading would grow the trail"
    )

    def guard(self, request: HttpRequest) -> None:
        _auditor_only(request)

    def show(self, request: HttpRequest, event: AuditEvent) -> HttpResponse:
        return render(request, "audit/event_detail.html", {"item": disclose([event], request.user)[0]})


event_detail = EventDetailView.as_view()


@login_required
@require_GET
def event_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    _auditor_only(request)
    if fmt not in FORMATS:
        raise Http404
    _form, qs = _filtered(request, Action.EXPORT)
    # The filters typed on the form, nothing else from the address: they are identifiers and codes.
    filters = {k: v for k, v in request.GET.items() if v and k in EventFilterForm.base_fields}
    rows = (row(d) for d in disclose_stream(qs.iterator(chunk_size=2000), request.user))
    try:
        return tabular_export(
            actor=request.user,
            what="audit.auditevent",
            columns=EXPORT_COLUMNS,
            fmt=fmt,
            filename="nhat-ky",
            rows=rows,
            row_count=qs.count(),
            filters=filters,
        )
    except ExportTooLargeError as exc:
        messages.error(request, str(exc))
        return redirect(f"{request.path.rsplit('/', 1)[0]}/?{request.GET.urlencode()}")


@login_required
@require_GET
def break_glass_list(request: HttpRequest) -> HttpResponse:
    _auditor_only(request)
    rows = restrict(BreakGlass.objects.select_related("user", "content_type"), request.user, Action.VIEW)[
        :200
    ]
    return render(request, "audit/break_glass_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    """Verify the chain now, optionally against a copy of the
    checkpoint file kept off the machine (uploaded)."""
    _auditor_only(request)
    result = None
    if request.method == "POST":
        copy = request.FILES.get("against")
        if copy is not None and (copy.size or 0) > settings.UPLOAD_MAX_MB * 1024 * 1024:
            messages.error(request, _("Tệp lớn hơn giới hạn %(n)d MB.") % {"n": settings.UPLOAD_MAX_MB})
            return render(request, "audit/verify.html", {"result": None})
        result = audit_verify(against=copy.read() if copy is not None else None)
        audit_record(
            action=registry.AUDIT_VERIFY,
            actor=request.user,
            outcome="allowed" if result.ok else "failed",
            payload={
                "checked": result.checked,
                "first_bad_seq": result.first_bad_seq,
                "problem": result.problem,
                "head_seq": result.head_seq,
                "covered_seq": result.covered_seq,
                "copy_lines": result.copy_lines,
            },
        )
        if result.ok:
            messages.success(request, _("Chuỗi nhật ký nguyên vẹn."))
        else:
            messages.error(request, _("Phát hiện can thiệp vào nhật ký!"))
    return render(request, "audit/verify.html", {"result": result})
