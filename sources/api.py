"""API resources for sources, citations and recorded disagreements."""

import django_filters
from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils import model_meta

from core.api import (
    LinkedSerializer,
    ListExportMixin,
    ReadOnlyViewSet,
    absolute,
    check_if_match,
    log,
    record_etag,
    record_viewset_schema,
)
from core.api_filters import RecordFilterMixin
from core.links import SLUG_PATTERN, slug_url, validate_lower_slug
from core.partialdates import parse_partial
from sources.adding import add_source, check_new_source, new_source, read_upload
from sources.coverage import coverage_figures
from sources.editing import CHANGE_FIELDS, delete_records, record_changed
from sources.extraction import ExtractionError, check_size
from sources.models import (
    Citation,
    Conflict,
    ConflictClaim,
    SentenceMark,
    Source,
    with_citations,
)


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


def record_fields(*fields: str) -> list[str]:
    """A record serializer's fields: its address and slug, `fields`, then what every record ends with."""
    return ["url", "slug", *fields, "web_url", "updated_at", "citations"]


class RecordSerializer(LinkedSerializer):
    """A record with its slug, its API and web addresses, and its citations inline."""

    # The model's rule (lower case), stated here too so that the OpenAPI schema gives its pattern.
    slug = serializers.RegexField(
        rf"^{SLUG_PATTERN}\Z",
        max_length=120,
        error_messages={"invalid": validate_lower_slug.message},
    )
    citations = CitationInlineSerializer(source="citation_list", many=True, read_only=True)
    web_url = serializers.SerializerMethodField()
    # The server sets a record's last change on every write.
    updated_at = serializers.DateTimeField(read_only=True)

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

    def create(self, validated_data):
        """DRF's create, with the record marked as the editor's (record_changed) before its save."""
        info = model_meta.get_field_info(self.Meta.model)
        to_many = {
            name: validated_data.pop(name)
            for name, relation in info.relations.items()
            if relation.to_many and name in validated_data
        }
        instance = self.Meta.model(**validated_data)
        record_changed(instance, created=True)
        instance.save(force_insert=True)
        for name, value in to_many.items():
            getattr(instance, name).set(value)
        return instance

    def update(self, instance, validated_data):
        """DRF's update, saving only the fields sent, the record marked as the editor's."""
        # DRF saves every column, so two PATCHes of different fields would each write back the
        # other's old value; with update_fields each writes only its own.
        info = model_meta.get_field_info(instance)
        to_many = {}
        for name, value in validated_data.items():
            if name in info.relations and info.relations[name].to_many:
                to_many[name] = value
            else:
                setattr(instance, name, value)
        record_changed(instance)
        sent = [name for name in validated_data if name not in to_many] + CHANGE_FIELDS
        # The other fields as the row now stands, locked: django-simple-history copies the whole
        # instance into the history, which must not record another editor's change as undone.
        model = type(instance)
        others = [
            f.name for f in model._meta.concrete_fields if f.name not in sent and not f.primary_key
        ]
        instance.refresh_from_db(
            fields=others, from_queryset=model._default_manager.select_for_update(of=("self",))
        )
        instance.save(update_fields=sent)
        for name, value in to_many.items():
            getattr(instance, name).set(value)
        return instance


# The methods that change a record, and so check If-Match under a row lock.
WRITES = {"PUT", "PATCH", "DELETE"}


class RecordViewSet(ListExportMixin, viewsets.ModelViewSet):
    """Read for everyone, write for editors; every write is validated, atomic and logged.

    PUT, PATCH and DELETE honour If-Match: a stale ETag gets a 412 and changes nothing."""

    def get_object(self):
        if self.request.method not in WRITES:
            return super().get_object()
        # Lock the row until the write commits (update() and destroy() hold the transaction), so
        # that the If-Match check, the validation and the write all see the version they change.
        # SQLite has no row locks; its transactions begin IMMEDIATE (settings), which queues writers.
        key = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        model = self.get_queryset().model
        # No ORDER BY: a model ordered by a related field would join it, and PostgreSQL locks no
        # nullable side of an outer join.
        rows = model._default_manager.filter(pk=key).order_by()
        list(rows.select_for_update(of=("self",)).values_list("pk"))
        instance = super().get_object()  # read after the lock: the current version
        check_if_match(self.request, instance)
        return instance

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response["ETag"] = record_etag(self.written)
        return response

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().update(request, *args, **kwargs)
        response["ETag"] = record_etag(self.written)
        return response

    @transaction.atomic
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    @transaction.atomic
    def perform_create(self, serializer):
        instance = self.written = serializer.save()
        log(self.request, instance, ADDITION, "Added through the API.")

    @transaction.atomic
    def perform_update(self, serializer):
        instance = self.written = serializer.save()
        changed = ", ".join(sorted(serializer.validated_data)) or "nothing"
        log(self.request, instance, CHANGE, f"Changed through the API: {changed}.")

    @transaction.atomic
    def perform_destroy(self, instance):
        log(self.request, instance, DELETION, "Deleted through the API.")
        delete_records([instance], user=self.request.user)


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


