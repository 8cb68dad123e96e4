"""The admin refuses to save a form over a version of the record changed since it was opened."""

import pytest
from django.core.management import call_command
from django.utils import dateformat, timezone

from meetings.models import Meeting
from sources.models import Citation, Source
from tests.helpers import admin_form
from workinggroups.models import Membership

MEETING = "/admin/meetings/meeting/ahg-som-9/change/"
CITATION = "sources-citation-content_type-object_id-0"


def stale_message(model, url):
    when = dateformat.format(
        timezone.localtime(model.objects.get(pk=url.split("/")[4]).updated_at), "j F Y, H:i:s T"
    )
    return (
        f"This record was changed by another editor since you opened it (at {when}). "
        f'Open the newer version: <a href="{url}">{url}</a>. Nothing was saved.'
    )


def refused_with_a_link(response, url):
    """The refusal, whatever time it names (a row of an inline may be the latest change)."""
    page = response.content.decode()
    return (
        "This record was changed by another editor since you opened it (at " in page
        and f'Open the newer version: <a href="{url}">{url}</a>. Nothing was saved.' in page
    )


def meeting_row():
    return Meeting.objects.filter(pk="ahg-som-9").values().get()


def test_a_stale_admin_form_is_refused_with_a_link_and_changes_nothing(editor_client):
    mine = admin_form(editor_client, MEETING, "meeting_form")
    theirs = admin_form(editor_client, MEETING, "meeting_form")
    assert mine["opened_version"] == theirs["opened_version"] != ""
    theirs["title"] = "Their title"
    assert editor_client.post(MEETING, theirs).status_code == 302
    before, history = meeting_row(), Meeting.history.filter(slug="ahg-som-9").count()

    mine["city"] = "Wellington"
    response = editor_client.post(MEETING, mine)

    assert response.status_code == 200
    assert stale_message(Meeting, MEETING) in response.content.decode()
    assert meeting_row() == before
    assert (before["title"], before["city"]) == ("Their title", "Auckland")
    assert Meeting.history.filter(slug="ahg-som-9").count() == history
    # Opened again, the form carries the newer version and saves.
    again = admin_form(editor_client, MEETING, "meeting_form")
    again["city"] = "Wellington"
    assert editor_client.post(MEETING, again).status_code == 302
    assert (meeting_row()["title"], meeting_row()["city"]) == ("Their title", "Wellington")


def test_a_stale_admin_form_saves_none_of_its_inline_citation_edits(editor_client):
    mine = admin_form(editor_client, MEETING, "meeting_form")
    theirs = admin_form(editor_client, MEETING, "meeting_form")
    theirs["city"] = "Suva"
    assert editor_client.post(MEETING, theirs).status_code == 302
    citations = list(Citation.objects.filter(object_id="ahg-som-9").values())

    mine[f"{CITATION}-locator"] = "A locator of mine"
    mine["title"] = "My title"
    response = editor_client.post(MEETING, mine)

    assert response.status_code == 200
    assert "changed by another editor since you opened it" in response.content.decode()
    assert list(Citation.objects.filter(object_id="ahg-som-9").values()) == citations
    assert (meeting_row()["title"], meeting_row()["city"]) != ("My title", "Suva")
    assert meeting_row()["city"] == "Suva"


def test_a_citation_changed_elsewhere_makes_an_open_form_stale(editor_client):
    mine = admin_form(editor_client, MEETING, "meeting_form")
    # Another editor changes the record's citation in the Citation admin: the open form would
    # write its old locator back.
    Citation.objects.filter(object_id="ahg-som-9").update(locator="Their locator")
    before = meeting_row()

    mine["city"] = "Wellington"
    response = editor_client.post(MEETING, mine)

    assert response.status_code == 200
    assert refused_with_a_link(response, MEETING)
    assert meeting_row() == before
    assert set(
        Citation.objects.filter(object_id="ahg-som-9").values_list("locator", flat=True)
    ) == {"Their locator"}


def test_an_admin_form_without_its_opened_version_is_refused(editor_client):
    mine = admin_form(editor_client, MEETING, "meeting_form")
    del mine["opened_version"]
    mine["city"] = "Wellington"
    before = meeting_row()
    response = editor_client.post(MEETING, mine)
    assert response.status_code == 200
    assert refused_with_a_link(response, MEETING)
    assert meeting_row() == before


def test_a_record_edited_in_an_inline_row_gets_a_new_version(editor_client):
    url = "/admin/workinggroups/body/working-group-disruption-of-networks/change/"
    form = admin_form(editor_client, url, "body_form")
    prefix = next(
        key.removesuffix("-slug")
        for key, value in form.items()
        if key.startswith("memberships-") and key.endswith("-slug") and value
    )
    membership = Membership.objects.get(pk=form[f"{prefix}-slug"])
    form[f"{prefix}-note"] = "A note of mine"
    response = editor_client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    changed = Membership.objects.get(pk=membership.pk)
    assert changed.note == "A note of mine"
    assert changed.updated_at > membership.updated_at


def test_the_source_admin_refuses_a_stale_form_and_moves_the_version_on_save(editor_client):
    source = Source.objects.get(pk="encyclopedia-article")
    url = f"/admin/sources/source/{source.pk}/change/"
    mine = admin_form(editor_client, url, "source_form")
    theirs = admin_form(editor_client, url, "source_form")
    theirs["summary"] = "Their summary"
    assert editor_client.post(url, theirs).status_code == 302
    after_theirs = Source.objects.filter(pk=source.pk).values().get()
    assert after_theirs["updated_at"] > source.updated_at  # the API's ETag moves with it

    mine["short_title"] = "Mine"
    response = editor_client.post(url, mine)

    assert response.status_code == 200
    assert stale_message(Source, url) in response.content.decode()
    assert Source.objects.filter(pk=source.pk).values().get() == after_theirs


@pytest.fixture
def committed_editor_client(transactional_db, editor_client):
    """Outside a test transaction, as a server runs: the revert must open its own to lock the row."""
    call_command("load_knowledge", verbosity=0)
    return editor_client


def test_a_revert_from_history_is_saved_under_the_row_lock(committed_editor_client):
    editor_client, url = committed_editor_client, MEETING
    data = admin_form(editor_client, url, "meeting_form")
    original = Meeting.objects.get(pk="ahg-som-9").city
    data["city"] = "Wellington"
    assert editor_client.post(url, data).status_code == 302
    meeting = Meeting.objects.get(pk="ahg-som-9")
    before = meeting.history.filter(city=original).latest("history_date")
    revert = f"/admin/meetings/meeting/ahg-som-9/history/{before.history_id}/"
    form = admin_form(editor_client, revert, "historicalmeeting_form")
    response = editor_client.post(revert, form)
    # On PostgreSQL the version check locks the row, which needs the transaction the form runs in.
    assert response.status_code == 302
    assert Meeting.objects.get(pk="ahg-som-9").city == original
