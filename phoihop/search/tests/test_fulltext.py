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

SAMPLES = [
    "Nguyễn Văn Đức",
    "ĐẶNG THỊ THUỶ",
    unicodedata.normalize("NFD", "Hoà Bình"),
    "Lê-Văn  Ơn, 1975",
    "Phường Bến Thành",
    "Tỉnh ủy Sơn Hà",
    "Ưng Hoàng Phúc",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_database_fold_matches_python(hub, text):
    folded = Agency.objects.annotate(f=Fold(Cast(Value(text), output_field=TextField()))).values_list(
        "f", flat=True
    )
    assert folded.first() == fold_vi(text)


@pytest.mark.django_db
def test_every_full_text_index_is_installed_and_follows_its_table():
    """A later migration that rebuilds an indexed table (SQLite adds a column that way) drops the triggers
    that keep an FTS5 index in step; this finds any index left without them."""
    from django.db import connection

    from phoihop.search.fulltext import fts_table

    installed = [
        ("people_person", "search_text"),
        ("people_person", "name_pairs"),
        ("documents_documentversion", "text_folded"),
    ]
    with connection.cursor() as cursor:
        for table, column in installed:
            if connection.vendor == "sqlite":
                fts = fts_table(table, column)
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
                )
                assert {f"{fts}_ai", f"{fts}_ad", f"{fts}_au"} <= {row[0] for row in cursor.fetchall()}, fts
            else:
                cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [f"{table}_{column}_tsv"])
                assert cursor.fetchone(), (table, column)
        # the B-tree range of name endings (installed by a migration, so also lost in a SQLite table rebuild)
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = %s"
            if connection.vendor == "sqlite"
            else "SELECT 1 FROM pg_indexes WHERE indexname = %s",
            ["people_person_name_reversed_prefix"],
        )
        assert cursor.fetchone()
