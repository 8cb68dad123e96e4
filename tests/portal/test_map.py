"""The map page: member and observer states shaded, meeting places marked, the same in words below."""

import html
import re
from pathlib import Path

from django.conf import settings

from meetings.models import Meeting
from members.models import Participant
from portal.maps import PLACES, outline_index
from portal.projection import project
from tests import factories
from tests import knowledge_facts as facts
from tests.helpers import assert_constant_queries

OUTLINES = Path(settings.BASE_DIR) / "static" / "maps" / "world.svg"


def outline_rings(code):
    """The rings of one country's outline in the static file, as absolute points."""
    match = re.search(rf'<path id="{code}" d="([^"]+)"', OUTLINES.read_text())
    rings = []
    for ring in re.findall(r"M([^z]+)z", match[1]):
        start, steps = ring.split("l")
        x, y = map(float, start.split())
        points = [(x, y)]
        numbers = [float(n) for n in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", steps)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        rings.append(points)
    return rings


def inside(point, rings):
    """Even-odd rule over all rings, as SVG fills them."""
    x, y = point
    crossings = 0
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def test_every_member_and_observer_state_is_shaded_and_links_to_its_page(client, db):
    body = client.get("/map/").content.decode()
    states = Participant.objects.states().filter(status__in=["member", "observer"])
    assert states.count() == facts.STATES_ON_THE_MAP
    for state in states:
        link = re.search(
            rf'<a class="state {state.status}" href="{state.get_absolute_url()}">'
            rf"<title>{re.escape(html.escape(state.name))}: {state.status}</title>"
            rf'<use href="[^"]*world\.svg#{state.iso_code}"/>',
            body,
        )
        assert link, f"{state.name} is not shaded as {state.status}"


def test_small_states_also_get_a_dot_so_that_they_can_be_seen(client, db):
    body = client.get("/map/").content.decode()
    nauru = re.search(r'<a class="state member" href="/members/nauru/">.*?</a>', body, re.S)[0]
    australia = re.search(r'<a class="state member" href="/members/australia/">.*?</a>', body, re.S)
    assert "<circle" in nauru
    assert "<circle" not in australia[0]


def test_meeting_places_are_marked_with_how_many_meetings(client, db):
    body = client.get("/map/").content.decode()
    assert f"<title>Bali, Indonesia: {facts.MEETINGS_IN_BALI} meetings</title>" in body
    assert "<title>Geneva, Switzerland: 1 meeting</title>" in body
    held = Meeting.objects.filter(country__isnull=False)
    marked = sum(int(n) for n in re.findall(r"<title>[^<]*: (\d+) meetings?</title>", body))
    assert marked == held.count()


def test_meeting_places_fall_inside_their_country(client, db):
    """The page places cities with the projection the outlines were drawn with."""
    for row in (
        Meeting.objects.filter(country__isnull=False).values("city", "country__iso_code").distinct()
    ):
        if row["city"] not in PLACES or row["city"] in ("Bali", "Nusa Dua", "Singapore"):
            continue  # Small islands: simplified outlines may not reach the exact spot.
        latitude, longitude = PLACES[row["city"]]
        point = project(longitude, latitude)
        # Cities on a coast or a border (Geneva) may sit just outside a simplified outline:
        # allow two map units, well under the distance to the next country's capital.
        nearby = [(point[0] + dx, point[1] + dy) for dx in (-2, 0, 2) for dy in (-2, 0, 2)]
        rings = outline_rings(row["country__iso_code"])
        assert any(inside(p, rings) for p in nearby), f"{row['city']} is off its country"


def test_a_place_without_coordinates_is_marked_at_its_country_and_says_so(client, db):
    text = client.get("/map/").content.decode()
    assert re.search(r"\(city not recorded\) <span class=\"muted\">marked at the country", text)
    unplaced = Meeting.objects.filter(country__isnull=True).count()
    assert f"{unplaced} meetings have no host state or territory recorded" in text


def test_the_outlines_file_and_its_index_describe_the_same_countries():
    index = outline_index()
    drawn = set(re.findall(r'<path id="([A-Z]{2})"', OUTLINES.read_text()))
    assert drawn == set(index["countries"])
    assert f'viewBox="0 0 {index["width"]:g} {index["height"]:g}"' in OUTLINES.read_text()


def test_the_lists_below_the_map_name_every_shaded_state(client, db):
    response = client.get("/map/")
    members = response.context["members"]
    assert len(members) == Participant.objects.states().members().count()
    assert [p.name for p in members] == sorted(p.name for p in members)
    assert len(response.context["observers"]) == Participant.objects.states().observers().count()


def test_meetings_hosted_by_an_organisation_are_counted_off_the_map(client, db):
    before = client.get("/map/").context["unplaced"]
    office = factories.participant(name="A regional office")
    factories.meeting(country=office, city="Bangkok")
    response = client.get("/map/")
    assert response.context["unplaced"] == before + 1
    assert "A regional office" not in response.content.decode()


def test_map_queries_stay_constant_as_states_and_meetings_grow(client, db):
    def grow():
        factories.grow()
        for n, code in enumerate(["BR", "AR", "MX", "KE", "EG", "PE"]):
            state = factories.participant(
                name=f"Synthetic State {code}", kind="state", status="observer", iso_code=code
            )
            factories.meeting(country=state, city=f"Synthetic City {n}")

    response = assert_constant_queries(client, "/map/", grow)
    assert "Synthetic State BR: observer" in response.content.decode()
