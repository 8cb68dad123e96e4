"""The Atom feeds of the changes: valid Atom (parsed here), following real edits, one per record."""

import xml.etree.ElementTree as ET

from tests.helpers import MEMBERSHIP, edit_membership_in_admin
from workinggroups.models import Membership

ATOM = "{http://www.w3.org/2005/Atom}"


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    # What Atom (RFC 4287) requires of a feed and of each entry.
    for required in ["id", "title", "updated"]:
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ["id", "title", "updated", "link", "author"]:
            assert entry.find(f"{ATOM}{required}") is not None, required
    assert len({entry.find(f"{ATOM}id").text for entry in entries}) == len(entries)
    return feed, entries


def test_feed_of_all_changes_starts_with_an_admin_edit(editor_client, client):
    edit_membership_in_admin(editor_client)
    client.logout()
    feed, entries = parsed(client, "/changes/feed.atom")
    assert (
        feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/changes/feed.atom"
    )
    assert len(entries) == 50
    first = entries[0]
    assert first.find(f"{ATOM}title").text == f"Membership “{MEMBERSHIP}”: note changed"
    assert first.find(f"{ATOM}author/{ATOM}name").text == "an editor"
    assert first.find(f"{ATOM}summary").text == (
        "note: (empty) → Co-chairs the working group in 2024.\nBy an editor."
    )
    history = Membership.history.filter(slug=MEMBERSHIP).latest("history_date")
    assert first.find(f"{ATOM}link").get("href") == (
        f"http://testserver/groups/ad-hoc-group/history/#membership-{history.history_id}"
    )


def test_feed_of_a_body_follows_its_memberships(editor_client, client):
    _feed, before = parsed(client, "/groups/ad-hoc-group/history/feed.atom")
    edit_membership_in_admin(editor_client)
    client.logout()
    feed, after = parsed(client, "/groups/ad-hoc-group/history/feed.atom")
    assert feed.find(f"{ATOM}title").text == (
        "Bali Process knowledge portal: changes to the body “Ad Hoc Group”"
    )
    assert after[0].find(f"{ATOM}title").text == f"Membership “{MEMBERSHIP}”: note changed"
    assert after[1].find(f"{ATOM}id").text == before[0].find(f"{ATOM}id").text
    # Another body's feed does not carry it.
    _feed, other = parsed(client, "/groups/steering-group/history/feed.atom")
    assert MEMBERSHIP not in other[0].find(f"{ATOM}title").text


def test_feed_of_every_record_page_kind_parses(client, db):
    for url in [
        "/members/australia/history/feed.atom",
        "/members/people/andrew-forrest/history/feed.atom",
        "/meetings/ahg-som-9/history/feed.atom",
        "/documents/bali-declaration-2016/history/feed.atom",
        "/sources/rcp-profile/history/feed.atom",
    ]:
        _feed, entries = parsed(client, url)
        assert entries, url


def test_feed_survives_control_characters_written_straight_to_the_database(editor_api, client):
    editor_api.patch(f"/api/v1/memberships/{MEMBERSHIP}/", {"note": "plain"}, format="json")
    latest = Membership.history.filter(slug=MEMBERSHIP).latest("history_date")
    Membership.history.filter(history_id=latest.history_id).update(note="bad\u000bnote\u0001")
    _feed, entries = parsed(client, "/changes/feed.atom")
    assert "bad note" in entries[0].find(f"{ATOM}summary").text
