"""The hash chain itself: which fields are hashed, how, and in what order. Pure functions, no database."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64

# Order matters: it is part of the hash. Never reorder; add new fields only with a new chain version.
HASHED_FIELDS = (
    "seq", "occurred_at", "actor_id", "actor_name", "agency_code", "action", "object_type", "object_id",
    "object_repr", "related_type", "related_id", "outcome", "request_id", "ip", "user_agent", "reason",
    "payload",
)  # fmt: skip


def canonical_payload(data: Any) -> str:
    """Sorted keys, no spaces, UTF-8 kept: the same dict always gives the same text."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return str(value)


def record_hash(prev_hash: str, values: tuple[Any, ...]) -> str:
    """SHA-256 over the previous hash and each field, length-prefixed so no field can bleed into the next."""
    parts = [prev_hash]
    for value in values:
        text = _text(value)
        parts.append(f"{len(text)}:{text}")
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


def event_values(event: Any) -> tuple[Any, ...]:
    return tuple(getattr(event, name) for name in HASHED_FIELDS)
