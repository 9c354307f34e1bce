"""Writing audit events: hash-chained, in the caller's transaction, with sensitive values masked.

Writers are serialised while they append: PostgreSQL by a transaction-scoped advisory lock, SQLite by its
IMMEDIATE transactions (the database write lock is taken at BEGIN). The sequence is therefore gap-free and
the chain linear whatever the number of processes. On PostgreSQL the link itself (lock, head, sequence,
hashes) is made by a BEFORE INSERT trigger (audit.chain.pg_chain_trigger_sql), so a writer holds the lock for
one statement and its commit — for a lone event, a commit that does not wait for the disk, after which the
writer waits for the disk itself (early lock release, decision 51); on SQLite Python links it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, cast

from django.db import models, transaction
from django.utils import timezone

from phoihop.audit import context, identity, registry
from phoihop.audit.chain import (
    CHAIN_LOCK_KEY,
    FLUSH_SQL,
    GENESIS_HASH,
    HASHED_FIELDS,
    LINK,
    LINK_EARLY_RELEASE,
    TEXT_FIELDS,
    canonical_payload,
    clean_text,
    event_texts,
    record_hash,
)
from phoihop.audit.models import AuditEvent, Outcome

_SENSITIVE_KEYS = ("password", "secret", "token", "key_hash", "otp", "code")


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


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The changed keys as {"field": {"before": …, "after": …}}."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def changed_fields(
    changes: Mapping[str, Mapping[str, Any]], *, values: Iterable[str] = ()
) -> dict[str, dict[str, Any]]:
    """A diff() fit for the audit: every changed field by name, with its before/after values only for the
    administrative fields in `values` (roles, clearance, statuses, dates, assignments); {} for the others,
    whose values are content (a title, a name, an identity number) and never enter the audit."""
    keep = set(values)
    return {key: (dict(change) if key in keep else {}) for key, change in sorted(changes.items())}


def _lock_chain() -> None:
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    # SQLite: Django opened this transaction with BEGIN
    # IMMEDIATE, so this connection already holds the write lock.


_INSERT_FIELDS = ("seq", *(f for f in HASHED_FIELDS if f != "seq"), "prev_hash", "hash")


def _field(name: str) -> models.Field[Any, Any]:
    return cast("models.Field[Any, Any]", AuditEvent._meta.get_field(name))


def db_params(event: AuditEvent, names: tuple[str, ...], connection: Any) -> list[Any]:
    """The values of `names` as the database driver wants them (UUIDs, timestamps per backend)."""
    return [
        _field(name).get_db_prep_value(getattr(event, name), connection, prepared=False) for name in names
    ]


def _sql(returning: tuple[str, ...] = ("id",)) -> tuple[str, str]:
    """The statements that append an event: read the head (SQLite: run while the chain is locked) and insert
    the event, returning `returning` (PostgreSQL asks for the link its trigger made as well)."""
    connection = transaction.get_connection()
    quote, table = connection.ops.quote_name, connection.ops.quote_name(AuditEvent._meta.db_table)
    # Identifiers come from model metadata, quoted; every value is a bound parameter.
    head = f"SELECT {quote('seq')}, {quote('hash')} FROM {table} ORDER BY {quote('seq')} DESC LIMIT 1"  # noqa: S608
    columns = ", ".join(quote(_field(f).column) for f in _INSERT_FIELDS)
    marks = ", ".join(["%s"] * len(_INSERT_FIELDS))
    back = ", ".join(quote(name) for name in returning)
    insert = f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING {back}"  # noqa: S608
    return head, insert


def chain_head() -> tuple[int, str]:
    """(sequence, hash) of the last event, or (0, genesis) for an empty chain."""
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    return last if last is not None else (0, GENESIS_HASH)


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
    occurred_at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction (or a transaction of its own).

    The event says who did what to which object, when, from where and with what outcome — not what the object
    says: `object_repr` and `payload` hold identifiers, codes, counts, dates, names of changed fields and
    administrative values (the event type declares which payload keys, registry.py); given `obj`, its
    identifiers and classification are added here. A search text is kept only under the type's declared search
    keys. If anything here fails, the exception propagates and the caller's change rolls back with it.
    """
    registry.get(action.code)  # unknown types fail loudly
    ctx = context.current()
    user = actor if getattr(actor, "is_authenticated", False) else None
    payload = dict(payload or {})
    if obj is not None:
        # Identifiers and classification only, never str(obj): that is a title or a name (audit/identity.py).
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or identity.public_id(obj)
        known, level = identity.describe(obj)
        object_repr = object_repr or known
        if level is not None:
            payload.setdefault("level", level)
    event = AuditEvent(
        occurred_at=occurred_at or timezone.now(),
        actor_id=user.pk if user else None,
        actor_name=(actor_name or (user.get_username() if user else ""))[:150],
        agency_code=getattr(getattr(user, "agency", None), "code", "") if user else "",
        action=action.code,
        object_type=object_type,
        object_id=str(object_id)[:64],
        object_repr=object_repr[:255],
        related_type=related._meta.label_lower if related is not None else "",
        related_id=str(getattr(related, "uuid", None) or related.pk) if related is not None else "",
        outcome=outcome,
        request_id=ctx.request_id,
        ip=ctx.ip,
        user_agent=ctx.user_agent,
        reason=reason,
        payload=canonical_payload(mask(payload)),
    )
    for name in TEXT_FIELDS:
        setattr(event, name, clean_text(getattr(event, name)))
    # Everything that costs time happens before the lock: with many writers, the lock is the bottleneck.
    connection = transaction.get_connection()
    params = db_params(event, _INSERT_FIELDS[1:-2], connection)
    if connection.vendor == "postgresql":
        # One statement: the trigger takes the lock, reads the head and links the event. Inside the caller's
        # transaction it commits (or rolls back) with the change it records. On its own (most reads) it runs
        # in autocommit and releases the lock at commit without waiting for the disk; we wait for the disk
        # afterwards, so the event is durable before the caller goes on (chain.pg_chain_trigger_sql).
        alone = connection.get_autocommit() and not connection.in_atomic_block
        with connection.cursor() as cursor:
            _head, linked_insert = _sql(returning=("id", "seq", "prev_hash", "hash"))
            cursor.execute(linked_insert, [LINK_EARLY_RELEASE if alone else LINK, *params, "", ""])
            event.pk, event.seq, event.prev_hash, event.hash = cursor.fetchone()
            if alone:
                cursor.execute(FLUSH_SQL)
        event._state.adding = False
        return event
    head_sql, insert_sql = _sql()
    event.seq = 0
    base_texts = event_texts(event)
    # SQLite: Django opened the transaction with BEGIN IMMEDIATE, so this connection holds the write lock.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(head_sql)
        head = cursor.fetchone()
        seq, prev_hash = (head[0], head[1]) if head else (0, GENESIS_HASH)
        digest = record_hash(prev_hash, [str(seq + 1), *base_texts[1:]])
        cursor.execute(insert_sql, [seq + 1, *params, prev_hash, digest])
        event.pk = cursor.fetchone()[0]
    event.seq, event.prev_hash, event.hash = seq + 1, prev_hash, digest
    event._state.adding = False
    return event


