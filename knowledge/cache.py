"""A page and API response cache that is never stale.

Anonymous GET and HEAD requests to public pages and the API are answered from the cache, under a key
that includes the knowledge version; every committed write bumps that version, so the next request
after a change renders afresh. Admin, authenticated and non-200 responses, and pages that rendered a
CSRF token (the readers' report forms), are never cached. Cached API
responses are served without counting against the API throttle (they cost almost nothing).

The key holds everything a response depends on: the version, the site's origin (the request's host
only when SITE_URL is unset), the path and query string, and the values of the request headers the
response varies by (its Vary header: `Accept` for the API's JSON, CSV and YAML, `Accept-Language`
once pages are translated). As Django's own cache does, the Vary names are learnt from the first
response for a URL and kept beside it.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_vary_headers, set_response_etag

from core.origin import site_origin
from sources.models import KnowledgeVersion

NOT_CACHED_PREFIXES = ("/admin/", "/healthz", "/static/")
# Headers a cached response may name in Vary but that cannot change it: requests with a session or
# credentials are never cached, and no other cookie changes a page. Keying on them would let any
# `Cookie: x=<random>` make a new entry.
NOT_KEYED = {"cookie", "authorization"}


class QueryParametersRead(QueryDict):
    """A request's query parameters that remember which names the view asked for."""

    def __init__(self, *args, **kwargs):
        self.names_read = set()
        super().__init__(*args, **kwargs)
        self.names_read = set()  # parsing the query string looked up every name once

    def __getitem__(self, key):
        self.names_read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.names_read.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.names_read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.names_read.add(key)
        return super().getlist(key, default)


def varied_by(response) -> list[str] | None:
    """The request headers the response varies by, as keys need them; None for `Vary: *`."""
    names = {name.strip().lower() for name in response.get("Vary", "").split(",") if name.strip()}
    if "*" in names:
        return None
    return sorted(names - NOT_KEYED)


def page_key(version: int, url: str, request, vary: list[str]) -> str:
    values = "\n".join(f"{name}:{request.headers.get(name, '')}" for name in vary)
    digest = hashlib.md5(f"{url}\n{values}".encode(), usedforsecurity=False).hexdigest()
    return f"page:{version}:{digest}"


def vary_key(version: int, url: str) -> str:
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    return f"page-vary:{version}:{digest}"


class KnowledgeCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if (
            not seconds
            or request.method not in {"GET", "HEAD"}
            or request.path.startswith(NOT_CACHED_PREFIXES)
            or request.COOKIES.get(settings.SESSION_COOKIE_NAME)
            or "HTTP_AUTHORIZATION" in request.META
        ):
            return self.get_response(request)
        version = KnowledgeVersion.current()
        # With SITE_URL set, every absolute link starts with it and the Host header changes nothing.
        url = site_origin(request) + request.get_full_path()
        vary = cache.get(vary_key(version, url))
        if vary is not None:
            cached = cache.get(page_key(version, url, request, vary))
            if cached is not None:
                return cached
        # Cache-busting query strings (`?x=<random>`) would fill the cache with copies of one page.
        # An answer is kept only when the view read every parameter the request carries (through
        # a form, a filter set, the paginator, DRF's `format`): no list of names per page to keep
        # up to date. Values of parameters a page does use cannot be told apart from real queries;
        # the cache's bounded memory (MAX_ENTRIES, or Redis's maxmemory) is the limit there.
        parameters = QueryParametersRead(request.GET.urlencode(), encoding=request.encoding)
        request.GET = parameters
        response = self.get_response(request)
        vary = varied_by(response)
        if (
            response.status_code == 200
            and not response.cookies
            and not response.streaming
            and vary is not None
            and parameters.keys() <= parameters.names_read
            # A page that rendered a CSRF token (a form that POSTs) holds this visitor's token:
            # kept, it would hand one visitor's token to everyone.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            patch_vary_headers(response, ["Cookie", "Authorization"])
            # Hashed once here, so that ConditionalGetMiddleware does not hash the body on every hit;
            # a record's own ETag (its version, which If-Match compares) is kept.
            if not response.has_header("ETag"):
                set_response_etag(response)
            # Keep only bytes and headers: a DRF response would otherwise pickle its serialised data
            # too, and every hit would pay to unpickle it.
            kept = HttpResponse(response.content, headers=dict(response.items()))
            cache.set_many(
                {vary_key(version, url): vary, page_key(version, url, request, vary): kept}, seconds
            )
        return response
