"""Seed the consultation types' defaults (period, unit, whether silence is consent, source); administrators edit
them afterwards."""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from phoihop.consultations.rules import seed as seed_rows

    seed_rows(apps.get_model("consultations", "ConsultationType"))


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
