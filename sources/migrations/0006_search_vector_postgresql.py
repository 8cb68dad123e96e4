"""On PostgreSQL, each searched table keeps its weighted text vector in a stored generated column,
`search_vector`, with a GIN index. Search both matches and ranks with it: ranking used to compute
the weighted vector of every matching row (about 17 ms for 100 bodies), and matching had an index
of its own (migration 0005's `_fulltext`, dropped here as redundant).

The column is the database's alone: Django's models do not list it, so no write sends it, and
PostgreSQL recomputes it whenever a row changes. SQLite has no such column (migration 0004).
"""

import importlib

from django.db import migrations

previous = importlib.import_module("sources.migrations.0005_search_index_postgresql")

# model: its searched columns and their weights, most important first (as in baliportal.search).
WEIGHTED = {
    ("members", "participant"): [("name", "A"), ("short_name", "A"), ("description", "B")],
    ("workinggroups", "body"): [
        ("name", "A"),
        ("short_name", "A"),
        ("description", "B"),
        ("mandate", "C"),
    ],
    ("meetings", "meeting"): [("title", "A"), ("city", "A"), ("summary", "B")],
    ("meetings", "document"): [("title", "A"), ("summary", "A")],
}
CONFIG = "english"
COLUMN = "search_vector"


def vector_sql(columns) -> str:
    return " || ".join(
        f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(\"{column}\"::text, '')), '{weight}')"
        for column, weight in columns
    )


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for key, columns in WEIGHTED.items():
        table = apps.get_model(*key)._meta.db_table
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN "{COLUMN}" tsvector '
            f"GENERATED ALWAYS AS ({vector_sql(columns)}) STORED"
        )
        schema_editor.execute(
            f'CREATE INDEX "{table}_{COLUMN}" ON "{table}" USING GIN ("{COLUMN}")'
        )
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_fulltext"')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for key in WEIGHTED:
        model = apps.get_model(*key)
        schema_editor.execute(f'ALTER TABLE "{model._meta.db_table}" DROP COLUMN "{COLUMN}"')
        schema_editor.add_index(model, previous.full_text_index(model, previous.FULL_TEXT[key]))


class Migration(migrations.Migration):
    dependencies = [("sources", "0005_search_index_postgresql")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
