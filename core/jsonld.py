"""schema.org JSON-LD for pages, escaped so it cannot break out of its script element."""

import json

from django.utils.safestring import mark_safe

from core.origin import absolute_url

ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_ld(request, data: dict) -> str:
    data = {"@context": "https://schema.org", **data}
    if "url" in data:
        data["url"] = absolute_url(request, data["url"])
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(ESCAPES))
