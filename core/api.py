"""API conventions shared by every resource: pagination, permissions, errors, CSV and history.

Every record carries its citations inline, as `citations: [{source, source_title, passage, locator,
url}]`, on every resource. Lists are paginated (50 rows; `page_size` up to 200) and ordered by slug
unless `ordering` says otherwise; unknown `ordering` fields are ignored. `?format=csv` exports the
whole filtered list as CSV.
"""

import csv
import datetime as dt
import hashlib
import io
from urllib.parse import urlsplit

from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.urls import NoReverseMatch
from django.utils.http import http_date, parse_etags
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import renderers, serializers, viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.relations import PKOnlyObject
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.links import SLUG_PATTERN, SLUG_PLACEHOLDER, slug_url
from core.origin import on_site, site_origin
from core.text import spreadsheet_safe


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if not isinstance(data, dict) or "rows" not in data:
            # An error body: render it as a one-line CSV so the client still gets the message.
            data = {"header": ["error"], "rows": [{"error": str(data)}]}
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=data["header"], extrasaction="ignore")
        writer.writeheader()
        for row in data["rows"]:
            writer.writerow({key: spreadsheet_safe(flatten(value)) for key, value in row.items()})
        return out.getvalue().encode("utf-8")


def flatten(value):
    if isinstance(value, list):
        return "; ".join(flatten(v) for v in value)
    if isinstance(value, dict):
        return value.get("passage") or value.get("url") or value.get("slug") or ""
    return "" if value is None else value


def absolute(context: dict, path: str) -> str:
    """The path as an absolute URL on the site's origin, worked out once per response."""
    request = context.get("request")
    if request is None:
        return path
    # All fields of one response share the root serializer's context.
    origin = context.get("origin")
    if origin is None:
        origin = context["origin"] = site_origin(request)
    return origin + path


def related_link(field, pk):
    """What the hyperlink field `field` shows for the row with key `pk` (None stays None)."""
    if pk is None:
        return None
    context = field.context
    if context.get("format") or field.lookup_field != "pk" or "request" not in context:
        return field.to_representation(PKOnlyObject(pk))
    # A response's links to one kind of resource differ only in the slug: the address is built
    # once per response. A page of meetings holds 300 links, and each cost 8 µs through the field.
    patterns = context.setdefault("link_patterns", {})
    pattern = patterns.get(field.view_name)
    if pattern is None:
        pattern = absolute(context, slug_url(field.view_name, SLUG_PLACEHOLDER))
        patterns[field.view_name] = pattern
    return pattern.replace(SLUG_PLACEHOLDER, str(pk))


class FastHyperlinkMixin:
    """Hyperlinks to slug-keyed resources without a full reverse() each: a list holds hundreds."""

    def get_url(self, obj, view_name, request, format):
        if format or self.lookup_field != "pk" or obj.pk is None:
            return on_site(request, super().get_url(obj, view_name, request, format))
        try:
            path = slug_url(view_name, str(obj.pk))
        except NoReverseMatch:  # a resource whose key is not a slug, e.g. citations' numbers
            return on_site(request, super().get_url(obj, view_name, request, format))
        return absolute(self.context, path)


class FastHyperlinkedRelatedField(FastHyperlinkMixin, serializers.HyperlinkedRelatedField):
    default_error_messages = {
        "other_origin": "Link to a record of this API ({origin}/…), not to another site.",
    }

    def to_internal_value(self, data):
        # DRF resolves only the path of an absolute link, whatever its host: a link to another
        # site that happens to share a path would be taken for one of ours.
        if isinstance(data, str) and data.startswith(("http:", "https:")):
            origin = absolute(self.context, "")
            link = urlsplit(data)
            if f"{link.scheme}://{link.netloc}".lower() != origin.lower():
                self.fail("other_origin", origin=origin)
        return super().to_internal_value(data)


class FastHyperlinkedIdentityField(FastHyperlinkMixin, serializers.HyperlinkedIdentityField):
    pass


