"""API resources for participants, people and national measures."""

import django_filters
from rest_framework import serializers

from core.api import record_viewset_schema
from core.api_filters import RecordFilterMixin
from members.filters import ParticipantFilter
from members.models import NameVariant, NationalMeasure, Participant, Person
from sources.api import RecordSerializer, RecordViewSet, record_fields
from sources.models import with_citations


class ParticipantAPIFilter(RecordFilterMixin, ParticipantFilter):
    search = django_filters.CharFilter(
        method="matching", label="Search names and name variants", max_length=200
    )

    class Meta(ParticipantFilter.Meta):
        fields = [*ParticipantFilter.Meta.fields, "search", "updated_since"]


class NameVariantSerializer(serializers.ModelSerializer):
    class Meta:
        model = NameVariant
        fields = ["name"]


class ParticipantSerializer(RecordSerializer):
    name_variants = NameVariantSerializer(many=True, read_only=True)

    class Meta:
        model = Participant
        fields = record_fields(
            "name",
            "short_name",
            "kind",
            "status",
            "founding",
            "iso_code",
            "description",
            "name_variants",
        )


@record_viewset_schema("participants")
class ParticipantViewSet(RecordViewSet):
    serializer_class = ParticipantSerializer
    filterset_class = ParticipantAPIFilter
    ordering_fields = ["slug", "name", "kind", "status", "updated_at"]
    ordering = ["name"]

    def get_queryset(self):
        return Participant.objects.prefetch_related(with_citations(), "name_variants")


class PersonFilter(RecordFilterMixin):
    participant = django_filters.ModelChoiceFilter(
        queryset=Participant.objects.all(), to_field_name="slug"
    )

    class Meta:
        model = Person
        fields = ["participant", "updated_since"]


class PersonSerializer(RecordSerializer):
    class Meta:
        model = Person
        fields = record_fields("name", "title", "participant")


@record_viewset_schema("people")
class PersonViewSet(RecordViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    ordering_fields = ["slug", "name", "updated_at"]
    ordering = ["name"]

    def get_queryset(self):
        return Person.objects.prefetch_related(with_citations())


class NationalMeasureFilter(RecordFilterMixin):
    participant = django_filters.ModelChoiceFilter(
        queryset=Participant.objects.all(), to_field_name="slug"
    )
    year = django_filters.NumberFilter(min_value=1900, max_value=2100)

    class Meta:
        model = NationalMeasure
        fields = ["participant", "kind", "year", "updated_since"]


class NationalMeasureSerializer(RecordSerializer):
    class Meta:
        model = NationalMeasure
        fields = record_fields("participant", "kind", "title", "year", "description", "amends")


@record_viewset_schema("national measures")
class NationalMeasureViewSet(RecordViewSet):
    serializer_class = NationalMeasureSerializer
    filterset_class = NationalMeasureFilter
    ordering_fields = ["slug", "year", "title", "updated_at"]

    def get_queryset(self):
        return NationalMeasure.objects.select_related("participant").prefetch_related(
            with_citations()
        )
