"""The world map: member and observer states shaded, meeting places marked, drawn on the server."""

import json
import math
from functools import cache
from pathlib import Path

from django.db.models import Count

from meetings.models import Meeting
from members.models import Participant
from portal.projection import project

INDEX = Path(__file__).resolve().parent / "data" / "worldmap.json"

# Where the portal's meeting places are (latitude, longitude), by city as the sources write it.
# Presentation data, not knowledge: a place missing here is marked at its country's centre.
PLACES = {
    "Adelaide": (-34.93, 138.60),
    "Auckland": (-36.85, 174.76),
    "Bali": (-8.65, 115.22),
    "Bangkok": (13.76, 100.50),
    "Brisbane": (-27.47, 153.03),
    "Canberra": (-35.28, 149.13),
    "Colombo": (6.93, 79.85),
    "Dubai": (25.20, 55.27),
    "Geneva": (46.20, 6.14),
    "Hong Kong": (22.32, 114.17),
    "Jakarta": (-6.21, 106.85),
    "Kuala Lumpur": (3.14, 101.69),
    "London": (51.51, -0.13),
    "Melbourne": (-37.81, 144.96),
    "Nusa Dua": (-8.80, 115.23),
    "Perth": (-31.95, 115.86),
    "Semarang": (-6.97, 110.42),
    "Singapore": (1.35, 103.82),
    "St Petersburg": (59.94, 30.31),
    "Sydney": (-33.87, 151.21),
}
# A country drawn smaller than this (square map units) also gets a dot, so that it can be seen.
SMALL_AREA = 4.0


@cache
def outline_index():
    """Each country's name, centre and area on the map, by ISO 3166-1 alpha-2 code."""
    data = json.loads(INDEX.read_text())
    data["countries"] = {country["code"]: country for country in data["countries"]}
    return data


def shaded_states():
    """Member and observer states and territories the map can draw, small ones last (drawn on top)."""
    countries = outline_index()["countries"]
    states = []
    for participant in (
        Participant.objects.states()
        .filter(status__in=[Participant.Status.MEMBER, Participant.Status.OBSERVER])
        .exclude(iso_code="")
        .only("slug", "name", "status", "iso_code", "kind")
    ):
        outline = countries.get(participant.iso_code.upper())
        if outline is None:
            continue
        small = outline["area"] < SMALL_AREA
        states.append({"participant": participant, "outline": outline, "small": small})
    # Small states after large ones, so that their dots sit on top.
    states.sort(key=lambda state: (state["small"], state["participant"].name))
    return states


def on_the_map(meetings):
    """Meetings with a host state or territory: the places a map of countries can show."""
    return meetings.filter(country__kind__in=[Participant.Kind.STATE, Participant.Kind.TERRITORY])


def meeting_places():
    """Each place meetings were held, with how many and where it lies on the map."""
    countries = outline_index()["countries"]
    rows = (
        on_the_map(Meeting.objects)
        .order_by()
        .values("city", "country__slug", "country__name", "country__iso_code")
        .annotate(meetings=Count("pk"))
    )
    places = []
    for row in rows:
        if row["city"] in PLACES:
            x, y = project(*reversed(PLACES[row["city"]]))
            located = True
        else:
            outline = countries.get((row["country__iso_code"] or "").upper())
            if outline is None:
                continue
            x, y, located = outline["x"], outline["y"], False
        places.append(
            {
                "city": row["city"],
                "country_slug": row["country__slug"],
                "country_name": row["country__name"],
                "meetings": row["meetings"],
                "located": located,
                "x": round(x, 1),
                "y": round(y, 1),
                "r": round(2 + 1.2 * math.sqrt(row["meetings"]), 1),
            }
        )
    # Bigger circles first, so that smaller ones stay visible and clickable on top.
    places.sort(key=lambda place: (-place["meetings"], place["country_name"], place["city"]))
    return places
