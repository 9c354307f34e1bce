"""PostgreSQL: the chain trigger also links seq = -1 events, whose lone transaction commits before its WAL flush
(early lock release, decision 51). The function is replaced in place, by the installer of migration 0002 (which
builds it from audit.chain); events already written are untouched."""

from importlib import import_module

from django.db import migrations

install = import_module("phoihop.audit.migrations.0002_chain_trigger").forwards


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_trigger")]

    # Going back keeps this trigger: it links seq = 0 exactly as the previous one did.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
