"""The database-side fold agrees with fold_vi on both databases."""

from __future__ import annotations

import unicodedata

import pytest
from django.db.models import TextField, Value
from django.db.models.functions import Cast

from phoihop.core.models import Agency
from phoihop.search.folding import fold_vi
from phoihop.search.fulltext import Fold

pytestmark = pytest.mark.django_db

SAMPLES = ["Nguyễn Văn Đức", "ĐẶNG THỊ THUỶ", unicodedata.normalize("NFD", "Hoà Bình"), "Lê-Văn  Ơn, 1975",
           "Phường Bến Thành", "Tỉnh ủy Sơn Hà", "Ưng Hoàng Phúc"]  # fmt: skip


@pytest.mark.parametrize("text", SAMPLES)
def test_database_fold_matches_python(hub, text):
    folded = Agency.objects.annotate(f=Fold(Cast(Value(text), output_field=TextField()))).values_list(
        "f", flat=True
    )
    assert folded.first() == fold_vi(text)
