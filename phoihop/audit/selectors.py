"""Reading the audit: chain verification (with checkpoints) and the auditor's event queries."""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.db.models import Q, QuerySet
from django.utils import timezone

from phoihop.audit import checkpoints
from phoihop.audit.chain import (
    GENESIS_HASH,
    raw_row_texts,
    raw_select_columns,
    record_hash,
    server_hash_expression,
)
from phoihop.audit.models import AuditEvent

NO_COVER = "no checkpoint covers this chain"


@dataclass(frozen=True)
class VerifyResult:
    """The verdict. `head_seq`/`head_hash` are the last event as stored (to record elsewhere; trustworthy only
    when `ok`), `covered_seq` the last event a signed checkpoint vouches for, `copy_lines` the lines of an
    off-machine copy of the checkpoint file that were checked too."""

    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""
    checkpoints: int = 0
    notes: list[str] = field(default_factory=list)
    head_seq: int = 0
    head_hash: str = ""
    covered_seq: int | None = None
    copy_lines: int | None = None


def _broken(checked: int, seq: int | None, problem: str, checkpoints_seen: int = 0) -> VerifyResult:
    head_seq, head_hash = _head()
    return VerifyResult(
        ok=False,
        checked=checked,
        first_bad_seq=seq,
        problem=problem,
        checkpoints=checkpoints_seen,
        head_seq=head_seq,
        head_hash=head_hash,
    )


def _head() -> tuple[int, str]:
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    return last if last is not None else (0, GENESIS_HASH)


