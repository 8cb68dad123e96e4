"""How passages are compared with their sources; plain Python, so the fixture builder shares it."""

import re

WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space: the only liberty a citation may take."""
    return WHITESPACE.sub(" ", text).strip()


# C0 controls but tab, line feed and carriage return; DEL; C1 controls. XML 1.0 refuses most of
# them (an Atom feed with one fails to render), and no text of the knowledge base needs them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What a single-line field refuses besides: a CharField is one line in every form and export.
LINE_BREAKS_AND_TABS = re.compile(r"[\t\n\r]")


def control_character_error(text: str, *, single_line: bool) -> str | None:
    """A sentence saying why the text may not be stored, or None if it may."""
    found = CONTROL_CHARACTERS.search(text)
    if found:
        return (
            f"Remove the control character U+{ord(found.group()):04X} (character "
            f"{found.start() + 1}): text may not contain control characters."
        )
    found = single_line and LINE_BREAKS_AND_TABS.search(text)
    if found:
        return (
            f"Remove the line break or tab U+{ord(found.group()):04X} (character "
            f"{found.start() + 1}): this field is a single line."
        )
    return None


def without_control_characters(text: str) -> str:
    """The text with control characters dropped (those that are spacing become a space), for
    output that must not break on what the database holds."""
    return CONTROL_CHARACTERS.sub(lambda m: " " if m.group().isspace() else "", text)


# The first characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell that a spreadsheet shows as text, never runs: text that could start a formula
    gets a leading apostrophe. Numbers and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
