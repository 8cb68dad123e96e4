"""Provenance: the source documents, the passages cited from them, and where they disagree."""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import connection, models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.links import slug_url, validate_lower_slug
from core.partialdates import (
    FIRST,
    Precision,
    format_partial,
    partial_date_constraint,
    precision_errors,
)
from core.sentences import nearest_passage, split, unit_key
from core.text import control_character_error, normalise

# The apps whose models make up the knowledge base (listed once, in settings).
KNOWLEDGE_APPS = tuple(settings.KNOWLEDGE_APPS)

# The largest numbers PostgreSQL's columns hold. Django checks a field against the database in use,
# and SQLite holds any 64-bit number: stated on the fields, both refuse alike (and so a backup from
# SQLite restores on PostgreSQL).
FITS_SMALLINT = MaxValueValidator(32767)
FITS_INTEGER = MaxValueValidator(2147483647)

# A source's date, as (date field, precision field, side): see workinggroups.models.
SOURCE_DATES = [("speaks_for", "speaks_for_precision", FIRST)]


class PlainText:
    """A model mixin: its text fields refuse control characters, and its one-line fields line breaks.

    Checked in clean_fields(), which the admin and the API (full_clean()) call, and by the loader
    through control_character_errors(): what the database holds can go into XML and iCalendar.
    """

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name, message in control_character_errors(self, exclude).items():
            errors.setdefault(name, []).append(message)
        if errors:
            raise ValidationError(errors)


