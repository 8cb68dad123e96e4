"""Settings come from the environment and refuse unsafe production start-up with a sentence."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.helpers import ROOT, load_settings

STRONG_KEY = "k" * 20 + "-a-long-random-looking-production-key-0123456789"


def test_production_without_secret_key_refuses_to_start_with_a_sentence():
    code, _, stderr = load_settings(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.org")
    assert code == 1
    assert "DJANGO_SECRET_KEY is not set" in stderr
    assert "Traceback" not in stderr


def test_production_with_a_weak_secret_key_refuses_to_start():
    code, _, stderr = load_settings(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="short", DJANGO_ALLOWED_HOSTS="example.org"
    )
    assert code == 1
    assert "too weak" in stderr


def test_production_without_allowed_hosts_refuses_to_start():
    code, _, stderr = load_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=STRONG_KEY)
    assert code == 1
    assert "DJANGO_ALLOWED_HOSTS is not set" in stderr


def test_production_with_key_hosts_and_site_url_starts():
    code, stdout, stderr = load_settings(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
        SITE_URL="https://example.org",
    )
    assert code == 0, stderr
    assert stdout.split() == ["django.db.backends.sqlite3", "False"]


def test_production_without_a_site_url_refuses_to_start_with_a_sentence():
    code, _, stderr = load_settings(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_ALLOWED_HOSTS="example.org"
    )
    assert code == 1
    assert stderr.startswith("baliportal: SITE_URL is not set.")
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    "site_url",
    [
        "example.org",
        "ftp://example.org",
        "https://example.org/portal",
        "https://example.org?x=1",
        "https://user@example.org",
        "https://example.org:99999",
        "https://exa mple.org",
    ],
)
def test_a_site_url_that_is_not_an_origin_refuses_to_start_with_a_sentence(site_url):
    code, _, stderr = load_settings(DJANGO_DEBUG="1", SITE_URL=site_url)
    assert code == 1
    assert stderr.startswith(f"baliportal: SITE_URL={site_url!r} is not an origin;")
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("site_url", "kept"),
    [
        ("https://portal.example.org/", "https://portal.example.org"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("", ""),
    ],
)
def test_the_site_url_is_kept_without_its_trailing_slash(site_url, kept):
    code, stdout, stderr = load_settings(
        "from django.conf import settings; print(repr(settings.SITE_URL))",
        DJANGO_DEBUG="1",
        SITE_URL=site_url,
    )
    assert code == 0, stderr
    assert stdout.strip() == repr(kept)


def test_debug_allows_development_defaults():
    code, stdout, stderr = load_settings(DJANGO_DEBUG="1")
    assert code == 0, stderr
    assert stdout.split()[1] == "True"


def test_a_debug_value_that_is_not_a_boolean_is_refused():
    code, _, stderr = load_settings(DJANGO_DEBUG="maybe")
    assert code == 1
    assert "DJANGO_DEBUG='maybe' is not a boolean" in stderr


def test_database_url_selects_postgresql():
    code, stdout, stderr = load_settings(
        DJANGO_DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/baliportal"
    )
    assert code == 0, stderr
    assert stdout.split()[0] == "django.db.backends.postgresql"


def test_an_unreadable_database_url_is_refused_with_a_sentence():
    code, _, stderr = load_settings(DJANGO_DEBUG="1", DATABASE_URL="nosuchdb://x")
    assert code == 1
    assert "DATABASE_URL could not be read" in stderr


def test_a_random_page_cost_that_is_not_a_positive_number_is_refused_with_a_sentence():
    postgres = "postgres://postgres@127.0.0.1:5432/x"
    for bad in ["fast", "0", "-1"]:
        code, _, stderr = load_settings(
            DJANGO_DEBUG="1", DATABASE_URL=postgres, DATABASE_RANDOM_PAGE_COST=bad
        )
        assert code == 1
        assert "DATABASE_RANDOM_PAGE_COST" in stderr and "not a positive number" in stderr


@pytest.mark.django_db
def test_postgresql_connections_price_index_reads_for_data_in_memory():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_manage_py_defaults_to_development_but_the_wsgi_app_does_not():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}

    def run(*args):
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )

    command = run("manage.py", "check")
    assert command.returncode == 0, command.stderr
    served = run("-c", "import baliportal.wsgi")
    assert served.returncode == 1
    assert "DJANGO_SECRET_KEY is not set" in served.stderr


def test_a_trusted_proxy_that_is_not_an_address_is_refused_with_a_sentence():
    code, _, stderr = load_settings(DJANGO_DEBUG="1", TRUSTED_PROXIES="127.0.0.1, proxy.internal")
    assert code == 1
    assert "TRUSTED_PROXIES has 'proxy.internal', which is not an IP address or network" in stderr
