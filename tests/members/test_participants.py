"""Who takes part in the Bali Process, as the sources say."""

import pytest
from django.db import IntegrityError

from members.models import NationalMeasure, Participant
from tests import knowledge_facts as facts
from workinggroups.models import StatedCount


def test_there_are_45_member_states_including_hong_kong_and_macau(db):
    members = Participant.objects.states().members()
    assert members.count() == facts.MEMBER_STATES_AND_TERRITORIES
    territories = dict(members.filter(kind="territory").values_list("slug", "iso_code"))
    assert territories == {"hong-kong": "HK", "macau": "MO"}


def test_the_stated_member_state_counts_match_the_rows(db):
    stated = StatedCount.objects.filter(subject="member-states").values_list("value", flat=True)
    assert set(stated) == {45}
    assert Participant.objects.states().members().count() == facts.MEMBER_STATES_AND_TERRITORIES


def test_there_are_17_observer_states(db):
    observers = Participant.objects.states().observers()
    assert observers.count() == facts.OBSERVER_STATES
    assert StatedCount.objects.get(slug="rcp-observer-states").value == 17
    assert "netherlands" in observers.values_list("slug", flat=True)


def test_member_organisations_are_iom_unhcr_unodc_and_ilo(db):
    orgs = Participant.objects.members().filter(kind="international-organisation")
    assert sorted(orgs.values_list("short_name", flat=True)) == ["ILO", "IOM", "UNHCR", "UNODC"]


def test_observer_organisations_and_iscms_are_known_only_as_counts(db):
    assert StatedCount.objects.get(slug="rcp-observer-organisations").value == 9
    assert StatedCount.objects.get(slug="rcp-observer-iscms").value == 1


def test_founding_members_are_the_profile_list_plus_the_co_chairs(db):
    founding = set(Participant.objects.filter(founding=True).values_list("slug", flat=True))
    assert len(founding) == facts.FOUNDING_MEMBERS
    assert {"afghanistan", "viet-nam", "turkey", "australia", "indonesia"} <= founding
    assert not founding & {"tonga", "iraq", "maldives", "united-states-of-america", "hong-kong"}


@pytest.mark.parametrize(
    "name,slug",
    [
        ("Viet Nam", "viet-nam"),
        ("Viet nam", "viet-nam"),
        ("Vietnam", "viet-nam"),
        ("USA", "united-states-of-america"),
        ("United States of America", "united-states-of-america"),
        ("The United States of America", "united-states-of-america"),
        ("UAE", "united-arab-emirates"),
        ("Republic of Korea", "republic-of-korea"),
        ("Iran", "iran"),
        ("The Netherlands", "netherlands"),
        ("UN High Commissioner for Refugees", "unhcr"),
        ("International Organisation for Migration", "iom"),
    ],
)
def test_every_name_variant_resolves_to_one_record(db, name, slug):
    assert Participant.objects.resolve(name).slug == slug


def test_an_unknown_name_resolves_to_nothing(db):
    assert Participant.objects.resolve("Atlantis") is None


def test_iso_codes_are_unique(db):
    with pytest.raises(IntegrityError):
        Participant.objects.create(
            slug="oz", name="Oz", kind="state", status="observer", iso_code="AU"
        )


def test_organisations_have_no_iso_code(db):
    with pytest.raises(IntegrityError):
        Participant.objects.create(
            slug="x-org", name="X Org", kind="organisation", status="partner", iso_code="XX"
        )


def test_indonesia_passed_these_laws(db):
    laws = NationalMeasure.objects.filter(participant="indonesia", kind__in=["law", "ratification"])
    assert sorted(laws.values_list("title", "year")) == [
        ("Law No. 21 of 2007", 2007),
        (
            "Law No. 5 of 2009 (ratifying the UN Convention against Transnational Organised Crime)",
            2009,
        ),
        ("Law No. 6 of 2011", 2011),
        ("Law No. 9 of 1992", 1992),
    ]
    assert (
        NationalMeasure.objects.get(slug="indonesia-law-6-2011").amends_id == "indonesia-law-9-1992"
    )
