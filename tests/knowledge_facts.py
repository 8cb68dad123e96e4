"""Facts of the real knowledge base that tests expect, in one place, so adding a source changes one file.

Counts of records are computed from fixtures/knowledge.json; the few that need the portal's own reading
(dates, places) are stated by hand, each with what it counts.
"""

import json

from knowledge.loading import KNOWLEDGE_FIXTURE

_ROWS = json.loads(KNOWLEDGE_FIXTURE.read_text(encoding="utf-8"))


def _records(model: str, **fields) -> list[dict]:
    """The records of `model` with these field values (a list of values: any of them)."""
    return [
        row
        for row in _ROWS
        if row["model"] == model
        and all(
            row["fields"][name] in (value if isinstance(value, list) else [value])
            for name, value in fields.items()
        )
    ]


def _count(model: str, **fields) -> int:
    return len(_records(model, **fields))


SOURCES = _count("sources.source")
CONFLICTS = _count("sources.conflict")

PARTICIPANTS = _count("members.participant")
_STATE_KINDS = ["state", "territory"]
MEMBER_STATES_AND_TERRITORIES = _count("members.participant", status="member", kind=_STATE_KINDS)
OBSERVER_STATES = _count("members.participant", status="observer", kind=_STATE_KINDS)
# The map shades every member and observer state or territory.
STATES_ON_THE_MAP = MEMBER_STATES_AND_TERRITORIES + OBSERVER_STATES
FOUNDING_MEMBERS = _count("members.participant", founding=True)

# The Ad Hoc Group's members: states and territories, and organisations (all current).
AD_HOC_GROUP_MEMBERS = _count("workinggroups.membership", body="ad-hoc-group", role="member")
AD_HOC_GROUP_STATES = _count(
    "workinggroups.membership",
    body="ad-hoc-group",
    role="member",
    participant=[row["pk"] for row in _records("members.participant", kind="state")],
)
AD_HOC_GROUP_MEETINGS = _count("meetings.meeting", body="ad-hoc-group")
MINISTERIAL_CONFERENCES = _count("meetings.meeting", kind="ministerial-conference")

# Stated by hand: meetings whose dates overlap 2015 (the Ninth AHG SOM, the trafficking working
# group's first meeting, the disruption working group's first meeting).
MEETINGS_IN_2015 = 3
# Stated by hand: meetings held in Bali, Indonesia, as the map marks them.
MEETINGS_IN_BALI = 12
