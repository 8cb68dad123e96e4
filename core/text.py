"""How passages are compared with their sources; plain Python, so the fixture builder shares it."""

import re

WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space: the only liberty a citation may take."""
    return WHITESPACE.sub(" ", text).strip()
