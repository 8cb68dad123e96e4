"""Loading the knowledge base: idempotent, quick to rebuild, and never destroying an editor's work."""

import pytest
from django.core.management import CommandError, call_command

from fixtures.build import build
from knowledge.loading import KNOWLEDGE_FIXTURE, load_knowledge
from meetings.models import Meeting
from members.models import Participant
from sources.models import Citation


def test_the_committed_fixture_is_what_the_builder_writes():
    assert KNOWLEDGE_FIXTURE.read_text(encoding="utf-8") == build()


def test_loading_twice_changes_nothing(db):
    report = load_knowledge()
    assert (report.created, report.updated, report.kept) == (0, 0, [])
    assert report.unchanged > 1000


def test_loading_restores_a_record_changed_without_the_hand_edit_mark(db):
    Meeting.objects.filter(pk="ahg-som-9").update(city="Wellington")
    report = load_knowledge()
    assert report.updated == 1
    assert Meeting.objects.get(pk="ahg-som-9").city == "Auckland"


def test_loading_keeps_a_record_edited_by_hand_and_reports_it(db):
    Meeting.objects.filter(pk="ahg-som-9").update(city="Wellington", edited_by_hand=True)
    report = load_knowledge()
    assert report.kept == ["meeting ahg-som-9"]
    assert report.updated == 0
    assert Meeting.objects.get(pk="ahg-som-9").city == "Wellington"


def test_loading_keeps_citations_an_editor_removed_from_a_hand_edited_record(db):
    Participant.objects.filter(pk="tonga").update(edited_by_hand=True)
    Citation.objects.filter(object_id="tonga", content_type__model="participant").delete()
    load_knowledge()
    assert not Citation.objects.filter(object_id="tonga", content_type__model="participant")


def test_loading_leaves_records_editors_added(db):
    Participant.objects.create(
        slug="atlantis", name="Atlantis", kind="state", status="observer", iso_code="XA"
    )
    load_knowledge()
    assert Participant.objects.filter(pk="atlantis").exists()


def test_the_command_reports_what_it_did(db, capsys):
    Meeting.objects.filter(pk="ahg-som-9").update(city="Wellington", edited_by_hand=True)
    call_command("load_knowledge")
    out = capsys.readouterr().out
    assert "0 created, 0 updated" in out
    assert "1 kept as edited by hand" in out
    assert "kept (edited by hand): meeting ahg-som-9" in out


def test_the_command_fails_with_a_sentence_on_an_unreadable_fixture(db, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"model": "members.participant", "pk": "x", "fields": {"kind": ')
    with pytest.raises(CommandError, match="Could not read the knowledge base"):
        call_command("load_knowledge", fixture=broken)


def test_a_failed_load_writes_nothing(db, tmp_path):
    half = tmp_path / "half.json"
    half.write_text(
        '[{"model": "members.participant", "pk": "atlantis", "fields": {"name": "Atlantis", '
        '"kind": "state", "status": "observer", "iso_code": "XA"}},'
        '{"model": "members.participant", "pk": "lemuria", "fields": {"name": "Lemuria", '
        '"kind": "state", "status": "observer", "iso_code": "no"}}]'
    )
    with pytest.raises(Exception):  # noqa: B017 - the database's own constraint error
        call_command("load_knowledge", fixture=half)
    assert not Participant.objects.filter(pk__in=["atlantis", "lemuria"]).exists()


@pytest.fixture
def content_type_cache_reset():
    """Flushing recreates content types; their cached ids must not outlive the rollback."""
    from django.contrib.contenttypes.models import ContentType

    yield
    ContentType.objects.clear_cache()


def test_loaddata_fills_an_empty_database(db, content_type_cache_reset):
    call_command("flush", interactive=False, verbosity=0)
    assert not Participant.objects.exists()
    call_command("loaddata", str(KNOWLEDGE_FIXTURE), verbosity=0)
    assert Participant.objects.count() == 88
    assert Citation.objects.count() > 600