# Links to records by the API's namespaced routes, `api:<model>-detail`, so that no serializer names
# them, and without a full reverse() each. (A comment, not a docstring: the OpenAPI schema would give
# it as the description of every serializer without its own.)
class LinkedSerializer(serializers.HyperlinkedModelSerializer):
    serializer_related_field = FastHyperlinkedRelatedField
    serializer_url_field = FastHyperlinkedIdentityField

    def build_url_field(self, field_name, model_class):
        field_class, kwargs = super().build_url_field(field_name, model_class)
        return field_class, {**kwargs, "view_name": f"api:{model_class._meta.model_name}-detail"}

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        if "view_name" in kwargs:
            kwargs["view_name"] = f"api:{relation_info.related_model._meta.model_name}-detail"
        return field_class, kwargs


def record_etag(record, variant: str = "json") -> str | None:
    """A strong validator of a record's state (model, key, last change), one per format."""
    updated = getattr(record, "updated_at", None)
    if updated is None:
        return None
    state = f"{record._meta.label}:{record.pk}:{updated.astimezone(dt.UTC).isoformat()}"
    digest = hashlib.sha256(state.encode()).hexdigest()[:32]
    return f'"{digest}"' if variant == "json" else f'"{digest}-{variant}"'


class PreconditionFailed(APIException):
    status_code = 412
    default_detail = (
        "The record has changed since you read it: If-Match does not match its current ETag (sent "
        "in this response). Read it again, apply your change to it, and send the new ETag."
    )

    def __init__(self, etag: str):
        super().__init__()
        self.etag = etag


ERROR_RESPONSES = {
    400: "The request was not valid; the body names each parameter or field and what is wrong.",
    401: "Authentication is needed to write.",
    403: "The account may not do this.",
    404: "No such record, or no such page.",
    429: "Too many requests; retry after the number of seconds in Retry-After.",
}


# What the filter forms enforce, stated in the schema so that clients (and schemathesis) know it.
YEAR = {"type": "integer", "minimum": 1900, "maximum": 2100}
TEXT = {"type": "string", "maxLength": 200}
QUERY_CONSTRAINTS = {
    "year": YEAR,
    "year_from": YEAR,
    "year_to": YEAR,
    "page": {"type": "integer", "minimum": 1},
    "page_size": {"type": "integer", "minimum": 1},
    "q": TEXT,
    "search": TEXT,
    "record": {"type": "string", "maxLength": 120},
    "founding": {"type": "string", "enum": ["true", "false"]},
    "during": {
        "type": "string",
        "pattern": r"^[1-9]\d{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
    },
}


