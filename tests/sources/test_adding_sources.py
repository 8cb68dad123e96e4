"""Editors add sources from files or pasted text; their texts can then be cited as the seeds' are."""

import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from knowledge.editors import make_editor
from knowledge.loading import load_knowledge
from meetings.models import Meeting
from sources.extraction import extract
from sources.models import Citation, Source
from tests.helpers import DETAILS, source_counts
from tests.sources.documents import STATEMENT_HTML, scanned_pdf, statement_pdf


@pytest.fixture
def editor(db):
    return make_editor(
        get_user_model().objects.create_user("edith", password="a-long-editor-password")
    )


@pytest.fixture
def editor_api(editor):
    api = APIClient()
    api.force_authenticate(editor)
    return api


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def cite(source, passage, meeting="ahg-som-9") -> Citation:
    citation = Citation(
        content_type=ContentType.objects.get_for_model(Meeting),
        object_id=meeting,
        source=source,
        passage=passage,
    )
    citation.full_clean()
    citation.save()
    return citation


def test_a_pdf_added_through_the_api_has_its_text_extracted_and_can_be_cited(editor_api):
    pdf = statement_pdf()
    response = editor_api.post(
        "/api/v1/sources/",
        {**DETAILS, "file": upload("statement.pdf", pdf)},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    slug = "co-chairs-statement-of-the-ninth-ministerial-conference"
    assert body["slug"] == slug
    assert body["original_url"] == DETAILS["original_url"]
    assert (body["speaks_for"], body["speaks_for_precision"]) == ("2025-02-10", "day")
    assert body["original"] == {
        "url": f"http://testserver/sources/{slug}/original",
        "format": "pdf",
        "media_type": "application/pdf",
        "size": len(pdf),
        "sha256": hashlib.sha256(pdf).hexdigest(),
    }
    source = Source.objects.get(pk=slug)
    text = source.text()
    # Headings on lines of their own, pages apart, words broken at line ends joined, ligatures undone.
    assert text.splitlines()[0] == "Co-Chairs' Statement"
    assert "\nOutcomes\n" in text and "\nNext steps\n" in text
    assert "held in Adelaide, Australia" in text
    assert "reaffirmed the\nflexible, inclusive" in text
    assert "the fiftieth member of" in text
    assert "\ufb01" not in text and "\ufb02" not in text and "-\n" not in text
    assert source.edited_by_hand
    assert bytes(source.file.content) == pdf
    # A passage across a line break and a page's heading is cited as any seed's passage is.
    citation = cite(source, "Ministers reaffirmed the flexible, inclusive and non-binding nature")
    assert Meeting.objects.get(pk="ahg-som-9").citations.filter(pk=citation.pk).exists()


def test_a_source_is_added_from_each_format(editor_api):
    files = {
        "note.txt": "Plain note\r\n\r\nThe Regional Support Office opened a new unit.\r\n",
        "note.md": "# Markdown note\n\n- The *Working Group* met twice.\n",
        "note.html": STATEMENT_HTML,
    }
    texts = {}
    for n, (name, text) in enumerate(files.items()):
        response = editor_api.post(
            "/api/v1/sources/",
            {**DETAILS, "title": f"Note {n}", "file": upload(name, text.encode())},
            format="multipart",
        )
        assert response.status_code == 201, response.json()
        texts[name] = Source.objects.get(pk=f"note-{n}").text()
    assert texts["note.txt"] == "Plain note\n\nThe Regional Support Office opened a new unit."
    assert texts["note.md"] == "# Markdown note\n\n- The *Working Group* met twice."
    # HTML: the text a reader sees, a line a block; no title, style, script or noscript.
    assert texts["note.html"] == (
        "Home › Statements\n"
        "Steering Group statement, June 2025\n"
        "The Steering Group met in Bangkok on 12 June 2025 & agreed a work plan.\n"
        "First item\n"
        "Second item"
    )
    pasted = editor_api.post(
        "/api/v1/sources/",
        {**DETAILS, "title": "Pasted", "text": "The Ad Hoc Group met in Bali."},
        format="json",
    )
    assert pasted.status_code == 201, pasted.json()
    assert pasted.json()["original"]["format"] == "txt"
    cite(Source.objects.get(pk="note-2"), "met in Bangkok on 12 June 2025 & agreed")
    cite(Source.objects.get(pk="pasted"), "The Ad Hoc Group met in Bali.")


def test_a_preview_answers_the_text_and_saves_nothing(editor_api):
    before = source_counts()
    response = editor_api.post(
        "/api/v1/sources/",
        {**DETAILS, "file": upload("s.pdf", statement_pdf()), "preview": "true"},
        format="multipart",
    )
    assert response.status_code == 200
    assert response.json()["text"].startswith("Co-Chairs' Statement\nThe Ninth Ministerial")
    assert response.json()["format"] == "pdf"
    assert source_counts() == before


def bad_inputs():
    html_without_text = (
        b"<html><head><style>p{}</style></head><body><script>x()</script></body></html>"
    )
    return {
        "unsupported type": (
            {"file": upload("statement.docx", b"PK\x03\x04")},
            "“statement.docx” is not a file the portal reads: upload plain text (.txt), "
            "Markdown (.md), HTML (.html) or PDF (.pdf).",
        ),
        "too big": (
            {"file": upload("big.txt", b"word " * 300)},
            "This file is 1.5\xa0KB; the portal takes sources of up to 1000\xa0bytes "
            "(SOURCE_UPLOAD_MAX_BYTES).",
        ),
        "scanned pdf": (
            {"file": upload("scan.pdf", scanned_pdf())},
            "This PDF has no text layer: its 2 page(s) look scanned, as images of text. The "
            "portal does not read images (no OCR); upload a PDF with text, or paste the text.",
        ),
        "not a pdf": (
            {"file": upload("fake.pdf", b"<html>not a pdf</html>")},
            "This file is not a PDF: it does not begin as a PDF does (%PDF-).",
        ),
        "empty html": (
            {"file": upload("empty.html", html_without_text)},
            "This HTML page holds no text once its markup, scripts and styles are removed.",
        ),
        "not utf-8": (
            {"file": upload("latin.txt", "Café".encode("latin-1"))},
            "This file is not UTF-8 text (byte 4 is not): save it as UTF-8 and upload it again.",
        ),
        "neither file nor text": ({}, "Upload the source's file, or paste its text."),
    }


@pytest.mark.parametrize("case", list(bad_inputs()))
def test_bad_input_gets_a_sentence_and_nothing_is_saved(editor_api, settings, case):
    if case == "too big":
        settings.SOURCE_UPLOAD_MAX_BYTES = 1000
    data, sentence = bad_inputs()[case]
    before = source_counts()
    response = editor_api.post("/api/v1/sources/", {**DETAILS, **data}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"file": [sentence]}
    assert source_counts() == before


def test_a_corrupt_pdf_gets_a_sentence_and_nothing_is_saved(editor_api):
    pdf = statement_pdf()
    broken = pdf[:200] + b"\x00garbage" * 50 + pdf[-40:]
    before = source_counts()
    response = editor_api.post(
        "/api/v1/sources/", {**DETAILS, "file": upload("broken.pdf", broken)}, format="multipart"
    )
    assert response.status_code == 400
    [sentence] = response.json()["file"]
    assert sentence.startswith("This PDF is damaged and cannot be read (")
    assert source_counts() == before


def test_a_duplicate_file_text_or_title_is_refused_naming_the_source_held(editor_api):
    pdf = statement_pdf()
    first = editor_api.post(
        "/api/v1/sources/", {**DETAILS, "file": upload("s.pdf", pdf)}, format="multipart"
    )
    assert first.status_code == 201
    before = source_counts()
    held = DETAILS["title"]

    same_file = editor_api.post(
        "/api/v1/sources/",
        {**DETAILS, "title": "Another", "file": upload("copy.pdf", pdf)},
        format="multipart",
    )
    assert same_file.status_code == 400
    assert same_file.json() == {
        "file": [
            f"This text is already held: it is the text of “{held}”.",
            f"This file is already held: it is the original of “{held}”.",
        ]
    }
    # The same text with other line breaks: another file, the same source.
    same_text = editor_api.post(
        "/api/v1/sources/",
        {
            **DETAILS,
            "title": "Another",
            "text": " ".join(Source.objects.get(short_title="Ministerial 2025").text().split()),
        },
        format="json",
    )
    assert same_text.status_code == 400
    assert same_text.json() == {"file": [f"This text is already held: it is the text of “{held}”."]}
    same_title = editor_api.post(
        "/api/v1/sources/",
        {**DETAILS, "title": held.upper(), "text": "Something else entirely."},
        format="json",
    )
    assert same_title.status_code == 400
    assert same_title.json() == {
        "slug": [
            "The address /sources/co-chairs-statement-of-the-ninth-ministerial-conference/ is "
            f"taken by “{held}”: give this source another slug."
        ],
        "title": [f"A source titled “{held}” is already held."],
    }
    assert source_counts() == before


def test_a_bad_date_or_slug_is_refused_with_a_sentence(editor_api):
    before = source_counts()
    response = editor_api.post(
        "/api/v1/sources/",
        {**DETAILS, "speaks_for": "2025-13", "slug": "Bad Slug", "text": "Some text."},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["speaks_for"] == ["'2025-13' has no month 13."]
    assert "slug" in response.json()
    assert source_counts() == before


def test_anonymous_and_readers_cannot_add_a_source(client, db):
    before = source_counts()
    anonymous = APIClient().post(
        "/api/v1/sources/", {**DETAILS, "text": "Some text."}, format="json"
    )
    assert anonymous.status_code == 401
    reader = get_user_model().objects.create_user("reader", password="a-long-reader-password")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=reader).key}")
    refused = api.post("/api/v1/sources/", {**DETAILS, "text": "Some text."}, format="json")
    assert refused.status_code == 403
    assert source_counts() == before
    admin_page = client.get("/admin/sources/source/add/")
    assert admin_page.status_code == 302
    assert admin_page["Location"].startswith("/admin/login/")


