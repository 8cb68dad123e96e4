"""Two editors writing one record: If-Match, 412, and PATCHes that keep each other's fields."""

import threading
import time

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from knowledge.editors import make_editor
from meetings.api import MeetingSerializer
from meetings.models import Meeting
from sources.api import RecordSerializer
from tests import factories

URL = "/api/v1/meetings/ahg-som-9/"
STALE = (
    "The record has changed since you read it: If-Match does not match its current ETag (sent "
    "in this response). Read it again, apply your change to it, and send the new ETag."
)


def state(slug="ahg-som-9"):
    return Meeting.objects.filter(pk=slug).values("title", "city", "updated_at").get()


@pytest.mark.parametrize(
    "method,body", [("put", None), ("patch", {"city": "Suva"}), ("delete", None)]
)
def test_a_write_with_a_stale_if_match_gets_412_and_changes_nothing(api, editor_api, method, body):
    read = api.get(URL)
    opened = read["ETag"]
    if method == "put":
        body = {**read.json(), "city": "Suva"}
    # Another editor changes the record after this one read it.
    assert (
        editor_api.patch(URL, {"title": "Changed by the other editor"}, format="json").status_code
        == 200
    )
    before, logged = state(), LogEntry.objects.count()

    response = getattr(editor_api, method)(URL, body, format="json", HTTP_IF_MATCH=opened)

    assert response.status_code == 412
    assert response.json() == {"detail": STALE}
    assert response["ETag"] == api.get(URL)["ETag"] != opened
    assert state() == before
    assert before["title"] == "Changed by the other editor" and before["city"] == "Auckland"
    assert LogEntry.objects.count() == logged


def test_a_write_with_the_current_if_match_succeeds_and_answers_the_new_etag(api, editor_api):
    opened = api.get(URL)["ETag"]
    first = editor_api.patch(URL, {"city": "Suva"}, format="json", HTTP_IF_MATCH=opened)
    assert first.status_code == 200 and first.json()["city"] == "Suva"
    assert first["ETag"] == api.get(URL)["ETag"] != opened
    # The ETag the write answered is the one to send next; the one it replaced is stale.
    second = editor_api.patch(URL, {"city": "Nadi"}, format="json", HTTP_IF_MATCH=first["ETag"])
    assert second.status_code == 200 and state()["city"] == "Nadi"
    third = editor_api.patch(URL, {"city": "Lautoka"}, format="json", HTTP_IF_MATCH=opened)
    assert third.status_code == 412 and state()["city"] == "Nadi"


def test_writes_without_if_match_or_with_a_star_still_succeed(editor_api):
    assert editor_api.patch(URL, {"city": "Suva"}, format="json").status_code == 200
    assert (
        editor_api.patch(URL, {"city": "Nadi"}, format="json", HTTP_IF_MATCH="*").status_code == 200
    )
    assert state()["city"] == "Nadi"


@pytest.mark.parametrize("header", ["abc", 'W/"abc"', '"abc"'])
def test_an_unreadable_or_weak_if_match_is_refused_and_changes_nothing(editor_api, header):
    before = state()
    response = editor_api.patch(URL, {"city": "Suva"}, format="json", HTTP_IF_MATCH=header)
    if header == "abc":
        assert response.status_code == 400
        assert response.json() == {
            "If-Match": ["Send the ETag exactly as a GET returned it, in double quotes, or *."]
        }
    else:  # a weak or unknown tag never matches (If-Match compares strongly)
        assert response.status_code == 412
    assert state() == before