PRECONDITION_FAILED = (
    "If-Match names another version of the record: nothing was changed. The current ETag is in "
    "the response's ETag header."
)
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "The ETag of the record as last read; a write to a changed record then gets a "
    "412 instead of overwriting the other change. Clients should send it.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular hook: document every error response on every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "description": "`detail` for general errors; otherwise one list of messages per field or parameter.",
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": {
            "oneOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "string"},
                {"type": "object"},
            ]
        },
    }
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_RESPONSES.items():
                responses.setdefault(
                    str(status),
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
            if method in {"put", "patch", "delete"}:
                # Fresh dicts each time: the loop below adds to each response's content.
                json_error = {"schema": {"$ref": "#/components/schemas/Error"}}
                responses.setdefault(
                    "412",
                    {
                        "description": PRECONDITION_FAILED,
                        "content": {"application/json": json_error},
                    },
                )
                operation.setdefault("parameters", []).append(dict(IF_MATCH))
            if method in {"get", "head"} and {} not in operation.setdefault("security", []):
                operation["security"].append({})  # reading needs no account
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter.get("name") in QUERY_CONSTRAINTS:
                    parameter["schema"] = {
                        **parameter.get("schema", {}),
                        **QUERY_CONSTRAINTS[parameter["name"]],
                    }
                if parameter.get("name") == "format" and parameter.get("in") == "query":
                    # ?format=csv answers in CSV, errors included; the HTML browsable view is not part of the contract.
                    parameter["schema"] = {"type": "string", "enum": ["json", "csv"]}
                    parameter["description"] = (
                        "`csv` exports the whole filtered list (or the record) as CSV."
                    )
                    for response in responses.values():
                        if "content" in response:  # a 204 has no body, in CSV or otherwise
                            response["content"]["text/csv"] = {"schema": {"type": "string"}}
    return result


def api_exception_handler(exc, context):
    """DRF's handler, plus database constraint errors as a 400 instead of a 500."""
    if isinstance(exc, ProtectedError | RestrictedError):
        others = sorted(
            {str(obj) for obj in exc.protected_objects}
            if isinstance(exc, ProtectedError)
            else {str(obj) for obj in exc.restricted_objects}
        )
        return Response(
            {
                "detail": "This record cannot be deleted while other records refer to it.",
                "referred_to_by": others[:50],
            },
            status=400,
        )
    if isinstance(exc, IntegrityError):
        return Response(
            {
                "detail": "The change conflicts with another record or breaks a rule of the knowledge base.",
                "error": str(exc).splitlines()[0][:300],
            },
            status=400,
        )
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    response = exception_handler(exc, context)
    if isinstance(exc, PreconditionFailed):
        response["ETag"] = exc.etag  # the version to read again
    return response


UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    str,
    description="Only records changed on or after this date or date-time (ISO 8601).",
)


def record_viewset_schema(name: str):
    return extend_schema_view(
        list=extend_schema(summary=f"List {name}"),
        retrieve=extend_schema(summary=f"One of the {name}, by slug"),
    )


class ListExportMixin:
    """Slug lookups, a stable default order, `?format=csv` for the whole filtered list, Last-Modified."""

    lookup_value_regex = SLUG_PATTERN
    # No HTML browsable renderer: its templates need inline styles, which the strict CSP refuses.
    # People browse the API through Swagger UI at /api/v1/docs/.
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]
    ordering = ["slug"]

    def list(self, request, *args, **kwargs):
        if getattr(request.accepted_renderer, "format", None) == "csv":
            queryset = self.filter_queryset(self.get_queryset())
            serializer = self.get_serializer(queryset, many=True)
            response = Response({"header": list(serializer.child.fields), "rows": serializer.data})
            response["Content-Disposition"] = f'attachment; filename="{self.basename}.csv"'
            return response
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        updated = getattr(instance, "updated_at", None)
        if updated:
            response["Last-Modified"] = http_date(updated.timestamp())
            # The record's version, which If-Match on a write compares (ConditionalGetMiddleware
            # and the page cache keep an ETag already set, so this is the one clients see).
            response["ETag"] = record_etag(instance, request.accepted_renderer.format)
        return response


class ReadOnlyViewSet(ListExportMixin, viewsets.ReadOnlyModelViewSet):
    """Read for everyone; these resources are maintained by the knowledge-base loader and the admin."""


def check_if_match(request, instance):
    """Refuse a write whose If-Match names another version of the record (none: no check)."""
    header = request.headers.get("If-Match")
    if header is None:
        return
    tags = parse_etags(header)
    if not tags:
        raise ValidationError(
            {"If-Match": ["Send the ETag exactly as a GET returned it, in double quotes, or *."]}
        )
    current = record_etag(instance)
    if "*" in tags or current is None:
        return
    if not set(tags) & {record_etag(instance, variant) for variant in ("json", "csv")}:
        raise PreconditionFailed(current)


def log(request, instance, action, message):
    """Record a write in the record's history, where the admin shows it."""
    LogEntry.objects.log_actions(
        user_id=request.user.pk,
        queryset=[instance],
        action_flag=action,
        change_message=message,
        single_object=True,
    )
