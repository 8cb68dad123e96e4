"""The `changes` API resource: the public history as JSON, with the change list's filters and
`since=` for incremental sync (a client passes the newest `at` it holds, and drops ids it has)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import renderers, serializers, viewsets
from rest_framework.exceptions import ValidationError

from changes.forms import ChangeFilterForm
from changes.history import ChangeLog
from core.api_policy import Pagination
from core.origin import on_site


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field, in words.")
    old = serializers.CharField(allow_null=True)
    new = serializers.CharField(allow_null=True)


class CitationChangeSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="The source's short title.")
    passage = serializers.CharField()
    locator = serializers.CharField()


class ChangeSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Stable: the kind of row and its history number.")
    at = serializers.DateTimeField()
    action = serializers.ChoiceField(choices=["added", "changed", "deleted"])
    kind = serializers.CharField(help_text="The record's kind, as `?kind=` takes it.")
    record = serializers.CharField(source="slug")
    label = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The page showing the record, if any.")
    history_url = serializers.SerializerMethodField()
    by = serializers.CharField(help_text="“an editor”, an editor's public name, or a reload.")
    from_editor = serializers.BooleanField()
    changes = FieldChangeSerializer(many=True)
    citation = CitationChangeSerializer(allow_null=True)

    def _absolute(self, path):
        request = self.context["request"]
        return on_site(request, request.build_absolute_uri(path)) if path else None

    def get_url(self, entry) -> str | None:
        return self._absolute(entry.url)

    def get_history_url(self, entry) -> str | None:
        return self._absolute(entry.history_url)


FILTERS = [
    OpenApiParameter("kind", str, description="Only this kind of record (e.g. body, membership)."),
    OpenApiParameter(
        "record", str, description="Only this record (its slug), with its parts and citations."
    ),
    OpenApiParameter(
        "since", OpenApiTypes.DATETIME, description="Changes at or after this date or date-time."
    ),
    OpenApiParameter("until", OpenApiTypes.DATE, description="Changes on or before this date."),
]


class ChangeViewSet(viewsets.GenericViewSet):
    """Every change to the knowledge base, newest first."""

    serializer_class = ChangeSerializer
    renderer_classes = [renderers.JSONRenderer]
    filter_backends = []
    pagination_class = Pagination

    @extend_schema(summary="List changes", parameters=FILTERS)
    def list(self, request):
        # The page's form: one set of rules and sentences for the page, its feed and the API.
        form = ChangeFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(
                {
                    name: [error["message"] for error in errors]
                    for name, errors in form.errors.get_json_data().items()
                }
            )
        page = self.paginate_queryset(ChangeLog(form.filters()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
