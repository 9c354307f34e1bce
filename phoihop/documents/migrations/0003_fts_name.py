"""SQLite: the FTS5 index of document text takes its per-column name (`<table>_<column>_fts`, as every full-text
index now does). Databases created since already have it; older ones drop the first-named index and rebuild."""

from django.db import migrations

from phoihop.search import fulltext


def forwards(apps, schema_editor):
    fulltext.rename_sqlite_legacy(schema_editor, "documents_documentversion", "text_folded", rowid="rowid")


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_text_index")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
