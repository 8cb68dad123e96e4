"""API resources for meetings, documents, objectives and figures."""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import (
    FastHyperlinkedRelatedField,
    record_viewset_schema,
    related_link,
)
from core.api_filters import RecordFilterMixin
from core.forms import PartialDateField
from meetings.filters import MeetingFilter
from meetings.models import (
    Document,
    Figure,
    Meeting,
    MeetingRole,
    Objective,
    ObjectiveList,
    Outcome,
)
from members.models import Participant
from sources.api import RecordSerializer, RecordViewSet
from sources.models import with_citations
from workinggroups.models import Body


@extend_schema_field(OpenApiTypes.STR)
class PartialDateFilter(django_filters.Filter):
    field_class = PartialDateField


class MeetingAPIFilter(RecordFilterMixin, MeetingFilter):
    search = django_filters.CharFilter(
        method="matching", label="Search titles, places and summaries", max_length=200
    )
    during = PartialDateFilter(
        method="overlapping",
        label="Overlapping a date: YYYY, YYYY-MM or YYYY-MM-DD ('2015' overlaps '2015-05')",
    )
    date_from = django_filters.DateFilter(
        field_name="ends_on", lookup_expr="gte", label="Ending on or after"
    )
    date_to = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="lte", label="Starting on or before"
    )

    class Meta(MeetingFilter.Meta):
        fields = [
            *MeetingFilter.Meta.fields,
            "search",
            "during",
            "date_from",
            "date_to",
            "updated_since",
        ]

    def overlapping(self, queryset, name, value):
        first, last, _precision = value
        return queryset.overlapping(first, last)


def link_or_null(view_name: str) -> FastHyperlinkedRelatedField:
    """A link to a record the row may not have (null), so the OpenAPI schema says it can be null."""
    return FastHyperlinkedRelatedField(view_name=view_name, read_only=True, allow_null=True)


class MeetingRoleSerializer(serializers.ModelSerializer):
    # A role is held by a participant, a person or a body: two of the three are always null.
    participant = link_or_null("api:participant-detail")
    person = link_or_null("api:person-detail")
    body = link_or_null("api:body-detail")

    class Meta:
        model = MeetingRole
        fields = ["slug", "role", "participant", "person", "body"]

    def to_representation(self, role):
        # Written out: a page of meetings holds hundreds of roles (see CitationInlineSerializer).
        fields = self.fields
        return {
            "slug": role.slug,
            "role": role.role,
            "participant": related_link(fields["participant"], role.participant_id),
            "person": related_link(fields["person"], role.person_id),
            "body": related_link(fields["body"], role.body_id),
        }


class OutcomeSerializer(serializers.ModelSerializer):
    document = link_or_null("api:document-detail")
    body = link_or_null("api:body-detail")

    class Meta:
        model = Outcome
        fields = ["slug", "verb", "description", "document", "body"]

    def to_representation(self, outcome):
        fields = self.fields
        return {
            "slug": outcome.slug,
            "verb": outcome.verb,
            "description": outcome.description,
            "document": related_link(fields["document"], outcome.document_id),
            "body": related_link(fields["body"], outcome.body_id),
        }


class MeetingSerializer(RecordSerializer):
    date_display = serializers.CharField(read_only=True)
    roles = MeetingRoleSerializer(source="role_list", many=True, read_only=True)
    outcomes = OutcomeSerializer(source="outcome_list", many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "url",
            "slug",
            "title",
            "kind",
            "body",
            "series",
            "ordinal",
            "starts_on",
            "ends_on",
            "date_precision",
            "date_display",
            "city",
            "region",
            "country",
            "summary",
            "roles",
            "outcomes",
            "web_url",
            "updated_at",
            "citations",
        ]
        read_only_fields = ["updated_at"]
        extra_kwargs = {
            "url": {"view_name": "api:meeting-detail"},
            "body": {"view_name": "api:body-detail"},
            "country": {"view_name": "api:participant-detail"},
        }


@record_viewset_schema("meetings")
class MeetingViewSet(RecordViewSet):
    serializer_class = MeetingSerializer
    filterset_class = MeetingAPIFilter
    ordering_fields = ["slug", "starts_on", "ends_on", "title", "kind", "updated_at"]
    ordering = ["starts_on", "slug"]

    def get_queryset(self):
        return Meeting.objects.prefetch_related(
            with_citations(),
            Prefetch("roles", queryset=MeetingRole.objects.all(), to_attr="prefetched_roles"),
            Prefetch(
                "outcomes",
                queryset=Outcome.objects.all(),
                to_attr="prefetched_outcomes",
            ),
        )


