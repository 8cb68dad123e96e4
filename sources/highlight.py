"""A source text as HTML, with every cited passage marked and anchored."""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sources.models import passage_anchor


def phrase(text: str) -> re.Pattern:
    """Match `text` in the raw source whatever whitespace separates its words."""
    return re.compile(r"\s+".join(re.escape(word) for word in text.split()))


def locate(raw: str, passage: str, locator: str = "") -> tuple[int, int] | None:
    """Where the passage is marked in the raw text: its first occurrence after the first occurrence
    of its locator (a heading before it), or in the whole text; None if it is not there."""
    start = 0
    if locator:
        heading = phrase(locator).search(raw)
        start = heading.start() if heading else 0
    found = phrase(passage).search(raw, start)
    return (found.start(), found.end()) if found else None


@lru_cache(maxsize=32)
def highlighted_text(raw: str, cited: frozenset[tuple[str, str]]) -> SafeString:
    """The text with its cited passages marked. Kept for the same text and passages: hashing the
    text (microseconds) costs far less than marking it again."""
    spans: dict[str, tuple[int, int]] = {}
    for passage, locator in sorted(cited):
        found = locate(raw, passage, locator)
        if found:
            spans[passage_anchor(passage, locator)] = found

    # Cut the text at every span boundary; each piece is marked with the passages covering it.
    cuts = sorted({0, len(raw), *(p for span in spans.values() for p in span)})
    starting: dict[int, list[str]] = {}
    for anchor, (begin, _end) in spans.items():
        starting.setdefault(begin, []).append(anchor)
    html = []
    for begin, end in zip(cuts, cuts[1:], strict=False):
        html.extend(
            f'<span id="{anchor}" class="anchor"></span>'
            for anchor in sorted(starting.get(begin, []))
        )
        covering = sorted(a for a, (s, e) in spans.items() if s <= begin and e >= end)
        piece = escape(raw[begin:end])
        if covering:
            html.append(f'<mark data-p="{" ".join(covering)}">{piece}</mark>')
        else:
            html.append(piece)
    return mark_safe("".join(html))
