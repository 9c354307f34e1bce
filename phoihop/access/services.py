"""Writes of access: time-boxed grants and break-glass, each audited in the same transaction."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.access import audit_events
from phoihop.access.models import AccessGrant, BreakGlass
from phoihop.access.policy import Action, can_administer
from phoihop.audit.services import audit_record
from phoihop.transactions import user_action

MIN_REASON_LENGTH = 10


def public_id(obj: Any) -> Any:
    """The identifier grants and break-glass record: the object's UUID (its primary key, or a `uuid` field for
    models keyed by integers, such as persons)."""
    return getattr(obj, "uuid", None) or obj.pk


@transaction.atomic
def grant_create(
    *,
    actor: Any,
    agency: Any,
    obj: models.Model,
    action: Action | str,
    expires_at: datetime | None = None,
    reason: str = "",
) -> AccessGrant:
    """Give `agency` access to `obj` for `action` until `expires_at` (or until revoked)."""
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": [_("Thời hạn phải ở tương lai.")]})
    grant = AccessGrant.objects.create(
        agency=agency,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=public_id(obj),
        action=str(Action(action)),
        expires_at=expires_at,
        reason=reason,
        granted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        action=audit_events.GRANT_CREATE,
        actor=actor,
        obj=obj,
        reason=reason,
        payload={
            "agency": agency.code,
            "action": grant.action,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return grant


@transaction.atomic
def grants_revoke(*, actor: Any, obj: models.Model, agency: Any = None, reason: str = "") -> int:
    """End every active grant on `obj` (for one agency, or all), e.g. when a request is answered."""
    grants = AccessGrant.objects.active().filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=public_id(obj)
    )
    if agency is not None:
        grants = grants.filter(agency=agency)
    count = grants.update(revoked_at=timezone.now())
    if count:
        audit_record(
            action=audit_events.GRANT_REVOKE, actor=actor, obj=obj, reason=reason, payload={"count": count}
        )
    return count


@user_action
def break_glass_open(*, actor: Any, obj: models.Model, reason: str, minutes: int | None = None) -> BreakGlass:
    """An administrator's emergency access to one object for a short time, with a reason, audited."""
    if not can_administer(actor):
        raise PermissionDenied(_("Chỉ quản trị viên được dùng truy cập khẩn cấp."))
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": [
                    _("Cần nêu rõ lý do truy cập khẩn cấp (ít nhất %(n)d ký tự).") % {"n": MIN_REASON_LENGTH}
                ]
            }
        )
    minutes = minutes or settings.BREAK_GLASS_MINUTES
    opened = BreakGlass.objects.create(
        user=actor,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=public_id(obj),
        reason=reason,
        expires_at=timezone.now() + timedelta(minutes=minutes),
    )
    audit_record(
        action=audit_events.BREAK_GLASS, actor=actor, obj=obj, reason=reason, payload={"minutes": minutes}
    )
    return opened