def test_the_seeds_and_an_added_source_are_one_kind_of_source(db):
    kinds = {s.slug: s.file.format for s in Source.objects.select_related("file")}
    assert kinds == {
        "encyclopedia-article": "txt",
        "rcp-profile": "txt",
        "strategy-2017-update": "txt",
        "gcim-paper-2005": "txt",
        "statement-2024-05": "txt",
    }


def test_pdf_extraction_joins_only_words_broken_at_a_line_end():
    pages = [("Heading", ["A well-known co-", "operation and Twenty-", "Two states."])]
    text = extract("x.pdf", statement_pdf(pages)).text
    # A hyphen inside a line stays; one at a line end before a lower-case letter joins the word;
    # before a capital it may be a real hyphen, and stays with its line break.
    assert text == "Heading\nA well-known cooperation and Twenty-\nTwo states."


def test_load_knowledge_never_touches_an_added_source_or_its_citations(editor_api):
    editor_api.post(
        "/api/v1/sources/",
        {**DETAILS, "file": upload("s.pdf", statement_pdf())},
        format="multipart",
    )
    source = Source.objects.get(short_title="Ministerial 2025")
    citation = cite(source, "Ministers agreed to convene the Tenth Ministerial Conference in 2027.")
    text, versions = source.text(), list(source.texts.values_list("pk", "text"))
    report = load_knowledge()
    assert not report.changed
    source = Source.objects.get(pk=source.pk)
    assert (source.title, source.text()) == (DETAILS["title"], text)
    assert list(source.texts.values_list("pk", "text")) == versions
    assert Citation.objects.filter(pk=citation.pk, missing_since=None).exists()


def test_a_new_source_is_on_its_page_and_in_the_api_on_the_next_request(
    editor_api, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    reader = APIClient()
    assert reader.get("/api/v1/sources/").json()["count"] == 5  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        editor_api.post("/api/v1/sources/", {**DETAILS, "text": "A new text."}, format="json")
    listed = reader.get("/api/v1/sources/").json()
    assert listed["count"] == 6
    page = reader.get("/sources/co-chairs-statement-of-the-ninth-ministerial-conference/")
    assert page.status_code == 200
    assert "A new text." in page.content.decode()


def test_a_citation_of_an_added_source_cannot_quote_what_it_lacks(editor_api):
    editor_api.post("/api/v1/sources/", {**DETAILS, "text": "Only this."}, format="json")
    source = Source.objects.get(short_title="Ministerial 2025")
    with pytest.raises(ValidationError) as refused:
        cite(source, "Only that.")
    assert refused.value.message_dict == {
        "passage": [
            f"This passage does not occur in “{DETAILS['title']}”. Quote it exactly. "
            "Did you mean: “Only this.”?"
        ]
    }
