"""Signed checkpoints of the chain head, appended to a file outside the database.

Each line is JSON: {"v", "seq", "hash", "created_at", "prev", "key", "sig"}. `prev` is the SHA-256 of the
previous line (so removing or reordering lines is visible), `sig` an Ed25519 signature by a key kept in a file
outside the database. The file can be copied off the machine at any time; verification needs only it and the
public key.

A copy kept off the machine is checked with `read_checkpoints(data=…, where="copy")` and `compare_copy()`: the
local file only ever grows, so the copy must be a prefix of it, line for line.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

VERSION = 1


def key_path() -> Path:
    return Path(settings.AUDIT_SIGNING_KEY_FILE)


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def load_or_create_private_key() -> Ed25519PrivateKey:
    path = key_path()
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 private key")
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    public_path = path.with_suffix(".pub")
    public_path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return key


def public_key() -> Ed25519PublicKey | None:
    public_path = key_path().with_suffix(".pub")
    if public_path.exists():
        key = serialization.load_pem_public_key(public_path.read_bytes())
        return key if isinstance(key, Ed25519PublicKey) else None
    if key_path().exists():
        return load_or_create_private_key().public_key()
    return None


def _raw_public(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def _signed_text(entry: dict[str, object]) -> bytes:
    body = {k: entry[k] for k in ("v", "seq", "hash", "created_at", "prev", "key")}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class Checkpoint:
    line_no: int
    seq: int
    hash: str
    created_at: str
    digest: str = (
        ""  # SHA-256 of the line as written: equal lines in two copies of the file have equal digests
    )


def _last_line_hash(path: Path) -> str:
    if not path.exists() or path.stat().st_size == 0:
        return "0" * 64
    with path.open("rb") as fh:
        lines = fh.read().splitlines()
    return hashlib.sha256(lines[-1]).hexdigest() if lines else "0" * 64


def append_checkpoint(*, seq: int, head_hash: str) -> dict[str, object]:
    """Sign the head and append it; the write is flushed to disk before returning."""
    key = load_or_create_private_key()
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    entry: dict[str, object] = {
        "v": VERSION,
        "seq": seq,
        "hash": head_hash,
        "created_at": datetime.now(UTC).isoformat(),
        "prev": _last_line_hash(path),
        "key": _raw_public(key.public_key()),
    }
    entry["sig"] = key.sign(_signed_text(entry)).hex()
    line = json.dumps(entry, sort_keys=True, separators=(",", ":")) + "\n"
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())
    return entry


class CheckpointError(Exception):
    """The checkpoint file is damaged: truncated, edited, reordered or signed by another key."""


def read_checkpoints(
    path: Path | None = None, *, data: bytes | None = None, where: str = "checkpoint"
) -> list[Checkpoint]:
    """Every checkpoint of the file (or of `data`, e.g. an uploaded copy), each checked for form, link to the
    previous line and signature. `where` names the file in messages ("checkpoint line 3 …", "copy line 3
    …")."""
    if data is None:
        path = path or checkpoint_path()
        if not path.exists():
            return []
        data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        name = (
            f"checkpoint file {path}" if where == "checkpoint" and path else f"{where} of the checkpoint file"
        )
        raise CheckpointError(f"{name} is truncated (last line incomplete)")
    trusted = public_key()
    prev, last_seq, result = "0" * 64, 0, []
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            entry = json.loads(raw)
            seq, head_hash, signature = int(entry["seq"]), str(entry["hash"]), bytes.fromhex(entry["sig"])
        except (ValueError, KeyError, TypeError):
            raise CheckpointError(f"{where} line {number} is not a valid checkpoint") from None
        if entry.get("prev") != prev:
            raise CheckpointError(
                f"{where} line {number} does not follow line {number - 1} (removed or reordered)"
            )
        key_hex = str(entry.get("key", ""))
        if trusted is not None and key_hex != _raw_public(trusted):
            raise CheckpointError(f"{where} line {number} is signed by an unknown key")
        try:
            Ed25519PublicKey.from_public_bytes(bytes.fromhex(key_hex)).verify(signature, _signed_text(entry))
        except (InvalidSignature, ValueError):
            raise CheckpointError(f"{where} line {number} has an invalid signature (edited)") from None
        if seq < last_seq:
            raise CheckpointError(f"{where} line {number} goes back from #{last_seq} to #{seq}")
        digest = hashlib.sha256(raw).hexdigest()
        result.append(Checkpoint(number, seq, head_hash, str(entry.get("created_at", "")), digest))
        prev, last_seq = digest, seq
    return result


def compare_copy(local: list[Checkpoint], copy: list[Checkpoint]) -> str:
    """What is wrong with the local file compared with a copy kept elsewhere ("" if nothing): the local file
    only grows, so every line of the copy must be in it, unchanged, at the same place."""
    for mine, theirs in zip(local, copy, strict=False):
        if mine.digest != theirs.digest:
            return (
                f"checkpoint line {theirs.line_no} differs from line {theirs.line_no} of the copy (the copy "
                f"signs #{theirs.seq} {theirs.hash[:16]}…, the local file #{mine.seq} {mine.hash[:16]}…)"
            )
    if len(copy) > len(local):
        missing = copy[len(local)]
        return (
            f"line {missing.line_no} of the copy (#{missing.seq}, {missing.created_at}) is missing "
            f"from the local checkpoint file, which has {len(local)} line(s): lines were removed"
        )
    return ""
