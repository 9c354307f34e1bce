"""Reading the audit: chain verification (with checkpoints) and the auditor's event queries."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from phoihop.audit import checkpoints
from phoihop.audit.chain import GENESIS_HASH, HASHED_FIELDS, record_hash
from phoihop.audit.models import AuditEvent


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""
    checkpoints: int = 0
    notes: list[str] = field(default_factory=list)


def _broken(checked: int, seq: int | None, problem: str, checkpoints_seen: int = 0) -> VerifyResult:
    return VerifyResult(
        ok=False, checked=checked, first_bad_seq=seq, problem=problem, checkpoints=checkpoints_seen
    )


def _start() -> tuple[int, str, list[str]]:
    """Where the chain starts: 1 from genesis, or just after the last retention prune."""
    first = AuditEvent.objects.order_by("seq").values_list("seq", flat=True).first()
    if first is None or first == 1:
        return 1, GENESIS_HASH, []
    prune = (
        AuditEvent.objects.filter(action="audit.prune")
        .order_by("-seq")
        .values_list("payload", flat=True)
        .first()
    )
    if prune is not None:
        anchor = json.loads(prune)
        if int(anchor.get("through_seq", -1)) + 1 == first:
            return (
                first,
                str(anchor.get("anchor_hash", "")),
                [f"events up to #{first - 1} were pruned under retention"],
            )
    return 1, GENESIS_HASH, []


def audit_verify(*, batch_size: int = 5000) -> VerifyResult:
    """Walk the chain in order, then check the signed checkpoints against it.

    Names the first event that was changed, removed, inserted or reordered, or the first damaged checkpoint.
    """
    expected_seq, prev_hash, notes = _start()
    try:
        marks = checkpoints.read_checkpoints()
    except checkpoints.CheckpointError as exc:
        return _broken(0, None, str(exc))
    wanted = {cp.seq: cp for cp in marks if cp.seq >= expected_seq}
    checked = 0
    columns = (*HASHED_FIELDS, "prev_hash", "hash")
    while True:
        rows = list(
            AuditEvent.objects.filter(seq__gte=expected_seq)
            .order_by("seq")
            .values_list(*columns)[:batch_size]
        )
        if not rows:
            break
        for row in rows:
            seq, stored_prev, stored_hash = row[0], row[-2], row[-1]
            if seq != expected_seq:
                return _broken(checked, expected_seq, f"event #{expected_seq} is missing (next is #{seq})")
            if stored_prev != prev_hash:
                return _broken(
                    checked, seq, f"event #{seq} does not link to event #{seq - 1} (inserted or reordered)"
                )
            if record_hash(prev_hash, row[:-2]) != stored_hash:
                return _broken(checked, seq, f"event #{seq} was changed after it was written")
            cp = wanted.get(seq)
            if cp is not None and cp.hash != stored_hash:
                return _broken(checked, seq, f"event #{seq} differs from signed checkpoint line {cp.line_no}")
            prev_hash, expected_seq = stored_hash, expected_seq + 1
            checked += 1
    last_seq = expected_seq - 1
    beyond = [cp for cp in marks if cp.seq > last_seq]
    if beyond:
        return _broken(checked, last_seq + 1, f"events #{last_seq + 1}–#{beyond[-1].seq} were removed: signed checkpoint "
                       f"line {beyond[-1].line_no} records #{beyond[-1].seq}", len(marks))  # fmt: skip
    return VerifyResult(ok=True, checked=checked, checkpoints=len(marks), notes=notes)


def event_list(
    *,
    actor: str = "",
    agency: str = "",
    object_type: str = "",
    object_id: str = "",
    action: str = "",
    outcome: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEvent]:
    """Events matching the auditor's filters, newest first. Restriction to the auditor's scope is the caller's
    job through access.restrict()."""
    qs = AuditEvent.objects.all()
    if actor:
        qs = qs.filter(actor_name__iexact=actor)
    if agency:
        qs = qs.filter(agency_code__iexact=agency)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(Q(object_id=object_id) | Q(related_id=object_id))
    if action:
        qs = qs.filter(action__startswith=action) if action.endswith(".") else qs.filter(action=action)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if since:
        qs = qs.filter(occurred_at__gte=since)
    if until:
        qs = qs.filter(occurred_at__lt=until)
    return qs.order_by("-seq")


def describe(event: AuditEvent) -> dict[str, Any]:
    """A flat row for tables and exports."""
    return {
        "seq": event.seq, "occurred_at": event.occurred_at, "actor": event.actor_name, "agency": event.agency_code,
        "action": event.action, "outcome": event.outcome, "object_type": event.object_type,
        "object_id": event.object_id, "object": event.object_repr, "related": f"{event.related_type}:{event.related_id}"
        if event.related_id else "", "ip": event.ip or "", "request_id": event.request_id, "reason": event.reason,
        "payload": event.payload,
    }  # fmt: skip
