"""Readers' reports (an error on a record, a source to add) and the names editors show in public."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from sources.models import PlainText

# The history's words for who made a change (changes.history), which no editor's name may be.
EDITOR = "an editor"
RELOAD = "a reload of the knowledge base"
MAINTAINERS = "the site's maintainers"

MESSAGE_MAX = 2000
EVIDENCE_MAX = 2000


class PublicName(PlainText, models.Model):
    """The name an editor chose to be shown by in the public history; without one, "an editor"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="public_name"
    )
    name = models.CharField(
        max_length=60,
        unique=True,
        help_text="Shown next to your changes on /changes/ and in the feeds. "
        "Leave no entry to be shown as “an editor”.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name=""), name="changes_publicname_name_not_empty"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # The history's own words for who changed a record are not a name anyone may take.
        if " ".join(self.name.split()).lower() in {EDITOR, RELOAD, MAINTAINERS}:
            raise ValidationError(
                {"name": "This is what the history says of others; choose a name."}
            )


class Report(PlainText, models.Model):
    """What a reader told the editors. It never changes the knowledge base: an editor does."""

    class Kind(models.TextChoices):
        ERROR = "error", "an error on a record"
        SOURCE = "source", "a source to add"

    class Status(models.TextChoices):
        NEW = "new", "new"
        ACCEPTED = "accepted", "accepted"
        REJECTED = "rejected", "rejected"
        DUPLICATE = "duplicate", "duplicate"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    record_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, editable=False
    )
    record_id = models.CharField(max_length=120, blank=True, editable=False)
    record = GenericForeignKey("record_type", "record_id")
    message = models.TextField(
        max_length=MESSAGE_MAX, help_text="What is wrong, as the reader put it."
    )
    correction = models.TextField(
        max_length=MESSAGE_MAX, blank=True, help_text="What it should say, as the reader put it."
    )
    evidence = models.TextField(
        max_length=EVIDENCE_MAX, blank=True, help_text="A source for it: a URL or a quotation."
    )
    email = models.EmailField(blank=True, help_text="Where to tell the reader the outcome.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    editor_note = models.TextField(
        blank=True,
        help_text="Why it was accepted or rejected; sent to the reader if they left an address.",
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    reader_told_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["record_type", "record_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["error", "source"]), name="changes_report_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["new", "accepted", "rejected", "duplicate"]),
                name="changes_report_status_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(message=""), name="changes_report_message_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(record_type__isnull=True, record_id="")
                | models.Q(record_type__isnull=False) & ~models.Q(record_id=""),
                name="changes_report_record_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(duplicate_of__isnull=True) | models.Q(status="duplicate"),
                name="changes_report_duplicate_only_when_duplicate",
                violation_error_message="Only a report marked duplicate names the report it repeats.",
            ),
        ]

    def __str__(self):
        about = f" about {self.record_type.model} {self.record_id}" if self.record_type_id else ""
        return f"Report {self.pk}{about} ({self.get_status_display()})"
