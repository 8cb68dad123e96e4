"""Cached pages are never stale: every write bumps the knowledge version they are keyed on."""

import pytest
from django.core.cache import cache

from knowledge.cache import page_key, vary_key
from knowledge.loading import load_knowledge
from meetings.models import Meeting
from sources.models import KnowledgeVersion
from tests.helpers import admin_form, get_counting


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


def queries_for(client, url):
    response, count = get_counting(client, url)
    assert response.status_code == 200
    return response, count


def cold_then_warm(client, url):
    """The queries of a first and a second request; the second answers the same bytes."""
    first, cold = queries_for(client, url)
    again, warm = queries_for(client, url)
    assert again.content == first.content
    return cold, warm


@pytest.mark.parametrize(
    "url", ["/", "/members/", "/meetings/ahg-som-9/", "/api/v1/meetings/?during=2015"]
)
def test_a_cached_page_costs_one_query(client, db, url):
    cold, warm = cold_then_warm(client, url)
    assert warm == 1 < cold


def test_an_api_change_is_visible_on_the_very_next_request(
    client, editor_api, django_capture_on_commit_callbacks
):
    assert "Auckland" in client.get("/meetings/ahg-som-9/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        editor_api.patch("/api/v1/meetings/ahg-som-9/", {"city": "Wellington"}, format="json")
    assert "Wellington" in client.get("/meetings/ahg-som-9/").content.decode()
    assert client.get("/api/v1/meetings/ahg-som-9/").json()["city"] == "Wellington"


def test_an_admin_change_is_visible_on_the_very_next_request(
    client, editor, django_capture_on_commit_callbacks
):
    reader = client.__class__()
    assert "Auckland" in reader.get("/meetings/ahg-som-9/").content.decode()
    client.force_login(editor)
    data = admin_form(client, "/admin/meetings/meeting/ahg-som-9/change/", "meeting_form")
    data["city"] = "Napier"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/meetings/meeting/ahg-som-9/change/", data)
    assert "Napier" in reader.get("/meetings/ahg-som-9/").content.decode()


def test_a_reload_of_the_knowledge_base_is_visible_on_the_very_next_request(
    client, db, django_capture_on_commit_callbacks
):
    Meeting.objects.filter(pk="ahg-som-9").update(city="Elsewhere")  # a change no signal sees
    KnowledgeVersion.bump()
    assert "Elsewhere" in client.get("/meetings/ahg-som-9/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        load_knowledge()
    assert "Auckland" in client.get("/meetings/ahg-som-9/").content.decode()


def test_logged_in_and_admin_requests_are_never_cached(client, superuser):
    client.get("/members/")
    client.force_login(superuser)
    _response, count = queries_for(client, "/members/")
    assert count > 1


def test_the_knowledge_version_is_the_number_every_write_bumps_and_zero_before_any(db):
    KnowledgeVersion.objects.all().delete()
    assert KnowledgeVersion.current() == 0
    KnowledgeVersion.bump()
    assert KnowledgeVersion.current() == 1
    KnowledgeVersion.bump()
    assert KnowledgeVersion.current() == 2


def test_a_cached_page_keeps_its_etag_and_answers_304_from_the_cache(client, db, rf):
    first = client.get("/members/")
    hit = client.get("/members/")
    assert hit["ETag"] == first["ETag"]
    assert client.get("/members/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # The ETag was stored with the page, not hashed again from the body on each hit.
    version, url = KnowledgeVersion.current(), "http://testserver/members/"
    assert cache.get(vary_key(version, url)) == []
    assert cache.get(page_key(version, url, rf.get("/members/"), []))["ETag"] == first["ETag"]


# Point 2 of issue 19: the key holds what the response varies by.
@pytest.mark.parametrize(
    ("first", "then", "content_type"),
    [
        ("text/csv", "application/json", "application/json"),
        ("application/json", "text/csv", "text/csv; charset=utf-8"),
    ],
)
def test_a_cached_api_answer_in_one_format_is_never_served_for_another(
    client, db, first, then, content_type
):
    for _ in range(4):
        assert client.get("/api/v1/meetings/?during=2015", HTTP_ACCEPT=first).status_code == 200
    response = client.get("/api/v1/meetings/?during=2015", HTTP_ACCEPT=then)
    assert response["Content-Type"] == content_type
    assert response["Vary"].startswith("Accept, ")
    body = response.content.decode()
    if then == "text/csv":
        assert body.startswith("url,slug,")
    else:
        assert response.json()["count"] >= 1


def test_the_schema_answers_yaml_and_json_each_in_its_own_format(client, db):
    yaml = "application/vnd.oai.openapi"
    json_type = "application/vnd.oai.openapi+json"
    assert client.get("/api/v1/schema/", HTTP_ACCEPT=yaml).content.startswith(b"openapi: ")
    as_json = client.get("/api/v1/schema/", HTTP_ACCEPT=json_type)
    assert as_json["Content-Type"].startswith(json_type)
    assert as_json.json()["info"]["title"] == "Bali Process knowledge portal API"
    again = client.get("/api/v1/schema/", HTTP_ACCEPT=yaml)
    assert again["Content-Type"].startswith(yaml)
    assert again.content.startswith(b"openapi: ")


def test_a_cookie_other_than_the_session_shares_the_cached_page(client, db):
    client.get("/members/")
    client.cookies["tracker"] = "anything"
    _response, count = queries_for(client, "/members/")
    assert count == 1


# Point 3: a forged Host header cannot put its links into what others are served.
FORGED_HOST = "localhost:6666"
LINKED = [
    "/api/v1/",
    "/api/v1/meetings/?page_size=1",
    "/api/v1/meetings/ahg-som-9/",
    "/api/v1/sources/",
    "/api/v1/citations/?page_size=2",
    "/api/v1/conflicts/",
    "/meetings/ahg-som-9/",
    "/meetings/feed.atom",
    "/meetings/meetings.ics",
]


@pytest.mark.parametrize("url", LINKED)
def test_absolute_links_start_with_the_site_url_whatever_the_host_header_says(
    client, db, settings, url
):
    settings.SITE_URL = "https://portal.example.org"
    forged = client.get(url, HTTP_HOST=FORGED_HOST)
    assert forged.status_code == 200
    assert "6666" not in forged.content.decode()
    assert "https://portal.example.org/" in forged.content.decode()
    assert client.get(url).content == forged.content


def test_the_popolo_export_links_to_the_site_url(client, db, settings):
    settings.SITE_URL = "https://portal.example.org"
    forged = client.get("/api/v1/export/popolo.json", HTTP_HOST=FORGED_HOST)
    body = b"".join(forged.streaming_content).decode()
    assert "6666" not in body
    assert '"url": "https://portal.example.org/sources/' in body


@pytest.mark.parametrize("url", LINKED)
def test_without_a_site_url_each_host_has_its_own_cached_answer(client, db, settings, url):
    settings.SITE_URL = ""
    assert "localhost:6666" in client.get(url, HTTP_HOST=FORGED_HOST).content.decode()
    honest = client.get(url).content.decode()
    assert "6666" not in honest
    assert "http://testserver/" in honest


# Point 16: cache-busting query strings, the schema, and a bounded cache.
@pytest.mark.parametrize(
    "url",
    [
        "/members/?bust=1",
        "/meetings/ahg-som-9/?bust=1",
        "/meetings/?year=2015&bust=1",
        "/api/v1/meetings/?during=2015&bust=1",
        "/api/v1/meetings/ahg-som-9/?bust=1",
    ],
)
def test_an_answer_to_a_query_parameter_the_page_does_not_read_is_not_cached(client, db, url):
    cold, warm = cold_then_warm(client, url)
    assert warm == cold > 1


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/?year=2015",
        "/meetings/?year_from=2010&page=1",
        "/search/?q=smuggling",
        "/groups/ad-hoc-group/?as_of=2015-01-01",
        "/api/v1/meetings/?during=2015&ordering=-starts_on&page=1&page_size=5&format=json",
    ],
)
def test_an_answer_to_the_query_parameters_a_page_reads_is_cached(client, db, url):
    cold, warm = cold_then_warm(client, url)
    assert warm == 1 < cold


def test_the_schema_is_generated_once_per_knowledge_version(client, editor_api, monkeypatch):
    from drf_spectacular.generators import SchemaGenerator

    generated = []
    original = SchemaGenerator.get_schema

    def counted(self, *args, **kwargs):
        generated.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counted)
    first = client.get("/api/v1/schema/?format=json")
    assert client.get("/api/v1/schema/?bust=1", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert editor_api.get("/api/v1/schema/?format=json").json() == first.json()
    assert len(generated) == 1
    KnowledgeVersion.bump()
    assert client.get("/api/v1/schema/?format=json").json() == first.json()
    assert len(generated) == 2


def test_the_in_process_cache_is_bounded(settings):
    assert settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] == 2000
