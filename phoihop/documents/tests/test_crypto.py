"""Attachments at rest: chunked AES-GCM that detects any change, truncation or reordering; key rotation."""

from __future__ import annotations

import base64
import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from phoihop.documents import crypto


@given(st.binary(max_size=3 * 1024 * 1024 + 17))
@hsettings(max_examples=15, deadline=None)
def test_round_trip_any_size(data):
    pieces = [data[i : i + 70_000] for i in range(0, len(data), 70_000)] or [b""]
    blob = b"".join(crypto.encrypt_chunks(pieces))
    assert crypto.decrypt_bytes(blob) == data
    assert data[:64] not in blob or len(data) < 16


def test_any_change_truncation_or_swap_is_detected():
    data = os.urandom(crypto.CHUNK * 2 + 100)
    blob = crypto.encrypt_bytes(data)
    flipped = bytearray(blob)
    flipped[crypto.HEADER + 50] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(bytes(flipped))
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(blob[: crypto.HEADER + 4 + crypto.CHUNK + 16])  # the last chunks dropped
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(b"PK\x03\x04 not ours at all" * 3)


def test_old_key_still_reads_until_rotation(settings):
    old = base64.urlsafe_b64encode(os.urandom(32)).decode()
    settings.ENCRYPTION_KEY = old
    blob = crypto.encrypt_bytes(b"ho so mat")
    settings.ENCRYPTION_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()
    with pytest.raises(crypto.DecryptionError, match="not configured"):
        crypto.decrypt_bytes(blob)
    settings.ENCRYPTION_OLD_KEYS = [old]
    assert crypto.decrypt_bytes(blob) == b"ho so mat"


def test_bad_or_wrong_key_at_start_up(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    crypto.check_key_file()  # first start: seals the check file
    settings.ENCRYPTION_KEY = "short"
    with pytest.raises(ImproperlyConfigured, match="32 byte"):
        crypto.keys()
    settings.ENCRYPTION_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()
    with pytest.raises(ImproperlyConfigured, match="không mở được"):
        crypto.check_key_file()