class SourceOriginalSerializer(serializers.Serializer):
    url = serializers.URLField()
    format = serializers.CharField()
    media_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class SourceSerializer(LinkedSerializer):
    web_url = serializers.SerializerMethodField(
        help_text="The full text, with every cited passage marked."
    )
    coverage = serializers.SerializerMethodField(
        help_text="Its sentences and list items: how many, how many records cite, how many an "
        "editor marked as carrying no fact, those two together, and that as a whole percentage."
    )
    coverage_url = serializers.SerializerMethodField(
        help_text="The coverage page: each sentence and whether it is cited."
    )
    original = serializers.SerializerMethodField(
        help_text="The file the source was made from: where to download it, its format, size and "
        "SHA-256; null if it has none."
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
            "original_url",
            "speaks_for",
            "speaks_for_precision",
            "speaks_for_note",
            "summary",
            "text_sha256",
            "web_url",
            "coverage",
            "coverage_url",
            "original",
        ]

    def get_web_url(self, source) -> str:
        return absolute(self.context, source.get_absolute_url())

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                name: {"type": "integer"}
                for name in ("units", "cited", "marked", "covered", "percent")
            },
        }
    )
    def get_coverage(self, source) -> dict:
        # The figures of every source of the response at once: two queries for the whole list.
        figures = self.context.get("coverage_figures")
        if figures is None or source.slug not in figures:
            listed = self.parent.instance if self.parent is not None else None
            sources = list(listed) if listed is not None else [source]
            figures = self.context["coverage_figures"] = coverage_figures(sources)
        return figures[source.slug].as_dict()

    def get_coverage_url(self, source) -> str:
        return absolute(self.context, slug_url("sources:coverage", source.slug))

    @extend_schema_field(SourceOriginalSerializer(allow_null=True))
    def get_original(self, source):
        original = getattr(source, "file", None)
        if original is None:
            return None
        return {
            "url": absolute(self.context, reverse("sources:original", args=[source.pk])),
            "format": original.format,
            "media_type": original.media_type,
            "size": original.size,
            "sha256": original.sha256,
        }


class NewSourceSerializer(serializers.Serializer):
    """A source to add: its details, and a file (multipart) or its text (JSON or form)."""

    slug = serializers.RegexField(
        rf"^{SLUG_PATTERN}\Z",
        max_length=120,
        required=False,
        error_messages={"invalid": validate_lower_slug.message},
        help_text="Its address, /sources/<slug>/; made from the title when left out.",
    )
    title = serializers.CharField(max_length=300)
    short_title = serializers.CharField(max_length=40, help_text="Label of the citation markers.")
    kind = serializers.ChoiceField(choices=Source.Kind.choices)
    author = serializers.CharField(max_length=200, required=False, allow_blank=True)
    original_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    speaks_for = serializers.CharField(
        max_length=10,
        help_text='The date or period it speaks for, as precisely as known: "2025", "2025-02" or '
        '"2025-02-10".',
    )
    speaks_for_note = serializers.CharField(max_length=100, required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    file = serializers.FileField(
        required=False, help_text="A .txt, .md, .html or .pdf file (multipart/form-data)."
    )
    text = serializers.CharField(
        required=False, trim_whitespace=False, help_text="The text itself, if there is no file."
    )
    preview = serializers.BooleanField(
        default=False,
        help_text="Only extract the text and check the source: answer 200 with the text, save nothing.",
    )

    def validate_speaks_for(self, value):
        try:
            first, _last, precision = parse_partial(value)
        except ValueError as error:
            raise ValidationError(str(error)) from error
        return first, precision

    def validate(self, attrs):
        fields = {k: v for k, v in attrs.items() if k not in {"file", "text", "preview"}}
        fields["speaks_for"], fields["speaks_for_precision"] = fields.pop("speaks_for")
        source = new_source(fields)
        upload = attrs.get("file")
        try:
            if upload is not None:
                check_size(upload.size)  # before reading a byte of it
            read = read_upload(
                name=upload.name if upload is not None else "",
                content=upload.read() if upload is not None else None,
                pasted=attrs.get("text", ""),
            )
            check_new_source(source, read)
        except ExtractionError as error:
            raise ValidationError({"file": [str(error)]}) from error
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return {"source": source, "upload": read, "preview": attrs["preview"]}


class SourcePreviewSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The text as it would be published.")
    format = serializers.CharField()
    media_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class SentenceMarkSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="slug", queryset=Source.objects.all())
    marked_by = serializers.CharField(source="marked_by.username", read_only=True, default=None)

    class Meta:
        model = SentenceMark
        fields = ["id", "source", "text", "key", "reason", "note", "marked_by", "marked_at"]
        read_only_fields = ["key", "marked_at"]

    def validate(self, attrs):
        instance = self.instance or SentenceMark()
        for name, value in attrs.items():
            setattr(instance, name, value)
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        attrs["text"] = instance.text  # as full_clean() normalised it
        return attrs


