"""Attachments encrypted at rest with AES-256-GCM, in chunks so downloads stream.

Blob layout: b"PHE1" | key id (8 bytes: SHA-256 of the key, truncated) | base nonce (12) | chunks, each
4-byte big-endian length + ciphertext-with-tag. Chunk i is sealed with nonce = base nonce XOR i and associated
data = key id | i | "last" flag, so chunks cannot be reordered, dropped or cut short without detection.
The key comes from PHOIHOP_ENCRYPTION_KEY; earlier keys (PHOIHOP_ENCRYPTION_OLD_KEYS) still decrypt until
`phoihop documents rotate-key` has re-encrypted every blob with the current one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import struct
from collections.abc import Iterable, Iterator
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MAGIC = b"PHE1"
CHUNK = 1024 * 1024
HEADER = len(MAGIC) + 8 + 12


class DecryptionError(Exception):
    """The blob was changed, cut short, or sealed with a key we do not hold."""


def _decode(text: str) -> bytes:
    raw = text.strip()
    try:
        key = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise ImproperlyConfigured(
            "PHOIHOP_ENCRYPTION_KEY phải là 32 byte mã hóa base64. "
            "(PHOIHOP_ENCRYPTION_KEY must be 32 bytes, base64-encoded.)"
        )
    return key


def key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"phoihop-attachment-key\x00" + key).digest()[:8]


@lru_cache(maxsize=8)
def _keys(current: str, old: tuple[str, ...]) -> tuple[bytes, dict[bytes, bytes]]:
    main = _decode(current)
    ring = {key_id(main): main}
    for text in old:
        if text.strip():
            k = _decode(text)
            ring[key_id(k)] = k
    return main, ring


def keys() -> tuple[bytes, dict[bytes, bytes]]:
    return _keys(settings.ENCRYPTION_KEY, tuple(settings.ENCRYPTION_OLD_KEYS))


def _nonce(base: bytes, index: int) -> bytes:
    return (int.from_bytes(base, "big") ^ index).to_bytes(12, "big")


def _aad(kid: bytes, index: int, last: bool) -> bytes:
    return kid + struct.pack(">Q?", index, last)


def encrypt_chunks(chunks: Iterable[bytes], key: bytes | None = None) -> Iterator[bytes]:
    """Encrypt a stream of plaintext pieces; yields the blob in pieces."""
    key = key or keys()[0]
    kid, base, aes = key_id(key), os.urandom(12), AESGCM(key)
    yield MAGIC + kid + base
    buffer, index = b"", 0
    for piece in chunks:
        buffer += piece
        while len(buffer) > CHUNK:  # more follows this chunk, so it is not the last
            yield _seal(aes, kid, base, index, buffer[:CHUNK], last=False)
            buffer, index = buffer[CHUNK:], index + 1
    yield _seal(aes, kid, base, index, buffer, last=True)


def _seal(aes: AESGCM, kid: bytes, base: bytes, index: int, data: bytes, *, last: bool) -> bytes:
    sealed = aes.encrypt(_nonce(base, index), data, _aad(kid, index, last))
    return struct.pack(">I", len(sealed)) + sealed


def blob_key_id(head: bytes) -> bytes:
    if len(head) < HEADER or not head.startswith(MAGIC):
        raise DecryptionError("not an encrypted attachment")
    return head[4:12]


def decrypt_stream(read: Iterator[bytes] | Iterable[bytes]) -> Iterator[bytes]:
    """Decrypt a blob given as an iterable of byte pieces (e.g. a file read in blocks); yields plaintext."""
    stream = _Reader(iter(read))
    head = stream.take(HEADER)
    kid, base = blob_key_id(head), head[12:24]
    key = keys()[1].get(kid)
    if key is None:
        raise DecryptionError("sealed with a key that is not configured")
    aes, index = AESGCM(key), 0
    while True:
        size_bytes = stream.take(4)
        if len(size_bytes) < 4:
            raise DecryptionError("the blob ends before its last chunk")
        (size,) = struct.unpack(">I", size_bytes)
        sealed = stream.take(size)
        if len(sealed) < size:
            raise DecryptionError("a chunk is cut short")
        last = stream.at_end()
        try:
            yield aes.decrypt(_nonce(base, index), sealed, _aad(kid, index, last))
        except InvalidTag:
            raise DecryptionError(f"chunk {index} was changed") from None
        if last:
            return
        index += 1


class _Reader:
    def __init__(self, pieces: Iterator[bytes]) -> None:
        self.pieces, self.buffer = pieces, b""

    def _fill(self, n: int) -> None:
        while len(self.buffer) < n:
            piece = next(self.pieces, None)
            if piece is None:
                return
            self.buffer += piece

    def take(self, n: int) -> bytes:
        self._fill(n)
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def at_end(self) -> bool:
        self._fill(1)
        return not self.buffer


def encrypt_bytes(data: bytes) -> bytes:
    return b"".join(encrypt_chunks([data]))


def decrypt_bytes(blob: bytes) -> bytes:
    return b"".join(decrypt_stream([blob]))


def check_key_file() -> None:
    """Refuse to start with a key that cannot open what this installation already stored: the data directory
    keeps a small sealed check blob written with the first key."""
    path = settings.DATA_DIR / "keys" / "encryption.check"
    main, _ring = keys()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(encrypt_bytes(b"phoihop"))
        return
    blob = path.read_bytes()
    try:
        if decrypt_bytes(blob) != b"phoihop":
            raise DecryptionError("unexpected check value")
    except DecryptionError:
        raise ImproperlyConfigured(
            "PHOIHOP_ENCRYPTION_KEY không mở được các tệp đã lưu trong thư mục dữ liệu này (sai "
            "khóa, hoặc thiếu khóa cũ trong PHOIHOP_ENCRYPTION_OLD_KEYS). (PHOIHOP_ENCRYPTION_KEY "
            "cannot open the attachments already stored in this data directory: wrong key, or the "
            "previous key is missing from PHOIHOP_ENCRYPTION_OLD_KEYS.)"
        ) from None
    if blob_key_id(blob) != key_id(main):
        path.write_bytes(encrypt_bytes(b"phoihop"))  # re-sealed with the current key after a rotation
