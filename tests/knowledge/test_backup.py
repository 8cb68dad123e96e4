"""A backup restored into an empty database reproduces it exactly."""

import gzip
import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from knowledge.backup import backup
from meetings.models import Meeting
from sources.models import Tombstone
from tests.helpers import counted, recounted


@pytest.fixture
def content_type_cache_reset():
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def committed_knowledge(transactional_db):
    """Backup and restore flush the database; on PostgreSQL that needs committed rows, not a test
    transaction with pending constraint checks."""
    call_command("load_knowledge", verbosity=0)


def dump(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt") as handle:
        # Django's JSON serialiser keeps times to the millisecond, and writes ".000" only when the
        # microseconds are not zero; compare at that precision.
        text = re.sub(r"\.000(Z|[+-]\d)", r"\1", handle.read())
    return sorted(json.loads(text), key=lambda o: (o["model"], str(o.get("pk"))))


@pytest.mark.parametrize("name", ["backup.json", "backup.json.gz"])
def test_a_backup_restored_into_an_empty_database_is_identical(
    committed_knowledge, editor_api, tmp_path, content_type_cache_reset, name
):
    client = editor_api
    client.patch("/api/v1/meetings/ahg-som-9/", {"city": "Wellington"}, format="json")
    client.delete("/api/v1/participants/bhutan/")

    first = tmp_path / name
    call_command("backup", str(first))
    call_command("flush", interactive=False, verbosity=0)
    assert not Meeting.objects.exists()
    call_command("restore", str(first))

    again = tmp_path / f"again-{name}"
    backup(again)
    assert dump(again) == dump(first)
    assert counted() == recounted() and counted()
    meeting = Meeting.objects.get(pk="ahg-som-9")
    assert (meeting.city, meeting.edited_by_hand) == ("Wellington", True)
    assert [h.city for h in meeting.history.order_by("history_date")] == ["Auckland", "Wellington"]
    assert meeting.history.latest("history_date").history_user.username == "edith"
    tombstone = Tombstone.objects.get()  # the deletion is remembered: a reload keeps it
    assert (tombstone.slug, tombstone.deleted_by.username) == ("bhutan", "edith")


def test_restore_refuses_a_database_that_is_not_empty(committed_knowledge, tmp_path):
    call_command("backup", str(tmp_path / "b.json"))
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(tmp_path / "b.json"))


def test_restore_explains_a_missing_or_broken_file(
    committed_knowledge, tmp_path, content_type_cache_reset
):
    with pytest.raises(CommandError, match="There is no backup file"):
        call_command("restore", str(tmp_path / "missing.json"))
    call_command("flush", interactive=False, verbosity=0)
    broken = tmp_path / "broken.json"
    broken.write_text('[{"model": "members.participant", "pk": ')
    with pytest.raises(CommandError, match="is not a readable backup"):
        call_command("restore", str(broken))


def test_backup_into_a_missing_folder_fails_with_a_sentence(db, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", str(tmp_path / "nowhere" / "b.json"))


@pytest.mark.parametrize("name", ["big.json", "big.json.gz"])
def test_restore_names_the_record_whose_number_postgresql_cannot_hold(
    committed_knowledge, tmp_path, content_type_cache_reset, name
):
    # A backup of a SQLite database, which keeps any 64-bit number in an integer column.
    path = tmp_path / "backup.json"
    call_command("backup", str(path))
    entries = json.loads(path.read_text())
    figure = next(e for e in entries if e["model"] == "meetings.figure")
    figure["fields"]["value"] = 3_000_000_000
    crafted = tmp_path / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(crafted, "wt") as handle:
        json.dump(entries, handle)
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(CommandError) as error:
        call_command("restore", str(crafted))
    assert str(error.value) == (
        f"{crafted} was not restored: meetings.figure {figure['pk']} has value 3000000000. "
        "Ensure this value is less than or equal to 2147483647."
    )
    assert not Meeting.objects.exists()


def test_restore_says_which_record_breaks_a_rule_of_the_database(
    committed_knowledge, tmp_path, content_type_cache_reset
):
    path = tmp_path / "backup.json"
    call_command("backup", str(path))
    entries = json.loads(path.read_text())
    meeting = next(
        e for e in entries if e["model"] == "meetings.meeting" and e["pk"] == "ahg-som-9"
    )
    meeting["fields"]["ends_on"] = "2015-05-30"  # known to the month, so its end is the 31st
    path.write_text(json.dumps(entries))
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(CommandError) as error:
        call_command("restore", str(path))
    assert str(error.value).startswith(
        f"{path} was not restored, nothing of it was written: "
        "Could not load meetings.Meeting(pk=ahg-som-9): "
    )
    assert "meetings_meeting_ends_on_precision" in str(error.value)
    assert not Meeting.objects.exists()
