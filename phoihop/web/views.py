"""Pages of the shell: home ("my work"), health check, error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from phoihop.audit.services import audit_denied
from phoihop.cases.selectors import my_work
from phoihop.core.api.errors import json_not_found, json_server_error
from phoihop.core.multipart import unreadable_upload_message


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    work = my_work(request.user)
    queues = []
    for key in ("requests", "leading", "due_soon", "overdue"):
        items, cases = work[key], work.get(f"{key}_cases", [])
        queues.append({"key": key, "items": items, "cases": cases, "count": len(items) + len(cases)})
    is_leader = request.user.has_role("leader")  # type: ignore[union-attr]
    return render(request, "web/home.html", {"queues": queues, "is_leader": is_leader})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return json_not_found(request, exception)
    return render(request, "web/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return json_server_error(request)
    return render(request, "web/500.html", status=500)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if getattr(request.user, "is_authenticated", False):
        audit_denied(
            actor=request.user, object_type="page", object_id="", attempted="open", path=request.path
        )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(exception or ""), "errors": {}}, status=403)
    return render(request, "web/403.html", {"message": str(exception or "")}, status=403)


@require_GET
def password_reset_by_admin(request: HttpRequest) -> HttpResponse:
    return render(request, "account/password_reset_by_admin.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    message = _("Biểu mẫu đã hết hạn hoặc không hợp lệ (CSRF). Hãy tải lại trang rồi thử lại.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": {}}, status=403)
    return render(request, "web/403.html", {"message": message}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # An upload Django could not read (e.g. a file name over its part-header limit) says why.
    message = unreadable_upload_message(exception) if isinstance(exception, MultiPartParserError) else ""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message or _("Yêu cầu không hợp lệ."), "errors": {}}, status=400)
    return render(request, "web/400.html", {"message": message}, status=400)
