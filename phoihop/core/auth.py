"""Sign-in policy: closed sign-up, human accounts only on the web, MFA everywhere, lockout responses."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.auth_backends import AuthenticationBackend
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by administrators only (phoihop user add, or the user administration page).
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Mandatory first enrolment of TOTP comes right after the password; asking it again adds nothing."""
        from allauth.account.internal.flows.login import get_authentication_records

        from phoihop.core.selectors import user_has_totp

        request = self.request
        user = getattr(request, "user", None)
        if app == "allauth.mfa" and user is not None and user.is_authenticated and not user_has_totp(user):
            records = get_authentication_records(request, user)
            if records and time.time() - float(records[-1].get("at", 0)) < FIRST_ENROLMENT_WINDOW_SECONDS:
                return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))


FIRST_ENROLMENT_WINDOW_SECONDS = 300


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user: AbstractBaseUser) -> str:
        return user.get_username()


class HumanAccountBackend(AuthenticationBackend):
    """allauth's username/password backend, refusing integration (API-only) accounts."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        if user is not None and getattr(user, "is_api_only", False):
            return None  # integration accounts sign in with tokens only
        return user


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    username = (credentials or {}).get("username") or request.POST.get("login", "")
    return str(username).strip().lower()


def lockout_response(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any
) -> HttpResponse:
    from django.conf import settings

    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    message = _(
        "Tài khoản tạm thời bị khóa vì đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút "
        "hoặc liên hệ quản trị viên."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": {}}, status=429)
    return render(request, "core/locked_out.html", {"message": message}, status=429)
