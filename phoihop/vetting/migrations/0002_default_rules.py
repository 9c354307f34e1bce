"""Seed the vetting rules' defaults (purposes with their checklists, who concludes by management level, the
policy row); administrators edit them afterwards."""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from phoihop.vetting.rules import seed as seed_rows

    seed_rows(
        apps.get_model("vetting", "Purpose"),
        apps.get_model("vetting", "ChecklistItem"),
        apps.get_model("vetting", "ConcluderRule"),
        apps.get_model("vetting", "VettingPolicy"),
    )


class Migration(migrations.Migration):
    dependencies = [("vetting", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
