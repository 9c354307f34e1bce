"""PostgreSQL: the chain trigger also links seq = -1 events, whose lone transaction commits before its WAL flush
(early lock release, decision 51). The function is replaced in place; events already written are untouched."""

from django.db import migrations

CHAIN_LOCK_KEY = 0x70686F69686F70  # the same key as audit.services.CHAIN_LOCK_KEY


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from phoihop.audit.chain import pg_chain_trigger_sql

    quote = schema_editor.connection.ops.quote_name
    for statement in pg_chain_trigger_sql(quote("audit_auditevent"), CHAIN_LOCK_KEY, quote):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_trigger")]

    # Going back keeps this trigger: it links seq = 0 exactly as the previous one did.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
