"""Create the single chain-head row, so appending an event never needs get_or_create."""

from django.db import migrations


def seed(apps, schema_editor):
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    AuditChainHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": "0" * 64})


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
