import html
import importlib
import json
import os
import re
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from psycopg import sql

from members.models import Participant
from search.views import OVERVIEW_PER_KIND, RESULTS_PER_PAGE, SEARCHED
from sources.models import Citation, CitedPassage
from tests import factories
from tests.helpers import text


def test_search_groups_results_by_kind_with_the_matching_passage(client, db):
    page = text(client.get("/search/?q=Andaman"))
    assert '<h2 id="g-documents">Documents</h2>' in page
    assert ">Review of the Response to the Andaman Sea Situation</a><blockquote>" in page
    assert "Passages in the sources" in page


def test_search_finds_participants_by_name_variant(client, db):
    page = text(client.get("/search/?q=Vietnam"))
    assert ">Viet Nam</a>" in page


def test_search_finds_by_partial_name(client, db):
    page = text(client.get("/search/?q=Austral"))
    assert 'href="/members/australia/">Australia</a>' in page


def test_search_ranks_the_best_match_first_on_postgresql(client, db):
    page = text(client.get("/search/?q=trafficking persons working group"))
    bodies = page[page.index('<h2 id="g-bodies">Bodies</h2>') :]
    first = re.search(r'<li><a href="([^"]+)"', bodies)[1]
    if connection.vendor == "postgresql":
        assert first == "/groups/working-group-trafficking-in-persons/"
    else:
        assert "working-group" in first


def test_search_explains_a_too_short_or_too_long_query(client, db):
    assert "Ensure this value has at least 2 characters" in text(client.get("/search/?q=a"))
    assert "at most 200 characters" in text(client.get("/search/?q=" + "a" * 300))
    assert client.get("/search/?q=%00%00").status_code == 200


def test_a_passage_quoted_by_many_records_is_listed_once(client, db):
    quoted = Citation.objects.filter(passage__icontains="Andaman").first()
    for participant in Participant.objects.all()[:5]:
        participant.citations.create(source=quoted.source, passage=quoted.passage)
    page = text(client.get("/search/?q=Andaman&kind=passages"))
    passages = page[page.index("Passages in the sources") :]
    shown = html.unescape(quoted.passage)[:100]
    assert passages.count(re.sub(r"\s+", " ", shown)) == 1
    assert (
        f'href="/sources/{quoted.source_id}/#{quoted.anchor}">in {quoted.source.title}' in passages
    )


def results_in(page, kind):
    section = page[page.index(f'<h2 id="g-{kind}">') :]
    return re.findall(r'<li><a href="([^"]+)"', section[: section.index("</section>")])


def test_the_overview_shows_each_kinds_best_few_and_links_to_all_of_them(client, db):
    for n in range(OVERVIEW_PER_KIND + 2):
        factories.participant(slug=f"quokka-{n}", name=f"Quokka Council {n}")
    page = text(client.get("/search/?q=quokka"))
    assert len(results_in(page, "participants")) == OVERVIEW_PER_KIND
    assert '<a href="?q=quokka&kind=participants">All participants matching “quokka” →</a>' in page
    # A kind with no more than it shows has no such link.
    assert "kind=documents" not in text(client.get("/search/?q=Andaman"))


def test_one_kind_is_paged_and_counted_and_the_search_box_stays_on_it(client, db):
    for n in range(RESULTS_PER_PAGE + 3):
        factories.participant(slug=f"wombat-{n:02}", name=f"Wombat Council {n:02}")
    first = text(client.get("/search/?q=wombat&kind=participants"))
    assert f"{RESULTS_PER_PAGE + 3} results among participants for “wombat”." in first
    second = text(client.get("/search/?q=wombat&kind=participants&page=2"))
    shown = results_in(first, "participants") + results_in(second, "participants")
    assert len(shown) == len(set(shown)) == RESULTS_PER_PAGE + 3
    assert "Page 2 of 2" in second and "g-meetings" not in second
    assert '<input type="hidden" name="kind" value="participants">' in second
    assert client.get("/search/?q=wombat&kind=participants&page=3").status_code == 404


def test_the_pager_keeps_the_query_and_its_place_in_it(client, db):
    for n in range(RESULTS_PER_PAGE + 3):
        factories.participant(slug=f"wombat-{n:02}", name=f"Wombat Council {n:02}")
    # Django's {% querystring %}: page replaced where it stands, values encoded as a form sends them.
    second = client.get("/search/?page=2&q=wombat+council&kind=participants").content.decode()
    assert '<a rel="prev" href="?page=1&amp;q=wombat+council&amp;kind=participants">' in second
    assert 'rel="next"' not in second
    first = client.get("/search/?q=wombat+council&kind=participants").content.decode()
    assert '<a rel="next" href="?q=wombat+council&amp;kind=participants&amp;page=2">' in first


