"""A page and API response cache that is never stale.

Anonymous GET and HEAD requests to public pages and the API are answered from the cache, under a key
that includes the knowledge version; every committed write bumps that version, so the next request
after a change renders afresh. Admin, authenticated and non-200 responses are never cached. Cached API
responses are served without counting against the API throttle (they cost almost nothing).
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers, set_response_etag

from sources.models import KnowledgeVersion

NOT_CACHED_PREFIXES = ("/admin/", "/healthz", "/static/")


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
        key = f"page:{KnowledgeVersion.current()}:{request.get_full_path()}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if response.status_code == 200 and not response.cookies and not response.streaming:
            patch_vary_headers(response, ["Cookie", "Authorization"])
            # Hashed once here, so that ConditionalGetMiddleware does not hash the body on every hit.
            set_response_etag(response)
            # Keep only bytes and headers: a DRF response would otherwise pickle its serialised data
            # too, and every hit would pay to unpickle it.
            cache.set(key, HttpResponse(response.content, headers=dict(response.items())), seconds)
        return response
