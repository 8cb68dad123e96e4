"""Helpers for page tests: fetch a page and count its queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

# One URL of each kind of page, as a reader meets them.
PAGE_TYPES = {
    "home": "/",
    "members": "/members/",
    "participant": "/members/viet-nam/",
    "person": "/members/people/lynn-bell/",
    "groups": "/groups/",
    "body": "/groups/working-group-disruption-of-networks/?as_of=2015-06-01",
    "matrix": "/groups/matrix/",
    "map": "/map/",
    "meetings": "/meetings/",
    "meeting": "/meetings/ahg-som-11/",
    "documents": "/documents/",
    "document": "/documents/andaman-sea-review/",
    "sources": "/sources/",
    "source": "/sources/rcp-profile/",
    "source-coverage": "/sources/statement-2024-05/coverage/",
    "disagreements": "/disagreements/",
    "disagreement": "/disagreements/andaman-review-date/",
    "objectives": "/objectives/",
    "objectives-version": "/objectives/objectives-2009/",
    "search": "/search/?q=Andaman",
    "changes": "/changes/",
    "history": "/groups/ad-hoc-group/history/",
    "report": "/report/body/ad-hoc-group/",
    "suggest-source": "/report/suggest-a-source/",
    "not-found": "/members/atlantis/",
}


def get_counting(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def assert_constant_queries(client, url, grow):
    """The page costs the same number of queries after `grow()` adds rows."""
    response, before = get_counting(client, url)
    assert response.status_code == 200
    grow()
    response, after = get_counting(client, url)
    assert response.status_code == 200
    assert after == before, f"{url}: {before} queries, then {after} with more rows"
    return response
