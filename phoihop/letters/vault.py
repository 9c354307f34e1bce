"""The identity vault's sealing: a writer's name, address and contact (and a scan's name and bytes) are sealed
with the installation's encryption key (AES-256-GCM, documents/crypto.py, so key rotation covers them);
`key()` is an HMAC of the folded name under a key derived from it, so the same writer is found inside one
agency's vault without the name ever being stored in clear or compared across agencies."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from phoihop.documents import crypto
from phoihop.search.folding import fold_vi


@dataclass(frozen=True)
class WriterIdentity:
    position: int
    representative: bool
    name: str
    address: str
    contact: str


def seal(values: dict[str, Any]) -> bytes:
    return crypto.encrypt_bytes(json.dumps(values, ensure_ascii=False).encode())


def unseal(blob: bytes | memoryview) -> dict[str, Any]:
    return dict(json.loads(crypto.decrypt_bytes(bytes(blob)).decode()))


def seal_bytes(data: bytes) -> bytes:
    return crypto.encrypt_bytes(data)


def unseal_bytes(blob: bytes | memoryview) -> bytes:
    return crypto.decrypt_bytes(bytes(blob))


def key(name: str) -> str:
    """The keyed hash a writer is matched by inside one agency's vault ("" for no name)."""
    folded = fold_vi(name)
    if not folded:
        return ""
    secret = hashlib.sha256(b"phoihop-letter-writer\x00" + crypto.keys()[0]).digest()
    return hmac.new(secret, folded.encode(), hashlib.sha256).hexdigest()


def identity(writer: Any) -> WriterIdentity:
    values = unseal(writer.sealed)
    return WriterIdentity(
        writer.position,
        writer.representative,
        values.get("name", ""),
        values.get("address", ""),
        values.get("contact", ""),
    )
