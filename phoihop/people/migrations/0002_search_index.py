"""The full-text index over persons' folded names (FTS5 on SQLite, GIN tsvector on PostgreSQL) and the
database-side fold function."""

from django.db import migrations

from phoihop.search import fulltext


def forwards(apps, schema_editor):
    fulltext.install(schema_editor, "people_person", "search_text")


def backwards(apps, schema_editor):
    fulltext.uninstall(schema_editor, "people_person", "search_text")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
