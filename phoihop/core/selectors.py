"""Reads of core: agencies, users and tokens, restricted to what the asking user may administer."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models import Q, QuerySet

from phoihop.core.models import Agency, ApiToken, User


def user_has_totp(user: Any) -> bool:
    cached = getattr(user, "_phoihop_has_totp", None)
    if cached is None:
        cached = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
        user._phoihop_has_totp = cached
    return bool(cached)


def agency_list(*, q: str = "", active: bool | None = None) -> QuerySet[Agency]:
    qs = Agency.objects.select_related("parent")
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q))
    if active is not None:
        qs = qs.filter(active=active)
    return qs


def user_list(
    *, q: str = "", agency: Agency | None = None, role: str = "", active: bool | None = None
) -> QuerySet[User]:
    qs = User.objects.select_related("agency").prefetch_related("roles")
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    if agency is not None:
        qs = qs.filter(agency=agency)
    if role:
        qs = qs.filter(roles__code=role)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("agency__code", "username")


def token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("created_by")
