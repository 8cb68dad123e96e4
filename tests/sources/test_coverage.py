"""Coverage: each sentence of a source cited or marked, the figures, and editors' marks."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from core.sentences import split
from sources.coverage import coverage_figures, source_coverage
from sources.models import Citation, KnowledgeVersion, SentenceMark, Source
from tests import factories
from tests.helpers import assert_constant_queries, get_counting

STATEMENT = "statement-2024-05"
OPEN_SENTENCE = (
    "You can read an interview with the Bali Process Senior Official Co Chairs, reflecting on the "
    "meetings and next steps for the Bali Process here."
)


def test_coverage_figures_of_the_seed_sources_are_exact(db):
    figures = coverage_figures(Source.objects.all())
    assert {slug: (f.units, f.cited, f.marked, f.percent) for slug, f in figures.items()} == {
        "encyclopedia-article": (239, 152, 0, 63),
        "rcp-profile": (125, 116, 0, 92),
        "strategy-2017-update": (66, 30, 0, 45),
        "gcim-paper-2005": (87, 35, 0, 40),
        "statement-2024-05": (34, 14, 0, 41),
    }


def test_a_passage_cites_every_unit_it_overlaps_and_only_where_it_is_highlighted(db):
    source = Source.objects.get(slug=STATEMENT)
    states, figure, orphans = source_coverage(source)
    assert OPEN_SENTENCE in [s.unit.text for s in states if s.state == "open"]
    meeting = factories.meeting()
    # The end of one sentence and the start of the next: both are cited.
    Citation.objects.create(
        record=meeting,
        source=source,
        passage="reflecting on the meetings and next steps for the Bali Process here. RSO Co-Managers",
    )
    states, after, orphans = source_coverage(source)
    cited = {s.unit.text: s for s in states if s.state == "cited"}
    assert OPEN_SENTENCE in cited
    assert cited[OPEN_SENTENCE].records == [meeting]
    assert any(text.startswith("RSO Co-Managers from Australia") for text in cited)
    assert (after.cited, after.units, orphans) == (figure.cited + 1, 34, [])


def test_a_mark_counts_once_and_survives_a_change_of_whitespace(db, editor):
    source = Source.objects.get(slug=STATEMENT)
    mark = SentenceMark(source=source, text=OPEN_SENTENCE.replace(" ", "  \n", 3), reason="other")
    mark.full_clean()
    mark.save()
    assert mark.text == OPEN_SENTENCE
    figure = coverage_figures([source])[STATEMENT]
    assert (figure.cited, figure.marked, figure.covered, figure.percent) == (14, 1, 15, 44)
    states, _figure, _orphans = source_coverage(source)
    assert [s.mark for s in states if s.unit.text == OPEN_SENTENCE] == [mark]


def test_a_mark_of_words_not_in_the_source_is_refused_with_a_sentence(db):
    mark = SentenceMark(source_id=STATEMENT, text="Nothing of the kind.", reason="narrative")
    with pytest.raises(ValidationError) as refused:
        mark.full_clean()
    title = Source.objects.get(slug=STATEMENT).title
    assert refused.value.message_dict == {
        "text": [
            f"No sentence or list item of “{title}” reads so. Copy it from the source's "
            "coverage page."
        ]
    }
    assert SentenceMark.objects.count() == 0


def test_sources_page_lists_every_source_newest_first_with_its_figure(client, db):
    html = client.get("/sources/").content.decode()
    titles = re.findall(r'<td><a href="/sources/([a-z0-9-]+)/">', html)
    assert titles == [
        "statement-2024-05",
        "encyclopedia-article",
        "rcp-profile",
        "strategy-2017-update",
        "gcim-paper-2005",
    ]
    assert '<a href="/sources/rcp-profile/coverage/">92%</a>' in html
    assert "(116 of 125: 116 cited, 0 marked)" in html


def test_documents_page_and_source_page_link_to_the_sources_and_coverage(client, db):
    assert '<a href="/sources/">' in client.get("/documents/").content.decode()
    html = client.get("/sources/rcp-profile/").content.decode()
    assert '<a href="/sources/rcp-profile/coverage/">' in html


def test_coverage_page_shows_each_unit_with_its_state_and_citing_records(client, db):
    html = client.get(f"/sources/{STATEMENT}/coverage/").content.decode()
    assert "<strong>41%</strong> covered: of 34 sentences and list items, 14 are cited" in html
    assert html.count('class="unit unit-cited"') == 14
    assert html.count('class="unit unit-open"') == 20
    assert '<a href="/meetings/ahg-17/">' in html
    # Readers get no editor's link.
    assert "Mark as no fact" not in html and "/admin/" not in html
    assert client.get("/sources/nope/coverage/").status_code == 404


def test_coverage_page_offers_an_editor_to_mark_an_open_sentence(editor_client):
    html = editor_client.get(f"/sources/{STATEMENT}/coverage/").content.decode()
    assert html.count("Mark as no fact</a>") == 20
    assert (
        f'href="/admin/sources/sentencemark/add/?source={STATEMENT}&amp;text=You%20can%20read'
        in html
    )


def test_an_editor_marks_a_sentence_in_the_admin_and_returns_to_the_coverage_page(
    editor_client, django_capture_on_commit_callbacks
):
    version = KnowledgeVersion.current()
    url = f"/admin/sources/sentencemark/add/?source={STATEMENT}&text={OPEN_SENTENCE}"
    form = editor_client.get(url).content.decode()
    assert OPEN_SENTENCE in form
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            url,
            {"source": STATEMENT, "text": OPEN_SENTENCE, "reason": "narrative", "note": "a link"},
        )
    assert response.status_code == 302
    assert response["Location"] == f"/sources/{STATEMENT}/coverage/"
    mark = SentenceMark.objects.get()
    assert (mark.marked_by.username, mark.reason, mark.note) == ("edith", "narrative", "a link")
    assert mark.history.count() == 1
    assert KnowledgeVersion.current() > version
    html = editor_client.get(f"/sources/{STATEMENT}/coverage/").content.decode()
    assert "Marked narrative: a link" in html
    assert "<strong>44%</strong> covered" in html


def test_the_admin_refuses_a_second_mark_of_the_same_sentence(editor_client):
    SentenceMark.objects.create(source_id=STATEMENT, text=OPEN_SENTENCE, reason="narrative")
    response = editor_client.post(
        "/admin/sources/sentencemark/add/",
        {"source": STATEMENT, "text": OPEN_SENTENCE, "reason": "opinion"},
    )
    assert response.status_code == 200
    assert "This sentence of this source is already marked." in response.content.decode()
    assert SentenceMark.objects.get().reason == "narrative"


def test_the_api_lets_an_editor_mark_and_unmark_and_everyone_read(db, editor):
    editor_api = APIClient()
    editor_api.force_authenticate(editor)
    created = editor_api.post(
        "/api/v1/sentence-marks/",
        {"source": STATEMENT, "text": OPEN_SENTENCE, "reason": "narrative"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["marked_by"] == "edith"
    assert created.json()["text"] == OPEN_SENTENCE
    listed = APIClient().get(f"/api/v1/sentence-marks/?source={STATEMENT}").json()
    assert [m["text"] for m in listed["results"]] == [OPEN_SENTENCE]
    source = APIClient().get(f"/api/v1/sources/{STATEMENT}/").json()
    assert source["coverage"] == {
        "units": 34,
        "cited": 14,
        "marked": 1,
        "covered": 15,
        "percent": 44,
    }
    bad = editor_api.post(
        "/api/v1/sentence-marks/",
        {"source": STATEMENT, "text": "Not in it.", "reason": "narrative"},
        format="json",
    )
    assert bad.status_code == 400
    assert "No sentence or list item of" in bad.json()["text"][0]
    mark_id = created.json()["id"]
    assert editor_api.delete(f"/api/v1/sentence-marks/{mark_id}/").status_code == 204
    assert SentenceMark.objects.count() == 0


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_the_api_refuses_marks_from_anyone_but_an_editor(db, who):
    mark = SentenceMark.objects.create(source_id=STATEMENT, text=OPEN_SENTENCE, reason="opinion")
    api = APIClient()
    if who == "reader":
        api.force_authenticate(get_user_model().objects.create_user("reader", password="x" * 20))
    expected = 401 if who == "anonymous" else 403
    new = {"source": STATEMENT, "text": OPEN_SENTENCE, "reason": "narrative"}
    assert api.post("/api/v1/sentence-marks/", new, format="json").status_code == expected
    patched = api.patch(f"/api/v1/sentence-marks/{mark.pk}/", {"reason": "other"}, format="json")
    assert patched.status_code == expected
    assert api.delete(f"/api/v1/sentence-marks/{mark.pk}/").status_code == expected
    assert list(SentenceMark.objects.values_list("reason", flat=True)) == ["opinion"]


def test_the_sources_api_gives_each_source_its_coverage_in_fixed_queries(db):
    api = APIClient()
    listed = api.get("/api/v1/sources/").json()["results"]
    assert {s["slug"]: s["coverage"]["percent"] for s in listed} == {
        "encyclopedia-article": 63,
        "rcp-profile": 92,
        "strategy-2017-update": 45,
        "gcim-paper-2005": 40,
        "statement-2024-05": 41,
    }
    assert listed[0]["coverage_url"] == "http://testserver/sources/encyclopedia-article/coverage/"


def test_coverage_pages_cost_the_same_queries_as_citations_grow(client, db):
    # A warm-up: the content types of the kinds cited are cached after the first page.
    client.get(f"/sources/{STATEMENT}/coverage/")
    assert_constant_queries(client, f"/sources/{STATEMENT}/coverage/", lambda: factories.grow(10))
    assert_constant_queries(client, "/sources/", lambda: factories.grow(10))
    response, queries = get_counting(client, "/sources/")
    assert queries == 3


def test_split_is_cached_per_text(db):
    source = Source.objects.get(slug=STATEMENT)
    assert split(source.text()) is split(str(source.text()))
