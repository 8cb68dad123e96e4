"""The knowledge base's rules hold for API writes: partial dates, slugs, relations and numbers."""

import pytest
from django.forms.models import model_to_dict

from meetings.models import Document, Figure, Meeting, ObjectiveList
from members.models import NationalMeasure, Person
from workinggroups.models import Body, Membership

MODELS = {
    "memberships": Membership,
    "bodies": Body,
    "documents": Document,
    "objectives": ObjectiveList,
    "meetings": Meeting,
    "national-measures": NationalMeasure,
    "figures": Figure,
}


def refused(editor_api, resource, key, change, field, message):
    """PATCH `change`: a 400 whose `field` says `message` exactly, and the record as it was."""
    model = MODELS[resource]
    before = model_to_dict(model.objects.get(pk=key))
    response = editor_api.patch(f"/api/v1/{resource}/{key}/", change, format="json")
    assert response.status_code == 400, response.content
    assert response.json() == {field: [message]}
    assert model_to_dict(model.objects.get(pk=key)) == before


@pytest.mark.parametrize(
    "resource,key,change,field,message",
    [
        (
            "memberships",
            "rilon--australia--co-chair",
            {
                "since": "2012-01-01",
                "since_precision": "year",
                "until": "2015-01-01",
                "until_precision": "year",
            },
            "until",
            "An end known to the year is stored as 31 December.",
        ),
        (
            "memberships",
            "rilon--australia--co-chair",
            {"since": "2015-12-31", "since_precision": "year"},
            "since",
            "A start known to the year is stored as 1 January.",
        ),
        (
            "memberships",
            "rilon--australia--co-chair",
            {"until": "2016-02-28", "until_precision": "month"},
            "until",
            "An end known to the month is stored as the last day of its month.",
        ),
        (
            "memberships",
            "rilon--australia--co-chair",
            {"until": "2016-02-29"},
            "until_precision",
            "Say how precisely the date is known: year, month or day.",
        ),
        (
            "memberships",
            "rilon--australia--co-chair",
            {"since_precision": "month"},
            "since",
            "Give the date, or no precision.",
        ),
        (
            "bodies",
            "co-chairs",
            {"established": "2002-06-01"},
            "established",
            "A start known to the year is stored as 1 January.",
        ),
        (
            "documents",
            "bali-declaration-2016",
            {"dated": "2016-03-23", "dated_precision": "month"},
            "dated",
            "A start known to the month is stored as the first day of its month.",
        ),
        (
            "objectives",
            "streamlined-programme-2004",
            {"agreed": "2004-06-15"},
            "agreed",
            "A start known to the month is stored as the first day of its month.",
        ),
        (
            "meetings",
            "ahg-som-9",
            {"ends_on": "2015-05-30"},
            "ends_on",
            "An end known to the month is stored as the last day of its month.",
        ),
    ],
)
def test_a_partial_date_that_does_not_match_its_precision_is_refused(
    editor_api, resource, key, change, field, message
):
    refused(editor_api, resource, key, change, field, message)


@pytest.mark.parametrize(
    "change,display",
    [
        ({"until": "2015-12-31", "until_precision": "year"}, "until 2015"),
        ({"until": "2016-02-29", "until_precision": "month"}, "until February 2016"),
        ({"until": "2015-02-28", "until_precision": "month"}, "until February 2015"),
        ({"since": "2015-06-01", "since_precision": "month"}, "since June 2015"),
    ],
)
def test_a_partial_date_at_the_edge_of_its_period_is_accepted(editor_api, change, display):
    response = editor_api.patch(
        "/api/v1/memberships/rilon--australia--co-chair/", change, format="json"
    )
    assert response.status_code == 200, response.content
    assert Membership.objects.get(pk="rilon--australia--co-chair").period_display == display


def test_an_upper_case_slug_is_refused_so_that_no_record_is_out_of_reach(editor_api):
    response = editor_api.post(
        "/api/v1/people/", {"slug": "Audit-Upper", "name": "Audit Upper"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "slug": ["A slug is lower-case letters, digits, hyphens and underscores only."]
    }
    assert not Person.objects.filter(name="Audit Upper").exists()


def test_the_schema_states_the_slug_rule(api, db):
    schema = api.get("/api/v1/schema/?format=json").json()
    slug = schema["components"]["schemas"]["Person"]["properties"]["slug"]
    assert slug["pattern"] == "^[-a-z0-9_]+$"


@pytest.mark.parametrize(
    "resource,key,field,message",
    [
        (
            "objectives",
            "streamlined-programme-2004",
            "previous",
            "An objective list cannot follow itself.",
        ),
        (
            "national-measures",
            "australia-model-legislation",
            "amends",
            "A measure cannot amend itself.",
        ),
    ],
)
def test_a_record_cannot_point_at_itself(editor_api, resource, key, field, message):
    change = {field: f"http://testserver/api/v1/{resource}/{key}/"}
    refused(editor_api, resource, key, change, field, message)


def test_an_objective_list_cannot_follow_one_that_follows_it(editor_api):
    change = {"previous": "http://testserver/api/v1/objectives/streamlined-programme-2004/"}
    refused(
        editor_api,
        "objectives",
        "objectives-2002",
        change,
        "previous",
        "An objective list cannot follow itself.",
    )


def test_a_meeting_takes_place_in_a_state_or_territory_not_an_organisation(editor_api):
    change = {"country": "http://testserver/api/v1/participants/iom/"}
    refused(
        editor_api,
        "meetings",
        "ahg-som-9",
        change,
        "country",
        "Choose the state or territory the meeting took place in; "
        "International Organization for Migration is not one.",
    )


@pytest.mark.parametrize(
    "link",
    [
        "http://evil.example/api/v1/participants/australia/",
        "https://testserver/api/v1/participants/australia/",
        "http://testserver:8000/api/v1/participants/australia/",
        "http://user@evil.example/api/v1/participants/australia/",
    ],
)
def test_a_link_to_another_site_is_refused_as_a_relation(editor_api, link):
    refused(
        editor_api,
        "meetings",
        "ahg-som-9",
        {"country": link},
        "country",
        "Link to a record of this API (http://testserver/…), not to another site.",
    )


@pytest.mark.parametrize(
    "link", ["http://testserver/api/v1/participants/australia/", "/api/v1/participants/australia/"]
)
def test_a_link_to_this_site_is_accepted_as_a_relation(editor_api, link):
    response = editor_api.patch("/api/v1/meetings/ahg-som-9/", {"country": link}, format="json")
    assert response.status_code == 200, response.content
    assert Meeting.objects.get(pk="ahg-som-9").country_id == "australia"


@pytest.mark.parametrize(
    "resource,key,field,value,limit",
    [
        ("figures", "jpa-2015-states", "value", 2147483648, 2147483647),
        ("meetings", "ahg-som-9", "ordinal", 32768, 32767),
    ],
)
def test_a_number_past_what_postgresql_holds_is_refused_on_any_database(
    editor_api, resource, key, field, value, limit
):
    refused(
        editor_api,
        resource,
        key,
        {field: value},
        field,
        f"Ensure this value is less than or equal to {limit}.",
    )
