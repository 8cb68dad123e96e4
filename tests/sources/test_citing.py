"""Citing while reading: the editor's controls, record search, the citation POST, "did you mean"."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from meetings.models import Meeting
from sources.models import Citation, KnowledgeVersion, Source
from tests.helpers import admin_form

ENCYCLOPEDIA = "encyclopedia-article"
# Twice in the encyclopedia: in the 2017 and the 2018 attendee lists.
TWICE = "Heads of delegations (Government and Business)"


@pytest.fixture
def reader_client(client, db):
    """Signed in, but not staff: a session cookie and no editor's rights."""
    client.force_login(get_user_model().objects.create_user("rita", password="x" * 20))
    return client


def test_a_reader_gets_the_source_page_without_an_editors_controls(client, reader_client, db):
    for who in (Client(), reader_client):
        html = who.get(f"/sources/{ENCYCLOPEDIA}/").content.decode()
        assert (
            "cite.js" not in html
            and "cite-dialog" not in html
            and "csrfmiddlewaretoken" not in html
        )


def test_an_editor_gets_the_controls_and_a_list_of_kinds_to_start(editor_client):
    html = editor_client.get(f"/sources/{ENCYCLOPEDIA}/").content.decode()
    assert '<script src="/static/js/cite.js" defer></script>' in html
    assert 'data-cite-url="/sources/encyclopedia-article/cite/"' in html
    assert '<button type="button" class="cite-button" aria-describedby="cite-help" hidden>' in html
    assert '<option value="/admin/meetings/meeting/add/">Meeting</option>' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_readers_cached_source_page_never_carries_an_editors_controls(
    client, editor_client, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    # The editor's page first: with a session cookie it is neither served from nor put in the cache.
    assert "cite-dialog" in editor_client.get(f"/sources/{ENCYCLOPEDIA}/").content.decode()
    anonymous = Client()
    first = anonymous.get(f"/sources/{ENCYCLOPEDIA}/").content.decode()
    second = anonymous.get(f"/sources/{ENCYCLOPEDIA}/").content.decode()
    assert first == second and "cite-dialog" not in second


def test_record_search_finds_records_of_every_kind_for_an_editor(editor_client):
    found = editor_client.get("/editing/records/?q=ahg som 9").json()["results"]
    assert found[0] == {
        "record_type": "meetings.meeting",
        "kind": "meeting",
        "slug": "ahg-som-9",
        "label": Meeting.objects.get(slug="ahg-som-9").title,
        "url": "/meetings/ahg-som-9/",
    }
    kinds = {
        r["record_type"] for r in editor_client.get("/editing/records/?q=viet").json()["results"]
    }
    assert {"members.participant", "workinggroups.membership"} <= kinds
    assert editor_client.get("/editing/records/?q=a").json() == {"results": []}
    assert editor_client.get("/editing/records/?q=" + "x" * 5000).json() == {"results": []}


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_record_search_refuses_anyone_but_an_editor(client, reader_client, who):
    asking = Client() if who == "anonymous" else reader_client
    response = asking.get("/editing/records/?q=ahg")
    assert response.status_code == 403
    assert response.json() == {"detail": "Sign in as an editor who may add citations to do this."}


def cite(client, **fields):
    data = {"record_type": "meetings.meeting", "record": "ahg-som-9", "passage": "", **fields}
    return client.post(f"/sources/{ENCYCLOPEDIA}/cite/", data)


def test_an_editor_cites_a_passage_for_a_record(editor_client, django_capture_on_commit_callbacks):
    version = KnowledgeVersion.current()
    passage = (
        "Joint Periods of Action continue as a regular activity for the participating countries."
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = cite(editor_client, passage=passage.replace(" ", "\n", 2))
    assert response.status_code == 201
    citation = Citation.objects.get(object_id="ahg-som-9", passage=passage)
    assert response.json() == {
        "record": str(citation.record),
        "url": "/meetings/ahg-som-9/",
        "citation": {"passage": passage, "locator": "", "url": citation.get_absolute_url()},
    }
    assert Meeting.objects.get(slug="ahg-som-9").edited_by_hand is True
    assert KnowledgeVersion.current() > version
    assert citation.history.get().history_user.username == "edith"
    page = editor_client.get("/meetings/ahg-som-9/").content.decode()
    assert f'href="{citation.get_absolute_url()}"' in page


def test_the_locator_singles_out_the_occurrence_the_editor_selected(editor_client):
    text = Source.objects.get(slug=ENCYCLOPEDIA).text()
    first = text.index(TWICE)
    second = text.index(TWICE, first + 1)
    response = cite(editor_client, passage=TWICE, offset=str(second))
    assert response.status_code == 201, response.content
    assert response.json()["citation"]["locator"] == "====2018===="
    # Where the source page marks it: the second occurrence.
    from sources.highlight import locate

    assert locate(text, TWICE, "====2018====")[0] == second
    again = cite(editor_client, passage=TWICE, offset=str(first), record="ahg-som-11")
    assert again.json()["citation"]["locator"] == ""


def test_a_passage_not_in_the_source_is_refused_with_the_nearest_one(editor_client):
    response = cite(editor_client, passage="Joint Periods of Action continue as a regular activity")
    assert response.status_code == 201
    response = cite(editor_client, passage="Joint Period of Actions continues as regular activity")
    assert response.status_code == 400
    title = Source.objects.get(slug=ENCYCLOPEDIA).title
    assert response.json()["detail"] == (
        f"This passage does not occur in “{title}”. Quote it exactly. Did you mean: “Joint "
        "Periods of Action continue as a regular activity”?"
    )
    assert Citation.objects.filter(passage__startswith="Joint Period of").count() == 0


@pytest.mark.parametrize(
    ("fields", "detail"),
    [
        ({"record_type": "auth.user", "passage": "forum"}, "Choose the kind of record"),
        ({"record_type": "meetings", "passage": "forum"}, "Choose the kind of record"),
        ({"record": "no-such-meeting", "passage": "forum"}, "There is no meeting of that slug."),
        ({"passage": "   "}, "Select a passage of the text first."),
        ({"passage": "forum " * 1000}, "Cite at most 5,000 characters"),
    ],
)
def test_bad_citations_get_a_sentence_and_change_nothing(editor_client, fields, detail):
    before = Citation.objects.count()
    response = cite(editor_client, **fields)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(detail)
    assert Citation.objects.count() == before


def test_citing_the_same_passage_twice_is_refused(editor_client):
    passage = (
        "Joint Periods of Action continue as a regular activity for the participating countries."
    )
    assert cite(editor_client, passage=passage).status_code == 201
    response = cite(editor_client, passage=passage)
    assert response.status_code == 400
    assert response.json()["detail"] == "This record already cites this passage."


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_citing_is_refused_to_anyone_but_an_editor(reader_client, who):
    before = Citation.objects.count()
    asking = Client() if who == "anonymous" else reader_client
    response = cite(asking, passage="Joint Periods of Action continue as a regular activity")
    assert response.status_code == 403
    assert response.json() == {"detail": "Sign in as an editor who may add citations to do this."}
    assert Citation.objects.count() == before


def test_citing_needs_the_csrf_token(editor):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    before = Citation.objects.count()
    response = cite(strict, passage="Joint Periods of Action continue as a regular activity")
    assert response.status_code == 403
    assert Citation.objects.count() == before
    assert strict.get(f"/sources/{ENCYCLOPEDIA}/cite/").status_code == 405


def test_the_admins_add_form_takes_the_citation_from_the_source_page(editor_client):
    url = (
        "/admin/meetings/meeting/add/?cite_source=encyclopedia-article"
        f"&cite_passage={TWICE.replace(' ', '%20')}&cite_offset=999999"
    )
    values = admin_form(editor_client, url, "meeting_form")
    prefix = "sources-citation-content_type-object_id-0"
    assert values[f"{prefix}-source"] == ENCYCLOPEDIA
    assert values[f"{prefix}-passage"] == TWICE
    assert values[f"{prefix}-locator"] == "====2018===="


def test_the_admin_offers_the_nearest_passage_for_one_not_in_the_source(editor_client):
    url = "/admin/meetings/meeting/ahg-som-9/change/"
    values = admin_form(editor_client, url, "meeting_form")
    prefix = "sources-citation-content_type-object_id"
    rows = int(values[f"{prefix}-TOTAL_FORMS"])
    values.update(
        {
            f"{prefix}-TOTAL_FORMS": str(rows + 1),
            f"{prefix}-{rows}-source": ENCYCLOPEDIA,
            f"{prefix}-{rows}-passage": "The office is located in Bangkok Thailand",
            f"{prefix}-{rows}-locator": "",
        }
    )
    response = editor_client.post(url, values)
    assert response.status_code == 200
    assert (
        "Did you mean: “The office is located in Bangkok, Thailand.”?" in response.content.decode()
    )
    assert Citation.objects.filter(object_id="ahg-som-9").count() == rows
