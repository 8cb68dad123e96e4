"""API resources for sources, citations and recorded disagreements."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from core.api import (
    FastHyperlinkedIdentityField,
    FastHyperlinkedRelatedField,
    ReadOnlyViewSet,
    RecordViewSet,
    absolute,
    record_viewset_schema,
)
from core.api_filters import RecordFilterMixin
from sources.models import Citation, Conflict, ConflictClaim, Source, with_citations


class CitationInlineSerializer(serializers.ModelSerializer):
    source_title = serializers.CharField(source="source.title", read_only=True)
    url = serializers.SerializerMethodField(
        help_text="The passage, highlighted on the source page."
    )

    class Meta:
        model = Citation
        fields = ["source", "source_title", "passage", "locator", "url"]

    def get_url(self, citation) -> str:
        return absolute(self.context, citation.get_absolute_url())

    def to_representation(self, citation):
        # The fields above, written out: every record of a list carries its citations, and DRF's
        # per-field machinery costs more than the data. The schema still comes from the fields.
        return {
            "source": citation.source_id,
            "source_title": citation.source.title,
            "passage": citation.passage,
            "locator": citation.locator,
            "url": self.get_url(citation),
        }


class RecordSerializer(serializers.HyperlinkedModelSerializer):
    """A record with its slug, its API and web addresses, and its citations inline."""

    serializer_related_field = FastHyperlinkedRelatedField
    serializer_url_field = FastHyperlinkedIdentityField

    slug = serializers.SlugField(max_length=120)
    citations = CitationInlineSerializer(source="citation_list", many=True, read_only=True)
    web_url = serializers.SerializerMethodField()

    def get_web_url(self, record) -> str:
        return absolute(self.context, record.get_absolute_url())

    def validate(self, attrs):
        """The admin's validation: model clean(), unique checks and database constraints."""
        instance = self.instance or self.Meta.model()
        for name, value in attrs.items():
            setattr(instance, name, value)
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return attrs

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            # The slug is the record's identity; changing it would make a new record.
            fields["slug"].read_only = True
        return fields


RECORD_TYPES = [
    "participant",
    "person",
    "nationalmeasure",
    "body",
    "membership",
    "meeting",
    "document",
    "figure",
    "objectivelist",
]


class SourceSerializer(serializers.HyperlinkedModelSerializer):
    web_url = serializers.SerializerMethodField(
        help_text="The full text, with every cited passage marked."
    )

    class Meta:
        model = Source
        fields = [
            "url",
            "slug",
            "title",
            "short_title",
            "kind",
            "author",
            "speaks_for",
            "speaks_for_precision",
            "speaks_for_note",
            "summary",
            "web_url",
        ]
        extra_kwargs = {"url": {"view_name": "api:source-detail"}}

    def get_web_url(self, source) -> str:
        return self.context["request"].build_absolute_uri(source.get_absolute_url())


class SourceFilter(django_filters.FilterSet):
    class Meta:
        model = Source
        fields = ["kind"]


@record_viewset_schema("sources")
class SourceViewSet(ReadOnlyViewSet):
    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    ordering_fields = ["slug", "speaks_for"]


class CitationFilter(django_filters.FilterSet):
    source = django_filters.ModelChoiceFilter(queryset=Source.objects.all(), to_field_name="slug")
    record_type = django_filters.ChoiceFilter(
        choices=[(t, t) for t in RECORD_TYPES],
        method="of_type",
        label="Type of the record cited for",
    )
    record = django_filters.CharFilter(
        field_name="object_id", max_length=120, label="Slug of the record"
    )
    search = django_filters.CharFilter(
        field_name="passage", lookup_expr="icontains", max_length=200
    )

    class Meta:
        model = Citation
        fields = ["source", "record_type", "record", "search"]

    def of_type(self, queryset, name, value):
        return queryset.filter(content_type__in=ContentType.objects.filter(model=value))


class CitationSerializer(CitationInlineSerializer):
    record_type = serializers.CharField(source="content_type.model", read_only=True)
    record = serializers.CharField(source="object_id", read_only=True)

    class Meta(CitationInlineSerializer.Meta):
        fields = ["id", "record_type", "record", *CitationInlineSerializer.Meta.fields]

    def to_representation(self, citation):
        return {
            "id": citation.id,
            "record_type": citation.content_type.model,
            "record": citation.object_id,
            **super().to_representation(citation),
        }


@record_viewset_schema("citations")
class CitationViewSet(ReadOnlyViewSet):
    serializer_class = CitationSerializer
    filterset_class = CitationFilter
    lookup_value_regex = r"[0-9]+"
    ordering_fields = ["id", "source"]
    ordering = ["id"]

    def get_queryset(self):
        return Citation.objects.select_related("source", "content_type")


class ClaimSerializer(serializers.ModelSerializer):
    citations = CitationInlineSerializer(source="citation_list", many=True, read_only=True)

    class Meta:
        model = ConflictClaim
        fields = ["slug", "claim", "citations"]


class ConflictSerializer(RecordSerializer):
    claims = ClaimSerializer(many=True, read_only=True)
    about = serializers.SerializerMethodField()

    class Meta:
        model = Conflict
        fields = [
            "url",
            "slug",
            "title",
            "kind",
            "summary",
            "about",
            "claims",
            "web_url",
            "updated_at",
            "citations",
        ]
        read_only_fields = ["updated_at"]
        extra_kwargs = {"url": {"view_name": "api:conflict-detail"}}

    def get_about(self, conflict) -> str | None:
        if not conflict.about_type_id:
            return None
        # The records a conflict can concern build their address from the slug alone: no query.
        record = conflict.about_type.model_class()(pk=conflict.about_id)
        return self.context["request"].build_absolute_uri(record.get_absolute_url())


class ConflictFilter(RecordFilterMixin):
    class Meta:
        model = Conflict
        fields = ["kind", "updated_since"]


@record_viewset_schema("recorded disagreements between sources")
class ConflictViewSet(RecordViewSet):
    serializer_class = ConflictSerializer
    filterset_class = ConflictFilter
    ordering_fields = ["slug", "title", "updated_at"]

    def get_queryset(self):
        return Conflict.objects.select_related("about_type").prefetch_related(
            with_citations(),
            Prefetch("claims", queryset=ConflictClaim.objects.prefetch_related(with_citations())),
        )
