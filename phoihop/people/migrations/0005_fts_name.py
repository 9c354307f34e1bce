"""SQLite: the FTS5 index of person words takes its per-column name (`<table>_<column>_fts`, as every full-text
index now does). Databases created since already have it; older ones drop the first-named index and rebuild."""

from django.db import migrations

from phoihop.search import fulltext


def forwards(apps, schema_editor):
    fulltext.rename_sqlite_legacy(schema_editor, "people_person", "search_text")


class Migration(migrations.Migration):
    dependencies = [("people", "0004_name_pairs")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
