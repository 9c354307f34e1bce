"""Full-text index over the folded extracted text of document versions (FTS5 on SQLite, GIN on PostgreSQL)."""

from django.db import migrations

from phoihop.search import fulltext


def forwards(apps, schema_editor):
    fulltext.install(schema_editor, "documents_documentversion", "text_folded", rowid="rowid")


def backwards(apps, schema_editor):
    fulltext.uninstall(schema_editor, "documents_documentversion", "text_folded")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial"), ("people", "0002_search_index")]
    operations = [migrations.RunPython(forwards, backwards)]
