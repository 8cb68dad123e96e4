"""Every API resource: list, detail, filters, CSV export, conditional GET and a fixed query cost."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers

from meetings.api import MeetingRoleSerializer, OutcomeSerializer
from meetings.models import Document, Figure, Meeting, MeetingRole, ObjectiveList, Outcome
from members.models import NationalMeasure, Participant, Person
from sources.api import CitationInlineSerializer, CitationSerializer
from sources.models import Citation, Conflict, Source
from workinggroups.models import Body, Membership

# resource: (model, a detail key, a filter, the slugs that filter must give)
RESOURCES = {
    "participants": (
        Participant,
        "viet-nam",
        "body=rilon&role=co-chair",
        {"australia", "sri-lanka"},
    ),
    "bodies": (
        Body,
        "ad-hoc-group",
        "parent=co-chairs",
        {"steering-group", "regional-support-office", "consultation-mechanism"},
    ),
    "memberships": (
        Membership,
        "rilon--sri-lanka--co-chair",
        "body=working-group-trafficking-in-persons",
        {
            "working-group-trafficking-in-persons--australia--co-chair",
            "working-group-trafficking-in-persons--indonesia--co-chair",
        },
    ),
    "people": (
        Person,
        "lynn-bell",
        "participant=indonesia",
        {"tri-tharyat", "fuad-adriansyah", "eddy-sariaatmadja", "retno-marsudi", "hassan-wirajuda"},
    ),
    "meetings": (
        Meeting,
        "ahg-som-11",
        "country=sri-lanka",
        {"ahg-som-11", "sri-lanka-meeting-2011"},
    ),
    "documents": (
        Document,
        "andaman-sea-review",
        "adopted_at=ahg-som-11",
        {"andaman-sea-review", "consultation-mechanism-concept-note"},
    ),
    "objectives": (ObjectiveList, "objectives-2009", "", None),
    "national-measures": (
        NationalMeasure,
        "indonesia-law-6-2011",
        "participant=malaysia&kind=law",
        {"malaysia-atip-act-2007", "malaysia-atip-act-2010"},
    ),
    "figures": (
        Figure,
        "indonesia-convictions-2008",
        "participant=indonesia",
        {"indonesia-convictions-2004", "indonesia-convictions-2008"},
    ),
    "conflicts": (
        Conflict,
        "first-ministerial-conference-month",
        "kind=role",
        {"disruption-working-group-co-chairs"},
    ),
    "sources": (Source, "rcp-profile", "kind=statement", {"statement-2024-05"}),
}


def test_the_root_lists_every_resource(api, db):
    body = api.get("/api/v1/").json()
    assert set(body) == {*RESOURCES, "citations", "sentence-marks", "changes"}


@pytest.mark.parametrize("resource", RESOURCES)
def test_list_reports_the_total_and_carries_citations(api, db, resource):
    model = RESOURCES[resource][0]
    body = api.get(f"/api/v1/{resource}/").json()
    assert body["count"] == model.objects.count()
    first = body["results"][0]
    assert first["url"].startswith("http://testserver/api/v1/")
    if resource != "sources":
        assert first["citations"], first
        citation = first["citations"][0]
        assert set(citation) == {"source", "source_title", "passage", "locator", "url"}
        assert "/sources/" in citation["url"] and "#p-" in citation["url"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_detail_by_slug(api, db, resource):
    key = RESOURCES[resource][1]
    response = api.get(f"/api/v1/{resource}/{key}/")
    assert response.status_code == 200
    assert response.json()["slug"] == key
    assert api.get(f"/api/v1/{resource}/no-such-slug/").json() == {
        "detail": f"No {RESOURCES[resource][0].__name__} matches the given query."
    }


@pytest.mark.parametrize("resource", [r for r in RESOURCES if RESOURCES[r][3]])
def test_filters(api, db, resource):
    _model, _key, query, expected = RESOURCES[resource]
    body = api.get(f"/api/v1/{resource}/?{query}&page_size=200").json()
    assert {row["slug"] for row in body["results"]} == expected


@pytest.mark.parametrize("resource", RESOURCES)
def test_csv_export_has_every_row_of_the_filtered_list(api, db, resource):
    _model, _key, query, expected = RESOURCES[resource]
    response = api.get(f"/api/v1/{resource}/?format=csv&{query}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    count = api.get(f"/api/v1/{resource}/?{query}").json()["count"]
    assert len(rows) == count
    if expected:
        assert {row["slug"] for row in rows} == expected


@pytest.mark.parametrize("resource", RESOURCES)
def test_an_unchanged_resource_answers_304(api, db, resource):
    key = RESOURCES[resource][1]
    first = api.get(f"/api/v1/{resource}/{key}/")
    assert first.has_header("ETag")
    again = api.get(f"/api/v1/{resource}/{key}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    if first.has_header("Last-Modified"):
        since = api.get(f"/api/v1/{resource}/{key}/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304


@pytest.mark.parametrize("resource", [*RESOURCES, "citations"])
def test_a_list_costs_the_same_queries_for_1_row_and_200_rows(api, db, resource):
    def count(page_size):
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/api/v1/{resource}/?page_size={page_size}")
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    one, rows_one = count(1)
    many, rows_many = count(200)
    assert rows_one == 1 and rows_many > 1
    assert one == many


# Measured on the real knowledge base; a change that adds a query must change its number here.
LIST_QUERIES = {"participants": 4, "bodies": 5, "memberships": 3, "meetings": 5}


@pytest.mark.parametrize("resource", LIST_QUERIES)
def test_a_list_costs_its_pinned_number_of_queries(api, db, django_assert_num_queries, resource):
    # A first request fills the process's content-type cache, as any earlier request in a server has.
    assert api.get(f"/api/v1/{resource}/").status_code == 200
    with django_assert_num_queries(LIST_QUERIES[resource]):
        response = api.get(f"/api/v1/{resource}/?page_size=200")
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(200, response.json()["count"])


def test_memberships_as_of_a_date(api, db):
    def chairs(day):
        body = api.get(
            f"/api/v1/memberships/?body=working-group-disruption-of-networks&role=co-chair&as_of={day}"
        ).json()
        return {row["participant"].rsplit("/", 2)[-2] for row in body["results"]}

    assert chairs("2015-06-01") == {"new-zealand", "sri-lanka"}
    assert chairs("2024-06-01") == {"new-zealand", "viet-nam"}


def test_meetings_during_a_partial_date_overlap_sensibly(api, db):
    def slugs(query):
        return {
            row["slug"]
            for row in api.get(f"/api/v1/meetings/?{query}&page_size=200").json()["results"]
        }

    assert {"ahg-som-9", "wg-tip-1", "wg-disruption-1"} == slugs("during=2015")
    assert "wg-tip-1" in slugs("during=2015-05")  # "2015" may mean May 2015
    assert slugs("date_from=2024-01-01&date_to=2024-12-31") == {
        "ahg-17",
        "sg-18",
        "andaman-sea-roundtable-2024",
    }
    assert slugs("year=2016&kind=ad-hoc-group-meeting") == {"ahg-som-10", "ahg-som-11"}


def test_updated_since(api, db):
    Participant.objects.filter(pk="tonga").update(updated_at="2030-01-01T00:00:00Z")
    body = api.get("/api/v1/participants/?updated_since=2029-12-31").json()
    assert [row["slug"] for row in body["results"]] == ["tonga"]


def test_search_and_ordering(api, db):
    body = api.get("/api/v1/participants/?search=Vietnam").json()
    assert [row["slug"] for row in body["results"]] == ["viet-nam"]
    names = [
        r["name"]
        for r in api.get("/api/v1/participants/?ordering=-name&page_size=3").json()["results"]
    ]
    assert names == sorted(names, reverse=True)


def test_unknown_ordering_fields_are_ignored(api, db):
    response = api.get("/api/v1/participants/?ordering=password")
    assert response.status_code == 200
    assert [r["name"] for r in response.json()["results"]] == sorted(
        r["name"] for r in response.json()["results"]
    )


def test_page_size_is_capped(api, db):
    assert len(api.get("/api/v1/citations/?page_size=100000").json()["results"]) == 200


def test_citations_resource_filters_by_record(api, db):
    body = api.get("/api/v1/citations/?record_type=meeting&record=bpmc-1").json()
    assert (
        body["count"]
        == Citation.objects.filter(object_id="bpmc-1", content_type__model="meeting").count()
        == 2
    )
    assert {row["source"] for row in body["results"]} == {"encyclopedia-article", "gcim-paper-2005"}


@pytest.mark.parametrize(
    "serializer, row",
    [
        (CitationInlineSerializer, lambda: Citation.objects.first()),
        (CitationSerializer, lambda: Citation.objects.first()),
        (MeetingRoleSerializer, lambda: MeetingRole.objects.exclude(participant=None).first()),
        (OutcomeSerializer, lambda: Outcome.objects.exclude(document=None).first()),
    ],
)
def test_serializers_written_out_for_speed_give_every_declared_field(db, rf, serializer, row):
    request = rf.get("/api/v1/")
    data = serializer(row(), context={"request": request}).data
    assert list(data) == serializer.Meta.fields
    # The same values DRF's own field machinery would give.
    generic = serializers.ModelSerializer.to_representation(
        serializer(row(), context={"request": request}), row()
    )
    assert data == generic


def test_a_list_links_the_same_whether_or_not_the_format_is_asked_for(client, db):
    # Without ?format= links are built from one address per kind of resource; with it, by DRF.
    plain = client.get("/api/v1/meetings/").json()["results"]
    asked = client.get("/api/v1/meetings/?format=json").json()["results"]
    assert plain == asked
    role = next(r for m in plain for r in m["roles"] if r["participant"])
    assert role["participant"].startswith("http://testserver/api/v1/participants/")
