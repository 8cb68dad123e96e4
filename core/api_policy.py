"""API policy named in settings: pagination, who may write, how often, and how a JSON body is read.

Kept apart from core/api.py because DRF imports these while its own views module is loading.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework import authentication, exceptions, pagination, parsers, permissions, throttling
from rest_framework.exceptions import ParseError

from core.addresses import client_address
from core.origin import on_site


class Pagination(pagination.PageNumberPagination):
    """50 rows a page by default; `page_size` may ask for up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    # DRF builds these from the request's Host header; they belong on the configured site.
    def get_next_link(self):
        return on_site(self.request, super().get_next_link())

    def get_previous_link(self):
        return on_site(self.request, super().get_previous_link())


class ReadOnlyUnlessEditor(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Anyone may read; writing needs a staff account with the model's add/change/delete permission."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_staff) and super().has_permission(
            request, view
        )


# No record's body nests beyond a few levels; deeper ones are refused before a serializer or a
# renderer recurses into them.
MAX_JSON_DEPTH = 32


class JSONParser(parsers.JSONParser):
    """DRF's parser, answering a 400 to a body nested too deeply instead of a RecursionError's 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(too_deep()) from error
        if json_depth(data) > MAX_JSON_DEPTH:
            raise ParseError(too_deep())
        return data


def too_deep() -> str:
    return (
        f"The JSON body nests arrays and objects more than {MAX_JSON_DEPTH} levels deep; "
        "no record needs that many."
    )


def json_depth(data) -> int:
    """How deeply arrays and objects nest in parsed JSON, counted without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            stack.extend(
                (child, depth + 1)
                for child in (value.values() if isinstance(value, dict) else value)
            )
    return deepest


class ClientAddressAnonRateThrottle(throttling.AnonRateThrottle):
    """DRF's anonymous throttle, per client address as the trusted proxies report it."""

    def get_ident(self, request):
        # DRF's own reads any X-Forwarded-For, so a client rotating it was never throttled.
        return client_address(request)


class CountedTokenAuthentication(authentication.TokenAuthentication):
    """Token authentication that refuses an address with a 429 after too many bad tokens a minute."""

    window = 60
    timer = time.time

    def authenticate(self, request):
        offered = authentication.get_authorization_header(request).split()
        if not offered or offered[0].lower() != self.keyword.lower().encode():
            return None  # no token offered, nothing to count
        now = self.timer()
        window = int(now // self.window)
        key = f"token-failures:{client_address(request)}:{window}"
        if (cache.get(key) or 0) >= settings.API_TOKEN_FAILURE_LIMIT:
            raise exceptions.Throttled(
                wait=math.ceil((window + 1) * self.window - now),
                detail="Too many failed token authentications from this address.",
            )
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            # add() then incr(): atomic in the in-process cache and in Redis, so parallel
            # guesses are all counted.
            cache.add(key, 0, timeout=2 * self.window)
            try:
                cache.incr(key)
            except ValueError:  # expired between the two calls: the window is over anyway
                pass
            raise
