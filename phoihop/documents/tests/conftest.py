"""Documents tests keep their encrypted blobs in a temporary data directory."""

from __future__ import annotations

import pytest

from phoihop.documents import storage


@pytest.fixture(autouse=True)
def blob_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    storage._default.cache_clear()
    yield tmp_path
    storage._default.cache_clear()
