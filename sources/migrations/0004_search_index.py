"""Full-text indexes for search on SQLite: FTS5 with the trigram tokenizer, so that a substring
query ("Austral") is answered from an index instead of a scan of every row.

Each index mirrors the searched columns of one table (baliportal.search.SEARCHED and the cited
passages) as an external-content FTS5 table, kept in step by triggers, so that every write keeps
it current: the admin, the API, the loader, bulk inserts and raw SQL alike. PostgreSQL searches
with its own full-text functions and is left alone; so is an SQLite built without FTS5 or the
trigram tokenizer (search then scans, as before).
"""

from django.db import migrations

# table: the columns searched, as in baliportal.search (tests check that the two agree).
INDEXED = {
    "members_participant": ["name", "short_name", "description"],
    "members_namevariant": ["name"],
    "workinggroups_body": ["name", "short_name", "description", "mandate"],
    "workinggroups_bodyname": ["name"],
    "meetings_meeting": ["title", "city", "summary"],
    "meetings_document": ["title", "summary"],
    "sources_citation": ["passage"],
}


def index_sql(table: str, columns: list[str]) -> list[str]:
    fts = f"{table}_fts"
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    remove = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.rowid, {old});"
    add = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', tokenize='trigram')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE ON {table} BEGIN {remove} {add} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def trigram_available(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        try:
            cursor.execute("CREATE VIRTUAL TABLE temp.trigram_probe USING fts5(x, tokenize='trigram')")
        except Exception:  # no FTS5, or an SQLite older than 3.34 (no trigram tokenizer)
            return False
        cursor.execute("DROP TABLE temp.trigram_probe")
    return True


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite" or not trigram_available(schema_editor):
        return
    for table, columns in INDEXED.items():
        for statement in index_sql(table, columns):
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in INDEXED:
        for trigger in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0003_knowledge_version"),
        ("members", "0003_participant_kind_status_index"),
        ("workinggroups", "0002_historicalbody_historicalbodyname_and_more"),
        ("meetings", "0005_meeting_year_kind_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
