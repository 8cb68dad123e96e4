"""The bodies of the Bali Process and who belongs to them, in which role, and when."""

import datetime as dt
from dataclasses import dataclass, field

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
    Citation,
    Record,
    Source,
    chain_error,
    slug_url,
)

# Each model's partial dates as (date field, precision field, side): the database checks them
# (partial_date_constraint) and clean() explains them (precision_errors), by the same rule.
BODY_DATES = [("established", "established_precision", FIRST)]
MEMBERSHIP_DATES = [("since", "since_precision", FIRST), ("until", "until_precision", LAST)]


class BodyQuerySet(models.QuerySet):
    def roots(self):
        return self.filter(parent__isnull=True)

    def under(self, body):
        return self.filter(parent=body)

    def for_its_page(self):
        """Bodies with what a body's page shows of their own: parent, children, other names,
        offices, stated counts, documents and figures (its page adds meetings and memberships)."""
        return self.select_related("parent").prefetch_related(
            "children",
            "other_names",
            models.Prefetch("offices", queryset=Office.objects.select_related("country")),
            "stated_counts",
            "documents",
            "figures",
        )


class Body(Record):
    """A conference, group, office, network, forum or framework of the Bali Process."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", "ministerial conference"
        CHAIR = "chair", "chairing"
        STEERING_GROUP = "steering-group", "steering group"
        AD_HOC_GROUP = "ad-hoc-group", "ad hoc group"
        WORKING_GROUP = "working-group", "working group"
        EXPERT_GROUP = "expert-group", "expert group"
        TASK_FORCE = "task-force", "task force"
        NETWORK = "network", "network"
        OFFICE = "office", "office"
        FORUM = "forum", "forum"
        PANEL = "panel", "panel"
        MECHANISM = "mechanism", "mechanism"
        FRAMEWORK = "framework", "framework"
        SECRETARIAT = "secretariat", "secretariat"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The body this one operates under.",
    )
    established = models.DateField(null=True, blank=True, help_text="First day of the period.")
    established_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    description = models.TextField(blank=True, help_text="What it is, in the portal's words.")
    mandate = models.TextField(blank=True, help_text="Its mandate or tasks, one per line.")
    position = models.PositiveSmallIntegerField(
        default=100, help_text="Order among siblings.", validators=[FITS_SMALLINT]
    )

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "bodies"
        # The filters' first 201 bodies, and any page of them, read in order instead of sorted.
        indexes = [models.Index(fields=["position", "name"], name="workinggroups_body_order_idx")]
        constraints = [
            *(partial_date_constraint(*date) for date in BODY_DATES),
            not_itself("parent", "parent", "A body cannot sit under itself."),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("workinggroups:detail", self.slug)

    @property
    def label(self):
        return self.short_name or self.name

    @property
    def established_display(self):
        return format_partial(self.established, None, self.established_precision)

    def mandate_items(self):
        return [line.strip() for line in self.mandate.splitlines() if line.strip()]

    def ancestors(self):
        """From the root down to the parent; bounded so that a cycle cannot hang a page."""
        chain, body = [], self.parent
        while body is not None and len(chain) < 10:
            chain.insert(0, body)
            body = body.parent
        return chain

    def clean(self):
        errors = precision_errors(self, *BODY_DATES)
        if message := chain_error(self, "parent", "A body cannot sit under itself."):
            errors["parent"] = message
        if errors:
            raise ValidationError(errors)


class BodyName(Record):
    """Another name the sources use for a body, or a former name."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField(max_length=200, unique=True)
    former = models.BooleanField(default=False, help_text="A name the body no longer uses.")

    class Meta:
        ordering = ["body_id", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.body.get_absolute_url()


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day: dt.date):
        """Roles held on `day`; an unknown start or end leaves that side open."""
        return self.filter(
            models.Q(since__isnull=True) | models.Q(since__lte=day),
            models.Q(until__isnull=True) | models.Q(until__gte=day),
        )

    def overlapping(self, first: dt.date, last: dt.date):
        """Roles held at any time between `first` and `last`."""
        return self.filter(
            models.Q(since__isnull=True) | models.Q(since__lte=last),
            models.Q(until__isnull=True) | models.Q(until__gte=first),
        )

    def chairs(self):
        return self.filter(role__in=Membership.CHAIR_ROLES)

    def with_related(self):
        return self.select_related("body", "participant", "person", "person__participant")


