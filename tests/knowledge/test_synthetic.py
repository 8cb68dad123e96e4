from django.core.management import CommandError, call_command

from meetings.models import Meeting
from members.models import Participant
from sources.models import Citation
from tests.helpers import counted, recounted


def test_synthesize_copies_every_record_with_its_references_and_citations(db, client):
    before = (Participant.objects.count(), Meeting.objects.count(), Citation.objects.count())
    call_command("synthesize", scale=3)
    assert (
        Participant.objects.count(),
        Meeting.objects.count(),
        Citation.objects.count(),
    ) == tuple(3 * n for n in before)
    assert counted() == recounted()
    copy = Meeting.objects.get(slug="ahg-som-11-s3")
    assert (copy.body_id, copy.country_id, copy.series) == (
        "ad-hoc-group-s3",
        "sri-lanka-s3",
        "ad-hoc-group-s3",
    )
    assert copy.citations.count() == Meeting.objects.get(slug="ahg-som-11").citations.count()
    assert client.get("/meetings/ahg-som-11-s3/").status_code == 200


def test_synthesize_refuses_to_run_twice(db):
    call_command("synthesize", scale=2)
    try:
        call_command("synthesize", scale=2)
    except CommandError as error:
        assert "already holds synthetic copies" in str(error)
    else:
        raise AssertionError("a second run should be refused")
