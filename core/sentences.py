"""A source's text cut into the units a fact is taken from: sentences and list items.

Plain Python and deterministic, so that a unit is the same on every server and in every run. The
sources' light markup is read, not shown: headings (`== X ==`, `## X`, a paragraph all in `**bold**`,
a short line without punctuation such as "Secretariat" or "2014") separate units and are not units
themselves; bullets (`•`, `*`, `-`, `- .`) and numbers (`1.`, `a)`) start list items; `**`, `*` and
HTML tags are dropped from the text a reader sees. A sentence ends at `.`, `!` or `?` before a
capital or a digit, except after an abbreviation ("e.g.", "U.S.", "No. 5", "Mr."). A paragraph that
starts in lower case continues a sentence the one before left unfinished (a page break).
"""

import difflib
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from core.text import normalise

SENTENCE = "sentence"
ITEM = "item"


@dataclass(frozen=True)
class Unit:
    kind: str  # SENTENCE, or ITEM for a sentence of a list item
    start: int  # where it starts and ends in the raw text (markup included)
    end: int
    text: str  # as a reader reads it: markup dropped, whitespace collapsed
    heading: str  # the nearest heading before it, as a reader reads it ("" before the first)
    locator: str  # that heading as written in the text, as Citation.locator takes it

    @property
    def key(self) -> str:
        return unit_key(self.text)


@dataclass(frozen=True)
class Heading:
    start: int
    text: str
    raw: str


def unit_key(text: str) -> str:
    """What a unit is known by across re-splitting and corrections: a digest of its words."""
    return hashlib.sha256(normalise(text).encode()).hexdigest()


WIKI_HEADING = re.compile(r"^(=+)\s*(.*?)\s*\1$")
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
BOLD_BLOCK = re.compile(r"^(\*{1,3}|__)(?![\s*])(.+?)(?<![\s*])\1$", re.S)
# A bullet or number, then the item; "- . text" is how one source marks its bullets.
BULLET = re.compile(r"^(?:[•·▪◦*–-]|\d{1,3}[.)]|[a-z][.)]|\(\w{1,4}\))\s+(?:\.\s+)?")
MARKUP = re.compile(r"<[^>]{1,40}>|\*+|__")
# A sentence's end: its punctuation and any closing quotes, brackets or markup, then either
# space before a capital, a digit or an opening quote, or (a missing space) a capitalised word.
SENTENCE_END = re.compile(
    r"[.!?…]+[\"”’')\]*_]*(?=\s+[\"“‘'(\[*_]*[A-Z0-9])"
    r"|(?<=[a-z]{3}\.)(?=[A-Z][a-z])"
)
ABBREVIATIONS = {
    *("no nos mr mrs ms dr st vs cf art arts para paras vol pp fig approx inc ltd jr sr").split(),
    *("prof gen hon rev dept govt jan feb mar apr jun jul aug sep sept oct nov dec").split(),
}
# "e.g", "i.e", "u.s", "u.n.h.c.r": letters each followed by a dot (the last dot is the match).
INITIALS = re.compile(r"^(?:[a-z]\.)+[a-z]$|^[a-z]$")
UNFINISHED = re.compile(r"[^.!?…:;\"”’)\]*]$")
HEADING_WORDS = 8
NEAREST_LONGEST = 2000


def display(raw: str) -> str:
    """The text a reader reads: markup dropped, whitespace collapsed."""
    return normalise(MARKUP.sub("", raw))


def is_plain_heading(line: str) -> bool:
    """A short line that names what follows ("Secretariat", "2014", "Member States (45 States)")."""
    words = line.split()
    return (
        0 < len(words) <= HEADING_WORDS
        and not re.search(r"[.,;:!?…]", line)
        and not line[0].islower()
        and any(c.isalnum() for c in line)
    )


def sentence_ends(raw: str):
    """Offsets in `raw` just after each sentence's end, abbreviations aside."""
    for found in SENTENCE_END.finditer(raw):
        before = raw[: found.start()].rstrip(".")
        word = re.split(r"[\s(\[\"“‘*_]", before)[-1].lower() if before else ""
        if found.group()[:1] == "." and (word in ABBREVIATIONS or INITIALS.match(word)):
            continue
        yield found.end()


