"""The members directory and a page per participant and person."""

from collections import Counter

from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.utils.functional import cached_property
from django_filters.views import FilterView

from meetings.models import Meeting, MeetingRole
from members.filters import ParticipantFilter
from members.models import Participant, Person
from portal.maps import meeting_places, on_the_map, outline_index, shaded_states
from portal.views.records import RecordPageView
from workinggroups.models import Membership, StatedCount

# What each stated count counts among the participants the portal holds: (kinds, status).
COUNTED_BY_SUBJECT = {
    StatedCount.Subject.MEMBER_STATES: ({"state", "territory"}, "member"),
    StatedCount.Subject.MEMBER_ORGANISATIONS: ({"international-organisation"}, "member"),
    StatedCount.Subject.OBSERVER_STATES: ({"state", "territory"}, "observer"),
    StatedCount.Subject.OBSERVER_ORGANISATIONS: (
        {"international-organisation", "organisation"},
        "observer",
    ),
}


def held_counts() -> Counter:
    """{(kind, status): participants held}, counted by the database from its index."""
    rows = Participant.objects.order_by().values("kind", "status").annotate(n=Count("*"))
    return Counter({(row["kind"], row["status"]): row["n"] for row in rows})


def participant_counts(held: Counter):
    """Rows held per kind and status, next to the counts the sources print."""
    stated = StatedCount.objects.filter(body__isnull=True).claims()
    rows = []
    for subject, label in StatedCount.Subject.choices:
        claims = [count for count in stated if count.subject == subject]
        if not claims:
            continue
        counted = COUNTED_BY_SUBJECT.get(subject)
        number = None
        if counted:
            kinds, status = counted
            number = sum(n for (kind, s), n in held.items() if kind in kinds and s == status)
        differs = number is not None and any(
            (c.value != number and not c.at_least) or (c.at_least and number < c.value)
            for c in claims
        )
        rows.append({"label": label, "held": number, "claims": claims, "differs": differs})
    return rows


class ParticipantListView(FilterView):
    filterset_class = ParticipantFilter
    template_name = "members/participant_list.html"
    context_object_name = "participants"
    paginate_by = 100
    strict = True

    def get_queryset(self):
        # Only what a row shows ({% directory_row %}): descriptions stay in the database.
        listed = Participant.objects.only("name", "short_name", "kind", "status", "founding")
        return listed.prefetch_related(
            Prefetch(
                "memberships",
                # Only what the directory shows of a membership: its role and its body's link.
                queryset=Membership.objects.select_related("body")
                .only("participant_id", "role", "body__slug", "body__name", "body__short_name")
                .order_by("body__position"),
                # A plain list: the related manager's cache costs a filtered queryset per row.
                to_attr="membership_list",
            )
        )

    @cached_property
    def held(self) -> Counter:
        return held_counts()

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        if not queryset.query.where:
            # Unfiltered, the list is every participant, whom the totals by kind and status have
            # already counted: no second count over the whole table.
            paginator.count = self.held.total()
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = participant_counts(self.held)
        return context


class ParticipantDetailView(RecordPageView):
    # Memberships and meeting roles are read here: their apps sit above the participant's.
    queryset = Participant.objects.for_its_page().prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("body").order_by("body__position", "role"),
        ),
        Prefetch(
            "meeting_roles",
            queryset=MeetingRole.objects.select_related("meeting").order_by("meeting__starts_on"),
        ),
    )
    template_name = "members/participant_detail.html"
    context_object_name = "participant"

    def shown_records(self, participant):
        return [
            *participant.name_variants.all(),
            *participant.memberships.all(),
            *participant.meeting_roles.all(),
            *participant.meetings_hosted.all(),
            *participant.national_measures.all(),
            *participant.figures.all(),
        ]

    def json_ld_data(self, participant):
        return {
            "@type": "Country" if participant.kind in {"state", "territory"} else "Organization",
            "name": participant.name,
            "alternateName": [v.name for v in participant.name_variants.all()],
            "url": participant.get_absolute_url(),
            "memberOf": [
                {"@type": "Organization", "name": m.body.name, "roleName": m.get_role_display()}
                for m in participant.memberships.all()
            ],
        }


class PersonDetailView(RecordPageView):
    queryset = Person.objects.select_related("participant").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("body")),
        Prefetch("meeting_roles", queryset=MeetingRole.objects.select_related("meeting")),
    )
    template_name = "members/person_detail.html"
    context_object_name = "person"
    shows_conflicts = False

    def shown_records(self, person):
        return [*person.memberships.all(), *person.meeting_roles.all()]


def world_map(request):
    """Member and observer states shaded, meeting places marked; lists below say the same in words."""
    states = shaded_states()
    by_name = sorted((state["participant"] for state in states), key=lambda p: p.name)
    context = {
        "outlines": outline_index(),
        "states": states,
        "members": [p for p in by_name if p.status == Participant.Status.MEMBER],
        "observers": [p for p in by_name if p.status == Participant.Status.OBSERVER],
        "places": meeting_places(),
        "unplaced": Meeting.objects.count() - on_the_map(Meeting.objects).count(),
    }
    return render(request, "members/map.html", context)
