"""One error shape for the whole API: {"detail": "...",
"errors": {field: [messages]}} in the user's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from phoihop.audit.services import audit_denied
from phoihop.core.api.parsers import NestedTooDeep
from phoihop.core.multipart import unreadable_upload_message


def _messages(value: Any) -> list[str]:
    """Readable messages of one field, however DRF nested them: a list item's errors come as {index: [...]},
    a nested object's as {field: [...]} — shown as "index: message" / "field: message", never as Python."""
    if isinstance(value, dict):
        return [f"{key}: {message}" for key, sub in value.items() for message in _messages(sub)]
    if isinstance(value, list | tuple):
        return [message for item in value for message in _messages(item)]
    if (
        isinstance(value, exceptions.ErrorDetail)
        and value.code == "null"
        and str(value) == "No data provided"
    ):
        # DRF writes this one without gettext (a JSON `null` body): said here in the caller's language
        return [_("Không có dữ liệu: hãy gửi một đối tượng JSON.")]
    return [str(value)]


def _flatten(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(k): _messages(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": _messages(detail)}
    return {"non_field_errors": [str(detail)]}


def _record_denial(exc: Exception, context: dict[str, Any]) -> None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if isinstance(exc, DjangoPermissionDenied | exceptions.PermissionDenied) and getattr(
        user, "is_authenticated", False
    ):
        audit_denied(actor=user, object_type="api", object_id="", attempted=request.method, path=request.path)  # type: ignore[union-attr]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RequestDataTooBig):  # the body was not read: nothing else may try to read it again
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        message = _(
            "Dữ liệu gửi lên quá lớn: một yêu cầu không kèm tệp tối đa %(kb)d KB. Hãy rút gọn nội dung "
            "hoặc đính kèm thành tài liệu."
        ) % {"kb": limit // 1024}
        return Response({"detail": message, "errors": {}}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    _record_denial(exc, context)
    original = exc
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Không tìm thấy."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or _("Bạn không có quyền thực hiện thao tác này."))
    elif isinstance(exc, exceptions.ParseError) and not isinstance(exc, NestedTooDeep):
        content_type = getattr(context.get("request"), "content_type", "") or ""
        exc = exceptions.ParseError(
            unreadable_upload_message(exc.detail)
            if content_type.startswith("multipart/")
            else _("Dữ liệu JSON không hợp lệ: hãy kiểm tra dấu ngoặc, dấu phẩy và dấu nháy.")
        )
    elif isinstance(exc, exceptions.NotAuthenticated):
        exc = exceptions.NotAuthenticated(
            _("Chưa xác thực: gửi tiêu đề Authorization: Token <khóa> hoặc đăng nhập.")
        )
    if exc is not original and hasattr(original, "auth_header"):
        setattr(exc, "auth_header", original.auth_header)  # noqa: B010  (keeps WWW-Authenticate on 401)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _("Dữ liệu không hợp lệ."), "errors": _flatten(exc.detail)}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        response.data = {"detail": str(detail), "errors": {}}
    return response


def json_not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(
        {"detail": _("Không có địa chỉ API này: %(path)s") % {"path": request.path}, "errors": {}},
        status=status.HTTP_404_NOT_FOUND,
    )


def json_server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {"detail": _("Lỗi hệ thống. Sự việc đã được ghi lại; vui lòng báo quản trị viên."), "errors": {}},
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
