"""Citations reach the records a page shows in a fixed number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting
from members.models import Participant
from sources.models import attach_citations
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
