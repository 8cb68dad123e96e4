"""Indexes for search on PostgreSQL: trigram (pg_trgm) GIN indexes for substring matches, and a
full-text GIN index per searched table, so that search reads indexes instead of computing every
row's text vector (at 100 times the data that took about half a second per search).

The expressions are built by Django's own compiler from the same expressions baliportal.search
queries with, so that PostgreSQL recognises them. SQLite has its own (migration 0004); a
PostgreSQL where pg_trgm cannot be installed keeps the full-text indexes and scans for substrings.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models, transaction
from django.db.models.functions import Cast, Upper

# model: the columns searched, as in baliportal.search (tests check that the two agree).
SUBSTRING = {
    ("members", "participant"): ["name", "short_name", "description"],
    ("members", "namevariant"): ["name"],
    ("workinggroups", "body"): ["name", "short_name", "description", "mandate"],
    ("workinggroups", "bodyname"): ["name"],
    ("meetings", "meeting"): ["title", "city", "summary"],
    ("meetings", "document"): ["title", "summary"],
    ("sources", "citation"): ["passage"],
}
# model: the columns its full-text vector reads (the record's own searched columns).
FULL_TEXT = {
    ("members", "participant"): ["name", "short_name", "description"],
    ("workinggroups", "body"): ["name", "short_name", "description", "mandate"],
    ("meetings", "meeting"): ["title", "city", "summary"],
    ("meetings", "document"): ["title", "summary"],
}
FULL_TEXT_CONFIG = "english"


def trigram_index(model, column):
    expression = OpClass(Upper(Cast(column, models.TextField())), name="gin_trgm_ops")
    return GinIndex(expression, name=f"{model._meta.db_table}_{column}_trgm")


def full_text_index(model, columns):
    vector = SearchVector(*columns, config=FULL_TEXT_CONFIG)
    return GinIndex(vector, name=f"{model._meta.db_table}_fulltext")


def trigram_installed(schema_editor) -> bool:
    try:
        # A savepoint, so that a refusal leaves the migration's transaction usable.
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # the extension is missing, or this role may not install it
        return False
    return True


def indexes(apps, schema_editor):
    """(model, index) pairs this migration creates, given what the server offers."""
    pairs = []
    if trigram_installed(schema_editor):
        for key, columns in SUBSTRING.items():
            model = apps.get_model(*key)
            pairs += [(model, trigram_index(model, column)) for column in columns]
    for key, columns in FULL_TEXT.items():
        model = apps.get_model(*key)
        pairs.append((model, full_text_index(model, columns)))
    return pairs


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in indexes(apps, schema_editor):
        schema_editor.add_index(model, index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for key, columns in SUBSTRING.items():
        table = apps.get_model(*key)._meta.db_table
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_{column}_trgm"')
    for key in FULL_TEXT:
        table = apps.get_model(*key)._meta.db_table
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_fulltext"')


class Migration(migrations.Migration):
    dependencies = [("sources", "0004_search_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