class DocumentFilter(RecordFilterMixin):
    body = django_filters.ModelChoiceFilter(queryset=Body.objects.all(), to_field_name="slug")
    adopted_at = django_filters.ModelChoiceFilter(
        queryset=Meeting.objects.all(), to_field_name="slug"
    )
    search = django_filters.CharFilter(field_name="title", lookup_expr="icontains", max_length=200)

    class Meta:
        model = Document
        fields = ["kind", "body", "adopted_at", "search", "updated_since"]


class DocumentSerializer(RecordSerializer):
    dated_display = serializers.CharField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "url",
            "slug",
            "title",
            "kind",
            "dated",
            "dated_precision",
            "dated_display",
            "adopted_at",
            "body",
            "source",
            "summary",
            "web_url",
            "updated_at",
            "citations",
        ]
        read_only_fields = ["updated_at"]
        extra_kwargs = {
            "url": {"view_name": "api:document-detail"},
            "adopted_at": {"view_name": "api:meeting-detail"},
            "body": {"view_name": "api:body-detail"},
            "source": {"view_name": "api:source-detail"},
        }


@record_viewset_schema("documents")
class DocumentViewSet(RecordViewSet):
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    ordering_fields = ["slug", "title", "dated", "updated_at"]

    def get_queryset(self):
        return Document.objects.prefetch_related(with_citations())


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objective
        fields = ["position", "text"]


class ObjectiveListSerializer(RecordSerializer):
    objectives = ObjectiveSerializer(many=True, read_only=True)
    agreed_display = serializers.CharField(read_only=True)

    class Meta:
        model = ObjectiveList
        fields = [
            "url",
            "slug",
            "title",
            "agreed",
            "agreed_precision",
            "agreed_display",
            "meeting",
            "previous",
            "summary",
            "objectives",
            "web_url",
            "updated_at",
            "citations",
        ]
        read_only_fields = ["updated_at"]
        extra_kwargs = {
            "url": {"view_name": "api:objectivelist-detail"},
            "meeting": {"view_name": "api:meeting-detail"},
            "previous": {"view_name": "api:objectivelist-detail"},
        }


class ObjectiveListFilter(RecordFilterMixin):
    class Meta:
        model = ObjectiveList
        fields = ["updated_since"]


@record_viewset_schema("objective lists")
class ObjectiveListViewSet(RecordViewSet):
    serializer_class = ObjectiveListSerializer
    filterset_class = ObjectiveListFilter
    ordering_fields = ["slug", "agreed", "updated_at"]
    ordering = ["agreed", "slug"]

    def get_queryset(self):
        return ObjectiveList.objects.prefetch_related(with_citations(), "objectives")


class FigureFilter(RecordFilterMixin):
    participant = django_filters.ModelChoiceFilter(
        queryset=Participant.objects.all(), to_field_name="slug"
    )
    body = django_filters.ModelChoiceFilter(queryset=Body.objects.all(), to_field_name="slug")
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.all(), to_field_name="slug")
    year = django_filters.NumberFilter(min_value=1900, max_value=2100)

    class Meta:
        model = Figure
        fields = ["participant", "body", "meeting", "year", "updated_since"]


class FigureSerializer(RecordSerializer):
    value_display = serializers.CharField(read_only=True)

    class Meta:
        model = Figure
        fields = [
            "url",
            "slug",
            "label",
            "value",
            "value_display",
            "at_least",
            "approximate",
            "year",
            "participant",
            "body",
            "meeting",
            "context",
            "web_url",
            "updated_at",
            "citations",
        ]
        read_only_fields = ["updated_at"]
        extra_kwargs = {
            "url": {"view_name": "api:figure-detail"},
            "participant": {"view_name": "api:participant-detail"},
            "body": {"view_name": "api:body-detail"},
            "meeting": {"view_name": "api:meeting-detail"},
        }


@record_viewset_schema("figures")
class FigureViewSet(RecordViewSet):
    serializer_class = FigureSerializer
    filterset_class = FigureFilter
    ordering_fields = ["slug", "year", "value", "updated_at"]

    def get_queryset(self):
        return Figure.objects.select_related("participant", "body", "meeting").prefetch_related(
            with_citations()
        )
