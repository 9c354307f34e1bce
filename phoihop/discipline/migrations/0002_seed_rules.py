"""Seed the discipline rules' defaults (the sanction matrix, the bodies that must know, the policy row);
administrators edit them afterwards."""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from phoihop.discipline.rules import seed as seed_rows

    seed_rows(
        apps.get_model("discipline", "Sanction"),
        apps.get_model("discipline", "NotifyBody"),
        apps.get_model("discipline", "DisciplinePolicy"),
    )


class Migration(migrations.Migration):
    dependencies = [("discipline", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