def audit_read(
    *,
    actor: Any,
    obj: models.Model,
    related: models.Model | None = None,
    reason: str = "",
    action: registry.EventType = registry.RECORD_READ,
    payload: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` opened `obj`. Call it before rendering: it commits even if the page then fails."""
    return audit_record(action=action, actor=actor, obj=obj, related=related, reason=reason, payload=payload)


def audit_denied(
    *, actor: Any, object_type: str, object_id: str, attempted: str, path: str = ""
) -> AuditEvent:
    """Record an access that the policy refused (or to an object that does not exist: the same answer)."""
    return audit_record(
        action=registry.ACCESS_DENIED,
        actor=actor,
        object_type=object_type,
        object_id=object_id,
        outcome=Outcome.DENIED,
        payload={"attempted": attempted, "path": path},
    )


def audit_checkpoint() -> dict[str, object] | None:
    """Sign the current chain head into the checkpoint file, unless nothing happened since the last one."""
    from phoihop.audit import checkpoints

    seq, head_hash = chain_head()
    if seq == 0:
        return None
    existing = checkpoints.read_checkpoints()
    if existing and existing[-1].seq == seq:
        return None
    return checkpoints.append_checkpoint(seq=seq, head_hash=head_hash)


def audit_prune(*, before: datetime, actor: Any = None) -> int:
    """Delete events older than `before` under a retention rule. The prune is itself an event in the chain,
    carrying the hash where the remaining chain starts, and a checkpoint is signed right after it."""
    with transaction.atomic():
        _lock_chain()
        last_old = (
            AuditEvent.objects.filter(occurred_at__lt=before)
            .order_by("-seq")
            .values_list("seq", "hash")
            .first()
        )
        if last_old is None:
            return 0
        through_seq, anchor_hash = last_old
        count = AuditEvent.objects.filter(seq__lte=through_seq).count()
        audit_record(
            action=registry.AUDIT_PRUNE,
            actor=actor,
            object_type="audit.auditevent",
            payload={
                "through_seq": through_seq,
                "anchor_hash": anchor_hash,
                "count": count,
                "before": before.isoformat(),
            },
        )
        # The only deletion of audit rows anywhere; the model itself refuses delete().
        AuditEvent.objects.filter(seq__lte=through_seq)._raw_delete(AuditEvent.objects.db)
    audit_checkpoint()
    return count
