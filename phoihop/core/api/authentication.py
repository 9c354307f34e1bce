"""API authentication: hashed tokens for integration accounts; sessions only for humans who passed MFA."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header
from rest_framework.request import Request

from phoihop.audit.models import Outcome
from phoihop.audit.services import audit_record
from phoihop.core import audit_events
from phoihop.core.models import ApiToken
from phoihop.core.selectors import user_has_totp
from phoihop.core.services import hash_token

INVALID_TOKEN = _("Khóa API không hợp lệ, đã bị thu hồi hoặc đã hết hạn.")


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization phải có dạng: Token <khóa>."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN) from None
        token = (
            ApiToken.objects.select_related("user", "user__agency").filter(key_hash=hash_token(raw)).first()
        )
        if token is None or not token.is_usable or not token.user.is_active or not token.user.is_api_only:
            audit_record(
                action=audit_events.AUTH_TOKEN_REJECTED,
                outcome=Outcome.DENIED,
                object_type="core.apitoken",
                # its first characters, control characters masked (no NUL into the audit)
                payload={"prefix": "".join(c if c.isprintable() else "?" for c in raw[:10])},
                actor_name=token.user.username if token else "",
            )
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class MFASessionAuthentication(SessionAuthentication):
    """The web session, for the app's own pages calling the API; refused until MFA is enrolled."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if user.is_api_only or not user_has_totp(user):
            return None
        return result
