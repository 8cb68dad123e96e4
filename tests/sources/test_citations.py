"""Citations reach the records a page shows in a fixed number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting
from members.models import Participant
from sources.models import attach_citations
from tests import factories
from workinggroups.models import Body, Membership


def test_attach_citations_gives_records_of_several_models_their_citations_in_one_query(db):
    records = [
        Body.objects.get(slug="ad-hoc-group"),
        *Membership.objects.filter(body="ad-hoc-group")[:5],
        *Meeting.objects.all()[:5],
        Participant.objects.get(slug="viet-nam"),
    ]
    with CaptureQueriesContext(connection) as queries:
        attach_citations(records)
        attached = [[(c.source.short_title, c.passage) for c in r.citation_list] for r in records]
    assert len(queries) == 1
    for record, citations in zip(records, attached, strict=True):
        expected = [(c.source.short_title, c.passage) for c in record.citations.all()]
        assert citations == expected and citations


def test_attach_citations_keeps_records_of_different_models_with_the_same_slug_apart(db):
    # A meeting with a body's slug: its citation must not reach the body, nor the body's the meeting.
    twin = factories.meeting(slug="ad-hoc-group")
    body = Body.objects.get(slug="ad-hoc-group")
    other_meeting = Meeting.objects.exclude(pk=twin.pk).filter(citations__isnull=False).first()
    attach_citations([body, other_meeting])
    assert [c.pk for c in body.citation_list] == [c.pk for c in body.citations.all()]
    assert [c.pk for c in other_meeting.citation_list] == [
        c.pk for c in other_meeting.citations.all()
    ]
    assert not {c.pk for c in twin.citations.all()} & {c.pk for c in body.citation_list}
