"""Absolute links start at the configured SITE_URL, never at what a request's Host header claims."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def site_origin(request) -> str:
    """SITE_URL; in development without one, the request's own scheme and host."""
    return settings.SITE_URL or request.build_absolute_uri("/")[:-1]


def absolute_url(request, path: str) -> str:
    """The site's absolute URL for `path` (which starts with a slash)."""
    return site_origin(request) + path


def on_site(request, url: str | None) -> str | None:
    """An absolute URL built from the request (as DRF builds its links), moved onto the site."""
    if not url:
        return url
    parts = urlsplit(url)
    return absolute_url(request, urlunsplit(("", "", parts.path, parts.query, parts.fragment)))