def control_character_errors(instance, exclude=None) -> dict[str, str]:
    """{field name: sentence} for each text field of the instance that holds a control character."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.name in (
            exclude or ()
        ):
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            message = control_character_error(
                value, single_line=not isinstance(field, models.TextField)
            )
            if message:
                errors[field.name] = message
    return errors


class Record(PlainText, models.Model):
    """A fact-bearing row: a stable slug, the passages it rests on, and whether an editor changed it."""

    slug = models.SlugField(primary_key=True, max_length=120, validators=[validate_lower_slug])
    citations = GenericRelation("sources.Citation")
    edited_by_hand = models.BooleanField(
        default=False,
        help_text="Set when an editor changes this record; reloading the knowledge base keeps it.",
    )
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    @property
    def citation_list(self):
        """The citations, as with_citations() prefetched them (no query), or read now."""
        try:
            return self.prefetched_citations
        except AttributeError:
            return list(self.citations.select_related("source"))


def chain_error(record, field: str, message: str) -> str | None:
    """`message` if following the foreign key `field` from `record` comes back round (to itself or
    in a loop), else None: one query a step, bounded as Body.ancestors() is."""
    seen, key = {record.pk}, getattr(record, f"{field}_id")
    while key is not None and len(seen) <= 100:
        if key in seen:
            return message
        seen.add(key)
        key = (
            type(record)
            ._default_manager.filter(pk=key)
            .values_list(f"{field}_id", flat=True)
            .first()
        )
    return None


class SourceQuerySet(models.QuerySet):
    def with_text(self):
        """Each source with its current text read alongside: one query for a list of sources."""
        latest = SourceText.objects.filter(source_id=models.OuterRef("pk")).order_by("-number")
        return self.annotate(current_text=models.Subquery(latest.values("text")[:1]))


class Source(PlainText, models.Model):
    """A document the knowledge base is built from: its text and original file are in the database.

    The five seeds are loaded from fixtures/sources/ by load_knowledge; editors add the others.
    """

    class Kind(models.TextChoices):
        ENCYCLOPEDIA = "encyclopedia", "encyclopedia article"
        PROFILE = "profile", "organisation profile"
        STRATEGY = "strategy", "strategy document"
        PAPER = "paper", "conference paper"
        STATEMENT = "statement", "meeting statement"

    slug = models.SlugField(primary_key=True, max_length=120, validators=[validate_lower_slug])
    title = models.CharField(max_length=300)
    short_title = models.CharField(max_length=40, help_text="Label of the citation markers.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    author = models.CharField(
        max_length=200, blank=True, help_text="Publisher or author, if known."
    )
    original_url = models.URLField(
        "original URL",
        max_length=500,
        blank=True,
        help_text="Where the document is published, if anywhere.",
    )
    speaks_for = models.DateField(help_text="First day of the period the source speaks for.")
    speaks_for_precision = models.CharField(max_length=5, choices=Precision.choices)
    speaks_for_note = models.CharField(
        max_length=100, blank=True, help_text='How the date is known, e.g. "about 2019".'
    )
    # Read by load_knowledge only, from its own listing of fixtures/sources/; no page reads a file.
    filename = models.CharField(
        "seed file",
        max_length=100,
        blank=True,
        help_text="The file in fixtures/sources/ a seed is loaded from; empty for a source an "
        "editor added.",
    )
    text_sha256 = models.CharField(
        "SHA-256 of the text",
        max_length=64,
        editable=False,
        default="",
        help_text="Of the current text, whitespace collapsed: one source per text.",
    )
    summary = models.TextField(blank=True)
    edited_by_hand = models.BooleanField(
        default=False,
        help_text="Set when an editor changes this source; reloading the knowledge base keeps it.",
    )
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["speaks_for", "slug"]
        constraints = [
            *(partial_date_constraint(*date) for date in SOURCE_DATES),
            models.UniqueConstraint(
                Lower("title"),
                name="sources_source_unique_title",
                violation_error_message="A source with this title is already held.",
            ),
            models.UniqueConstraint(
                fields=["text_sha256"],
                name="sources_source_unique_text",
                violation_error_message="A source with this text is already held.",
            ),
            models.UniqueConstraint(
                fields=["filename"],
                condition=~models.Q(filename=""),
                name="sources_source_unique_seed_file",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return source_url(self.slug)

    @property
    def speaks_for_display(self):
        text = format_partial(self.speaks_for, None, self.speaks_for_precision)
        return f"{self.speaks_for_note} ({text})" if self.speaks_for_note else text

    def text(self) -> str:
        """The current text (its latest version), read once per instance; "" if it has none."""
        if "current_text" not in self.__dict__:  # with_text() reads it with the row
            self.current_text = (
                SourceText.objects.filter(source_id=self.pk)
                .order_by("-number")
                .values_list("text", flat=True)
                .first()
            )
        return self.current_text or ""

    def clean(self):
        errors = precision_errors(self, *SOURCE_DATES)
        if errors:
            raise ValidationError(errors)


def text_digest(text: str) -> str:
    """SHA-256 of the text with its whitespace collapsed, as passages are compared."""
    return hashlib.sha256(normalise(text).encode()).hexdigest()


class SourceText(models.Model):
    """One version of a source's text: the first as shipped or extracted, then each correction."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="texts")
    number = models.PositiveIntegerField(validators=[FITS_INTEGER])
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    note = models.CharField(max_length=300, blank=True, help_text="Why this version was made.")

    class Meta:
        ordering = ["source_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "number"], name="sources_sourcetext_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.source_id}, text version {self.number}"


class SourceFile(models.Model):
    """The file a source was made from, byte for byte, for download from its page.

    In the database rather than under MEDIA_ROOT: every app server sees it, and a backup carries it
    with the text, exactly. Querysets that list sources leave `content` unread (defer).
    """

    class Format(models.TextChoices):
        TEXT = "txt", "plain text"
        MARKDOWN = "md", "Markdown"
        HTML = "html", "HTML"
        PDF = "pdf", "PDF"

    source = models.OneToOneField(
        Source, on_delete=models.CASCADE, primary_key=True, related_name="file"
    )
    content = models.BinaryField()
    sha256 = models.CharField("SHA-256", max_length=64)
    format = models.CharField(max_length=4, choices=Format.choices)
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(help_text="In bytes.")
    name = models.CharField(
        max_length=200, blank=True, help_text="The uploaded file's name, for editors only."
    )

    class Meta:
        ordering = ["source_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"],
                name="sources_sourcefile_unique_sha256",
                violation_error_message="This file is already held as the original of a source.",
            )
        ]

    def __str__(self):
        return f"{self.source_id}.{self.format}"

    @property
    def download_name(self) -> str:
        """The name the download is saved under: the source's slug, never the uploader's name."""
        return f"{self.source_id}.{self.format}"


