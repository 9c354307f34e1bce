"""Writing audit events: hash-chained, in the caller's transaction, with sensitive values masked."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from phoihop.audit import context, registry
from phoihop.audit.models import AuditChainHead, AuditEvent, Outcome

GENESIS_HASH = "0" * 64
_SENSITIVE_KEYS = ("password", "secret", "token", "key_hash", "otp", "code")
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_name",
    "agency_code",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "related_type",
    "related_id",
    "outcome",
    "request_id",
    "ip",
    "user_agent",
    "reason",
    "payload",
)


def mask(payload: Any) -> Any:
    """Replace values of sensitive keys by a marker, recursively."""
    if isinstance(payload, Mapping):
        return {
            k: ("***" if any(s in str(k).lower() for s in _SENSITIVE_KEYS) else mask(v))
            for k, v in payload.items()
        }
    if isinstance(payload, list | tuple):
        return [mask(v) for v in payload]
    return payload


def canonical_json(event: AuditEvent) -> str:
    values: dict[str, Any] = {}
    for name in HASHED_FIELDS:
        value = getattr(event, name)
        if isinstance(value, datetime):
            value = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        elif name == "actor_id" and value is not None:
            value = str(value)
        values[name] = value
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def compute_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + canonical_json(event)).encode("utf-8")).hexdigest()


def _locked_head() -> AuditChainHead:
    """The chain head, locked. It is seeded by migration; an empty database (flushed) gets a new one,
    but a missing head beside existing events is tampering and stops every write."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        if AuditEvent.objects.exists():
            raise RuntimeError("audit chain head is missing while events exist: run `phoihop audit verify`")
        head = AuditChainHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
    return head


def audit_record(
    *,
    action: registry.EventType,
    actor: Any = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    related: models.Model | None = None,
    outcome: str = Outcome.ALLOWED,
    reason: str = "",
    payload: Mapping[str, Any] | None = None,
    actor_name: str = "",
) -> AuditEvent:
    """Append one event to the chain. Runs inside the caller's transaction (or its own)."""
    registry.get(action.code)  # unknown types fail loudly
    ctx = context.current()
    user = actor if getattr(actor, "is_authenticated", False) else None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    # No savepoint: if writing the event fails, the change it records must fail with it.
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        event = AuditEvent(
            seq=head.seq + 1,
            occurred_at=timezone.now(),
            actor=user,
            actor_name=(actor_name or (user.get_username() if user else ""))[:150],
            agency_code=getattr(getattr(user, "agency", None), "code", "") if user else "",
            action=action.code,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:255],
            related_type=related._meta.label_lower if related is not None else "",
            related_id=str(related.pk) if related is not None else "",
            outcome=outcome,
            request_id=ctx.request_id,
            ip=ctx.ip,
            user_agent=ctx.user_agent,
            reason=reason,
            payload=mask(dict(payload or {})),
            prev_hash=head.hash,
        )
        # Round-trip the payload through JSON so the hash is over exactly what the database stores.
        event.payload = json.loads(json.dumps(event.payload, default=str))
        event.hash = compute_hash(head.hash, event)
        event.save()
        AuditChainHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The changed keys as {"field": {"before": …, "after": …}}."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
