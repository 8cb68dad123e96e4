"""Loading the knowledge base: idempotent, quick to rebuild, and never destroying an editor's work."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fixtures.build import build
from knowledge.loading import KNOWLEDGE_FIXTURE, load_knowledge
from meetings.models import Document, Meeting, MeetingRole, ObjectiveList, Outcome
from members.models import NameVariant, Participant
from sources.models import Citation, KnowledgeVersion, Tombstone
from tests import knowledge_facts as facts
from tests.helpers import admin_form


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
    assert "1 kept as edited by hand, 0 kept deleted by editors" in out
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
    assert Participant.objects.count() == facts.PARTICIPANTS
    assert Citation.objects.count() > 600


def tombstones():
    return sorted((t.content_type.model, t.slug) for t in Tombstone.objects.all())


def test_a_meeting_deleted_in_the_admin_stays_deleted_with_what_it_took_along(editor_client):
    response = editor_client.post("/admin/meetings/meeting/som-2004/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert tombstones() == [
        ("meeting", "som-2004"),
        ("meetingrole", "som-2004--australia--convenor"),
        ("meetingrole", "som-2004--indonesia--convenor"),
        ("outcome", "som-2004-review"),
    ]
    assert Tombstone.objects.get(slug="som-2004").deleted_by.username == "edith"

    report = load_knowledge()
    assert (report.created, report.updated, report.kept) == (0, 0, [])
    assert report.deleted == [
        "meeting som-2004",
        "meeting role som-2004--australia--convenor",
        "meeting role som-2004--indonesia--convenor",
        "outcome som-2004-review",
    ]
    assert not Meeting.objects.filter(pk="som-2004").exists()
    assert not MeetingRole.objects.filter(meeting="som-2004").exists()
    assert not Outcome.objects.filter(pk="som-2004-review").exists()
    assert not Citation.objects.filter(object_id="som-2004").exists()
    # Links the deletion emptied stay empty; the rest of those records is still loaded.
    assert Document.objects.get(pk="som-report-2004").adopted_at is None
    assert ObjectiveList.objects.get(pk="streamlined-programme-2004").meeting is None


def test_records_deleted_by_the_admin_bulk_action_stay_deleted(editor_client):
    response = editor_client.post(
        "/admin/members/participant/",
        {"action": "delete_selected", "_selected_action": ["bhutan", "iran"], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Participant.objects.filter(pk__in=["bhutan", "iran"]).exists()

    report = load_knowledge()
    assert (report.created, report.updated) == (0, 0)
    assert sorted(report.deleted) == [
        "name variant iran--iran",
        "participant bhutan",
        "participant iran",
    ]
    assert not Participant.objects.filter(pk__in=["bhutan", "iran"]).exists()
    assert not NameVariant.objects.filter(pk="iran--iran").exists()


def test_a_record_deleted_through_the_api_stays_deleted_and_the_command_lists_it(
    editor_api, capsys
):
    assert editor_api.delete("/api/v1/participants/bhutan/").status_code == 204
    assert tombstones() == [("participant", "bhutan")]

    call_command("load_knowledge")
    out = capsys.readouterr().out
    assert "0 created, 0 updated" in out
    assert "0 kept as edited by hand, 1 kept deleted by editors." in out
    assert "  kept deleted (by an editor): participant bhutan\n" in out
    assert not Participant.objects.filter(pk="bhutan").exists()
    assert not Citation.objects.filter(object_id="bhutan").exists()


def test_recreating_a_deleted_record_forgets_its_deletion(editor_api):
    editor_api.delete("/api/v1/participants/bhutan/")
    bhutan = {
        "slug": "bhutan",
        "name": "Druk Yul",
        "kind": "state",
        "status": "member",
        "iso_code": "BT",
    }
    assert editor_api.post("/api/v1/participants/", bhutan, format="json").status_code == 201
    assert tombstones() == []

    report = load_knowledge()
    assert report.deleted == []
    assert "participant bhutan" in report.kept
    assert Participant.objects.get(pk="bhutan").name == "Druk Yul"


def test_duplicate_as_next_on_a_deleted_slug_forgets_its_deletion_as_the_forms_do(
    editor_client, editor_api
):
    # The admin action, the admin's forms and the API mark an editor's record by one service.
    editor_api.delete("/api/v1/meetings/ahg-som-12/")
    assert tombstones() == [("meeting", "ahg-som-12"), ("outcome", "ahg-som-12-strategy")]
    response = editor_client.post(
        "/admin/meetings/meeting/",
        {"action": "duplicate_as_next", "_selected_action": ["ahg-som-11"]},
    )
    assert response.status_code == 302
    draft = Meeting.objects.get(pk="ahg-som-12")
    assert (draft.title, draft.edited_by_hand) == (
        "Eleventh Ad Hoc Group Senior Officials' Meeting (next: number 12)",
        True,
    )
    assert tombstones() == [("outcome", "ahg-som-12-strategy")]

    report = load_knowledge()
    assert report.deleted == ["outcome ahg-som-12-strategy"]
    assert "meeting ahg-som-12" in report.kept
    assert Meeting.objects.get(pk="ahg-som-12").title == draft.title


def test_deleting_a_tombstone_in_the_admin_lets_a_reload_bring_the_record_back(
    editor_client, editor_api
):
    editor_api.delete("/api/v1/participants/bhutan/")
    listing = editor_client.get("/admin/sources/tombstone/")
    assert listing.status_code == 200
    assert "bhutan" in listing.content.decode() and "edith" in listing.content.decode()
    assert editor_client.get("/admin/sources/tombstone/add/").status_code == 403

    tombstone = Tombstone.objects.get()
    response = editor_client.post(
        f"/admin/sources/tombstone/{tombstone.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    report = load_knowledge()
    assert report.deleted == []
    assert Participant.objects.get(pk="bhutan").name == "Bhutan"
    assert Citation.objects.filter(object_id="bhutan").count() == 2


def test_a_citation_changed_in_the_citation_admin_marks_its_record_and_a_reload_keeps_it(
    editor_client,
):
    edited, removed = Citation.objects.filter(
        content_type__model="participant", object_id="cambodia"
    ).order_by("pk")
    before = Participant.objects.get(pk="cambodia").updated_at
    url = f"/admin/sources/citation/{edited.pk}/change/"
    data = admin_form(editor_client, url, "citation_form")
    data["locator"] = "Members"
    assert editor_client.post(url, data).status_code == 302
    cambodia = Participant.objects.get(pk="cambodia")
    assert cambodia.edited_by_hand and cambodia.updated_at > before
    url = f"/admin/sources/citation/{removed.pk}/delete/"
    assert editor_client.post(url, {"post": "yes"}).status_code == 302

    report = load_knowledge()
    assert report.kept == ["participant cambodia", "citation of participant cambodia"]
    assert [c.locator for c in Citation.objects.filter(object_id="cambodia")] == ["Members"]


def test_deleting_a_citation_by_the_bulk_action_marks_its_record(editor_client):
    citation = Citation.objects.filter(object_id="cambodia").first()
    response = editor_client.post(
        "/admin/sources/citation/",
        {"action": "delete_selected", "_selected_action": [citation.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert Participant.objects.get(pk="cambodia").edited_by_hand
    assert load_knowledge().created == 0
    assert Citation.objects.filter(object_id="cambodia").count() == 1


def test_records_changed_or_deleted_inline_are_kept_by_a_reload(editor_client):
    url = "/admin/members/participant/viet-nam/change/"
    data = admin_form(editor_client, url, "participant_form")
    variants = {data[f"name_variants-{i}-slug"]: i for i in range(2)}
    data[f"name_variants-{variants['viet-nam--viet-nam']}-DELETE"] = "on"
    data[f"name_variants-{variants['viet-nam--vietnam']}-name"] = "Vietnam (one word)"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert tombstones() == [("namevariant", "viet-nam--viet-nam")]
    assert NameVariant.objects.get(pk="viet-nam--vietnam").edited_by_hand

    report = load_knowledge()
    assert report.deleted == ["name variant viet-nam--viet-nam"]
    assert "name variant viet-nam--vietnam" in report.kept
    assert list(
        NameVariant.objects.filter(participant="viet-nam").values_list("name", flat=True)
    ) == ["Vietnam (one word)"]


def version_updates(queries):
    """Indexes of the statements that write the knowledge version."""
    table = KnowledgeVersion._meta.db_table
    return [
        i
        for i, query in enumerate(queries)
        if query["sql"].startswith("UPDATE") and table in query["sql"]
    ]


def test_loading_bumps_the_knowledge_version_once_inside_its_transaction(
    db, django_capture_on_commit_callbacks
):
    Meeting.objects.filter(pk__in=["ahg-som-9", "som-2004"]).update(city="Nowhere")
    Participant.objects.filter(pk="bhutan").delete()
    before = KnowledgeVersion.current()
    with CaptureQueriesContext(connection) as queries:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            report = load_knowledge()
    assert (report.created, report.updated) == (3, 2)  # bhutan, its two citations
    assert callbacks == []
    assert len(version_updates(queries)) == 1
    # The load's atomic block is a savepoint inside the test's transaction: the bump comes
    # before the savepoint is released, so it commits with the rows.
    releases = [i for i, q in enumerate(queries) if q["sql"].startswith("RELEASE SAVEPOINT")]
    assert version_updates(queries)[0] < releases[-1]
    assert KnowledgeVersion.current() == before + 1

    # Outside a load, a write bumps the version after its commit, as before.
    with django_capture_on_commit_callbacks() as callbacks:
        Meeting.objects.get(pk="ahg-som-9").save()
    assert len(callbacks) == 1


def test_a_load_that_changes_nothing_leaves_the_version(db):
    before = KnowledgeVersion.current()
    with CaptureQueriesContext(connection) as queries:
        load_knowledge()
    assert version_updates(queries) == []
    assert KnowledgeVersion.current() == before


def test_a_refused_deletion_leaves_no_tombstone(editor_api):
    response = editor_api.delete("/api/v1/participants/australia/")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "This record cannot be deleted while other records refer to it."
    )
    assert Participant.objects.filter(pk="australia").exists()
    assert tombstones() == []
