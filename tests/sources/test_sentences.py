"""Cutting a source's text into sentences and list items (core.sentences)."""

from core.sentences import ITEM, SENTENCE, headings, nearest_passage, split, unit_key

TEXT = """= Bali Process =

The Bali Process was set up in 2002, e.g. by ministers. It met in the U.S. Capital once. Law No. 5 of 2009 applies.

==History==
The forum is informal. It has **no secretariat** of its own.

===Members===

Members include:
- Australia
* Indonesia
  • New Zealand
1. the first objective;
2. the second
objective, on two lines.

Secretariat
IOM provides the secretariat functions.

**A title in bold
over two lines**

## **Background**

A sentence cut by a page break continues in the
next paragraph without

its full stop. Then another one!
---
- . a bullet as one source writes it.
"""


def texts(units):
    return [(unit.kind, unit.text) for unit in units]


def test_split_cuts_sentences_and_list_items_and_leaves_headings_out():
    assert texts(split(TEXT)) == [
        (SENTENCE, "The Bali Process was set up in 2002, e.g. by ministers."),
        (SENTENCE, "It met in the U.S. Capital once."),
        (SENTENCE, "Law No. 5 of 2009 applies."),
        (SENTENCE, "The forum is informal."),
        (SENTENCE, "It has no secretariat of its own."),
        (SENTENCE, "Members include:"),
        (ITEM, "Australia"),
        (ITEM, "Indonesia"),
        (ITEM, "New Zealand"),
        (ITEM, "the first objective;"),
        (ITEM, "the second objective, on two lines."),
        (SENTENCE, "IOM provides the secretariat functions."),
        (
            SENTENCE,
            "A sentence cut by a page break continues in the next paragraph without its full stop.",
        ),
        (SENTENCE, "Then another one!"),
        (ITEM, "a bullet as one source writes it."),
    ]


def test_split_gives_each_unit_its_place_and_heading():
    units = split(TEXT)
    for unit in units:
        # The span is the unit as written: markup aside, the same words.
        assert unit.text.replace(" ", "") in TEXT[unit.start : unit.end].replace("**", "").replace(
            "\n", ""
        ).replace(" ", "")
    by_text = {unit.text: unit for unit in units}
    assert by_text["The forum is informal."].heading == "History"
    assert by_text["The forum is informal."].locator == "==History=="
    assert by_text["Australia"].heading == "Members"
    assert by_text["IOM provides the secretariat functions."].heading == "Secretariat"
    assert by_text["Then another one!"].heading == "Background"
    assert [h.text for h in headings(TEXT)] == [
        "Bali Process",
        "History",
        "Members",
        "Secretariat",
        "A title in bold over two lines",
        "Background",
    ]


def test_split_is_deterministic_and_cached_per_text():
    assert split(TEXT) is split(TEXT)
    assert split("".join(TEXT)) == split(TEXT)
    assert split("") == ()


def test_unit_key_ignores_whitespace_only():
    assert unit_key("It met  in\nthe U.S.") == unit_key("It met in the U.S.")
    assert unit_key("It met in the U.S.") != unit_key("It met in the US.")


def test_nearest_passage_offers_the_closest_stretch_of_the_text():
    assert nearest_passage("The forum is informl", TEXT) == "The forum is informal."
    assert nearest_passage("It has no secretariat of its own.", TEXT) == (
        "It has **no secretariat** of its own."
    )
    assert nearest_passage("Something else entirely, about fishing boats", TEXT) is None
    assert nearest_passage("The forum is informl " * 200, TEXT) is None


def test_split_reads_every_seed_source(db):
    from sources.models import Source

    counts = {source.slug: len(split(source.text())) for source in Source.objects.all()}
    assert counts == {
        "encyclopedia-article": 239,
        "rcp-profile": 125,
        "strategy-2017-update": 66,
        "gcim-paper-2005": 87,
        "statement-2024-05": 34,
    }
