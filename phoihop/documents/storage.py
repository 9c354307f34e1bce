"""Encrypted blobs through Django's storage API (local disk under the data directory by default)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from functools import lru_cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage

from phoihop.documents import crypto

READ_BLOCK = 256 * 1024


@lru_cache(maxsize=1)
def _default(location: str) -> Storage:
    return FileSystemStorage(location=location)


def storage() -> Storage:
    return _default(str(settings.DATA_DIR / "attachments"))


def new_blob_name() -> str:
    ident = uuid.uuid4().hex
    return f"blobs/{ident[:2]}/{ident}.phe"


def save_encrypted(data: bytes) -> tuple[str, str]:
    """Seal and store; returns (blob name, key id)."""
    blob = crypto.encrypt_bytes(data)
    name = storage().save(new_blob_name(), ContentFile(blob))
    return name, crypto.blob_key_id(blob).hex()


def delete(name: str) -> None:
    if name and storage().exists(name):
        storage().delete(name)


def _blocks(name: str) -> Iterator[bytes]:
    with storage().open(name, "rb") as handle:
        while block := handle.read(READ_BLOCK):
            yield block


def open_plain(name: str) -> Iterator[bytes]:
    """The plaintext, decrypted as it is read (a download never holds the whole file in memory)."""
    return crypto.decrypt_stream(_blocks(name))


def read_plain(name: str) -> bytes:
    return b"".join(open_plain(name))


def uses_current_key(name: str) -> bool:
    main, _ring = crypto.keys()
    with storage().open(name, "rb") as handle:
        head = handle.read(crypto.HEADER)
    return crypto.blob_key_id(head) == crypto.key_id(main)
