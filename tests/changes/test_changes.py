"""/changes/, a record's history/ and the `changes` API resource, against real edits: the admin, the
API, a reload of the knowledge base and a revert from history; and what they never show."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from changes.models import PublicName, Report
from knowledge.loading import KNOWLEDGE_FIXTURE, load_knowledge
from meetings.models import Meeting
from tests.helpers import MEMBERSHIP, admin_form, edit_membership_in_admin
from workinggroups.models import Membership

PASSAGE = "Recent meetings of the Bali process forum have been held alternately in Indonesia and in Australia."


def newest(client, query=""):
    """The newest entries, as the API gives them."""
    response = client.get(f"/api/v1/changes/?{query}")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_changes_lists_an_admin_edit_first_in_words_by_an_editor(editor_client, client):
    edit_membership_in_admin(editor_client)
    client.logout()

    first = newest(client)[0]
    assert {key: first[key] for key in ["action", "kind", "record", "by", "from_editor"]} == {
        "action": "changed",
        "kind": "membership",
        "record": MEMBERSHIP,
        "by": "an editor",
        "from_editor": True,
    }
    assert first["changes"] == [
        {"field": "note", "old": None, "new": "Co-chairs the working group in 2024."}
    ]
    assert first["history_url"] == "http://testserver/groups/ad-hoc-group/history/"

    page = client.get("/changes/").content.decode()
    assert "Membership “ad-hoc-group--australia--member”: note changed" in page
    assert "<ins>Co-chairs the working group in 2024.</ins>" in page


def test_changes_of_a_part_appear_in_its_owners_history_and_feed(editor_client, client):
    edit_membership_in_admin(editor_client)
    client.logout()
    for owner in ["/groups/ad-hoc-group/history/", "/members/australia/history/"]:
        page = client.get(owner).content.decode()
        assert "Co-chairs the working group in 2024." in page, owner
    assert "in 2024." not in client.get("/groups/steering-group/history/").content.decode()
    feed = client.get("/groups/ad-hoc-group/history/feed.atom").content.decode()
    assert "note:  (empty) → Co-chairs the working group in 2024." not in feed
    assert "note: (empty) → Co-chairs the working group in 2024." in feed


def test_changes_show_an_api_write_and_its_citation_added(editor_api, client):
    response = editor_api.patch(
        "/api/v1/meetings/ahg-som-9/", {"city": "Wellington"}, format="json"
    )
    assert response.status_code == 200
    entries = newest(client, "record=ahg-som-9")
    assert entries[0]["changes"] == [{"field": "city", "old": "Auckland", "new": "Wellington"}]
    assert entries[0]["by"] == "an editor"


def test_changes_show_a_citation_added_in_the_admin_as_such(editor_client, client):
    url = "/admin/meetings/meeting/ahg-som-9/change/"
    data = admin_form(editor_client, url, "meeting_form")
    prefix = "sources-citation-content_type-object_id"
    row = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(row + 1)
    data.update(
        {f"{prefix}-{row}-source": "encyclopedia-article", f"{prefix}-{row}-passage": PASSAGE}
    )
    assert editor_client.post(url, data).status_code == 302
    client.logout()

    cited = [e for e in newest(client, "record=ahg-som-9") if e["citation"]][0]
    assert (cited["action"], cited["kind"], cited["record"], cited["by"]) == (
        "added",
        "meeting",
        "ahg-som-9",
        "an editor",
    )
    assert cited["citation"] == {"source": "Encyclopedia", "passage": PASSAGE, "locator": ""}
    assert (
        cited["summary"] == "Meeting “Ninth Ad Hoc Group Senior Officials' Meeting”: citation added"
    )
    page = client.get("/meetings/ahg-som-9/history/").content.decode()
    assert f'Added: [<a href="/sources/encyclopedia-article/">Encyclopedia</a>] “{PASSAGE}”' in page


def test_changes_show_a_reload_that_changed_a_record(db, client, tmp_path):
    fixture = json.loads(KNOWLEDGE_FIXTURE.read_text(encoding="utf-8"))
    for row in fixture:
        if row["model"] == "meetings.meeting" and row["pk"] == "ahg-som-9":
            row["fields"]["city"] = "Christchurch"
    path = tmp_path / "knowledge.json"
    path.write_text(json.dumps(fixture), encoding="utf-8")
    assert load_knowledge(path).updated == 1

    first = newest(client)[0]
    assert first["record"] == "ahg-som-9"
    assert first["changes"] == [{"field": "city", "old": "Auckland", "new": "Christchurch"}]
    assert (first["by"], first["from_editor"]) == ("a reload of the knowledge base", False)


def test_changes_show_a_revert_from_history(editor_client, client):
    url = "/admin/meetings/meeting/ahg-som-9/change/"
    data = admin_form(editor_client, url, "meeting_form")
    data["city"] = "Wellington"
    assert editor_client.post(url, data).status_code == 302
    original = Meeting.history.filter(slug="ahg-som-9").earliest("history_date")
    revert = f"/admin/meetings/meeting/ahg-som-9/history/{original.history_id}/"
    assert (
        editor_client.post(
            revert, admin_form(editor_client, revert, "historicalmeeting_form")
        ).status_code
        == 302
    )
    client.logout()

    entries = newest(client, "kind=meeting&record=ahg-som-9")
    assert [e["changes"] for e in entries[:2]] == [
        [{"field": "city", "old": "Wellington", "new": "Auckland"}],
        [{"field": "city", "old": "Auckland", "new": "Wellington"}],
    ]


def test_changes_show_an_editors_public_name_never_their_account(editor, editor_client, client):
    edit_membership_in_admin(editor_client)
    client.logout()
    assert newest(client)[0]["by"] == "an editor"
    PublicName.objects.create(user=editor, name="Edith (RSO volunteer)")
    assert newest(client)[0]["by"] == "Edith (RSO volunteer)"

    for url in [
        "/changes/",
        "/changes/feed.atom",
        "/api/v1/changes/",
        "/groups/ad-hoc-group/history/",
    ]:
        text = client.get(url).content.decode()
        assert "edith.private@example.org" not in text, url
        assert not re.search(r"\bedith\b", text), url  # the username
        assert get_user_model().objects.get(pk=editor.pk).password not in text


def test_changes_never_show_bookkeeping_fields_or_reports(editor_client, client):
    edit_membership_in_admin(editor_client)
    Report.objects.create(
        kind="error",
        message="A private remark from a reader",
        email="reader@example.org",
        record_type_id=None,
    )
    client.logout()
    for url in [
        "/changes/",
        "/changes/feed.atom",
        "/api/v1/changes/",
        "/groups/ad-hoc-group/history/",
    ]:
        text = client.get(url).content.decode().lower()
        for hidden in [
            "updated at",
            "updated_at",
            "edited by hand",
            "edited_by_hand",
            "private remark",
            "reader@example.org",
        ]:
            assert hidden not in text, (url, hidden)


def test_changes_filter_by_kind_record_and_date(editor_client, client):
    edit_membership_in_admin(editor_client)
    client.logout()
    assert {e["kind"] for e in newest(client, "kind=meeting&page_size=200")} == {"meeting"}
    assert newest(client, "kind=meeting")[0]["record"] != MEMBERSHIP
    only = newest(client, f"record={MEMBERSHIP}")
    assert {e["record"] for e in only} == {MEMBERSHIP}
    since = only[0]["at"]
    assert [e["id"] for e in newest(client, f"since={since}")] == [only[0]["id"]]
    assert newest(client, "until=2000-01-01") == []


@pytest.mark.parametrize(
    ("query", "field", "sentence"),
    [
        ("kind=nonsense", "kind", "Select a valid choice."),
        ("record=Not%20a%20slug", "record", "A slug is lower-case letters"),
        ("since=yesterday", "since", "Enter a date or a time as YYYY-MM-DD"),
        ("until=2025-13-01", "until", "Enter a date as YYYY-MM-DD"),
        ("since=2025-02-01&until=2025-01-01", "__all__", "“Until” is before “since”"),
        ("record=" + "a" * 121, "record", "at most 120 characters"),
    ],
)
def test_changes_refuse_bad_filters_with_a_sentence(client, db, query, field, sentence):
    api = client.get(f"/api/v1/changes/?{query}")
    assert api.status_code == 400
    assert sentence in " ".join(api.json()[field])
    page = client.get(f"/changes/?{query}")
    assert page.status_code == 400
    assert sentence in page.content.decode().replace("&#x27;", "'")


def test_changes_page_beyond_the_last_is_a_404(client, db):
    assert client.get("/changes/?page=100000").status_code == 404
    assert client.get("/api/v1/changes/?page=100000").status_code == 404


def test_record_history_is_a_404_for_a_record_that_never_was(client, db):
    assert client.get("/groups/no-such-body/history/").status_code == 404
    assert client.get("/groups/no-such-body/history/feed.atom").status_code == 404
    assert client.get("/report/body/no-such-body/").status_code == 404
    assert client.get("/report/membership/" + MEMBERSHIP + "/").status_code == 404


def test_record_history_of_a_deleted_record_stays(editor_api, client):
    assert editor_api.delete("/api/v1/participants/bhutan/").status_code == 204
    page = client.get("/members/bhutan/history/")
    assert page.status_code == 200
    assert "“bhutan” (deleted)" in page.content.decode()
    assert newest(client, "kind=participant&record=bhutan")[0]["action"] == "deleted"


def test_record_pages_link_their_history_feed_and_report_form(client, db):
    page = client.get("/groups/ad-hoc-group/").content.decode()
    assert '<a href="/groups/ad-hoc-group/history/">Its history</a>' in page
    assert '<a href="/report/body/ad-hoc-group/" rel="nofollow">Report an error</a>' in page
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Changes to this record" '
        'href="/groups/ad-hoc-group/history/feed.atom">' in page
    )
    assert "This body last changed on" in page
    for url, history in [
        ("/members/australia/", "/members/australia/history/"),
        ("/members/people/andrew-forrest/", "/members/people/andrew-forrest/history/"),
        ("/meetings/ahg-som-9/", "/meetings/ahg-som-9/history/"),
        ("/sources/rcp-profile/", "/sources/rcp-profile/history/"),
    ]:
        text = client.get(url).content.decode()
        assert f'href="{history}feed.atom"' in text and f'href="{history}"' in text, url
        assert client.get(history).status_code == 200


def test_changes_list_costs_the_same_queries_with_more_changes(editor_api, client):
    def cost():
        counts = []
        for url in [
            "/changes/?kind=meeting",
            "/meetings/ahg-som-9/history/",
            "/api/v1/changes/?kind=membership",
        ]:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    def edit(city):
        editor_api.patch("/api/v1/meetings/ahg-som-9/", {"city": city}, format="json")
        editor_api.patch("/api/v1/memberships/" + MEMBERSHIP + "/", {"note": city}, format="json")

    # Two queries per kind of record on the page, whatever the number of rows: the same kinds,
    # then more rows of them.
    edit("Suva")
    before = cost()
    for city in ["Nadi", "Lautoka", "Labasa"]:
        edit(city)
    assert cost() == before


def test_membership_edit_reaches_the_changes_of_a_body_without_touching_others(editor_client):
    # The membership's own record is unchanged apart from its note.
    edit_membership_in_admin(editor_client)
    assert Membership.objects.get(pk=MEMBERSHIP).note == "Co-chairs the working group in 2024."
