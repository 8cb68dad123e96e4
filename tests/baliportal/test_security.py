"""Secure by default: deploy checks, headers, cookies, CSP, and who may open what."""

import json
import logging

import pytest
from django.contrib import admin

from sources.models import KNOWLEDGE_APPS
from tests.helpers import EDITOR_PASSWORD, api_as, load_settings

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "p" * 30 + "-a-production-secret-key-for-tests-0123456789",
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "SITE_URL": "https://portal.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_production(code, **extra):
    exit_code, stdout, stderr = load_settings(code, **PRODUCTION, **extra)
    assert exit_code == 0, stderr
    return stdout


def test_the_deploy_check_is_clean_with_production_settings():
    out = run_production(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING'); print('clean')"
    )
    assert out.strip().endswith("clean")


def test_production_responses_carry_the_security_headers_and_host_cookies(tmp_path):
    out = run_production(
        "import django, json; django.setup()\n"
        "from django.core.management import call_command; call_command('migrate', verbosity=0)\n"
        "call_command('collectstatic', interactive=False, verbosity=0)\n"
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='portal.example.org')\n"
        "plain = c.get('/members/')\n"
        "page = c.get('/admin/login/', secure=True)\n"
        "cookie = page.cookies['__Host-csrftoken']\n"
        "print(json.dumps({'redirect': plain.status_code, 'location': plain.get('Location'),"
        " 'hsts': page.get('Strict-Transport-Security'), 'nosniff': page.get('X-Content-Type-Options'),"
        " 'referrer': page.get('Referrer-Policy'), 'frame': page.get('X-Frame-Options'),"
        " 'csp': page.get('Content-Security-Policy'), 'secure': cookie['secure'], 'path': cookie['path'],"
        " 'domain': cookie['domain']}))",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
    )
    headers = json.loads(out.strip().splitlines()[-1])
    assert (
        headers["redirect"] == 301 and headers["location"] == "https://portal.example.org/members/"
    )
    assert headers["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["nosniff"] == "nosniff"
    assert headers["referrer"] == "same-origin"
    assert headers["frame"] == "DENY"
    assert "default-src 'self'" in headers["csp"]
    assert (headers["secure"], headers["path"], headers["domain"]) == (True, "/", "")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/members/viet-nam/",
        "/api/v1/meetings/",
        "/api/v1/docs/",
        "/admin/login/",
        "/healthz",
        "/nope/",
    ],
)
def test_every_response_has_a_strict_content_security_policy(client, db, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


ROLES = ["anonymous", "reader", "editor", "superuser"]


@pytest.fixture
def as_role(client, db, request):
    def login(role):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return login


def admin_urls():
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        yield model, base
        yield model, f"{base}add/"


# Nobody adds tombstones or the lockout log's rows by hand (editors add sources).
NEVER_ADDED = (
    "/tombstone/add/",
    "/accessattempt/add/",
    "/accesslog/add/",
    "/accessfailurelog/add/",
    "/report/add/",  # reports come from readers only
)


def expected_admin_status(role, model, url):
    if role == "superuser":
        return 403 if url.endswith(NEVER_ADDED) else 200
    if model._meta.app_label in KNOWLEDGE_APPS and not url.endswith(NEVER_ADDED):
        return 200
    # Editors decide readers' reports and set their own public name.
    if model._meta.app_label == "changes" and not url.endswith(NEVER_ADDED):
        return 200
    return 403


def admin_rows():
    return {model: model.objects.count() for model in admin.site._registry}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_admin_permission_matrix(as_role, role, method):
    client = as_role(role)
    before = admin_rows()
    for model, url in admin_urls():
        response = getattr(client, method)(url)
        if role in {"anonymous", "reader"}:
            assert response.status_code == 302, url
            assert response["Location"] == f"/admin/login/?next={url}", url
        else:
            assert response.status_code == expected_admin_status(role, model, url), url
    # An empty form is refused and a list without an action does nothing: no row is written.
    assert admin_rows() == before


@pytest.fixture
def superuser_api(superuser):
    return api_as(superuser)


@pytest.mark.parametrize(
    "method,url,status,written",
    [
        ("post", "/api/v1/people/", 201, {"new-person": "New Person"}),
        ("put", "/api/v1/people/lynn-bell/", 200, {"lynn-bell": "New Person"}),
        ("patch", "/api/v1/people/lynn-bell/", 200, {"lynn-bell": "New Person"}),
        ("delete", "/api/v1/people/unreferenced/", 204, {"unreferenced": None}),
    ],
)
def test_a_superuser_may_write_through_the_api(superuser_api, method, url, status, written):
    from members.models import Person

    Person.objects.create(slug="unreferenced", name="Nobody refers to me")
    response = getattr(superuser_api, method)(
        url, {"slug": "new-person", "name": "New Person", "title": "x"}, format="json"
    )
    assert response.status_code == status, response.content
    names = dict(Person.objects.filter(slug__in=written).values_list("slug", "name"))
    assert {slug: names.get(slug) for slug in written} == written


def test_deleting_a_record_others_refer_to_is_refused_with_the_list(superuser_api):
    from members.models import Person

    before = Person.objects.filter(slug="lynn-bell").values().get()
    response = superuser_api.delete("/api/v1/people/lynn-bell/")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "This record cannot be deleted while other records refer to it."
    assert (
        "Lynn Bell – co-chair of 17th Bali Process Ad Hoc Group meeting" in body["referred_to_by"]
    )
    assert Person.objects.filter(slug="lynn-bell").values().get() == before


def test_requests_and_failed_logins_are_logged_as_structured_events_without_secrets(
    client, db, caplog
):
    caplog.set_level(logging.INFO, logger="baliportal")
    client.get("/members/?q=viet")
    client.post("/admin/login/", {"username": "mallory", "password": "hunter2-secret"})
    requests = [r for r in caplog.records if r.name == "baliportal.requests"]
    assert {"method": "GET", "path": "/members/", "status": 200} == {
        k: getattr(requests[0], k) for k in ("method", "path", "status")
    }
    failures = [r for r in caplog.records if r.name == "baliportal.auth"]
    assert failures[0].getMessage() == "login failed" and failures[0].username == "mallory"
    from baliportal.logs import JSONFormatter

    line = JSONFormatter().format(failures[0])
    assert json.loads(line)["username"] == "mallory"
    assert "hunter2" not in "".join(JSONFormatter().format(r) for r in caplog.records)


@pytest.mark.parametrize(
    "trusted, remote, forwarded, expected",
    [
        ([], "203.0.113.9", "198.51.100.1", "203.0.113.9"),
        (["127.0.0.1"], "198.51.100.7", "203.0.113.5", "198.51.100.7"),
        (["127.0.0.1"], "127.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.7", "203.0.113.5"),
        (["127.0.0.1"], "127.0.0.1", None, "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", "not-an-address, 127.0.0.1", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", "2001:db8::1", "2001:db8::1"),
        (["::1"], "::1", "::ffff:203.0.113.5", "203.0.113.5"),
    ],
)
def test_client_address_believes_x_forwarded_for_only_from_trusted_proxies(
    rf, settings, trusted, remote, forwarded, expected
):
    from core.addresses import client_address

    settings.TRUSTED_PROXIES = trusted
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_address(rf.get("/", **headers)) == expected


def log_in(client, username, password="wrong", **headers):
    return client.post("/admin/login/", {"username": username, "password": password}, **headers)


def test_password_spraying_from_one_address_locks_that_address_only(client, editor, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 4
    sprayed = [log_in(client, f"user{n}").status_code for n in range(4)]
    assert sprayed == [200, 200, 200, 429]

    locked = log_in(client, "edith", EDITOR_PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    elsewhere = log_in(client, "edith", EDITOR_PASSWORD, REMOTE_ADDR="192.0.2.77")
    assert (elsewhere.status_code, elsewhere["Location"]) == (302, "/admin/")


def test_a_username_locked_from_one_client_behind_the_proxy_opens_for_another(
    client, editor, settings
):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(5):
        log_in(client, "edith", HTTP_X_FORWARDED_FOR="203.0.113.5")
    locked = log_in(client, "edith", EDITOR_PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert locked.status_code == 429

    other = log_in(client, "edith", EDITOR_PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert (other.status_code, other["Location"]) == (302, "/admin/")


def test_a_login_with_a_refused_next_lands_on_the_admin_index(client, editor):
    response = client.post(
        "/admin/login/?next=https://evil.example/",
        {"username": "edith", "password": EDITOR_PASSWORD},
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200