def test_the_etag_of_a_record_is_its_version_for_json_and_csv_and_through_the_page_cache(
    api, editor_api, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    opened = api.get(URL)["ETag"]
    assert api.get(URL)["ETag"] == opened  # the cached copy keeps the record's ETag
    assert api.get(URL, HTTP_IF_NONE_MATCH=opened).status_code == 304
    csv_tag = api.get(URL + "?format=csv")["ETag"]
    assert csv_tag != opened  # another representation, another tag, of the same version
    with django_capture_on_commit_callbacks(execute=True):  # the commit bumps the cache's key
        changed = editor_api.patch(URL, {"city": "Suva"}, format="json", HTTP_IF_MATCH=csv_tag)
    assert changed.status_code == 200
    # The cached ETag is stale now: a write that sends it is refused.
    response = editor_api.patch(URL, {"title": "Lost"}, format="json", HTTP_IF_MATCH=opened)
    assert response.status_code == 412 and state()["title"] != "Lost"
    assert api.get(URL, HTTP_IF_NONE_MATCH=opened).status_code == 200
    assert api.get(URL)["ETag"] == changed["ETag"]


def test_a_patch_keeps_a_change_made_since_its_record_was_read(editor_api):
    """The lost update, step by step: B reads, A changes the city, B changes the title."""
    stale = Meeting.objects.get(pk="ahg-som-9")
    history = Meeting.history.filter(slug="ahg-som-9").count()
    assert editor_api.patch(URL, {"city": "Suva"}, format="json").status_code == 200

    serializer = MeetingSerializer(
        stale, data={"title": "New title"}, partial=True, context={"request": None}
    )
    assert serializer.is_valid(), serializer.errors
    serializer.save(edited_by_hand=True, updated_at=timezone.now())

    assert (state()["title"], state()["city"]) == ("New title", "Suva")
    # django-simple-history recorded both changes, the second with both fields.
    records = Meeting.history.filter(slug="ahg-som-9").order_by("-history_date")
    assert records.count() == history + 2
    assert (records[0].title, records[0].city, records[0].history_type) == (
        "New title",
        "Suva",
        "~",
    )


def test_a_patch_is_in_the_history_with_the_fields_it_did_not_send(editor_api):
    before = state()
    assert editor_api.patch(URL, {"city": "Suva"}, format="json").status_code == 200
    latest = Meeting.history.filter(slug="ahg-som-9").latest("history_date")
    assert (latest.city, latest.title, latest.history_type) == ("Suva", before["title"], "~")
    assert latest.updated_at > before["updated_at"]


ROUNDS = 5


@pytest.mark.django_db(transaction=True)
def test_two_editors_patching_different_fields_at_once_both_keep_their_change(monkeypatch):
    """Real concurrency: two threads, each with its own database connection, on SQLite and PostgreSQL."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # A shared in-memory database answers "table is locked" at once instead of queueing
        # writers as a database file does (DJANGO_TEST_DATABASE_NAME=/tmp/test.sqlite3 runs it).
        pytest.skip("needs a database file or PostgreSQL")
    validate = RecordSerializer.validate

    def slow_validate(self, attrs):
        # Widen the window between reading the record and writing it, as a busy server does.
        time.sleep(0.05)
        return validate(self, attrs)

    monkeypatch.setattr(RecordSerializer, "validate", slow_validate)
    factories.uncited_meeting(slug="race", title="Race")
    users = [
        make_editor(get_user_model().objects.create_user(name, password="a-long-editor-password"))
        for name in ("ann", "bob")
    ]
    failures = []

    def write(user, barrier, change):
        client = APIClient()
        client.force_authenticate(user)
        try:
            barrier.wait(timeout=10)
            response = client.patch("/api/v1/meetings/race/", change, format="json")
            if response.status_code != 200:
                failures.append((response.status_code, response.content[:200]))
        finally:
            connection.close()  # this thread's own connection

    for round in range(ROUNDS):
        barrier = threading.Barrier(2)
        changes = [{"title": f"Title {round}"}, {"city": f"City {round}"}]
        threads = [
            threading.Thread(target=write, args=(user, barrier, change))
            for user, change in zip(users, changes, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not failures
        assert (state("race")["title"], state("race")["city"]) == (
            f"Title {round}",
            f"City {round}",
        )
