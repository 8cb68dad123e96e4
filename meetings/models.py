"""Meetings and what came of them: outcomes, documents, objectives and reported figures."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.links import not_itself
from core.partialdates import (
    FIRST,
    LAST,
    Precision,
    format_partial,
    partial_date_constraint,
    precision_errors,
)
from members.models import Participant, Person
from sources.models import (
    FITS_INTEGER,
    FITS_SMALLINT,
    Record,
    chain_error,
    slug_url,
)
from workinggroups.models import Body

# Each model's partial dates as (date field, precision field, side), checked by the database and
# explained by clean() (see workinggroups.models). A meeting's one precision covers both its dates.
MEETING_DATES = [("starts_on", "date_precision", FIRST), ("ends_on", "date_precision", LAST)]
DOCUMENT_DATES = [("dated", "dated_precision", FIRST)]
OBJECTIVE_LIST_DATES = [("agreed", "agreed_precision", FIRST)]


class MeetingQuerySet(models.QuerySet):
    def of_body(self, body):
        return self.filter(body=body)

    def overlapping(self, first: dt.date, last: dt.date):
        """Meetings whose (partial) dates overlap the period: "2015" overlaps "May 2015"."""
        return self.filter(starts_on__lte=last, ends_on__gte=first)

    def in_series(self, meeting):
        return self.filter(series=meeting.series).exclude(series="")

    def with_related(self):
        return self.select_related("body", "country")

    def for_its_page(self):
        """Meetings with what a meeting's page shows: roles and their holders, outcomes, documents
        adopted, figures. Citations come afterwards, for the whole page in one query."""
        return self.with_related().prefetch_related(
            models.Prefetch(
                "roles",
                queryset=MeetingRole.objects.select_related("participant", "person", "body"),
            ),
            models.Prefetch(
                "outcomes", queryset=Outcome.objects.select_related("document", "body")
            ),
            "documents_adopted",
            "figures",
        )

    def before_and_after(self, meeting) -> tuple:
        """The meetings of its series just before and just after `meeting` (None if none)."""
        if not meeting.series:
            return None, None
        series = self.in_series(meeting).exclude(pk=meeting.pk)
        return (
            series.filter(starts_on__lt=meeting.starts_on).order_by("-starts_on").first(),
            series.filter(starts_on__gt=meeting.starts_on).order_by("starts_on").first(),
        )

    def listed(self):
        """What a line of a list of meetings shows: title, type, dates and place. Summaries and the
        host country's own texts stay in the database, and the body is its key alone (a body's
        page prefetches its meetings by it)."""
        return self.select_related("country").only(
            "title",
            "kind",
            "body",
            "starts_on",
            "ends_on",
            "date_precision",
            "city",
            "region",
            "country__name",
        )


class Meeting(Record):
    """A conference, meeting, workshop, forum or consultation, dated at the precision the sources give."""

    class Kind(models.TextChoices):
        MINISTERIAL_CONFERENCE = "ministerial-conference", "ministerial conference"
        SPECIAL_CONFERENCE = "special-conference", "special conference"
        SENIOR_OFFICIALS = "senior-officials-meeting", "senior officials' meeting"
        STEERING_GROUP = "steering-group-meeting", "Steering Group meeting"
        AD_HOC_GROUP = "ad-hoc-group-meeting", "Ad Hoc Group meeting"
        WORKING_GROUP = "working-group-meeting", "working group meeting"
        WORKSHOP = "workshop", "workshop"
        FORUM = "forum", "forum"
        CONSULTATION = "consultation", "consultation"
        COMMEMORATION = "commemoration", "commemoration"
        EXTERNAL = "external", "external meeting"

    title = models.CharField(max_length=250)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    series = models.SlugField(
        max_length=80, blank=True, help_text="Meetings of one series share this; ordinals order it."
    )
    ordinal = models.PositiveSmallIntegerField(null=True, blank=True, validators=[FITS_SMALLINT])
    starts_on = models.DateField(help_text="First day the (partial) date may mean.")
    ends_on = models.DateField(help_text="Last day the (partial) date may mean.")
    date_precision = models.CharField(max_length=5, choices=Precision.choices)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True, help_text='e.g. "Bali" for Nusa Dua.')
    country = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_hosted",
        help_text="The country where it took place.",
    )
    summary = models.TextField(blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "ends_on", "title"]
        indexes = [
            models.Index(fields=["series", "ordinal"]),
            models.Index(fields=["starts_on", "ends_on"], name="meetings_meeting_dates_idx"),
            # The timeline's chart counts meetings per year and kind from this index alone.
            models.Index(fields=["starts_on", "kind"], name="meetings_meeting_year_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="meetings_meeting_ends_after_start",
                violation_error_message="A meeting cannot end before it starts.",
            ),
            *(partial_date_constraint(*date) for date in MEETING_DATES),
            models.UniqueConstraint(
                fields=["series", "ordinal"],
                condition=~models.Q(series="") & models.Q(ordinal__isnull=False),
                name="meetings_meeting_unique_ordinal_in_series",
                violation_error_message="Another meeting of this series already has this number.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("meetings:detail", self.slug)

    @property
    def date_display(self):
        return format_partial(self.starts_on, self.ends_on, self.date_precision)

    # Lists prefetch roles and outcomes into plain lists (to_attr): the related managers' cache
    # would cost a filtered queryset per meeting. Read now when nothing was prefetched.
    @property
    def role_list(self):
        try:
            return self.prefetched_roles
        except AttributeError:
            return list(self.roles.all())

    @property
    def outcome_list(self):
        try:
            return self.prefetched_outcomes
        except AttributeError:
            return list(self.outcomes.all())

    @property
    def place_display(self):
        parts = [self.city, self.region if self.region != self.city else ""]
        parts.append(self.country.name if self.country_id else "")
        return ", ".join(part for part in parts if part)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "A meeting cannot end before it starts."})
        errors = precision_errors(self, *MEETING_DATES)
        if self.country_id and not self.country.is_state_or_territory:
            errors["country"] = (
                f"Choose the state or territory the meeting took place in; {self.country} is not one."
            )
        if errors:
            raise ValidationError(errors)


class MeetingRole(Record):
    """Who hosted, co-chaired or attended a meeting."""

    class Role(models.TextChoices):
        HOST = "host", "host"
        CO_CHAIR = "co-chair", "co-chair"
        ATTENDEE = "attendee", "attendee"
        CONVENOR = "convenor", "convenor"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="roles")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_roles"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_roles"
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_roles",
        help_text='A body attending as a whole, e.g. "the Steering Group".',
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["meeting_id", "role", "participant", "person", "body"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    participant__isnull=False, person__isnull=True, body__isnull=True
                )
                | models.Q(participant__isnull=True, person__isnull=False, body__isnull=True)
                | models.Q(participant__isnull=True, person__isnull=True, body__isnull=False),
                name="meetings_meetingrole_exactly_one_holder",
                violation_error_message="A role at a meeting belongs to exactly one participant, person or body.",
            ),
        ]

    def __str__(self):
        return f"{self.holder} – {self.get_role_display()} of {self.meeting}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()

    @property
    def holder(self):
        return self.participant or self.person or self.body


class DocumentQuerySet(models.QuerySet):
    def for_its_page(self):
        """Documents with what a document's page shows: where adopted, by whom, and the outcomes
        that name it, in the order of their meetings (joined anyway)."""
        return self.select_related("adopted_at", "body", "source").prefetch_related(
            models.Prefetch(
                "outcomes",
                queryset=Outcome.objects.select_related("meeting").order_by(
                    "meeting__starts_on", "meeting__ends_on", "meeting__title", "slug"
                ),
            )
        )


class Document(Record):
    """A declaration, strategy, review, plan, guide or recommendation the sources mention."""

    class Kind(models.TextChoices):
        DECLARATION = "declaration", "declaration"
        STRATEGY = "strategy", "strategy"
        REVIEW = "review", "review"
        WORK_PLAN = "work-plan", "work plan"
        GUIDE = "guide", "guide"
        RECOMMENDATIONS = "recommendations", "recommendations"
        CONCEPT_NOTE = "concept-note", "concept note"
        REPORT = "report", "report"
        STATEMENT = "statement", "statement"
        PAPER = "paper", "paper"
        ROAD_MAP = "road-map", "road map"
        CONVENTION = "convention", "convention"

    title = models.CharField(max_length=250, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    dated = models.DateField(null=True, blank=True, help_text="First day of the period.")
    dated_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    adopted_at = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents_adopted"
    )
    body = models.ForeignKey(
        Body, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    source = models.OneToOneField(
        "sources.Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="document",
        help_text="Set when the document is one of the portal's sources.",
    )
    summary = models.TextField(blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["dated", "title"]
        constraints = [
            *(partial_date_constraint(*date) for date in DOCUMENT_DATES),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("meetings:document", self.slug)

    @property
    def dated_display(self):
        return format_partial(self.dated, None, self.dated_precision)

    def clean(self):
        if errors := precision_errors(self, *DOCUMENT_DATES):
            raise ValidationError(errors)


class Outcome(Record):
    """What a meeting endorsed, agreed, launched or established."""

    class Verb(models.TextChoices):
        ENDORSED = "endorsed", "endorsed"
        AGREED = "agreed", "agreed"
        ADOPTED = "adopted", "adopted"
        LAUNCHED = "launched", "launched"
        ESTABLISHED = "established", "established"
        COMMENDED = "commended", "commended"
        RECOGNISED = "recognised", "recognised"
        CONFIRMED = "confirmed", "confirmed"
        DISCUSSED = "discussed", "discussed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    verb = models.CharField(max_length=20, choices=Verb.choices)
    description = models.TextField()
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="outcomes"
    )
    body = models.ForeignKey(
        Body, on_delete=models.SET_NULL, null=True, blank=True, related_name="outcomes"
    )

    class Meta:
        ordering = ["meeting_id", "slug"]

    def __str__(self):
        return f"{self.meeting}: {self.get_verb_display()} {self.description[:60]}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url() + "#outcomes"


class ObjectiveList(Record):
    """The Bali Process objectives as one source gives them at one time."""

    title = models.CharField(max_length=200)
    agreed = models.DateField(help_text="First day of the period the list was agreed or stated.")
    agreed_precision = models.CharField(max_length=5, choices=Precision.choices)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="objective_lists"
    )
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_versions"
    )
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["agreed", "slug"]
        constraints = [
            *(partial_date_constraint(*date) for date in OBJECTIVE_LIST_DATES),
            not_itself("previous", "previous", "An objective list cannot follow itself."),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("meetings:objective_list", self.slug)

    @property
    def agreed_display(self):
        return format_partial(self.agreed, None, self.agreed_precision)

    def clean(self):
        errors = precision_errors(self, *OBJECTIVE_LIST_DATES)
        if message := chain_error(self, "previous", "An objective list cannot follow itself."):
            errors["previous"] = message
        if errors:
            raise ValidationError(errors)


class Objective(Record):
    objective_list = models.ForeignKey(
        ObjectiveList, on_delete=models.CASCADE, related_name="objectives"
    )
    position = models.PositiveSmallIntegerField(validators=[FITS_SMALLINT])
    text = models.TextField()

    class Meta:
        ordering = ["objective_list_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective_list", "position"], name="meetings_objective_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.text}"

    def get_absolute_url(self):
        return self.objective_list.get_absolute_url()


class Figure(Record):
    """A number the sources report: convictions, arrests, people assisted, officials trained."""

    label = models.CharField(
        max_length=200, help_text='What is counted, e.g. "trafficked persons assisted".'
    )
    value = models.PositiveIntegerField(validators=[FITS_INTEGER])
    at_least = models.BooleanField(default=False, help_text='"Over 70": the value is a floor.')
    approximate = models.BooleanField(default=False, help_text='"Around 8,000".')
    year = models.PositiveSmallIntegerField(null=True, blank=True, validators=[FITS_SMALLINT])
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="figures"
    )
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="figures"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="figures"
    )
    context = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["year", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(year__gte=1900, year__lte=2100),
                name="meetings_figure_plausible_year",
                violation_error_message="The year must be between 1900 and 2100.",
            ),
            models.CheckConstraint(
                condition=~models.Q(at_least=True, approximate=True),
                name="meetings_figure_floor_or_approximate",
                violation_error_message='A figure is either a floor ("over") or approximate ("around"), not both.',
            ),
        ]

    def __str__(self):
        return f"{self.value_display} {self.label}"

    @property
    def value_display(self):
        prefix = "over " if self.at_least else "around " if self.approximate else ""
        return f"{prefix}{self.value:,}"

    def get_absolute_url(self):
        for owner in (self.participant, self.body, self.meeting):
            if owner is not None:
                return owner.get_absolute_url() + "#figures"
        return reverse("meetings:list")
