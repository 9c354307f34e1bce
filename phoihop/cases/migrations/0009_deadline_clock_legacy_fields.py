"""A request's extensions and pause now live in its deadline clock (0008 moved them there)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [("cases", "0008_deadline_clock")]

    operations = [
        migrations.RemoveField(model_name="coordinationrequest", name="extensions"),
        migrations.RemoveField(model_name="coordinationrequest", name="remaining_days"),
    ]
