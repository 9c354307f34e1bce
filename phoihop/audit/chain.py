"""The hash chain itself: which fields are hashed, how, and in what order. Pure functions, no ORM.

Each event's hash is SHA-256 over: the previous event's hash, then the text of every hashed field *exactly as
the database stores it*, joined by the unit separator U+001F. Stored text never contains U+001F (it is
replaced on write), so the encoding is unambiguous. Because the hashed text is the stored text, verification
reads raw rows and never rebuilds Python objects — a million events verify in seconds.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64
SEP = "\x1f"

# Order matters: it is part of the hash. Never reorder; add new fields only with a new chain version.
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
TEXT_FIELDS = tuple(f for f in HASHED_FIELDS if f not in ("seq", "occurred_at", "actor_id", "ip"))


def canonical_payload(data: Any) -> str:
    """Sorted keys, no spaces, UTF-8 kept, control characters
    escaped: the same dict always gives the same text."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def clean_text(value: str) -> str:
    return value.replace(SEP, " ")


def datetime_text(value: datetime) -> str:
    """A timestamp in UTC, always with six fractional digits (what both backends can produce as text)."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def uuid_text(value: uuid.UUID | str | None) -> str:
    if value is None:
        return ""
    return value.hex if isinstance(value, uuid.UUID) else uuid.UUID(str(value)).hex


def record_hash(prev_hash: str, texts: Sequence[str]) -> str:
    return hashlib.sha256((prev_hash + SEP + SEP.join(texts)).encode("utf-8")).hexdigest()


def event_texts(event: Any) -> list[str]:
    """The hashed texts of an event about to be written (or read back through the ORM)."""
    texts = []
    for name in HASHED_FIELDS:
        value = getattr(event, name)
        if name == "occurred_at":
            texts.append(datetime_text(value))
        elif name == "actor_id":
            texts.append(uuid_text(value))
        elif value is None:
            texts.append("")
        else:
            texts.append(str(value))
    return texts


def raw_select_columns(vendor: str, quote: Callable[[str], str]) -> list[str]:
    """SELECT expressions returning every hashed field as the hashed text (so the driver parses nothing)."""
    names = [quote(name) for name in HASHED_FIELDS]
    if vendor == "postgresql":
        names[1] = f"to_char({names[1]} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
        names[2] = f"replace({names[2]}::text, '-', '')"
        names[13] = f"host({names[13]})"
    else:
        names[1] = f"CAST({names[1]} AS TEXT)"  # no declared type: no datetime parsing by the driver
    return names


def server_hash_expression(quote: Callable[[str], str]) -> str:
    """PostgreSQL: the record hash computed by the database, byte for byte as record_hash() computes it."""
    texts = [f"coalesce({expr}, '')" for expr in raw_select_columns("postgresql", quote)]
    texts[0] = f"{quote('seq')}::text"
    joined = " || chr(31) || ".join(texts)
    return f"encode(sha256(convert_to({quote('prev_hash')} || chr(31) || {joined}, 'UTF8')), 'hex')"


def raw_row_texts(row: tuple[Any, ...]) -> list[str]:
    """The hashed texts of a row read with raw_select_columns (UUIDs stored as hex, no fraction when zero)."""
    stamp = row[1]
    if len(stamp) == 19:
        stamp += ".000000"  # SQLite keeps whole seconds without a fraction
    return [str(row[0]), stamp, row[2] or "", *row[3:13], row[13] or "", *row[14:]]


CHAIN_TRIGGER = "phoihop_audit_chain"
CHAIN_LOCK_KEY = 0x70686F69686F70  # "phoihop": the one advisory lock every PostgreSQL chain writer takes
LINK = 0  # PostgreSQL: "link this event" (the trigger assigns seq, prev_hash and hash)
LINK_EARLY_RELEASE = -1  # the same, in a transaction of its own that commits before its WAL is flushed
# Waits until the WAL holding everything this session committed is on disk: a transactional logical message
# gets a transaction id, so its commit is flushed synchronously, and the flush covers every earlier record.
FLUSH_SQL = "SELECT pg_catalog.pg_logical_emit_message(true, 'phoihop.audit', '')"


def pg_chain_trigger_sql(table: str, quote: Callable[[str], str]) -> list[str]:
    """PostgreSQL: a BEFORE INSERT trigger that links a new event into the chain inside the INSERT itself.

    An event inserted with seq = LINK ("give me my place") gets, under the chain's advisory lock, the next
    sequence number, the previous event's hash and its own hash, computed by server_hash_expression() — the
    expression verification uses, hence byte for byte what record_hash() computes. Linking in the database
    saves the writer three round trips while it holds the lock, which is what limits concurrent writers.

    seq = LINK_EARLY_RELEASE does the same for an event written in a transaction of its own, and lets that
    transaction commit without waiting for its WAL flush, so the lock passes to the next writer as soon as the
    commit record is in the WAL buffer instead of after the disk write (early lock release). The writer then
    waits for the flush itself (FLUSH_SQL) before it reports the event written. Nothing can become durable
    out of order: every later event's commit record comes after this one in the WAL, so a crash keeps a prefix
    of the chain, never a chain with a hole (decision 51).
    Rows inserted with an explicit seq (bulk loads, tests of tampering) are left alone; verification judges
    them.
    """

    def new(name: str) -> str:
        return f"NEW.{quote(name)}"

    seq, hash_, prev = quote("seq"), quote("hash"), quote("prev_hash")
    function = f"""
CREATE OR REPLACE FUNCTION {CHAIN_TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
    head_seq bigint;
    head_hash varchar(64);
BEGIN
    IF NEW.{seq} = {LINK_EARLY_RELEASE} THEN
        -- This transaction only: the writer waits for the flush itself, after the lock is released.
        PERFORM set_config('synchronous_commit', 'off', true);
    END IF;
    PERFORM pg_advisory_xact_lock({CHAIN_LOCK_KEY});
    -- A statement after the lock: in READ COMMITTED it sees every event committed before we got the lock.
    SELECT {seq}, {hash_} INTO head_seq, head_hash FROM {table} ORDER BY {seq} DESC LIMIT 1;
    IF head_seq IS NULL THEN
        head_seq := 0;
        head_hash := '{GENESIS_HASH}';
    END IF;
    NEW.{seq} := head_seq + 1;
    NEW.{prev} := head_hash;
    NEW.{hash_} := {server_hash_expression(new)};
    RETURN NEW;
END
$body$"""  # noqa: S608 — identifiers from model metadata, quoted; no user value
    trigger = (
        f"CREATE TRIGGER {CHAIN_TRIGGER} BEFORE INSERT ON {table} FOR EACH ROW "
        f"WHEN (NEW.{seq} <= {LINK}) EXECUTE FUNCTION {CHAIN_TRIGGER}()"
    )
    return [function, f"DROP TRIGGER IF EXISTS {CHAIN_TRIGGER} ON {table}", trigger]


def pg_chain_trigger_drop_sql(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {CHAIN_TRIGGER} ON {table}",
        f"DROP FUNCTION IF EXISTS {CHAIN_TRIGGER}()",
    ]
