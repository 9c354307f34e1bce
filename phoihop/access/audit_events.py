"""The audit event types of the access app: unmasked fields, time-boxed grants and break-glass (what each
payload may hold: audit/registry.py).

Registered when first imported; the app's `ready()` imports this module so that every type exists before any
event is read or written."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from phoihop.audit.registry import register

RECORD_UNMASK = register("record.unmask", _("Xem trường thông tin nhạy cảm"), fields=["field"])
GRANT_CREATE = register(
    "access.grant",
    _("Cấp quyền truy cập có thời hạn"),
    fields=["agency", "action", "expires_at"],
    justification=True,
)
GRANT_REVOKE = register(
    "access.grant_revoke", _("Thu hồi quyền truy cập"), fields=["count"], justification=True
)
BREAK_GLASS = register(
    "access.break_glass", _("Truy cập khẩn cấp (phá kính)"), fields=["minutes"], justification=True
)