class Membership(Record):
    """A participant or person in a body, in a role, for a period where the sources give one."""

    class Role(models.TextChoices):
        MEMBER = "member", "member"
        CO_CHAIR = "co-chair", "co-chair"
        COORDINATOR = "coordinator", "coordinator"
        SECRETARIAT = "secretariat", "secretariat"
        ADMINISTRATOR = "administrator", "administrator"
        CO_MANAGER = "co-manager", "co-manager"
        BUSINESS_CO_CHAIR = "business-co-chair", "business co-chair"
        SENIOR_OFFICIAL_CO_CHAIR = "senior-official-co-chair", "senior official co-chair"
        PARTNER = "partner", "partner"
        CONSULTED = "consulted", "consulted"
        GLOBAL_BUSINESS_PARTNER = "global-business-partner", "global business partner"

    CHAIR_ROLES = [Role.CO_CHAIR, Role.BUSINESS_CO_CHAIR, Role.SENIOR_OFFICIAL_CO_CHAIR]

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(null=True, blank=True, help_text="First day of the start period.")
    since_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    until = models.DateField(null=True, blank=True, help_text="Last day of the end period.")
    until_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    note = models.CharField(
        max_length=300, blank=True, help_text="A qualification, or how a date was inferred."
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body_id", "role", "participant", "person"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(participant__isnull=False, person__isnull=True)
                | models.Q(participant__isnull=True, person__isnull=False),
                name="workinggroups_membership_participant_or_person",
                violation_error_message="A membership belongs to either a participant or a person, not both or neither.",
            ),
            models.CheckConstraint(
                condition=models.Q(since__isnull=True)
                | models.Q(until__isnull=True)
                | models.Q(until__gte=models.F("since")),
                name="workinggroups_membership_ends_after_start",
                violation_error_message="A role cannot end before it starts.",
            ),
            *(partial_date_constraint(*date) for date in MEMBERSHIP_DATES),
        ]

    def __str__(self):
        return f"{self.holder} – {self.get_role_display()} of {self.body}"

    def get_absolute_url(self):
        return self.body.get_absolute_url() + "#memberships"

    @property
    def holder(self):
        return self.participant or self.person

    def held_on(self, day: dt.date) -> bool:
        """The same rule as MembershipQuerySet.active_on, for rows already loaded."""
        return (self.since is None or self.since <= day) and (
            self.until is None or self.until >= day
        )

    @property
    def period_display(self):
        since = format_partial(self.since, None, self.since_precision) if self.since else ""
        until = format_partial(self.until, None, self.until_precision) if self.until else ""
        if since and until:
            return f"{since} – {until}"
        if since:
            return f"since {since}"
        if until:
            return f"until {until}"
        return ""

    def clean(self):
        errors = {}
        if (self.participant_id is None) == (self.person_id is None):
            errors["participant"] = "Choose either a participant or a person, not both or neither."
        errors.update(precision_errors(self, *MEMBERSHIP_DATES))
        if self.since and self.until and self.until < self.since:
            errors["until"] = "The role cannot end before it starts."
        body = self.body if self.body_id else None
        if body and body.established:
            if self.until and self.until < body.established:
                errors["until"] = (
                    f"The role ends before {body} was established ({body.established_display})."
                )
            elif self.since and self.since < body.established:
                errors["since"] = (
                    f"The role starts before {body} was established ({body.established_display})."
                )
        if errors:
            raise ValidationError(errors)


class Office(Record):
    """A place a body works from, with its address where the sources give one."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="offices")
    label = models.CharField(max_length=150, help_text='e.g. "Australian Co-Chair".')
    organisation = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100)
    country = models.ForeignKey(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="offices"
    )
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["body_id", "label"]

    def __str__(self):
        return f"{self.label} ({self.city})"

    def get_absolute_url(self):
        return self.body.get_absolute_url() + "#offices"


@dataclass
class Claim:
    """One distinct printed count, with every passage that prints it (for {% cites %})."""

    subject: str
    value: int
    at_least: bool
    wording: str
    citation_list: list = field(default_factory=list)


class StatedCountQuerySet(models.QuerySet):
    def claims(self) -> list[Claim]:
        """Distinct (subject, value, wording) claims with their distinct passages: one query.

        Sources that print the same count in the same words make one claim with several markers,
        so the list grows with what the sources say, not with how many rows repeat it.
        """
        rows = (
            self.order_by(
                "subject", "value", "wording", "citations__source_id", "citations__passage"
            )
            .values_list(
                "subject",
                "value",
                "at_least",
                "wording",
                "citations__source_id",
                "citations__source__short_title",
                "citations__passage",
                "citations__locator",
            )
            .distinct()
        )
        claims: dict[tuple, Claim] = {}
        for subject, value, at_least, wording, source, short_title, passage, locator in rows:
            claim = claims.setdefault(
                (subject, value, at_least, wording), Claim(subject, value, at_least, wording)
            )
            if source is not None:
                claim.citation_list.append(
                    Citation(
                        source=Source(slug=source, short_title=short_title),
                        passage=passage,
                        locator=locator,
                    )
                )
        return list(claims.values())


class StatedCount(Record):
    """A count printed in a source ("45 States"), kept to compare with the rows the portal holds."""

    class Subject(models.TextChoices):
        MEMBER_STATES = "member-states", "member states"
        MEMBER_ORGANISATIONS = "member-organisations", "member organisations"
        OBSERVER_STATES = "observer-states", "observer states"
        OBSERVER_ORGANISATIONS = "observer-organisations", "observer organisations"
        OBSERVER_ISCMS = "observer-iscms", "observer inter-state consultation mechanisms"
        PARTICIPATING_COUNTRIES = "participating-countries", "participating countries"
        BODY_STATES = "body-states", "states in the body"
        BODY_ORGANISATIONS = "body-organisations", "organisations in the body"
        BODY_COUNTRIES = "body-countries", "countries in the body"

    subject = models.CharField(max_length=30, choices=Subject.choices)
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="stated_counts"
    )
    value = models.PositiveIntegerField(validators=[FITS_INTEGER])
    at_least = models.BooleanField(default=False, help_text='"Over 50": the value is a floor.')
    wording = models.CharField(max_length=200, help_text="The count as printed.")

    objects = StatedCountQuerySet.as_manager()

    class Meta:
        ordering = ["subject", "body_id", "value"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subject__startswith="body-", body__isnull=False)
                | (~models.Q(subject__startswith="body-") & models.Q(body__isnull=True)),
                name="workinggroups_statedcount_body_only_for_body_subjects",
                violation_error_message="Counts of a body's members need the body; other counts must not name one.",
            ),
        ]

    def __str__(self):
        return self.wording

    def get_absolute_url(self):
        return self.body.get_absolute_url() if self.body else reverse("members:list")
