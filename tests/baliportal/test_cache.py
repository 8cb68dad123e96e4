"""Cached pages are never stale: every write bumps the knowledge version they are keyed on."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from knowledge.editors import make_editor
from knowledge.loading import load_knowledge
from meetings.models import Meeting
from sources.models import KnowledgeVersion


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def editor_api(db):
    client = APIClient()
    client.force_authenticate(
        make_editor(get_user_model().objects.create_user("ed", password="a-long-password-1"))
    )
    return client


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize(
    "url", ["/", "/members/", "/meetings/ahg-som-9/", "/api/v1/meetings/?during=2015"]
)
def test_a_cached_page_costs_one_query(client, db, url):
    first, cold = queries_for(client, url)
    again, warm = queries_for(client, url)
    assert warm == 1 < cold
    assert again.content == first.content


def test_an_api_change_is_visible_on_the_very_next_request(
    client, editor_api, django_capture_on_commit_callbacks
):
    assert "Auckland" in client.get("/meetings/ahg-som-9/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        editor_api.patch("/api/v1/meetings/ahg-som-9/", {"city": "Wellington"}, format="json")
    assert "Wellington" in client.get("/meetings/ahg-som-9/").content.decode()
    assert client.get("/api/v1/meetings/ahg-som-9/").json()["city"] == "Wellington"


def test_an_admin_change_is_visible_on_the_very_next_request(
    client, db, django_capture_on_commit_callbacks
):
    from tests.admin_forms import admin_form

    editor = make_editor(
        get_user_model().objects.create_user("edith", password="a-long-password-1")
    )
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


def test_logged_in_and_admin_requests_are_never_cached(client, db):
    client.get("/members/")
    client.force_login(
        get_user_model().objects.create_superuser("root", password="a-long-password-1")
    )
    _response, count = queries_for(client, "/members/")
    assert count > 1


def test_the_knowledge_version_is_the_number_every_write_bumps_and_zero_before_any(db):
    KnowledgeVersion.objects.all().delete()
    assert KnowledgeVersion.current() == 0
    KnowledgeVersion.bump()
    assert KnowledgeVersion.current() == 1
    KnowledgeVersion.bump()
    assert KnowledgeVersion.current() == 2


def test_a_cached_page_keeps_its_etag_and_answers_304_from_the_cache(client, db):
    first = client.get("/members/")
    hit = client.get("/members/")
    assert hit["ETag"] == first["ETag"]
    assert client.get("/members/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # The ETag was stored with the page, not hashed again from the body on each hit.
    key = f"page:{KnowledgeVersion.current()}:/members/"
    assert cache.get(key)["ETag"] == first["ETag"]
