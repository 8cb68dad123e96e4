"""Rebuild SQLite's full-text indexes after the data-rule constraints.

Adding a constraint makes SQLite copy the table into a new one, which drops the table's triggers: the
search indexes of migration 0004 would stop following writes. PostgreSQL alters tables in place and
is left alone. Any later migration that adds a constraint to a searched table needs the same step.
"""

from importlib import import_module

from django.db import migrations

search_index = import_module("sources.migrations.0004_search_index")


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite" or not search_index.trigram_available(
        schema_editor
    ):
        return
    # Cited passages are indexed in their own table since migration 0007, which no constraint rebuilt.
    for table, columns in search_index.INDEXED.items():
        if table == "sources_citation":
            continue
        for trigger in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")
        for statement in search_index.index_sql(table, columns):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0009_data_rules_lower_slugs_source_date_precision"),
        ("members", "0004_data_rules_lower_slugs_no_self_amendment_number_ranges"),
        ("workinggroups", "0004_data_rules_lower_slugs_date_precision_number_ranges"),
        ("meetings", "0006_data_rules_lower_slugs_date_precision_self_references"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=False)]
