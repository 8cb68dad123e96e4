import html
import re

from portal.views import sources as views
from sources.models import Citation, Conflict
from tests import factories
from tests import knowledge_facts as facts
from tests.helpers import assert_constant_queries


def test_source_page_shows_the_full_text_with_each_cited_passage_anchored(client, db):
    citation = Citation.objects.get(
        object_id="ad-hoc-group--afghanistan--member", source_id="rcp-profile"
    )
    html = client.get("/sources/rcp-profile/").content.decode()
    assert f'<span id="{citation.anchor}" class="anchor"></span><mark data-p="' in html
    # The anchor sits in the AHG list, not in the founding-members note that names Afghanistan first.
    position = html.index(f'id="{citation.anchor}"')
    assert html.rindex("Ad Hoc Group Members include", 0, position) > html.rindex(
        "Founding Members", 0, position
    )


def test_every_citation_link_lands_on_an_anchor(client, db):
    pages = {}
    for citation in Citation.objects.select_related("source"):
        if citation.source_id not in pages:
            pages[citation.source_id] = client.get(
                citation.source.get_absolute_url()
            ).content.decode()
        assert f'id="{citation.anchor}"' in pages[citation.source_id], citation


def test_source_text_is_escaped(client, db):
    html = client.get("/sources/strategy-2017-update/").content.decode()
    assert "12&lt;sup&gt;TH&lt;/sup&gt;" in re.sub(
        r"<[^>]+>", "", html.replace("&lt;", "\x00")
    ).replace("\x00", "&lt;")


def test_disagreements_page_lists_every_conflict_with_passages(client, db):
    html = client.get("/disagreements/").content.decode()
    assert html.count("<section id=") == facts.CONFLICTS
    assert "held in Bali, Indonesia in February 2002" in html
    assert 'Concerns: <a href="/meetings/bpmc-1/">' in html
    assert '<a href="/disagreements/andaman-review-date/">' in html


def test_each_disagreement_has_its_own_page_with_both_sides(client, db):
    html = client.get("/disagreements/andaman-review-date/").content.decode()
    assert "<h1>When the Andaman Sea review was done</h1>" in html
    assert html.count("<blockquote>") == 2
    assert 'Concerns: <a href="/documents/andaman-sea-review/">' in html
    assert client.get("/disagreements/no-such-thing/").status_code == 404
    # The box on the record's own page links to it.
    document = client.get("/documents/andaman-sea-review/").content.decode()
    assert '<a href="/disagreements/andaman-review-date/">Both sides' in document


def test_disagreements_page_pages_its_conflicts(client, db, monkeypatch):
    monkeypatch.setattr(views, "CONFLICTS_PER_PAGE", 5)
    titles = list(Conflict.objects.values_list("title", flat=True))
    pages = [client.get(f"/disagreements/?page={n}") for n in (1, 2, 3)]
    shown = [
        re.findall(r'<h2 id="h-[^"]+"><a href="[^"]+">([^<]+)</a>', page.content.decode())
        for page in pages
    ]
    assert [html.unescape(t) for titles_on_page in shown for t in titles_on_page] == titles
    assert [len(on_page) for on_page in shown] == [5, 5, facts.CONFLICTS - 10]
    assert f"{facts.CONFLICTS} points" in pages[2].content.decode()
    assert client.get("/disagreements/?page=4").status_code == 404


def test_disagreements_queries_stay_constant_as_conflicts_grow(client, db):
    # About meetings, as some already are: each kind of record they concern costs one query.
    def grow():
        for meeting in [factories.meeting() for _ in range(10)]:
            factories.conflict(about=meeting)

    assert_constant_queries(client, "/disagreements/", grow)


def test_unknown_source_is_a_404(client, db):
    assert client.get("/sources/nope/").status_code == 404
