"""PostgreSQL: a trigram index on the folded case title, for accent-insensitive "contains" search."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS cases_case_title_fold_trgm ON cases_case "
            "USING gin (phoihop_fold(title) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cases_case_title_fold_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_case_subjects"), ("people", "0002_search_index")]
    operations = [migrations.RunPython(forwards, backwards)]
