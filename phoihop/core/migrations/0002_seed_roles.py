"""Seed the six fixed roles (codes are a stable interface: clerk, officer, leader, liaison, auditor, admin)."""

from django.db import migrations

ROLE_CODES = ["clerk", "officer", "leader", "liaison", "auditor", "admin"]


def seed(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    for code in ROLE_CODES:
        Role.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
