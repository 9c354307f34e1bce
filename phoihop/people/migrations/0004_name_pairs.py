"""Adjacent-word pairs of every name, indexed (FTS5 / GIN): a two-word phrase becomes one posting list; and the
name's words in reverse order on a B-tree, so a name's ending ("Văn Đức", given name last) is an index range."""

from django.db import migrations, models

from phoihop.search import fulltext


def backfill(apps, schema_editor):
    from phoihop.search.folding import name_pairs

    Person = apps.get_model("people", "Person")
    batch = []
    fields = ["name_pairs", "name_reversed"]
    for person in Person.objects.only("id", "full_name", "other_names", "name_folded").iterator(chunk_size=2000):
        person.name_pairs = name_pairs(person.full_name, person.other_names)
        person.name_reversed = " ".join(reversed(person.name_folded.split()))
        batch.append(person)
        if len(batch) == 2000:
            Person.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        Person.objects.bulk_update(batch, fields)


def reinstall_words_index(apps, schema_editor):
    """Django adds (and removes) a column on SQLite by rebuilding the table, which drops the table's triggers:
    the FTS5 index of search_text would silently stop following changes. Install it again (and rebuild it)."""
    if schema_editor.connection.vendor == "sqlite":
        fulltext.uninstall(schema_editor, "people_person", "search_text")
        fulltext.install(schema_editor, "people_person", "search_text")


def forwards(apps, schema_editor):
    reinstall_words_index(apps, schema_editor)
    backfill(apps, schema_editor)
    fulltext.install(schema_editor, "people_person", "name_pairs", short_prefixes=False)
    fulltext.install_prefix_index(schema_editor, "people_person", "name_reversed", sqlite=True)


def backwards(apps, schema_editor):
    fulltext.uninstall_prefix_index(schema_editor, "people_person", "name_reversed")
    fulltext.uninstall(schema_editor, "people_person", "name_pairs")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_prefix_index")]
    operations = [
        # Reversed, this runs after the column is removed (another table rebuild on SQLite).
        migrations.RunPython(migrations.RunPython.noop, reinstall_words_index),
        migrations.AddField(
            model_name="person",
            name="name_pairs",
            field=models.CharField(blank=True, default="", editable=False, max_length=500),
        ),
        migrations.AddField(
            model_name="person",
            name="name_reversed",
            field=models.CharField(blank=True, default="", editable=False, max_length=120),
        ),
        migrations.RunPython(forwards, backwards),
    ]
