"""Who may do what, and what bad input gets back."""

import pytest
from django.contrib.admin.models import LogEntry
from rest_framework.throttling import AnonRateThrottle

from meetings.models import Meeting
from members.models import Participant, Person
from sources.models import KnowledgeVersion

WRITABLE = [
    "participants",
    "bodies",
    "memberships",
    "people",
    "meetings",
    "documents",
    "objectives",
    "national-measures",
    "figures",
    "conflicts",
]
READ_ONLY = ["sources", "citations"]
NEW_PARTICIPANT = {
    "slug": "atlantis",
    "name": "Atlantis",
    "kind": "state",
    "status": "observer",
    "iso_code": "XA",
}


def a_record_url(api, resource):
    """The API URL of a record that exists, so that a refused write has something to change."""
    first = api.get(f"/api/v1/{resource}/").json()["results"][0]
    return f"/api/v1/{resource}/{first['id'] if resource == 'citations' else first['slug']}/"


def api_state(api, resource, target):
    """What a write could change: the knowledge version, the row count and the record itself."""
    return (
        KnowledgeVersion.current(),
        api.get(f"/api/v1/{resource}/").json()["count"],
        api.get(target).json(),
    )


@pytest.mark.parametrize("resource", WRITABLE + READ_ONLY)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_anonymous_and_non_staff_users_cannot_write(api, member_api, db, resource, method):
    target = a_record_url(api, resource)
    written_to = f"/api/v1/{resource}/" if method == "post" else target
    before = api_state(api, resource, target)

    anonymous = getattr(api, method)(written_to, {"name": "Changed"}, format="json")
    assert (anonymous.status_code, anonymous.json()) == (
        401,
        {"detail": "Authentication credentials were not provided."},
    )
    member = getattr(member_api, method)(written_to, {"name": "Changed"}, format="json")
    assert (member.status_code, member.json()) == (
        403,
        {"detail": "You do not have permission to perform this action."},
    )
    assert api_state(api, resource, target) == before


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_citations_are_read_only_even_for_editors(api, editor_api, method):
    # Citations are written with the record they support, in the admin or from a source's page.
    target = a_record_url(api, "citations")
    before = api_state(api, "citations", target)
    written_to = "/api/v1/citations/" if method == "post" else target
    response = getattr(editor_api, method)(written_to, {"name": "Changed"}, format="json")
    assert (response.status_code, response.json()) == (
        405,
        {"detail": f'Method "{method.upper()}" not allowed.'},
    )
    assert api_state(api, "citations", target) == before


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_editors_add_sources_but_change_them_in_the_admin_only(api, editor_api, method):
    # A source's text is corrected in the admin, where the editor sees the citations it flags.
    target = "/api/v1/sources/rcp-profile/"
    before = api_state(api, "sources", target)
    response = getattr(editor_api, method)(target, {}, format="json")
    assert (response.status_code, response.json()) == (
        405,
        {"detail": f'Method "{method.upper()}" not allowed.'},
    )
    empty = editor_api.post("/api/v1/sources/", {}, format="json")
    assert empty.status_code == 400
    assert empty.json()["title"] == ["This field is required."]
    assert api_state(api, "sources", target) == before


def test_an_editor_creates_changes_and_deletes_and_each_write_is_in_the_history(editor_api, db):
    created = editor_api.post("/api/v1/participants/", NEW_PARTICIPANT, format="json")
    assert created.status_code == 201, created.json()
    assert Participant.objects.get(pk="atlantis").edited_by_hand

    changed = editor_api.patch(
        "/api/v1/participants/atlantis/", {"name": "Atlantis Rising"}, format="json"
    )
    assert changed.status_code == 200
    assert changed.json()["name"] == "Atlantis Rising"

    assert editor_api.delete("/api/v1/participants/atlantis/").status_code == 204
    history = LogEntry.objects.filter(object_id="atlantis").order_by("id")
    assert [entry.get_change_message() for entry in history] == [
        "Added through the API.",
        "Changed through the API: name.",
        "Deleted through the API.",
    ]


def test_an_editors_token_allows_writing(api, db, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("EDITOR_PASSWORD", "a-long-enough-editor-password")
    call_command("create_editor", "tokenuser", password_from_env="EDITOR_PASSWORD", token=True)
    from rest_framework.authtoken.models import Token

    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user__username='tokenuser').key}")
    response = api.patch("/api/v1/meetings/ahg-som-9/", {"city": "Wellington"}, format="json")
    assert response.status_code == 200
    assert Meeting.objects.get(pk="ahg-som-9").city == "Wellington"


