"""Synthetic rows, each with a citation, to check that pages cost the same however much data there is."""

import datetime as dt
import itertools

from meetings.models import Meeting, MeetingRole
from members.models import Participant
from sources.models import Citation, Conflict
from workinggroups.models import Body, Membership

counter = itertools.count(1)
PASSAGE = "The Bali Process is a non-binding, international forum"


def cite(record):
    Citation.objects.create(record=record, source_id="encyclopedia-article", passage=PASSAGE)
    return record


def participant(**fields):
    n = next(counter)
    # Organisations, because states need unique ISO codes.
    return cite(
        Participant.objects.create(
            **{
                "slug": f"synthetic-{n}",
                "name": f"Synthetic Organisation {n}",
                "kind": "organisation",
                "status": "partner",
                **fields,
            }
        )
    )


def membership(body, holder, role="member"):
    return cite(
        Membership.objects.create(
            slug=f"m-{next(counter)}", body=body, participant=holder, role=role
        )
    )


def uncited_meeting(**fields):
    """A one-day workshop, without a citation (for a database that holds no sources)."""
    n = next(counter)
    day = dt.date(2010, 1, 1)
    return Meeting.objects.create(
        **{
            "slug": f"synthetic-meeting-{n}",
            "title": f"Synthetic meeting {n}",
            "kind": "workshop",
            **{"starts_on": day, "ends_on": day, "date_precision": "day"},
            **fields,
        }
    )


def meeting(**fields):
    return cite(uncited_meeting(**fields))


def conflict(about):
    """A disagreement about `about`, with two cited claims."""
    n = next(counter)
    disagreement = cite(
        Conflict.objects.create(
            slug=f"c-{n}",
            title=f"Disagreement {n}",
            kind="date",
            summary="They differ.",
            about=about,
        )
    )
    for side in ("one", "other"):
        cite(disagreement.claims.create(slug=f"c-{n}-{side}", claim=f"The {side} side"))
    return disagreement


def grow(count=30):
    """Add `count` participants, each in the AHG and at a new AHG meeting hosted by Australia."""
    ahg = Body.objects.get(slug="ad-hoc-group")
    australia = Participant.objects.get(slug="australia")
    for _ in range(count):
        holder = participant()
        membership(ahg, holder)
        m = meeting(body=ahg, country=australia)
        cite(
            MeetingRole.objects.create(
                slug=f"r-{next(counter)}", meeting=m, participant=holder, role="attendee"
            )
        )
        cite(
            MeetingRole.objects.create(
                slug=f"r-{next(counter)}", meeting=m, participant=australia, role="attendee"
            )
        )