def blocks(text: str):
    """(start, [(line start, line without its newline), …]) of each run of non-blank lines."""
    block, position = [], 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        if content.strip():
            block.append((position, content))
        elif block:
            yield block
            block = []
        position += len(line)
    if block:
        yield block


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class Splitter:
    def __init__(self, text: str):
        self.text = text
        self.units: list[Unit] = []
        self.headings: list[Heading] = []
        self.heading = self.locator = ""

    def run(self) -> None:
        for block in blocks(self.text):
            self.read_block(block)

    def add_heading(self, start: int, raw: str, shown: str) -> None:
        self.heading, self.locator = display(shown), normalise(raw)
        self.headings.append(Heading(start, self.heading, self.locator))

    def read_block(self, block) -> None:
        whole_start = block[0][0]
        whole_end = block[-1][0] + len(block[-1][1])
        whole = self.text[whole_start:whole_end].strip()
        bold = BOLD_BLOCK.match(whole)
        if bold and "**" not in bold.group(2).strip("*"):
            self.add_heading(whole_start, whole, bold.group(2))
            return
        chunk: list[int] | None = None  # [start, end, kind] of the prose or item being read
        for start, line in block:
            stripped = line.strip()
            offset = start + len(line) - len(line.lstrip())
            heading = WIKI_HEADING.match(stripped) or MARKDOWN_HEADING.match(stripped)
            bullet = BULLET.match(stripped)
            continues = chunk is not None and stripped[0].islower() and not bullet
            if heading and not continues:
                self.flush(chunk)
                chunk = None
                self.add_heading(offset, stripped, heading.groups()[-1])
            elif RULE.match(stripped):
                self.flush(chunk)
                chunk = None
            elif continues:
                chunk[1] = offset + len(stripped)
            elif bullet:
                self.flush(chunk)
                chunk = [offset + bullet.end(), offset + len(stripped), ITEM]
            elif is_plain_heading(stripped):
                self.flush(chunk)
                chunk = None
                self.add_heading(offset, stripped, stripped)
            elif chunk is not None and chunk[2] == SENTENCE:
                chunk[1] = offset + len(stripped)
            else:
                self.flush(chunk)
                chunk = [offset, offset + len(stripped), SENTENCE]
        self.flush(chunk)

    def flush(self, chunk) -> None:
        if chunk is None:
            return
        start, end, kind = chunk
        cuts = [start, *(start + cut for cut in sentence_ends(self.text[start:end])), end]
        for begin, finish in zip(cuts, cuts[1:], strict=False):
            begin, finish = trimmed(self.text, begin, finish)
            shown = display(self.text[begin:finish])
            if not any(c.isalnum() for c in shown):
                continue
            previous = self.units[-1] if self.units else None
            if (
                begin == start
                and previous is not None
                and kind == previous.kind == SENTENCE
                and shown[0].islower()
                and UNFINISHED.search(previous.text)
                and not self.headings_between(previous.end, begin)
            ):
                # A sentence a page break cut in two is one sentence.
                self.units[-1] = Unit(
                    kind,
                    previous.start,
                    finish,
                    f"{previous.text} {shown}",
                    previous.heading,
                    previous.locator,
                )
                continue
            self.units.append(Unit(kind, begin, finish, shown, self.heading, self.locator))

    def headings_between(self, start: int, end: int) -> bool:
        return bool(self.headings) and start <= self.headings[-1].start < end


@lru_cache(maxsize=64)
def split(text: str) -> tuple[Unit, ...]:
    """The text's sentences and list items, in order; cached per text (Python keys the cache on the
    string's hash and compares equal texts, so a text read afresh from the database hits it too)."""
    splitter = Splitter(text)
    splitter.run()
    return tuple(splitter.units)


@lru_cache(maxsize=64)
def headings(text: str) -> tuple[Heading, ...]:
    """The text's headings, in order."""
    splitter = Splitter(text)
    splitter.run()
    return tuple(splitter.headings)


def nearest_passage(passage: str, text: str, cutoff: float = 0.6) -> str | None:
    """The stretch of `text` most like `passage` (difflib), as it is written; None if nothing is
    close. Candidates are the units, cut to the passage's length where the passage is shorter."""
    wanted = normalise(passage)
    # difflib's cost grows with the product of the lengths: a pasted page gets no suggestion.
    if not wanted or len(wanted) > NEAREST_LONGEST:
        return None
    words = set(wanted.lower().split())
    units = [normalise(text[unit.start : unit.end]) for unit in split(text)]
    # Words in common first: SequenceMatcher on every unit would cost a second on a long source.
    ranked = sorted(
        units, key=lambda unit: -len(words & set(unit.lower().split())) / (1 + len(words))
    )[:8]
    best, best_score = None, cutoff
    for unit in ranked:
        candidate = unit
        if len(wanted) < len(unit):
            matcher = difflib.SequenceMatcher(None, unit, wanted, autojunk=False)
            match = matcher.find_longest_match(0, len(unit), 0, len(wanted))
            begin = max(0, match.a - match.b)
            end = min(len(unit), begin + len(wanted))
            # Whole words: widen to the spaces around the stretch.
            begin = unit.rfind(" ", 0, begin) + 1
            end_space = unit.find(" ", end)
            candidate = unit[begin : end_space if end_space != -1 else len(unit)].strip()
        score = difflib.SequenceMatcher(None, candidate, wanted, autojunk=False).ratio()
        if score > best_score:
            best, best_score = candidate, score
    return best