@pytest.mark.parametrize(
    "resource,key,change,field,message",
    [
        (
            "meetings",
            "ahg-som-9",
            {"ends_on": "2015-04-30"},
            "ends_on",
            "A meeting cannot end before it starts.",
        ),
        (
            "participants",
            "tonga",
            {"name": "Australia"},
            "name",
            "participant with this name already exists.",
        ),
        (
            "participants",
            "tonga",
            {"iso_code": "au"},
            "__all__",
            "States and territories need a two-letter ISO 3166 code",
        ),
        ("participants", "tonga", {"kind": "planet"}, "kind", '"planet" is not a valid choice.'),
        (
            "memberships",
            "rilon--australia--co-chair",
            {
                "since": "2020-01-01",
                "since_precision": "year",
                "until": "2019-12-31",
                "until_precision": "year",
            },
            "until",
            "The role cannot end before it starts.",
        ),
    ],
)
def test_invalid_writes_get_a_400_naming_the_field(
    editor_api, resource, key, change, field, message
):
    response = editor_api.patch(f"/api/v1/{resource}/{key}/", change, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert message in " ".join(errors[field])


def test_a_write_does_not_half_happen(editor_api, db):
    before = Participant.objects.get(pk="tonga").name
    editor_api.patch(
        "/api/v1/participants/tonga/", {"name": "Tonga 2", "iso_code": "bad"}, format="json"
    )
    assert Participant.objects.get(pk="tonga").name == before


@pytest.mark.parametrize(
    "url,parameter",
    [
        ("/api/v1/meetings/?year=abc", "year"),
        ("/api/v1/meetings/?year=99999", "year"),
        ("/api/v1/memberships/?as_of=2015-13-45", "as_of"),
        ("/api/v1/meetings/?during=2015-02-30", "during"),
        ("/api/v1/meetings/?body=atlantis", "body"),
        ("/api/v1/participants/?search=%00", "search"),
        pytest.param(
            "/api/v1/participants/?search=" + "x" * 10000, "search", id="search-10000-characters"
        ),
        ("/api/v1/participants/?founding=perhaps", "founding"),
        ("/api/v1/participants/?updated_since=yesterday", "updated_since"),
        ("/api/v1/participants/?updated_since=9999-12-31T23:59:59-21:00", "updated_since"),
    ],
)
def test_invalid_filters_get_a_400_naming_the_parameter(api, db, url, parameter):
    response = api.get(url)
    assert response.status_code == 400
    assert parameter in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/participants/?page=0",
        "/api/v1/participants/?page=abc",
        "/api/v1/participants/%00/",
        "/api/v1/nothing/",
    ],
)
def test_unknown_pages_and_records_get_a_json_404(api, db, url):
    response = api.get(url)
    assert response.status_code == 404
    assert "detail" in response.json()


def test_anonymous_requests_are_throttled_with_retry_after(api, db, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    codes = [api.get("/api/v1/sources/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = api.get("/api/v1/sources/")
    assert int(response["Retry-After"]) > 0


def test_anonymous_throttle_ignores_x_forwarded_for_from_an_untrusted_client(api, db, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    responses = [
        api.get("/api/v1/sources/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in range(4)
    ]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert responses[-1]["Retry-After"] == "60"
    assert responses[-1].json() == {
        "detail": "Request was throttled. Expected available in 60 seconds."
    }


def test_anonymous_throttle_counts_the_rightmost_untrusted_address_from_a_trusted_proxy(
    api, db, monkeypatch, settings
):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]

    def through_proxy(client):
        # What the client wrote (the left part) changes each time; the proxies' entries do not.
        return [
            api.get(
                "/api/v1/sources/", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, {client}, 10.1.2.3"
            ).status_code
            for n in range(3)
        ]

    assert through_proxy("203.0.113.5") == [200, 200, 429]
    assert through_proxy("203.0.113.6") == [200, 200, 429]


def test_failed_token_authentications_get_a_429_after_the_limit(
    db, editor_token, monkeypatch, settings
):
    from rest_framework.test import APIClient

    from core.api_policy import CountedTokenAuthentication

    settings.API_TOKEN_FAILURE_LIMIT = 3
    now = 60 * 1_000_000 + 10.0  # 10 seconds into a minute
    monkeypatch.setattr(CountedTokenAuthentication, "timer", staticmethod(lambda: now))
    guesser = APIClient()
    guessed = [
        guesser.get("/api/v1/sources/", HTTP_AUTHORIZATION=f"Token wrong{n}") for n in range(3)
    ]
    # 401 or 403 depending on which authentication class speaks first (issue 19, point 17).
    assert all(r.status_code in {401, 403} for r in guessed)
    assert [r.json() for r in guessed] == [{"detail": "Invalid token."}] * 3

    refused = guesser.get("/api/v1/sources/", HTTP_AUTHORIZATION="Token wrong3")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "50"
    assert refused.json() == {
        "detail": "Too many failed token authentications from this address. "
        "Expected available in 50 seconds."
    }
    # Even the right token is refused from that address until the minute is over, so guessing stops.
    right = guesser.post(
        "/api/v1/people/",
        {"slug": "guessed", "name": "Guessed"},
        format="json",
        HTTP_AUTHORIZATION=f"Token {editor_token}",
    )
    assert right.status_code == 429
    assert not Person.objects.filter(slug="guessed").exists()
    # Reading without a token, and a token from another address, are not affected.
    assert guesser.get("/api/v1/sources/").status_code == 200
    other = guesser.get(
        "/api/v1/sources/", HTTP_AUTHORIZATION="Token wrong", REMOTE_ADDR="192.0.2.9"
    )
    assert (other.status_code in {401, 403}, other.json()) == (True, {"detail": "Invalid token."})

    now += 50
    after = guesser.get("/api/v1/sources/", HTTP_AUTHORIZATION=f"Token {editor_token}")
    assert after.status_code == 200


def test_updated_since_accepts_any_offset_the_database_would_refuse(api, db):
    # PostgreSQL refuses offsets beyond ±15:59; the filter converts to UTC first.
    response = api.get("/api/v1/participants/?updated_since=2000-06-15T01:17:42-21:21")
    assert response.status_code == 200
    assert response.json()["count"] == Participant.objects.count()


def test_cross_origin_reads_are_allowed(api, db):
    response = api.get("/api/v1/participants/", HTTP_ORIGIN="https://notebook.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_openapi_schema_documents_every_error_response(api, db):
    schema = api.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/participants/"]["get"]
    assert {"200", "400", "401", "403", "404", "429"} <= set(operation["responses"])
    assert "/api/v1/memberships/{id}/" in schema["paths"]


def test_the_api_docs_are_served_without_a_cdn(api, db):
    html = api.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
