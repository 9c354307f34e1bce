"""Session lifetime (idle and absolute) and mandatory MFA enrolment for every human account."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from phoihop.audit.services import audit_record
from phoihop.core import audit_events

SESSION_STARTED_KEY = "phoihop.session_started"
SESSION_TOUCHED_KEY = "phoihop.session_touched"


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after sign-in whatever the activity. Idle expiry is the stored session's age
    (SESSION_COOKIE_AGE from its last save): activity re-saves the session at most once a minute
    (SESSION_TOUCH_SECONDS) instead of on every request, so a page view is not also a database write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
                request.session[SESSION_TOUCHED_KEY] = now
            elif now - float(started) > settings.SESSION_ABSOLUTE_SECONDS:
                audit_record(action=audit_events.AUTH_SESSION_EXPIRED, actor=user, obj=user)
                logout(request)
                message = _("Phiên làm việc đã hết hạn (quá %(hours)d giờ). Vui lòng đăng nhập lại.") % {
                    "hours": settings.SESSION_ABSOLUTE_SECONDS // 3600
                }
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": message, "errors": {}}, status=401)
                messages.warning(request, message)
                return redirect(f"{reverse('account_login')}?next={request.path}")
            elif now - float(request.session.get(SESSION_TOUCHED_KEY, 0)) >= settings.SESSION_TOUCH_SECONDS:
                request.session[SESSION_TOUCHED_KEY] = (
                    now  # modified: saved with a new expiry after the response
                )
        return self.get_response(request)


def _is_exempt(path: str) -> bool:
    exempt = ("/accounts/", "/static/", "/i18n/", "/healthz", "/api/")
    return path.startswith(exempt)


class RequireMFAMiddleware:
    """A signed-in human without a TOTP authenticator may only reach the pages that enrol one.

    The API is exempt here because its session authentication class refuses such sessions itself,
    and token requests belong to integration accounts that have no second factor.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not _is_exempt(request.path):
            from phoihop.core.selectors import user_has_totp

            if not user_has_totp(user):
                messages.info(
                    request, _("Bạn cần bật xác thực hai lớp (ứng dụng tạo mã OTP) trước khi làm việc.")
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
