"""Helpers for page tests: fetch a page and count its queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


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