class SourceDraft(models.Model):
    """An upload an editor has not published yet: its extracted text to check. Readers never see
    it; publishing makes the Source (sources.adding.publish_draft)."""

    fields = models.JSONField(help_text="The source's details as the editor entered them.")
    text = models.TextField()
    content = models.BinaryField()
    name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self):
        return f"draft: {self.fields.get('title', '')}"


class CitationManager(models.Manager):
    def get_by_natural_key(self, app_label, model, object_id, source, passage):
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        return self.get(
            content_type=content_type, object_id=object_id, source_id=source, passage=passage
        )


class Citation(PlainText, models.Model):
    """A verbatim passage of a source that supports one record."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=120)
    record = GenericForeignKey("content_type", "object_id")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    passage = models.TextField(help_text="Quoted exactly as in the source (whitespace may differ).")
    locator = models.CharField(
        max_length=200,
        blank=True,
        help_text="A heading before the passage, where it occurs more than once.",
    )
    missing_since = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Set when a correction of the source's text removed the passage; cleared when "
        "an editor quotes it again from the corrected text.",
    )
    history = HistoricalRecords()

    objects = CitationManager()

    class Meta:
        ordering = ["source__speaks_for", "source_id", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "source", "passage"],
                name="sources_citation_unique_passage_per_record",
                violation_error_message="This record already cites this passage.",
            ),
            models.CheckConstraint(
                condition=~models.Q(passage=""), name="sources_citation_passage_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.source_id}: {self.passage[:60]}"

    def get_absolute_url(self):
        return passage_url(self.source_id, self.passage, self.locator)

    def natural_key(self):
        return (*self.content_type.natural_key(), self.object_id, self.source_id, self.passage)

    natural_key.dependencies = ["contenttypes.contenttype", "sources.source"]

    @property
    def anchor(self) -> str:
        """The id of the highlighted passage on the source page."""
        return passage_anchor(self.passage, self.locator)

    def clean(self):
        if self.content_type_id and self.object_id:
            # The generic key has no foreign key in the database to refuse a record that is not there.
            model = self.content_type.model_class()
            if model is None or not issubclass(model, Record):
                raise ValidationError(
                    {"content_type": "Cite passages for records of the knowledge base only."}
                )
            if not model._default_manager.filter(pk=self.object_id).exists():
                raise ValidationError(
                    {
                        "object_id": f"There is no {model._meta.verbose_name} with the slug “{self.object_id}”."
                    }
                )
        if self.source_id and self.passage:
            text = self.source.text()
            if normalise(self.passage) not in normalise(text):
                message = f"This passage does not occur in “{self.source}”. Quote it exactly."
                if self.missing_since:
                    message = (
                        f"This passage is no longer in “{self.source}”, whose text was corrected "
                        f"on {self.missing_since:%d %B %Y}. Quote it from the corrected text, or "
                        "delete this citation."
                    )
                nearest = nearest_passage(self.passage, text)
                if nearest:
                    message += f" Did you mean: “{nearest}”?"
                raise ValidationError({"passage": message})
            # Checked against the current text: no longer flagged.
            self.missing_since = None


class CitedPassage(models.Model):
    """A passage as search finds it: one row however many records cite it.

    The database keeps this table itself (triggers on sources_citation, migration 0007), so that
    every write keeps it current: the admin, the API, the loader, bulk inserts and restores alike.
    Search reads it because a passage is quoted by many records: at 100 times the data, a common
    word is in 1,000 citations of the same 7 passages.
    """

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="cited_passages")
    passage = models.TextField()
    locator = models.CharField(max_length=200, blank=True)
    citations = models.PositiveIntegerField(help_text="How many citations quote it.")

    class Meta:
        ordering = ["source_id", "passage", "locator"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "passage", "locator"], name="sources_citedpassage_unique"
            )
        ]

    def __str__(self):
        return f"{self.source_id}: {self.passage[:60]}"

    def get_absolute_url(self):
        return passage_url(self.source_id, self.passage, self.locator)


def source_url(slug: str) -> str:
    return slug_url("sources:detail", slug)


def with_citations(prefix: str = "") -> models.Prefetch:
    """Prefetch records' citations with their sources into `citation_list`: one query, any rows."""
    # A list (to_attr), not the related manager's cache: Django would build one filtered
    # queryset per record to hold the cache, which costs more than the query itself.
    return models.Prefetch(
        f"{prefix}citations",
        queryset=Citation.objects.select_related("source"),
        to_attr="prefetched_citations",
    )


