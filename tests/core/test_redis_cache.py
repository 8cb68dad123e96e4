"""The shared cache of several app servers: Redis, through one client per connection pool."""

import os
import socket
import uuid
from urllib.parse import urlsplit

import pytest
from django.http import HttpResponse

from core.redis_cache import SharedClientRedisCache
from tests.helpers import load_settings

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable() -> bool:
    parts = urlsplit(REDIS_URL)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=1).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not redis_reachable(), reason=f"no Redis at {REDIS_URL}")


@pytest.fixture
def redis_cache():
    cache = SharedClientRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.delete_many(["page", "count"])


def test_a_cached_response_comes_back_whole_from_redis(redis_cache):
    response = HttpResponse(b"<h1>Members</h1>", headers={"ETag": '"abc"'})
    redis_cache.set("page", response, 60)
    again = redis_cache.get("page")
    assert (again.content, again["ETag"]) == (b"<h1>Members</h1>", '"abc"')
    redis_cache.delete("page")
    assert redis_cache.get("page") is None


def test_every_call_goes_through_the_same_client_and_counters_still_count(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client
    redis_cache.set("count", 1, 60)
    assert redis_cache.incr("count") == 2
    assert redis_cache._cache.get_client("count") is client


def test_a_redis_cache_url_selects_the_shared_client_backend():
    code = "from django.core.cache import caches; c = caches['default']; print(type(c).__name__, c.get('absent'))"
    exit_code, stdout, stderr = load_settings(code, DJANGO_DEBUG="1", CACHE_URL=REDIS_URL)
    assert exit_code == 0, stderr
    assert stdout.split() == ["SharedClientRedisCache", "None"]
