"""PostgreSQL: a pattern-ops index so a name prefix (LIKE 'nguyen van d%') is an index range whatever the
database collation; SQLite uses its B-tree on name_folded directly."""

from django.db import migrations

from phoihop.search import fulltext


def forwards(apps, schema_editor):
    fulltext.install_prefix_index(schema_editor, "people_person", "name_folded")


def backwards(apps, schema_editor):
    fulltext.uninstall_prefix_index(schema_editor, "people_person", "name_folded")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_search_index")]
    operations = [migrations.RunPython(forwards, backwards)]