class SentenceMarkFilter(django_filters.FilterSet):
    source = django_filters.ModelChoiceFilter(queryset=Source.objects.all(), to_field_name="slug")

    class Meta:
        model = SentenceMark
        fields = ["source", "reason"]


@record_viewset_schema("sentence marks (sentences an editor marked as carrying no fact)")
class SentenceMarkViewSet(ListExportMixin, viewsets.ModelViewSet):
    """Read for everyone; editors mark a sentence of a source, change the reason or unmark it."""

    serializer_class = SentenceMarkSerializer
    filterset_class = SentenceMarkFilter
    lookup_value_regex = r"[0-9]+"
    ordering_fields = ["id", "marked_at"]
    ordering = ["id"]

    def get_queryset(self):
        return SentenceMark.objects.select_related("marked_by")

    @transaction.atomic
    def perform_create(self, serializer):
        mark = serializer.save(marked_by=self.request.user)
        log(self.request, mark, ADDITION, "Added through the API.")

    @transaction.atomic
    def perform_update(self, serializer):
        mark = serializer.save()
        log(self.request, mark, CHANGE, "Changed through the API.")

    @transaction.atomic
    def perform_destroy(self, instance):
        log(self.request, instance, DELETION, "Deleted through the API.")
        instance.delete()


class SourceFilter(django_filters.FilterSet):
    class Meta:
        model = Source
        fields = ["kind"]


@record_viewset_schema("sources")
class SourceViewSet(ListExportMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Read for everyone; editors add sources (POST). Changing a source's text is the admin's."""

    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    ordering_fields = ["slug", "speaks_for"]

    def get_queryset(self):
        # The original file's details, not its bytes.
        return Source.objects.with_text().select_related("file").defer("file__content")

    def get_serializer_class(self):
        return NewSourceSerializer if self.action == "create" else SourceSerializer

    @extend_schema(
        summary="Add a source",
        request={
            "multipart/form-data": NewSourceSerializer,
            "application/json": NewSourceSerializer,
        },
        responses={
            201: SourceSerializer,
            200: OpenApiResponse(
                SourcePreviewSerializer, description="With preview: nothing saved."
            ),
            400: OpenApiResponse(description="What is wrong, field by field; nothing saved."),
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = NewSourceSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        source, upload = serializer.validated_data["source"], serializer.validated_data["upload"]
        if serializer.validated_data["preview"]:
            return Response(
                {
                    "text": upload.text,
                    "format": upload.format,
                    "media_type": upload.media_type,
                    "size": len(upload.content),
                    "sha256": upload.sha256,
                }
            )
        try:
            with transaction.atomic():
                source = add_source(source, upload, user=request.user)
                log(request, source, ADDITION, "Added through the API.")
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        written = self.get_queryset().get(pk=source.pk)
        data = SourceSerializer(written, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["url"]})


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
        fields = record_fields("title", "kind", "summary", "about", "claims")

    def get_about(self, conflict) -> str | None:
        if not conflict.about_type_id:
            return None
        # The records a conflict can concern build their address from the slug alone: no query.
        record = conflict.about_type.model_class()(pk=conflict.about_id)
        return absolute(self.context, record.get_absolute_url())


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