def citations_among(keys):
    """Citations of the records keyed (content type id, object id), and maybe a few others.

    Two plain IN lists compile in half the time of one (type AND keys) clause per model; a row whose
    key pairs one model with another's slug comes too, and callers pass it over.
    """
    types, ids = zip(*keys, strict=True)
    return Citation.objects.filter(content_type_id__in=set(types), object_id__in=set(ids))


def attach_citations(records) -> None:
    """Give records of any models their `citation_list` from one query (with_citations() takes
    one per model): a page that shows many kinds of record pays for each query's compiling."""
    by_key = {}
    for record in records:
        record.prefetched_citations = []
        by_key[(ContentType.objects.get_for_model(record).id, str(record.pk))] = record
    if not by_key:
        return
    for citation in citations_among(by_key).select_related("source"):
        record = by_key.get((citation.content_type_id, citation.object_id))
        if record is not None:
            record.prefetched_citations.append(citation)


def with_their_claims(conflicts) -> list:
    """The conflicts followed by their claims: the records of a "the sources differ" box."""
    return [*conflicts, *(claim for conflict in conflicts for claim in conflict.claims.all())]


def passage_url(source: str, passage: str, locator: str = "") -> str:
    """The passage, highlighted on its source's page."""
    return f"{source_url(source)}#{passage_anchor(passage, locator)}"


def passage_anchor(passage: str, locator: str = "") -> str:
    key = f"{normalise(locator)}\n{normalise(passage)}"
    return "p-" + hashlib.sha1(key.encode()).hexdigest()[:10]


class ConflictQuerySet(models.QuerySet):
    def about(self, record):
        return self.filter(
            about_type=ContentType.objects.get_for_model(record), about_id=str(record.pk)
        )

    def listed_with_claims(self) -> list:
        """The conflicts, their claims prefetched, for a page that attaches citations itself."""
        return list(self.prefetch_related("claims"))

    def with_claims(self):
        """Claims, their citations and the records the conflicts concern, however many conflicts:
        three queries and one per kind of record concerned."""
        return self.prefetch_related(
            "about",
            with_citations(),
            models.Prefetch(
                "claims", queryset=ConflictClaim.objects.prefetch_related(with_citations())
            ),
        )


class Conflict(Record):
    """A point on which the sources disagree; each side is a cited ConflictClaim."""

    class Kind(models.TextChoices):
        DATE = "date", "date"
        COUNT = "count", "count"
        COMPOSITION = "composition", "composition"
        ROLE = "role", "role"
        NAME = "name", "name"
        STATUS = "status", "status"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.TextField(help_text="What differs, in the portal's own words.")
    about_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    about_id = models.CharField(max_length=120, blank=True)
    about = GenericForeignKey("about_type", "about_id")

    objects = ConflictQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(about_type__isnull=True, about_id="")
                | models.Q(about_type__isnull=False) & ~models.Q(about_id=""),
                name="sources_conflict_about_complete",
                violation_error_message="Name both the type and the slug of the record the disagreement is about, or neither.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("sources:conflict", self.slug)


