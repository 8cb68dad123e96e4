"""The text of an uploaded file: plain text and Markdown as written, HTML without its markup, PDF
through pypdf. No network, no external service; every refusal is a sentence (ExtractionError)."""

import io
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from core.text import without_control_characters

# {suffix: (format, media type)}: what an editor may upload.
ACCEPTED = {
    ".txt": ("txt", "text/plain"),
    ".md": ("md", "text/markdown"),
    ".html": ("html", "text/html"),
    ".htm": ("html", "text/html"),
    ".pdf": ("pdf", "application/pdf"),
}


class ExtractionError(ValueError):
    """A file the portal cannot take a text from; the message says why, to the editor."""


@dataclass(frozen=True)
class Extracted:
    text: str
    format: str
    media_type: str


def extract(name: str, content: bytes) -> Extracted:
    """The text of the file `name` holding `content`, or ExtractionError."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in ACCEPTED:
        raise ExtractionError(
            f"“{name}” is not a file the portal reads: upload plain text (.txt), Markdown (.md), "
            "HTML (.html) or PDF (.pdf)."
        )
    check_size(len(content))
    fmt, media_type = ACCEPTED[suffix]
    if fmt == "pdf":
        text = pdf_text(content)
    else:
        decoded = decode(content)
        text = html_text(decoded) if fmt == "html" else tidy(decoded)
    if not re.search(r"\w", text):
        raise ExtractionError(
            "This HTML page holds no text once its markup, scripts and styles are removed."
            if fmt == "html"
            else "This file holds no text."
        )
    return Extracted(text=text, format=fmt, media_type=media_type)


def check_size(size: int) -> None:
    limit = settings.SOURCE_UPLOAD_MAX_BYTES
    if size > limit:
        raise ExtractionError(
            f"This file is {filesizeformat(size)}; the portal takes sources of up to "
            f"{filesizeformat(limit)} (SOURCE_UPLOAD_MAX_BYTES)."
        )


def decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExtractionError(
            f"This file is not UTF-8 text (byte {error.start + 1} is not): save it as UTF-8 and "
            "upload it again."
        ) from error


def tidy(text: str) -> str:
    """One kind of line break, no control characters, no spaces at line ends, no leading or
    trailing blank lines; the words and lines as they were."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = without_control_characters(text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


# Elements whose content is not text a reader sees.
SKIPPED = {"script", "style", "template", "noscript", "title", "svg", "math", "iframe", "object"}
# Elements that start a line of their own.
BLOCKS = {
    *"address article aside blockquote body caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section "
    "summary table tbody thead tfoot tr ul br".split()
}
CELLS = {"td", "th"}


class TextOfHTML(HTMLParser):
    """The text a browser shows, a line per block (headings, paragraphs, list items, rows)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.in_pre = 0

    def handle_starttag(self, tag, attrs):
        if self.skipping or tag in SKIPPED:
            if tag in SKIPPED:
                self.skipping.append(tag)
            return
        if tag == "pre":
            self.in_pre += 1
        if tag in BLOCKS:
            self.parts.append("\n")
        elif tag in CELLS:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if not self.skipping and tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag == "pre" and self.in_pre:
            self.in_pre -= 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.skipping:
            return
        # Whitespace in HTML is one space, as a browser shows it, except in <pre>.
        self.parts.append(data if self.in_pre else re.sub(r"\s+", " ", data))


def html_text(markup: str) -> str:
    parser = TextOfHTML()
    parser.feed(markup)
    parser.close()
    # A line per block, without the blank lines between them (a <pre> keeps its own).
    return re.sub(r"\n{2,}", "\n", squeeze("".join(parser.parts)))


def squeeze(text: str) -> str:
    """Runs of spaces made one, lines trimmed, at most one blank line in a row."""
    text = tidy(text)
    lines = [
        re.sub(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+", " ", line).strip()
        for line in text.split("\n")
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


# "ﬁ", "ﬂ" and their kin (U+FB00-FB06): PDFs keep the ligature the font drew.
LIGATURES = re.compile("[\ufb00-\ufb06]")
# A word broken at a line's end: a letter, a hyphen, the line break, and a lower-case letter.
HYPHENATED = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[^\W\d_])")


def pdf_text(content: bytes) -> str:
    """The text layer of a PDF, page after page; ligatures and words broken at line ends joined."""
    from pypdf import PdfReader  # imported when a PDF is read: no page needs it

    if not content.lstrip()[:5] == b"%PDF-":
        raise ExtractionError("This file is not a PDF: it does not begin as a PDF does (%PDF-).")
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("This PDF is protected by a password; upload a copy without one.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionError:
        raise
    except Exception as error:
        # A damaged PDF can fail anywhere in the parser, with many kinds of error; to the editor
        # they all mean the same.
        raise ExtractionError(
            f"This PDF is damaged and cannot be read ({type(error).__name__}: {error})."[:500]
        ) from error
    text = "\n\n".join(pages)
    text = LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = text.replace("\u00ad\n", "").replace("\u00ad", "")  # soft hyphens
    text = HYPHENATED.sub(lambda m: "" if joins(text, m) else m.group(), text)
    text = squeeze(text)
    if not re.search(r"\w", text):
        raise ExtractionError(
            f"This PDF has no text layer: its {len(pages)} page(s) look scanned, as images of text. "
            "The portal does not read images (no OCR); upload a PDF with text, or paste the text."
        )
    return text


def joins(text: str, match: re.Match) -> bool:
    """Whether the hyphen at a line's end breaks a word (the next line goes on in lower case)."""
    following = text[match.end()]
    return following.islower()