def new_installation(start_seq: int, last_seq: int) -> str:
    """Why no checkpoint is expected yet ("" if one is). The installation is new while no checkpoint has ever
    been signed here (there is no signing key: it is created with the first checkpoint) and the chain,
    starting at #1, began less than twice PHOIHOP_AUDIT_CHECKPOINT_MINUTES ago — the worker signs one within
    that time. Anything else without a covering checkpoint means the file (or the lines that covered the
    chain) went missing."""
    if checkpoints.key_path().exists() or start_seq != 1:
        return ""
    if last_seq == 0:
        return "no checkpoint yet: the chain is empty (new installation)"
    first = AuditEvent.objects.filter(seq=1).values_list("occurred_at", flat=True).first()
    allowance = timedelta(minutes=2 * settings.AUDIT_CHECKPOINT_MINUTES)
    if first is None or timezone.now() - first >= allowance:
        return ""
    return (
        "no checkpoint yet: a new installation (the chain began at "
        f"{timezone.localtime(first):%d/%m/%Y %H:%M}, the first checkpoint "
        f"is due within {2 * settings.AUDIT_CHECKPOINT_MINUTES} minutes)"
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


def _raw_batches(start_seq: int, stop_seq: int, batch_size: int) -> Iterator[list[tuple[Any, ...]]]:
    """Rows with start ≤ seq ≤ stop in order, in bounded seq windows (an index range scan whatever the
    statistics). Each row is (seq, prev_hash, stored hash, recomputed hash or None, *hashed texts):
    PostgreSQL recomputes the hash itself; SQLite returns the hashed texts for Python to hash."""
    quote = connection.ops.quote_name
    table, seq_col = quote(AuditEvent._meta.db_table), quote("seq")
    if connection.vendor == "postgresql":
        columns = f"{seq_col}, {quote('prev_hash')}, {quote('hash')}, {server_hash_expression(quote)}"
    else:
        columns = ", ".join(
            [
                seq_col,
                quote("prev_hash"),
                quote("hash"),
                "NULL",
                *raw_select_columns(connection.vendor, quote),
            ]
        )
    # Identifiers come from model metadata, quoted; every value is a bound parameter.
    sql = f"SELECT {columns} FROM {table} WHERE {seq_col} >= %s AND {seq_col} < %s ORDER BY {seq_col}"  # noqa: S608
    low = start_seq
    with connection.cursor() as cursor:
        while low <= stop_seq:
            high = min(low + batch_size, stop_seq + 1)
            cursor.execute(sql, [low, high])
            rows = cursor.fetchall()
            if rows:
                yield rows
            low = high


@dataclass(frozen=True)
class _Segment:
    """The verdict on one range of the chain. `first_prev` is the stored link of its first event."""

    checked: int
    last_hash: str
    first_prev: str | None
    bad_seq: int | None = None
    problem: str = ""


def _walk(
    start_seq: int, prev_hash: str | None, stop_seq: int, wanted: dict[int, Any], batch_size: int
) -> _Segment:
    """Check every event of [start_seq, stop_seq]: its own hash, and its link to the event before it.

    With prev_hash None (a range that starts mid-chain) the first event's stored link is taken as given and
    returned, so that the caller can check it against the end of the previous range."""
    expected, checked, first_prev = start_seq, 0, None
    for rows in _raw_batches(start_seq, stop_seq, batch_size):
        for row in rows:
            seq, stored_prev, stored_hash, recomputed = row[0], row[1], row[2], row[3]
            if seq != expected:
                return _Segment(
                    checked, "", first_prev, expected, f"event #{expected} is missing (next is #{seq})"
                )
            if prev_hash is None:
                prev_hash = first_prev = stored_prev
            if stored_prev != prev_hash:
                return _Segment(
                    checked,
                    "",
                    first_prev,
                    seq,
                    f"event #{seq} does not link to event #{seq - 1} (inserted or reordered)",
                )
            if (recomputed or record_hash(prev_hash, raw_row_texts(row[4:]))) != stored_hash:
                return _Segment(
                    checked, "", first_prev, seq, f"event #{seq} was changed after it was written"
                )
            if wanted and seq in wanted and wanted[seq].hash != stored_hash:
                return _Segment(
                    checked,
                    "",
                    first_prev,
                    seq,
                    f"event #{seq} differs from signed checkpoint line {wanted[seq].line_no}",
                )
            prev_hash, expected = stored_hash, expected + 1
            checked += 1
    if expected <= stop_seq:
        return _Segment(checked, "", first_prev, expected, f"event #{expected} is missing")
    return _Segment(checked, prev_hash or "", first_prev)


def _walk_in_child(*args: Any) -> _Segment:
    connection.close()  # never share the parent's connection after fork
    try:
        return _walk(*args)
    finally:
        connection.close()


def audit_verify(
    *,
    batch_size: int = 20000,
    workers: int = 1,
    parallel_from: int = 20_000,
    against: Path | bytes | None = None,
) -> VerifyResult:
    """Check the whole chain, then the signed checkpoints against it — and, with `against` (a copy of the
    checkpoint file kept off the machine: a path or its bytes), the copy against the local file.

    Each event's check needs only its own row and the stored hash of the event before it, so with
    `workers` > 1 the chain is cut into ranges checked in parallel processes, and the links between ranges
    are checked here. Names the first event that was changed, removed, inserted or reordered, or the first
    damaged checkpoint. A chain that no checkpoint covers fails unless the installation is new
    (`new_installation`): deleting the tail of the chain together with the checkpoint file must not pass.
    """
    start_seq, start_prev, notes = _start()
    try:
        marks = checkpoints.read_checkpoints()
    except checkpoints.CheckpointError as exc:
        return _broken(0, None, str(exc))
    copy_lines = None
    if against is not None:
        try:
            copy = (
                checkpoints.read_checkpoints(data=against, where="copy")
                if isinstance(against, bytes)
                else checkpoints.read_checkpoints(against, data=against.read_bytes(), where="copy")
            )
        except (checkpoints.CheckpointError, OSError) as exc:
            return _broken(0, None, str(exc), len(marks))
        if problem := checkpoints.compare_copy(marks, copy):
            return _broken(0, None, problem, len(marks))
        copy_lines = len(copy)
    wanted = {cp.seq: cp for cp in marks if cp.seq >= start_seq}
    last_seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    total = last_seq - start_seq + 1
    if workers <= 1 or total < parallel_from:
        ranges = [(start_seq, last_seq)]
        segments = [_walk(start_seq, start_prev, last_seq, wanted, batch_size)]
    else:
        step = -(-total // workers)
        ranges = [(lo, min(lo + step - 1, last_seq)) for lo in range(start_seq, last_seq + 1, step)]
        jobs = [
            (lo, start_prev if i == 0 else None, hi, wanted, batch_size) for i, (lo, hi) in enumerate(ranges)
        ]
        connections.close_all()
        with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
            segments = pool.starmap(_walk_in_child, jobs)
    checked, prev_end = 0, start_prev
    for (lo, _hi), segment in zip(ranges, segments, strict=True):
        if segment.first_prev is not None and segment.first_prev != prev_end:
            return _broken(
                checked, lo, f"event #{lo} does not link to event #{lo - 1} (inserted or reordered)"
            )
        if segment.bad_seq is not None:
            return _broken(checked + segment.checked, segment.bad_seq, segment.problem)
        checked += segment.checked
        prev_end = segment.last_hash
    beyond = [cp for cp in marks if cp.seq > last_seq]
    if beyond:
        return _broken(
            checked,
            last_seq + 1,
            f"events #{last_seq + 1}–#{beyond[-1].seq} were removed: signed checkpoint "
            f"line {beyond[-1].line_no} records #{beyond[-1].seq}",
            len(marks),
        )
    covering = [cp for cp in marks if start_seq <= cp.seq <= last_seq]
    covered_seq = covering[-1].seq if covering else None
    if covered_seq is None:
        why_not = new_installation(start_seq, last_seq)
        if not why_not:
            where = (
                "the checkpoint file is missing or empty"
                if not marks
                else (
                    f"its last line ({marks[-1].line_no}) records "
                    f"#{marks[-1].seq}, before the chain's start #{start_seq}"
                )
            )
            return _broken(
                checked,
                None,
                f"{NO_COVER} (events #{start_seq}–#{last_seq}): {where}. Restore the "
                "checkpoint file from its copy and run `audit verify --against COPY`, or sign one with "
                "`audit checkpoint` if nothing was lost",
                len(marks),
            )
        notes.append(why_not)
    elif covered_seq < last_seq:
        notes.append(f"events #{covered_seq + 1}–#{last_seq} are not yet covered by a checkpoint")
    return VerifyResult(
        ok=True,
        checked=checked,
        checkpoints=len(marks),
        notes=notes,
        head_seq=last_seq,
        head_hash=prev_end if last_seq else GENESIS_HASH,
        covered_seq=covered_seq,
        copy_lines=copy_lines,
    )


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
        "seq": event.seq,
        "occurred_at": event.occurred_at,
        "actor": event.actor_name,
        "agency": event.agency_code,
        "action": event.action,
        "outcome": event.outcome,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object": event.object_repr,
        "related": f"{event.related_type}:{event.related_id}" if event.related_id else "",
        "ip": event.ip or "",
        "request_id": event.request_id,
        "reason": event.reason,
        "payload": event.payload,
    }
