"""The main pages cost a pinned number of queries, whatever the rows (tests/helpers.py checks growth)."""

import pytest
from django.db import connection

# Measured on the real knowledge base; a change that adds a query must change its number here.
# Search on PostgreSQL also sets the planner (SET LOCAL) and ranks, so it differs from SQLite.
PAGE_QUERIES = {
    "home": ("/", 9),
    "directory": ("/members/", 5),
    "participant": ("/members/viet-nam/", 10),
    "body": ("/groups/working-group-disruption-of-networks/?as_of=2015-06-01", 14),
    "meeting": ("/meetings/ahg-som-11/", 9),
    "timeline": ("/meetings/", 6),
    "search": ("/search/?q=Andaman", {"sqlite": 6, "postgresql": 9}),
}


@pytest.mark.parametrize("page", PAGE_QUERIES)
def test_a_main_page_costs_its_pinned_number_of_queries(
    client, db, django_assert_num_queries, page
):
    url, queries = PAGE_QUERIES[page]
    if isinstance(queries, dict):
        queries = queries[connection.vendor]
    # A first request fills the process's content-type cache, as any earlier request in a server has.
    assert client.get(url).status_code == 200
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
