"""Sign-in policy: closed sign-up, human accounts only on the web, MFA everywhere, lockout responses."""

from __future__ import annotations

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


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user: AbstractBaseUser) -> str:
        return user.get_username()


class HumanAccountBackend(AuthenticationBackend):
    """allauth's username/password backend, refusing integration (API-only) accounts."""

    def user_can_authenticate(self, user: Any) -> bool:
        return bool(super().user_can_authenticate(user)) and not getattr(user, "is_api_only", False)


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    username = (credentials or {}).get("username") or request.POST.get("login", "")
    return str(username).strip().lower()


def lockout_response(request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any) -> HttpResponse:
    from django.conf import settings

    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    message = _(
        "Tài khoản tạm thời bị khóa vì đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút "
        "hoặc liên hệ quản trị viên."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": {}}, status=429)
    return render(request, "core/locked_out.html", {"message": message}, status=429)
