"""Sign-in policy: closed sign-up, human accounts only on the web, MFA everywhere, lockout responses, and the
lockout of an account whose one-time code is guessed at."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.auth_backends import AuthenticationBackend
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from django import forms
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from phoihop.audit.models import Outcome
from phoihop.audit.services import audit_record
from phoihop.core import audit_events


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

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """An account locked for code guessing is refused before
        its password is even checked, from any address."""
        username = axes_username(request, credentials)
        if username and mfa_locked(username):
            _refuse_locked(request, username)
        super().pre_authenticate(request, **credentials)


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
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    if getattr(request, "phoihop_mfa_locked", False):
        message = _(
            "Tài khoản tạm thời bị khóa vì nhập sai mã xác thực quá nhiều lần. "
            "Vui lòng thử lại sau %(minutes)d phút hoặc liên hệ quản trị viên."
        ) % {"minutes": minutes}
    else:
        message = _(
            "Tài khoản tạm thời bị khóa vì đăng nhập sai quá nhiều lần. Vui "
            "lòng thử lại sau %(minutes)d phút hoặc liên hệ quản trị viên."
        ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": {}}, status=429)
    return render(request, "core/locked_out.html", {"message": message}, status=429)


# --- The one-time code step
# -------------------------------------------------------------------------------------- allauth limits code
# attempts through Django's cache; with a per-process cache each web worker had its own count (3 workers, 3 ×
# the guesses, all forgotten on restart). The cache is now shared (the database without Redis), and on top of
# allauth's limit an account is locked like a password lockout: PHOIHOP_LOCKOUT_FAILURES wrong codes in a row
# lock it for PHOIHOP_LOCKOUT_MINUTES — the account, not the address, since only someone who knows the
# password reaches this step. Each attempt is counted *before* its code is checked, under a lock in the cache,
# so parallel requests cannot get more guesses than the limit; a right code resets the count.

MFA_KEY_PREFIX = "phoihop:mfa-failures:"
_MUTEX_SECONDS = 10


def _mfa_key(username: str) -> str:
    return MFA_KEY_PREFIX + hashlib.sha256(username.strip().lower().encode()).hexdigest()[:40]


def _lockout_seconds() -> int:
    return max(1, round(float(settings.AXES_COOLOFF_TIME) * 3600))


def mfa_locked(username: str) -> bool:
    return int(cache.get(_mfa_key(username), 0)) >= settings.AXES_FAILURE_LIMIT


@contextmanager
def _counter_lock(key: str) -> Iterator[None]:
    """Mutual exclusion across processes through the shared
    cache (`add` is atomic in every backend we use)."""
    mutex, deadline, pause = f"{key}:mutex", time.monotonic() + _MUTEX_SECONDS, 0.01
    while not cache.add(mutex, 1, timeout=_MUTEX_SECONDS):
        if time.monotonic() > deadline:
            raise forms.ValidationError(
                _("Máy chủ đang bận; vui lòng nhập lại mã sau giây lát."), code="busy"
            )
        time.sleep(pause)
        pause = min(pause * 2, 0.2)
    try:
        yield
    finally:
        cache.delete(mutex)


def _claim_attempt(username: str) -> int | None:
    """Count one code attempt before it is checked: its number in the current run of failures, or None if the
    account is locked (no attempt left)."""
    key = _mfa_key(username)
    with _counter_lock(key):
        count = int(cache.get(key, 0))
        if count >= settings.AXES_FAILURE_LIMIT:
            return None
        cache.set(key, count + 1, timeout=_lockout_seconds())
    return count + 1


def _client_ip(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def _lockout_event(username: str, request: HttpRequest | None, **payload: Any) -> None:
    # The same event as a password lockout (core/signals.py `_locked_out`), with the step that locked.
    audit_record(
        action=audit_events.AUTH_LOCKOUT,
        actor_name=username[:150],
        object_type="core.user",
        object_repr=username[:150],
        outcome=Outcome.DENIED,
        payload={"ip": _client_ip(request), "step": "mfa", **payload},
    )


def _refuse_locked(request: HttpRequest | None, username: str, *, end: str = "", **payload: Any) -> None:
    """Record the refusal and answer with the lockout page (django-axes' middleware renders `lockout_response`
    for a request marked `axes_locked_out`). At the code step, `end` says what ends with it: the sign-in in
    progress ("login") or the signed-in session asked to re-authenticate ("session")."""
    from allauth.account.internal.stagekit import clear_login
    from django.contrib.auth import logout

    _lockout_event(username, request, **payload)
    if request is not None:
        request.axes_locked_out = True  # type: ignore[attr-defined]
        request.phoihop_mfa_locked = True  # type: ignore[attr-defined]
        if end == "login":
            clear_login(request)
        elif end == "session":
            logout(request)
    raise forms.ValidationError(
        _("Tài khoản tạm thời bị khóa vì nhập sai mã xác thực quá nhiều lần."), code="mfa_locked"
    )


class _CountedCodeMixin:
    """allauth's code form (TOTP or recovery code), with every attempt counted in the shared cache."""

    user: Any
    ends = "login"

    def clean_code(self) -> str:
        request = context.request
        username = self.user.get_username()
        attempt = _claim_attempt(username)
        if attempt is None:
            _refuse_locked(request, username, end=self.ends)
        try:
            code: str = super().clean_code()  # type: ignore[misc]
        except forms.ValidationError:
            audit_record(
                action=audit_events.AUTH_MFA_FAILED,
                actor=self.user,
                obj=self.user,
                outcome=Outcome.FAILED,
                payload={"failures": attempt},
            )
            if attempt is not None and attempt >= settings.AXES_FAILURE_LIMIT:
                _refuse_locked(request, username, end=self.ends, failures=attempt)
            raise
        # A right code: the run of failures is over (as AXES_RESET_ON_SUCCESS does for passwords).
        cache.delete(_mfa_key(username))
        return code


class MFAAuthenticateForm(_CountedCodeMixin, AuthenticateForm):
    """The code step of signing in (MFA_FORMS["authenticate"])."""


class MFAReauthenticateForm(_CountedCodeMixin, ReauthenticateForm):
    """The code asked again of a signed-in person before a sensitive change (MFA_FORMS["reauthenticate"])."""

    ends = "session"
