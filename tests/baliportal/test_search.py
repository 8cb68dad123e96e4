import html
import re

from django.db import connection

from members.models import Participant
from sources.models import Citation


def text(response):
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def test_search_groups_results_by_kind_with_the_matching_passage(client, db):
    page = text(client.get("/search/?q=Andaman"))
    assert '<h2 id="g-4">Documents</h2>' in page
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
    bodies = page[page.index('<h2 id="g-2">Bodies</h2>') :]
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
    page = text(client.get("/search/?q=Andaman"))
    passages = page[page.index("Passages in the sources") :]
    shown = html.unescape(quoted.passage)[:100]
    assert passages.count(re.sub(r"\s+", " ", shown)) == 1
    assert (
        f'href="/sources/{quoted.source_id}/#{quoted.anchor}">in {quoted.source.title}' in passages
    )