def test_the_cited_passages_can_be_read_in_full(client, db):
    page = text(client.get("/search/?q=trafficking&kind=passages"))
    matching = Citation.objects.filter(passage__icontains="trafficking")
    distinct = matching.values("source", "passage").distinct().count()
    assert f"{distinct} results among passages in the sources" in page
    assert page.count("<blockquote>") == min(distinct, RESULTS_PER_PAGE)


def test_an_unknown_kind_is_explained_not_searched(client, db):
    response = client.get("/search/?q=Andaman&kind=treaties")
    page = text(response)
    assert response.status_code == 200
    assert "Select a valid choice. treaties is not one of the available choices." in page
    assert "<section" not in page and 'name="kind"' not in page


def test_a_search_that_finds_nothing_says_so(client, db):
    assert "Nothing matches “zqxwv”." in text(client.get("/search/?q=zqxwv"))


def searched_columns():
    """{table: columns} that search matches substrings in, from SEARCHED and the cited passages."""
    expected = {"sources_citedpassage": ["passage"]}
    for _kind, _label, model, _name, fields in SEARCHED:
        for field in fields:
            if "__" in field:
                name, rest = field.split("__", 1)
                related = model._meta.get_field(name).related_model
                expected.setdefault(related._meta.db_table, []).append(rest)
            else:
                expected.setdefault(model._meta.db_table, []).append(field)
    return expected


def fts_tables():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%_fts'")
        return {name for (name,) in cursor.fetchall()}


sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the trigram indexes are SQLite's"
)


@sqlite_only
def test_on_sqlite_every_searched_column_has_its_trigram_index(db):
    expected = searched_columns()
    assert fts_tables() == {f"{table}_fts" for table in expected}
    with connection.cursor() as cursor:
        for table, columns in expected.items():
            cursor.execute(f"PRAGMA table_info({table}_fts)")
            assert sorted(row[1] for row in cursor.fetchall()) == sorted(columns)
            # A later migration that rebuilds a table on SQLite drops its triggers: re-create them.
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
            triggers = {name for (name,) in cursor.fetchall()}
            assert {f"{table}_fts_{w}" for w in ("insert", "update", "delete")} <= triggers
            # FTS5's own check that the index holds exactly what its table holds.
            cursor.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('integrity-check')")


@sqlite_only
def test_on_sqlite_search_reads_the_trigram_indexes(client, db):
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/?q=Andaman")
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "sources_citedpassage_fts" in sql and "members_participant_fts" in sql
    assert "LIKE" not in sql


def test_search_sees_every_write_at_once(client, db):
    participant = Participant.objects.create(
        slug="zanzibar-forum", name="Zanzibar Forum", kind="organisation", status="partner"
    )
    assert ">Zanzibar Forum</a>" in text(client.get("/search/?q=anzibar"))
    participant.name = "Pemba Forum"
    participant.save()
    assert ">Pemba Forum</a>" in text(client.get("/search/?q=pemba"))
    assert ">Pemba Forum</a>" not in text(client.get("/search/?q=anzibar"))
    participant.name_variants.create(slug="zanzibar-variant", name="Unguja Forum")
    assert ">Pemba Forum</a>" in text(client.get("/search/?q=Unguja"))
    participant.name_variants.all().delete()
    participant.delete()
    assert "Pemba Forum" not in text(client.get("/search/?q=pemba"))


def test_search_sees_a_newly_cited_passage_at_once_and_forgets_a_removed_one(client, db):
    meeting = factories.meeting()
    citation = Citation.objects.create(
        record=meeting, source_id="encyclopedia-article", passage="Officials met in Quokka Bay"
    )
    assert "Officials met in Quokka Bay" in text(client.get("/search/?q=quokka"))
    citation.passage = "Officials met in Wombat Creek"
    citation.save()
    assert "Officials met in" not in text(client.get("/search/?q=quokka"))
    assert "Officials met in Wombat Creek" in text(client.get("/search/?q=wombat&kind=passages"))
    citation.delete()
    assert "Nothing matches “wombat”." in text(client.get("/search/?q=wombat"))


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the trigram and full-text GIN indexes are PostgreSQL's",
)


