"""Hypothesis throws odd input at every public page and parameter: never a server error."""

import string
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ODD = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=string.printable, min_size=1, max_size=20),
    st.sampled_from(
        [
            "\x00",
            "%00",
            "-1",
            "0",
            "99999999999999999999",
            "2015-13-45",
            "1e309",
            "ａｂｃ",
            "' OR 1=1 --",
            "../../etc",
            "<script>",
            "x" * 5000,
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
PAGES = [
    ("/members/{}/", ["q", "kind", "status", "founding", "body", "role", "sort"]),
    ("/members/people/{}/", []),
    ("/groups/{}/", ["as_of"]),
    ("/meetings/{}/", ["q", "kind", "body", "country", "year", "year_from", "year_to", "page"]),
    ("/documents/{}/", []),
    ("/sources/{}/", []),
    ("/search/", ["q"]),
    ("/objectives/", []),
    ("/disagreements/", []),
    ("/groups/matrix/", []),
    ("/meetings/feed.atom", []),
    ("/meetings/meetings.ics", []),
    ("/", []),
]
LISTS = {"/members/{}/": "/members/", "/meetings/{}/": "/meetings/", "/groups/{}/": "/groups/"}


@pytest.mark.parametrize("pattern,parameters", PAGES, ids=[p for p, _ in PAGES])
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(slug=ODD, values=st.lists(st.tuples(st.integers(0, 10), ODD), max_size=4))
def test_no_public_url_answers_a_server_error(client, db, pattern, parameters, slug, values):
    path = pattern.format(quote(slug, safe="")) if "{}" in pattern else pattern
    for base in {path, LISTS.get(pattern, path)}:
        names = parameters or ["q"]
        query = urlencode(
            [(names[i % len(names)], value) for i, value in values]
        )  # repeats allowed
        response = client.get(f"{base}?{query}" if query else base)
        assert response.status_code < 500, (base, query)
