import re

from sources.models import Citation


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
    assert html.count("<section id=") == 13
    assert "held in Bali, Indonesia in February 2002" in html
    assert 'Concerns: <a href="/meetings/bpmc-1/">' in html


def test_unknown_source_is_a_404(client, db):
    assert client.get("/sources/nope/").status_code == 404