@postgresql_only
def test_on_postgresql_every_searched_column_has_its_trigram_and_full_text_index(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        indexes = {name for (name,) in cursor.fetchall()}
    for table, columns in searched_columns().items():
        assert {f"{table}_{column}_trgm" for column in columns} <= indexes
    for _kind, _label, model, _name, _fields in SEARCHED:
        assert f"{model._meta.db_table}_search_vector" in indexes


@postgresql_only
@pytest.mark.parametrize("word", ["Andaman", "smuggled"])
def test_on_postgresql_search_can_answer_from_its_indexes_without_scanning(db, word):
    from search.views import ranked

    # With sequential scans priced out, a plan still holding one means an index's expression
    # does not match the query's, and PostgreSQL would read every row at scale.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Statistics as a served database has them (the test database was filled a moment ago).
        for table in searched_columns():
            cursor.execute(f'ANALYZE "{table}"')
    for _kind, _label, model, name, fields in SEARCHED:
        plan = ranked(model, fields, word).only(name)[:20].explain()
        assert "Seq Scan" not in plan, plan
        assert f"{model._meta.db_table}_search_vector" in plan
        assert "_trgm" in plan
    with connection.cursor() as cursor:
        # Left only bitmap scans, which need an index that answers the condition itself.
        cursor.execute("SET LOCAL enable_indexscan = off")
    passages = CitedPassage.objects.filter(passage__icontains=word).explain()
    assert "sources_citedpassage_passage_trgm" in passages, passages


def test_the_stored_text_vectors_weigh_the_columns_search_reads_in_its_order(db):
    from search.views import split_fields

    migration = importlib.import_module("sources.migrations.0006_search_vector_postgresql")
    for _kind, _label, model, _name, fields in SEARCHED:
        weighted = migration.WEIGHTED[(model._meta.app_label, model._meta.model_name)]
        assert [column for column, _weight in weighted] == split_fields(model, fields)[0]
        weights = [weight for _column, weight in weighted]
        assert weights == sorted(weights), "a later column never outweighs an earlier one"


@postgresql_only
def test_on_postgresql_the_stored_text_vector_follows_every_write(db):
    def holds(participant, word):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_vector @@ websearch_to_tsquery('english', %s)"
                " FROM members_participant WHERE slug = %s",
                [word, participant.slug],
            )
            return cursor.fetchone()[0]

    participant = Participant.objects.create(
        slug="zanzibar-forum", name="Zanzibar Forum", kind="organisation", status="partner"
    )
    assert holds(participant, "zanzibar")
    participant.name = "Pemba Forum"
    participant.description = "Meets on the islands."
    participant.save()
    assert holds(participant, "pemba") and holds(participant, "island")
    assert not holds(participant, "zanzibar")


def search_summary(queries) -> dict:
    """What the search page shows for each query, as plain values: [kind, [[key, passage], ...]]."""
    from search.views import run_search

    def shown(group):
        if "results" in group:
            return [[str(r.pk), c.passage if c else None] for r, c in group["results"]]
        return [[c.source_id, c.passage] for c in group["passages"]]

    return {query: [[g["label"], shown(g)] for g in run_search(query)] for query in queries}


@postgresql_only
def test_on_postgresql_without_pg_trgm_migrations_run_and_search_finds_the_same(db):
    # A role that may create tables but not install extensions, in a database of its own, as on
    # a server without pg_trgm: migration 0005 must leave the trigram indexes out, and search
    # must find the same by scanning.
    queries = ["Andaman", "Austral", "trafficking persons", "co-chair", "an"]
    settings = connection.settings_dict
    server = {"host": settings["HOST"] or "localhost", "port": settings["PORT"] or 5432}
    name = f"bp_no_trgm_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(**server, user=settings["USER"], dbname="postgres", autocommit=True)
    try:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
    except psycopg.errors.InsufficientPrivilege:
        admin.close()
        pytest.skip("the test database's role may not create roles")
    try:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        with psycopg.connect(**server, user=settings["USER"], dbname=name, autocommit=True) as db:
            grant = sql.SQL("GRANT CREATE, USAGE ON SCHEMA public TO {}")
            db.execute(grant.format(sql.Identifier(name)))
        url = f"postgres://{name}@{server['host']}:{server['port']}/{name}"

        def manage(*args):
            result = subprocess.run(
                [sys.executable, "manage.py", *args],
                env={**os.environ, "DATABASE_URL": url},
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, result.stderr
            return result.stdout

        manage("migrate", "--noinput", "-v0")
        manage("load_knowledge", "-v0")
        with psycopg.connect(url) as limited:
            extensions = limited.execute("SELECT extname FROM pg_extension").fetchall()
            trigram = limited.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%%_trgm'"
            ).fetchone()
        assert ("pg_trgm",) not in extensions and trigram == (0,)
        script = (
            "import json; from tests.search.test_search import search_summary; "
            f"print(json.dumps(search_summary({queries!r})))"
        )
        without_trigrams = json.loads(manage("shell", "-v0", "-c", script).splitlines()[-1])
        assert without_trigrams == json.loads(json.dumps(search_summary(queries)))
        assert without_trigrams["Austral"][0][1], "Australia is found by part of its name"
    finally:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
        admin.close()


@postgresql_only
def test_on_postgresql_search_plans_its_queries_from_the_indexes(client, db):
    # The planner underrates to_tsvector(): without this, it computed every body's vector at scale.
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/?q=Andaman").status_code == 200
    statements = [q["sql"] for q in queries]
    setting = statements.index("SET LOCAL enable_seqscan = off")
    searched = [
        i for i, sql in enumerate(statements) if "ts_rank" in sql or "sources_citedpassage" in sql
    ]
    assert searched and min(searched) > setting
