"""Meetings, dated at the precision the sources give, and what they decided."""

import datetime as dt

import pytest
from django.db import IntegrityError

from meetings.models import Meeting, MeetingRole, ObjectiveList, Outcome
from sources.models import Conflict
from tests import factories


@pytest.mark.parametrize(
    "slug,date,place",
    [
        ("bpmc-1", "2002", "Bali, Indonesia"),
        ("bpmc-4", "March 2011", "Bali, Indonesia"),
        ("bpmc-5", "2 April 2013", "Bali, Indonesia"),
        ("bpmc-7", "6-7 August 2018", "Nusa Dua, Bali, Indonesia"),
        ("bpmc-8", "February 2023", "Adelaide, Australia"),
        ("ahg-som-8", "6 August 2014", "Canberra, Australia"),
        ("ahg-som-9", "May 2015", "Auckland, New Zealand"),
        ("ahg-som-11", "November 2016", "Colombo, Sri Lanka"),
        ("ahg-17", "2-3 May 2024", "Kuala Lumpur, Malaysia"),
        ("wg-tip-1", "2015", ""),
        ("national-training-directors-2", "18-20 July 2017", "Semarang, Indonesia"),
        ("consultation-mechanism-1", "13 October 2017", "Jakarta, Indonesia"),
        ("gabf-1", "24-25 August 2017", "Perth, Western Australia, Australia"),
        ("som-2004", "June 2004", "Brisbane, Australia"),
    ],
)
def test_meetings_have_their_date_at_its_real_precision_and_their_place(db, slug, date, place):
    meeting = Meeting.objects.get(slug=slug)
    assert (meeting.date_display, meeting.place_display) == (date, place)


def test_the_ninth_ahg_meeting_took_place_in_auckland_in_may_2015(db):
    ninth = Meeting.objects.get(series="ad-hoc-group", ordinal=9)
    assert (ninth.city, ninth.starts_on, ninth.date_precision) == (
        "Auckland",
        dt.date(2015, 5, 1),
        "month",
    )


def test_the_first_conference_month_is_a_recorded_disagreement(db):
    conflict = Conflict.objects.about(Meeting.objects.get(slug="bpmc-1")).get()
    assert sorted(conflict.claims.values_list("claim", flat=True)) == [
        "April 2002",
        "February 2002",
    ]


def test_the_jakarta_special_conference_date_is_a_recorded_disagreement(db):
    conflict = Conflict.objects.about(Meeting.objects.get(slug="jakarta-special-conference")).get()
    claims = {c.claim: c.citations.get().source_id for c in conflict.claims.all()}
    assert claims == {
        "20 August 2013": "strategy-2017-update",
        "April 2014": "encyclopedia-article",
    }


def test_the_11th_ahg_som_endorsed_the_concept_note_and_the_andaman_review(db):
    meeting = Meeting.objects.get(slug="ahg-som-11")
    endorsed = meeting.outcomes.filter(verb="endorsed").values_list("document__title", flat=True)
    assert set(endorsed) == {
        "Concept Note for the Consultation Mechanism",
        "Review of the Response to the Andaman Sea Situation",
    }


def test_a_year_overlaps_the_months_inside_it(db):
    in_2015 = Meeting.objects.overlapping(dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    assert {"ahg-som-9", "wg-tip-1", "wg-disruption-1"} <= set(
        in_2015.values_list("slug", flat=True)
    )
    in_may_2015 = Meeting.objects.overlapping(dt.date(2015, 5, 1), dt.date(2015, 5, 31))
    assert "wg-tip-1" in in_may_2015.values_list("slug", flat=True)  # "2015" may mean May 2015


def test_ahg_meetings_form_one_series_in_order(db):
    ordinals = list(
        Meeting.objects.filter(series="ad-hoc-group")
        .order_by("ordinal")
        .values_list("ordinal", flat=True)
    )
    assert ordinals == [5, 6, 7, 8, 9, 10, 11, 12, 17]


def test_objective_lists_keep_every_version(db):
    lists = ObjectiveList.objects.order_by("agreed")
    assert [(o.slug, o.objectives.count()) for o in lists] == [
        ("objectives-2002", 10),
        ("streamlined-programme-2004", 7),
        ("objectives-2009", 11),
        ("strategy-objective-2017", 6),
        ("objectives-profile-2019", 6),
    ]


def test_a_meeting_cannot_end_before_it_starts(db):
    with pytest.raises(IntegrityError):
        factories.uncited_meeting(starts_on=dt.date(2020, 5, 2), ends_on=dt.date(2020, 5, 1))


def test_a_month_precision_date_must_start_on_the_first(db):
    with pytest.raises(IntegrityError):
        factories.uncited_meeting(
            starts_on=dt.date(2020, 5, 2), ends_on=dt.date(2020, 5, 31), date_precision="month"
        )


@pytest.mark.parametrize("model", [MeetingRole, Outcome])
def test_a_meetings_parts_sort_by_meeting_key_without_joining_every_meeting(db, model):
    parts = {}
    for part in model.objects.all():
        parts.setdefault(part.meeting_id, []).append(part)
    assert list(parts) == sorted(parts), "grouped by the meeting's key"
    assert max(len(rows) for rows in parts.values()) >= 3, "some meeting has parts to order"
    for rows in parts.values():
        assert rows == sorted(rows, key=lambda p: [getattr(p, key) for key in ORDER[model]])
    assert 'JOIN "meetings_meeting"' not in str(model.objects.all().query)


# What orders a meeting's parts within it, after the meeting (a role's holders are a join away).
ORDER = {MeetingRole: ["role"], Outcome: ["slug"]}
