"""A stored folded title (fold_vi, as every search column): the case search reads it, with a trigram index on
PostgreSQL, instead of folding every title in SQL per query (the regular expression of phoihop_fold() cost 20
ms for a common word at a province's size). Filled here for the existing cases; Case.save() keeps it."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from phoihop.search.folding import fold_vi

    Case = apps.get_model("cases", "Case")
    batch = []
    for case in Case.objects.only("pk", "title").iterator(chunk_size=2000):
        case.title_folded = fold_vi(case.title)[:300]
        batch.append(case)
        if len(batch) == 2000:
            Case.objects.bulk_update(batch, ["title_folded"])
            batch = []
    if batch:
        Case.objects.bulk_update(batch, ["title_folded"])


def index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cases_case_title_fold_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS cases_case_title_folded_trgm ON cases_case "
            "USING gin (title_folded gin_trgm_ops)"
        )


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cases_case_title_folded_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS cases_case_title_fold_trgm ON cases_case "
            "USING gin (phoihop_fold(title) gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_running_request_index")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="title_folded",
            field=models.CharField(blank=True, default="", editable=False, max_length=300),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index, unindex),
    ]
