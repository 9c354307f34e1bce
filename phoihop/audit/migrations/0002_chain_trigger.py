"""PostgreSQL links new audit events into the chain inside the INSERT (see audit.chain.pg_chain_trigger_sql)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from phoihop.audit.chain import pg_chain_trigger_sql

    quote = schema_editor.connection.ops.quote_name
    for statement in pg_chain_trigger_sql(quote("audit_auditevent"), quote):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from phoihop.audit.chain import pg_chain_trigger_drop_sql

    for statement in pg_chain_trigger_drop_sql(schema_editor.connection.ops.quote_name("audit_auditevent")):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
