"""Every page type is valid HTML: it parses without a single error, ids are unique, references resolve."""

import re
from xml.etree import ElementTree

import html5lib
import pytest

from tests.helpers import PAGE_TYPES

XHTML = "{http://www.w3.org/1999/xhtml}"


def parse_strictly(content):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    try:
        return parser.parse(content)
    except html5lib.html5parser.ParseError as error:
        line, column = parser.errors[-1][0] if parser.errors else ("?", "?")
        raise AssertionError(f"HTML parse error at line {line}, column {column}: {error}") from None


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_is_valid_html(client, db, name):
    response = client.get(PAGE_TYPES[name])
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert content.startswith("<!doctype html>")
    tree = parse_strictly(content)

    ids = [element.get("id") for element in tree.iter() if element.get("id") is not None]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == [], f"ids used more than once: {duplicates}"
    assert all(i and not re.search(r"\s", i) for i in ids), "an id is empty or has a space"

    referenced = set()
    for element in tree.iter():
        if element.tag == f"{XHTML}label" and element.get("for"):
            referenced.add(element.get("for"))
        for attribute in ("aria-labelledby", "aria-describedby", "aria-controls"):
            referenced.update((element.get(attribute) or "").split())
    assert referenced <= set(ids), f"references to missing ids: {sorted(referenced - set(ids))}"

    html = tree.getroot() if isinstance(tree, ElementTree.ElementTree) else tree
    assert html.get("lang") == "en"
    assert len(html.findall(f".//{XHTML}main")) == 1
    assert len(html.findall(f".//{XHTML}h1")) == 1


SVG_NUMBERS = r' (?:x|y|cx|cy|r|width|height)="([^"]*)"'


@pytest.mark.parametrize("path", ["/meetings/", "/map/"])
def test_svg_coordinates_are_plain_numbers_whatever_the_locale_writes(client, db, settings, path):
    settings.LANGUAGE_CODE = "de"  # a locale that writes 93,3
    svg = re.search(r"<svg .*?</svg>", client.get(path).content.decode(), re.S)[0]
    numbers = re.findall(SVG_NUMBERS, svg) + re.search(r'viewBox="([^"]*)"', svg)[1].split()
    assert any("." in n for n in numbers), "some coordinates are fractional"
    assert all(re.fullmatch(r"\d+(\.\d+)?", n) for n in numbers), numbers
