"""Cited passages, one row per distinct (source, passage, locator), kept by the database itself.

Triggers on sources_citation count each passage's citations into sources_citedpassage, so that
every write keeps it current however it arrives: the admin, the API, the loader, bulk inserts, raw
SQL and restores. Search then matches words against a few hundred distinct passages instead of
every citation (at 100 times the data, a common word is in 1,000 citations of 7 passages), so its
substring indexes move from sources_citation to sources_citedpassage: an FTS5 trigram index on
SQLite (as migration 0004), a pg_trgm index on PostgreSQL (as migration 0005).
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

sqlite_indexes = importlib.import_module("sources.migrations.0004_search_index")
postgresql_indexes = importlib.import_module("sources.migrations.0005_search_index_postgresql")

KEY = ("source_id", "passage", "locator")
COUNTED = "sources_citedpassage"
SAME_PASSAGE = " AND ".join(f"{column} = old.{column}" for column in KEY)
UNCOUNT = (
    f"UPDATE {COUNTED} SET citations = citations - 1 WHERE {SAME_PASSAGE}; "
    f"DELETE FROM {COUNTED} WHERE {SAME_PASSAGE} AND citations = 0;"
)
COUNT = (
    f"INSERT INTO {COUNTED} (source_id, passage, locator, citations) "
    "VALUES (new.source_id, new.passage, new.locator, 1) "
    f"ON CONFLICT (source_id, passage, locator) DO UPDATE SET citations = {COUNTED}.citations + 1;"
)
BACKFILL = (
    f"INSERT INTO {COUNTED} (source_id, passage, locator, citations) "
    "SELECT source_id, passage, locator, COUNT(*) FROM sources_citation "
    "GROUP BY source_id, passage, locator"
)

SQLITE_COUNTING = [
    f"CREATE TRIGGER sources_citation_counted_insert AFTER INSERT ON sources_citation BEGIN {COUNT} END",
    f"CREATE TRIGGER sources_citation_counted_delete AFTER DELETE ON sources_citation BEGIN {UNCOUNT} END",
    "CREATE TRIGGER sources_citation_counted_update AFTER UPDATE OF source_id, passage, locator "
    f"ON sources_citation BEGIN {UNCOUNT} {COUNT} END",
]
SQLITE_TRIGGERS = ("insert", "delete", "update")

# The passage of a counted row never changes (it is the row's key), so its index is updated only
# when a row comes or goes, not on every change of its count.
FTS = f"{COUNTED}_fts"
SQLITE_SEARCH_INDEX = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(passage, content='{COUNTED}', tokenize='trigram')",
    f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON {COUNTED} "
    f"BEGIN INSERT INTO {FTS}(rowid, passage) VALUES (new.rowid, new.passage); END",
    f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON {COUNTED} "
    f"BEGIN INSERT INTO {FTS}({FTS}, rowid, passage) VALUES ('delete', old.rowid, old.passage); END",
    f"CREATE TRIGGER {FTS}_update AFTER UPDATE OF passage ON {COUNTED} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, passage) VALUES ('delete', old.rowid, old.passage); "
    f"INSERT INTO {FTS}(rowid, passage) VALUES (new.rowid, new.passage); END",
]

POSTGRESQL_COUNTING = [
    f"""CREATE FUNCTION sources_citation_counted() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            {UNCOUNT.replace("old.", "OLD.")}
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            {COUNT.replace("new.", "NEW.")}
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER sources_citation_counted "
    "AFTER INSERT OR DELETE OR UPDATE OF source_id, passage, locator ON sources_citation "
    "FOR EACH ROW EXECUTE FUNCTION sources_citation_counted()",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_COUNTING:
            schema_editor.execute(statement)
        schema_editor.execute(BACKFILL)
        if sqlite_indexes.trigram_available(schema_editor):
            for statement in SQLITE_SEARCH_INDEX:
                schema_editor.execute(statement)
            schema_editor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
            drop_sqlite_index("sources_citation", schema_editor)
    elif vendor == "postgresql":
        for statement in POSTGRESQL_COUNTING:
            schema_editor.execute(statement)
        schema_editor.execute(BACKFILL)
        if postgresql_indexes.trigram_installed(schema_editor):
            model = apps.get_model("sources", "citedpassage")
            schema_editor.add_index(model, postgresql_indexes.trigram_index(model, "passage"))
            schema_editor.execute('DROP INDEX IF EXISTS "sources_citation_passage_trgm"')


def drop_sqlite_index(table, schema_editor):
    for trigger in SQLITE_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{trigger}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for trigger in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS sources_citation_counted_{trigger}")
        drop_sqlite_index(COUNTED, schema_editor)
        if sqlite_indexes.trigram_available(schema_editor):
            for statement in sqlite_indexes.index_sql("sources_citation", ["passage"]):
                schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS sources_citation_counted ON sources_citation")
        schema_editor.execute("DROP FUNCTION IF EXISTS sources_citation_counted()")
        if postgresql_indexes.trigram_installed(schema_editor):
            model = apps.get_model("sources", "citation")
            schema_editor.add_index(model, postgresql_indexes.trigram_index(model, "passage"))


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0006_search_vector_postgresql"),
    ]

    operations = [
        migrations.CreateModel(
            name="CitedPassage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("passage", models.TextField()),
                ("locator", models.CharField(blank=True, max_length=200)),
                (
                    "citations",
                    models.PositiveIntegerField(help_text="How many citations quote it."),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cited_passages",
                        to="sources.source",
                    ),
                ),
            ],
            options={
                "ordering": ["source_id", "passage", "locator"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "passage", "locator"), name="sources_citedpassage_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
