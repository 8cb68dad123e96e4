"""Participants in the Bali Process: states, territories and organisations, and the people named."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from core.links import not_itself
from sources.models import FITS_SMALLINT, Record, chain_error, slug_url


def is_state() -> models.Q:
    return models.Q(kind__in=[Participant.Kind.STATE, Participant.Kind.TERRITORY])


def is_member() -> models.Q:
    return models.Q(status=Participant.Status.MEMBER)


def is_observer() -> models.Q:
    return models.Q(status=Participant.Status.OBSERVER)


class ParticipantQuerySet(models.QuerySet):
    def for_its_page(self):
        """Participants with what a participant's page shows of their own: name variants, meetings
        hosted, national measures, figures, people (its page adds memberships and meeting roles)."""
        return self.prefetch_related(
            "name_variants",
            "meetings_hosted",
            models.Prefetch(
                "national_measures", queryset=NationalMeasure.objects.select_related("amends")
            ),
            "figures",
            "people",
        )

    def states(self):
        return self.filter(is_state())

    def members(self):
        return self.filter(is_member())

    def observers(self):
        return self.filter(is_observer())

    def headline_counts(self) -> dict:
        """Member states, member organisations and observer states, counted in one query."""
        organisation = models.Q(kind=Participant.Kind.INTERNATIONAL_ORGANISATION)
        return self.aggregate(
            member_states=models.Count("pk", filter=is_state() & is_member()),
            member_organisations=models.Count("pk", filter=organisation & is_member()),
            observer_states=models.Count("pk", filter=is_state() & is_observer()),
        )

    def resolve(self, name: str):
        """The participant a name refers to, by its name or any recorded variant; None if unknown."""
        name = name.strip()
        return (
            self.filter(models.Q(name__iexact=name) | models.Q(name_variants__name__iexact=name))
            .distinct()
            .first()
        )


class Participant(Record):
    """A state, territory or organisation that takes part in the Bali Process or one of its bodies."""

    class Kind(models.TextChoices):
        STATE = "state", "state"
        TERRITORY = "territory", "territory"
        INTERNATIONAL_ORGANISATION = "international-organisation", "international organisation"
        ORGANISATION = "organisation", "other organisation"

    class Status(models.TextChoices):
        MEMBER = "member", "member"
        OBSERVER = "observer", "observer"
        PARTNER = "partner", "partner (not a Bali Process member)"

    name = models.CharField(max_length=150, unique=True)
    short_name = models.CharField(max_length=40, blank=True, help_text='e.g. "IOM".')
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    founding = models.BooleanField(
        default=False, help_text="A founding member of the Bali Process."
    )
    iso_code = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166-1 alpha-2, for states and territories."
    )
    description = models.TextField(blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        # The directory and home count participants by kind and status: read from this index alone.
        indexes = [models.Index(fields=["kind", "status"], name="members_participant_kind_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["iso_code"],
                condition=~models.Q(iso_code=""),
                name="members_participant_unique_iso_code",
                violation_error_message="Another participant already has this ISO code.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["state", "territory"], iso_code__regex=r"^[A-Z]{2}$")
                | (~models.Q(kind__in=["state", "territory"]) & models.Q(iso_code="")),
                name="members_participant_iso_code_for_states_only",
                violation_error_message="States and territories need a two-letter ISO 3166 code in capitals; organisations have none.",
            ),
            models.CheckConstraint(
                condition=models.Q(founding=False) | models.Q(status="member"),
                name="members_participant_founding_members_only",
                violation_error_message="Only a member can be a founding member.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("members:detail", self.slug)

    @property
    def label(self):
        return self.short_name or self.name

    @property
    def is_state_or_territory(self) -> bool:
        """What is_state() selects, for a row already loaded."""
        return self.kind in (self.Kind.STATE, self.Kind.TERRITORY)


class NameVariant(Record):
    """Another name the sources use for a participant ("Viet nam", "USA", "UAE")."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="name_variants"
    )
    name = models.CharField(max_length=150)

    class Meta:
        ordering = ["participant_id", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="members_namevariant_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.participant.get_absolute_url()


class Person(Record):
    """Someone the sources name in a role: a co-chair official, an RSO co-manager, a minister."""

    name = models.CharField(max_length=150)
    title = models.CharField(
        max_length=300, blank=True, help_text="Position, as the source gives it."
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text="The state or organisation the person represents.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("members:person", self.slug)


class NationalMeasure(Record):
    """Legislation, a plan or an institution a state put in place, as the sources report it."""

    class Kind(models.TextChoices):
        LAW = "law", "law"
        MODEL_LAW = "model-law", "model legislation"
        PLAN = "plan", "plan of action"
        INSTITUTION = "institution", "institution or unit"
        COORDINATION = "coordination", "coordination arrangement"
        SERVICE = "service", "victim service"
        RATIFICATION = "ratification", "ratification"

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="national_measures"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField(null=True, blank=True, validators=[FITS_SMALLINT])
    description = models.TextField(blank=True)
    amends = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="amended_by"
    )

    class Meta:
        ordering = ["participant_id", "year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(year__gte=1900, year__lte=2100),
                name="members_nationalmeasure_plausible_year",
                violation_error_message="The year must be between 1900 and 2100.",
            ),
            not_itself("amends", "amendment", "A measure cannot amend itself."),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.participant.get_absolute_url() + "#measures"

    def clean(self):
        if message := chain_error(self, "amends", "A measure cannot amend itself."):
            raise ValidationError({"amends": message})
