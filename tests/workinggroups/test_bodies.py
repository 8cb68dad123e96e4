"""The structure of the Bali Process and who holds which role when."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from sources.models import Conflict
from tests import knowledge_facts as facts
from workinggroups.models import Body, Membership, StatedCount


def holders(body, role="member", day=None):
    rows = Membership.objects.filter(body=body, role=role)
    if day:
        rows = rows.active_on(day)
    return {m.participant_id or m.person_id for m in rows}


def test_the_steering_group_is_four_states_iom_and_unhcr(db):
    assert holders("steering-group") == {
        "australia",
        "indonesia",
        "new-zealand",
        "thailand",
        "iom",
        "unhcr",
    }
    assert holders("steering-group", "coordinator") == {"new-zealand", "thailand"}


def test_the_steering_group_composition_is_a_recorded_disagreement(db):
    conflict = Conflict.objects.get(slug="steering-group-composition")
    assert conflict.about == Body.objects.get(slug="steering-group")
    assert conflict.claims.count() == 4


def test_the_ad_hoc_group_is_16_states_and_3_organisations(db):
    members = Membership.objects.filter(body="ad-hoc-group", role="member")
    states = members.filter(participant__kind="state")
    assert states.count() == facts.AD_HOC_GROUP_STATES
    assert set(
        members.exclude(participant__kind="state").values_list("participant", flat=True)
    ) == {"iom", "unhcr", "unodc"}
    assert StatedCount.objects.get(slug="rcp-ahg-states").value == 15
    assert Conflict.objects.filter(slug="ahg-member-states-count").exists()


def test_five_bodies_operate_under_the_ad_hoc_group(db):
    assert set(Body.objects.under("ad-hoc-group").values_list("slug", flat=True)) == {
        "technical-experts-working-group-irregular-movements",
        "working-group-trafficking-in-persons",
        "working-group-disruption-of-networks",
        "task-force-planning-preparedness",
        "rilon",
    }


def test_the_disruption_working_group_co_chairs_changed_between_2015_and_2024(db):
    body = "working-group-disruption-of-networks"
    assert holders(body, "co-chair", dt.date(2015, 6, 1)) == {"new-zealand", "sri-lanka"}
    assert holders(body, "co-chair", dt.date(2024, 6, 1)) == {"new-zealand", "viet-nam"}


def test_the_trafficking_working_group_is_co_chaired_by_australia_and_indonesia(db):
    assert holders("working-group-trafficking-in-persons", "co-chair") == {"australia", "indonesia"}


def test_the_rso_is_in_bangkok_under_the_co_chairs_with_two_co_managers(db):
    rso = Body.objects.get(slug="regional-support-office")
    assert rso.parent_id == "co-chairs"
    assert rso.established_display == "2012"
    assert [o.city for o in rso.offices.all()] == ["Bangkok"]
    assert holders(rso, "co-manager") == {
        "australia",
        "indonesia",
        "david-scott",
        "fuad-adriansyah",
    }


def test_rilon_works_from_five_cities(db):
    cities = set(Body.objects.get(slug="rilon").offices.values_list("city", flat=True))
    assert cities == {"Bangkok", "Canberra", "Colombo", "Kuala Lumpur", "New Delhi"}


def test_the_business_co_chairs_hold_office_since_2017(db):
    rows = Membership.objects.filter(body="government-and-business-forum", role="business-co-chair")
    assert {(m.person_id, m.period_display) for m in rows} == {
        ("andrew-forrest", "since 2017"),
        ("eddy-sariaatmadja", "since 2017"),
    }


def test_a_membership_cannot_end_before_it_starts(db):
    with pytest.raises(IntegrityError):
        Membership.objects.create(
            slug="bad",
            body_id="rilon",
            participant_id="india",
            role="member",
            since=dt.date(2020, 1, 1),
            since_precision="year",
            until=dt.date(2019, 12, 31),
            until_precision="year",
        )


def test_a_membership_needs_a_participant_or_a_person_not_both(db):
    membership = Membership(
        slug="both", body_id="rilon", participant_id="india", person_id="lynn-bell", role="member"
    )
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "either a participant or a person" in str(error.value)


def test_a_body_cannot_sit_under_itself(db):
    ahg = Body.objects.get(slug="ad-hoc-group")
    ahg.parent = Body.objects.get(slug="rilon")
    with pytest.raises(ValidationError, match="cannot sit under itself"):
        ahg.full_clean()


def test_held_on_agrees_with_active_on(db):
    for day in [
        dt.date(2005, 1, 1),
        dt.date(2015, 6, 1),
        dt.date(2019, 12, 31),
        dt.date(2024, 6, 1),
    ]:
        in_python = {m.pk for m in Membership.objects.all() if m.held_on(day)}
        assert in_python == set(Membership.objects.active_on(day).values_list("pk", flat=True))
