"""How much of a source the knowledge base has taken in: each sentence and list item cited or not.

A unit (core.sentences) is **cited** when a cited passage, found where the source page highlights
it (sources.highlight.locate: after its locator, else its first occurrence), shares at least one
character with it: a passage quoting part of a sentence cites that sentence, and one running over
three list items cites all three. A unit is **marked** when an editor said it carries no fact
(SentenceMark, matched by the unit's words). A source's coverage is the units cited or marked (each
counted once) out of all its units.
"""

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType

from core.sentences import Unit, headings, split
from core.text import normalise
from sources.highlight import locate, phrase
from sources.models import Citation, Record, SentenceMark, Source

LOCATOR_LENGTH = Citation._meta.get_field("locator").max_length


@dataclass(frozen=True)
class Figure:
    units: int
    cited: int
    marked: int  # marked and not cited

    @property
    def covered(self) -> int:
        return self.cited + self.marked

    @property
    def open(self) -> int:
        return self.units - self.covered

    @property
    def percent(self) -> int:
        """Rounded down, so that 100 means every unit."""
        return 100 * self.covered // self.units if self.units else 0

    def as_dict(self) -> dict:
        return {
            "units": self.units,
            "cited": self.cited,
            "marked": self.marked,
            "covered": self.covered,
            "percent": self.percent,
        }


@dataclass
class UnitState:
    unit: Unit
    passages: list[tuple[str, str]] = field(default_factory=list)  # (passage, locator) citing it
    records: list = field(default_factory=list)  # the records citing it, in order, once each
    mark: SentenceMark | None = None

    @property
    def state(self) -> str:
        return "cited" if self.passages else "marked" if self.mark else "open"


@lru_cache(maxsize=128)
def cited_units(text: str, cited: frozenset[tuple[str, str]]) -> dict[int, tuple]:
    """{index of a unit: the (passage, locator) pairs citing it, sorted}; cached per text and set
    of cited passages, as the highlighted text is."""
    units = split(text)
    starts = [unit.start for unit in units]
    found: dict[int, set] = {}
    for passage, locator in cited:
        span = locate(text, passage, locator)
        if span is None:
            continue
        begin, end = span
        index = max(0, bisect.bisect_right(starts, begin) - 1)
        while index < len(units) and units[index].start < end:
            if units[index].end > begin:
                found.setdefault(index, set()).add((passage, locator))
            index += 1
    return {index: tuple(sorted(pairs)) for index, pairs in found.items()}


def figure_of(text: str, cited: frozenset, marked_keys: set[str]) -> Figure:
    units = split(text)
    cited_at = cited_units(text, cited)
    marked = sum(
        1 for index, unit in enumerate(units) if index not in cited_at and unit.key in marked_keys
    )
    return Figure(units=len(units), cited=len(cited_at), marked=marked)


def coverage_figures(sources) -> dict[str, Figure]:
    """{slug: Figure} of the sources: two queries, however many sources and citations."""
    sources = list(sources)
    slugs = [source.slug for source in sources]
    cited: dict[str, set] = {slug: set() for slug in slugs}
    rows = Citation.objects.filter(source_id__in=slugs).order_by()
    for slug, passage, locator in rows.values_list("source_id", "passage", "locator").distinct():
        cited[slug].add((passage, locator))
    marked: dict[str, set] = {slug: set() for slug in slugs}
    for slug, key in SentenceMark.objects.filter(source_id__in=slugs).values_list(
        "source_id", "key"
    ):
        marked[slug].add(key)
    return {
        source.slug: figure_of(source.text(), frozenset(cited[source.slug]), marked[source.slug])
        for source in sources
    }


def source_coverage(source: Source) -> tuple[list[UnitState], Figure, list[SentenceMark]]:
    """Every unit of the source with its state and the records citing it, the figure, and the
    marks that match no unit now (the text changed). A query per kind of record cited, plus three."""
    text = source.text()
    units = split(text)
    citations = list(
        Citation.objects.filter(source=source)
        .order_by("id")
        .values_list("passage", "locator", "content_type_id", "object_id")
    )
    cited_at = cited_units(text, frozenset((p, loc) for p, loc, _t, _o in citations))
    by_passage: dict[tuple, list] = {}
    for passage, locator, content_type_id, object_id in citations:
        by_passage.setdefault((passage, locator), []).append((content_type_id, object_id))
    records = records_by_key({key for keys in by_passage.values() for key in keys})
    marks = {
        mark.key: mark
        for mark in SentenceMark.objects.filter(source=source).select_related("marked_by")
    }
    states = []
    for index, unit in enumerate(units):
        state = UnitState(unit, list(cited_at.get(index, ())), mark=marks.get(unit.key))
        seen = set()
        for pair in state.passages:
            for key in by_passage.get(pair, ()):
                if key not in seen and key in records:
                    seen.add(key)
                    state.records.append(records[key])
        states.append(state)
    unit_keys = {unit.key for unit in units}
    orphans = [mark for key, mark in marks.items() if key not in unit_keys]
    figure = Figure(
        units=len(units),
        cited=len(cited_at),
        marked=sum(1 for s in states if s.state == "marked"),
    )
    return states, figure, orphans


def records_by_key(keys) -> dict[tuple[int, str], Record]:
    """{(content type id, slug): record} with what their names and addresses read (the records
    they belong to) joined: one query per kind of record."""
    by_type: dict[int, set] = {}
    for content_type_id, object_id in keys:
        by_type.setdefault(content_type_id, set()).add(object_id)
    found = {}
    for content_type_id, ids in sorted(by_type.items()):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or not issubclass(model, Record):
            continue
        owners = [
            f.name
            for f in model._meta.concrete_fields
            if f.many_to_one and f.related_model is not None and issubclass(f.related_model, Record)
        ]
        for record in model._default_manager.filter(pk__in=ids).select_related(*owners):
            found[(content_type_id, str(record.pk))] = record
    return found


def selected_occurrences(text: str, passage: str, offset: str) -> tuple[int, str | None]:
    """(How often the passage occurs, the locator of the occurrence nearest `offset`, where the
    editor's selection started: "" if it occurs once, None if nothing singles that one out)."""
    occurrences = [found.start() for found in phrase(passage).finditer(text)]
    if len(occurrences) <= 1:
        return len(occurrences), ""
    try:
        start = int(offset)
    except ValueError:
        start = 0
    chosen = min(occurrences, key=lambda occurrence: abs(occurrence - start))
    return len(occurrences), locator_for(text, passage, chosen)


def locator_for(text: str, passage: str, start: int) -> str | None:
    """A locator that makes the passage's mark land on its occurrence at `start`: "" if that is
    its first occurrence, else the nearest heading or sentence before it that does; None if none."""
    first = locate(text, passage)
    if first is not None and first[0] == start:
        return ""
    before = [h.raw for h in reversed(headings(text)) if h.start < start]
    before += [normalise(text[u.start : u.end]) for u in reversed(split(text)) if u.end <= start]
    for candidate in before:
        candidate = shortened(candidate)
        span = locate(text, passage, candidate)
        if span is not None and span[0] == start:
            return candidate
    return None


def shortened(locator: str) -> str:
    """A heading longer than a locator holds, cut at a word: its start still finds it."""
    if len(locator) <= LOCATOR_LENGTH:
        return locator
    return locator[:LOCATOR_LENGTH].rsplit(" ", 1)[0]
