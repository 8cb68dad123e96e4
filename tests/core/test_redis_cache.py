"""The shared cache of several app servers: Redis, through one client per connection pool."""

import os
import socket
from urllib.parse import urlsplit

import pytest
import redis
from django.http import HttpResponse

from core.redis_cache import SharedClientRedisCache
from tests.helpers import load_settings

# A Redis database of its own, flushed before and after each test: never point it at one in use.
# Setting REDIS_TEST_URL (as CI does) makes a missing Redis a failure instead of a skip.
REDIS_URL = os.environ.get("REDIS_TEST_URL") or "redis://127.0.0.1:6379/15"
REDIS_REQUIRED = bool(os.environ.get("REDIS_TEST_URL"))


def redis_answers() -> bool:
    parts = urlsplit(REDIS_URL)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_db():
    """The test database of the Redis at REDIS_URL, empty; emptied again afterwards."""
    if not redis_answers():
        if REDIS_REQUIRED:
            pytest.fail(f"Redis is required here and nothing answers at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL} (set REDIS_TEST_URL to require one)")
    number = urlsplit(REDIS_URL).path.strip("/")
    if not number.isdigit() or number == "0":
        pytest.fail(f"REDIS_TEST_URL={REDIS_URL!r} must name a database of its own, such as /15")
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def redis_cache(redis_db):
    return SharedClientRedisCache(REDIS_URL, {})


def test_a_cached_response_comes_back_whole_from_redis(redis_cache, redis_db):
    response = HttpResponse(b"<h1>Members</h1>", headers={"ETag": '"abc"'})
    redis_cache.set("page", response, 60)
    again = redis_cache.get("page")
    assert (again.content, again["ETag"]) == (b"<h1>Members</h1>", '"abc"')
    assert redis_db.dbsize() == 1
    redis_cache.delete("page")
    assert redis_cache.get("page") is None
    assert redis_db.dbsize() == 0


def test_every_call_goes_through_the_same_client_and_counters_still_count(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client
    redis_cache.set("count", 1, 60)
    assert redis_cache.incr("count") == 2
    assert redis_cache._cache.get_client("count") is client


def test_a_redis_cache_url_selects_the_shared_client_backend(redis_db):
    redis_db.set(":1:present", b"x")  # Django's default key prefix and version
    code = (
        "from django.core.cache import caches; c = caches['default']; "
        "print(type(c).__name__, c.get('absent'), c.has_key('present'))"
    )
    exit_code, stdout, stderr = load_settings(code, DJANGO_DEBUG="1", CACHE_URL=REDIS_URL)
    assert exit_code == 0, stderr
    assert stdout.split() == ["SharedClientRedisCache", "None", "True"]