class ConflictClaim(Record):
    """One source's side of a disagreement."""

    conflict = models.ForeignKey(Conflict, on_delete=models.CASCADE, related_name="claims")
    claim = models.CharField(max_length=300, help_text='What this source says, e.g. "April 2002".')

    class Meta:
        ordering = ["conflict_id", "slug"]

    def __str__(self):
        return f"{self.conflict}: {self.claim}"

    def get_absolute_url(self):
        return self.conflict.get_absolute_url()


class KnowledgeVersion(models.Model):
    """One row whose number changes on every write to the knowledge base; cached pages are keyed on it."""

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"knowledge base version {self.number}"

    @classmethod
    def current(cls) -> int:
        # One primary-key read: the price of never serving a stale page from any worker. Every
        # cached request pays it, and the ORM took ten times as long to write this SQL (0.4 ms) as
        # the database took to answer it.
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT "number" FROM "{cls._meta.db_table}" WHERE "id" = 1')
            row = cursor.fetchone()
        return row[0] if row else 0

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(
            number=models.F("number") + 1, changed_at=timezone.now()
        ):
            cls.objects.get_or_create(pk=1, defaults={"number": 1})


class Tombstone(models.Model):
    """A record an editor deleted: reloading the knowledge base does not bring it back."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    slug = models.SlugField(max_length=120)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-deleted_at", "content_type_id", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "slug"], name="sources_tombstone_unique_record"
            )
        ]

    def __str__(self):
        return f"{self.content_type.name} {self.slug}"


class SentenceMark(PlainText, models.Model):
    """An editor's word that a sentence of a source carries no fact for the knowledge base.

    Keyed by the sentence's words (core.sentences.unit_key), not by its place: a mark holds when the
    text is split again or corrected, for every sentence of the source with those words.
    """

    class Reason(models.TextChoices):
        NARRATIVE = "narrative", "narrative"
        OPINION = "opinion", "opinion"
        REPETITION = "repetition", "repetition"
        STRUCTURE = "structure", "structure (title, contact details, list heading)"
        OTHER = "other", "other"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="sentence_marks")
    text = models.TextField(help_text="The sentence or list item, as the coverage page shows it.")
    key = models.CharField(max_length=64, editable=False, help_text="A digest of the text.")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=200, blank=True, help_text="A few words more, if needed.")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    marked_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["source_id", "marked_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "key"],
                name="sources_sentencemark_unique_sentence",
                violation_error_message="This sentence of this source is already marked.",
            ),
            models.CheckConstraint(
                condition=~models.Q(text=""), name="sources_sentencemark_text_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.source_id}: {self.text[:60]} ({self.get_reason_display()})"

    def save(self, *args, **kwargs):
        # Written by every path (admin, API, shell, restore): the key is what marks a sentence.
        self.key = unit_key(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("sources:coverage", self.source_id)

    def clean_fields(self, exclude=None):
        # The key follows the text, so that the unique check sees it.
        self.text = normalise(self.text or "")
        self.key = unit_key(self.text) if self.text else ""
        super().clean_fields(exclude=exclude)

    def clean(self):
        if self.source_id and self.text:
            # The unique constraint names the key, which no form has: checked here for the sentence.
            marked = SentenceMark.objects.filter(source_id=self.source_id, key=self.key)
            if marked.exclude(pk=self.pk).exists():
                raise ValidationError({"text": "This sentence of this source is already marked."})
            if self.key not in {unit.key for unit in split(self.source.text())}:
                raise ValidationError(
                    {
                        "text": f"No sentence or list item of “{self.source}” reads so. Copy it "
                        "from the source's coverage page."
                    }
                )
