"""PostgreSQL: index-backed conditions for the global search's documents source (issue 15) — a trigram index for
"the folded title contains" and an expression index for "the number and symbol equals, ignoring case"."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS documents_document_title_folded_trgm ON documents_document "
            "USING gin (title_folded gin_trgm_ops)"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS documents_document_symbol_upper ON documents_document "
            "(UPPER(number_symbol::text))"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS documents_document_title_folded_trgm")
        schema_editor.execute("DROP INDEX IF EXISTS documents_document_symbol_upper")


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_request_carried_documents")]
    operations = [migrations.RunPython(forwards, backwards)]
