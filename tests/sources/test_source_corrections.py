"""Adding a source in the admin (upload, check, publish), correcting its text, downloading its
original, and carrying it through a backup and restore."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from knowledge.editors import make_editor
from meetings.models import Meeting
from sources.models import Citation, Source, SourceDraft, SourceFile, SourceText
from tests.helpers import DETAILS, admin_form, source_counts
from tests.sources.documents import STATEMENT_HTML, statement_pdf

SLUG = "co-chairs-statement-of-the-ninth-ministerial-conference"


def make_editor_named(name):
    return make_editor(
        get_user_model().objects.create_user(name, password="a-long-editor-password")
    )


@pytest.fixture
def editor_client(client, db):
    client.force_login(make_editor_named("edith"))
    return client


def add_form(**changes):
    return {
        **{k: v for k, v in DETAILS.items() if k != "speaks_for"},
        "speaks_for_text": "2025-02",
        "speaks_for_note": "",
        "summary": "",
        "slug": "",
        "text": "",
        **changes,
    }


def test_an_editor_uploads_checks_and_publishes_a_source_in_the_admin(editor_client):
    pdf = statement_pdf()
    before = source_counts()
    response = editor_client.post(
        "/admin/sources/source/add/",
        add_form(file=SimpleUploadedFile("statement.pdf", pdf)),
    )
    assert response.status_code == 302
    draft = SourceDraft.objects.get()
    assert response["Location"] == f"/admin/sources/source/add/{draft.pk}/"
    # Step 2: the extracted text, and nothing yet for readers.
    preview = editor_client.get(response["Location"])
    html = preview.content.decode()
    assert "The Ninth Ministerial Conference of the Bali Process was held in Adelaide" in html
    assert "Publish this source" in html
    assert Source.objects.count() == before[0]
    assert editor_client.get(f"/sources/{SLUG}/").status_code == 404

    published = editor_client.post(response["Location"], {"publish": "Publish"})
    assert published.status_code == 302
    assert published["Location"] == f"/admin/sources/source/{SLUG}/change/"
    source = Source.objects.get(pk=SLUG)
    assert (source.speaks_for.isoformat(), source.speaks_for_precision) == ("2025-02-01", "month")
    assert bytes(source.file.content) == pdf and source.file.name == "statement.pdf"
    assert source.texts.get().created_by.username == "edith"
    assert not SourceDraft.objects.exists()
    assert source.history.count() == 1
    page = editor_client.get(f"/sources/{SLUG}/").content.decode()
    assert "held in Adelaide, Australia" in page
    assert f'href="/sources/{SLUG}/original"' in page
    assert 'href="https://example.org/statements/ministerial-2025.pdf"' in page


def test_a_bad_upload_in_the_admin_is_a_form_error_and_no_draft(editor_client):
    before = source_counts()
    response = editor_client.post(
        "/admin/sources/source/add/",
        add_form(file=SimpleUploadedFile("statement.docx", b"PK")),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a file the portal reads" in html
    assert "Nothing was saved." in html
    assert source_counts() == before


def test_a_draft_is_its_editors_alone_and_can_be_discarded(editor_client, client):
    editor_client.post("/admin/sources/source/add/", add_form(text="A short pasted text."))
    draft = SourceDraft.objects.get()
    other = client_class_login(make_editor_named("otto"))
    assert other.get(f"/admin/sources/source/add/{draft.pk}/").status_code == 404
    assert other.post(f"/admin/sources/source/add/{draft.pk}/", {"publish": "1"}).status_code == 404
    discarded = editor_client.post(f"/admin/sources/source/add/{draft.pk}/", {"discard": "1"})
    assert discarded.status_code == 302
    assert not SourceDraft.objects.exists() and not Source.objects.filter(pk=SLUG).exists()


def client_class_login(user):
    from django.test import Client

    other = Client()
    other.force_login(user)
    return other


def test_a_draft_published_after_another_editor_added_the_same_text_is_refused(editor_client):
    editor_client.post("/admin/sources/source/add/", add_form(text="The same words."))
    draft = SourceDraft.objects.get()
    Source.objects.filter(pk="rcp-profile")  # the other editor adds the same text first:
    other = client_class_login(make_editor_named("otto"))
    other.post("/admin/sources/source/add/", add_form(text="The same words.", title="Other"))
    other.post(
        f"/admin/sources/source/add/{SourceDraft.objects.get(created_by__username='otto').pk}/",
        {"publish": "1"},
    )
    before = source_counts()
    response = editor_client.post(f"/admin/sources/source/add/{draft.pk}/", {"publish": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This text is already held: it is the text of “Other”." in html
    assert "Nothing was published." in html
    assert source_counts() == before


def cite(source, passage, meeting):
    citation = Citation(
        content_type=ContentType.objects.get_for_model(Meeting),
        object_id=meeting,
        source=source,
        passage=passage,
    )
    citation.full_clean()
    citation.save()
    return citation


def test_correcting_a_text_keeps_the_citations_it_still_holds_and_flags_the_others(
    editor_client,
):
    editor_client.post(
        "/admin/sources/source/add/", add_form(file=SimpleUploadedFile("s.pdf", statement_pdf()))
    )
    editor_client.post(
        f"/admin/sources/source/add/{SourceDraft.objects.get().pk}/", {"publish": "1"}
    )
    source = Source.objects.get(pk=SLUG)
    kept = cite(source, "held in Adelaide, Australia, on 10 February 2025", "ahg-som-9")
    lost = cite(source, "the accession of Tuvalu as the fiftieth member", "ahg-som-10")
    old_text = source.text()

    url = f"/admin/sources/source/{SLUG}/change/"
    data = admin_form(editor_client, url, "source_form")
    assert data["text"] == old_text
    data["text"] = old_text.replace("Tuvalu", "Tokelau").replace("\n", "\r\n")
    data["correction_note"] = "The extraction misread a name."
    response = editor_client.post(url, data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "no longer holds the passage of 1 citation(s)" in html
    assert f"/admin/sources/citation/{lost.pk}/change/" in html

    source = Source.objects.get(pk=SLUG)
    assert source.text() == old_text.replace("Tuvalu", "Tokelau")
    versions = list(source.texts.values_list("number", "text", "note"))
    assert versions == [
        (1, old_text, "Extracted from “s.pdf”."),
        (2, old_text.replace("Tuvalu", "Tokelau"), "The extraction misread a name."),
    ]
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert kept.missing_since is None
    assert lost.missing_since is not None  # flagged, not deleted
    assert Citation.objects.filter(pk=lost.pk).exists()
    # The meeting's page still carries the marker; the editor sees why it no longer checks.
    assert "Ministerial 2025" in editor_client.get("/meetings/ahg-som-10/").content.decode()
    with pytest.raises(Exception) as refused:
        lost.full_clean()
    assert "is no longer in" in str(refused.value) and "whose text was corrected" in str(
        refused.value
    )
    flagged_list = editor_client.get("/admin/sources/citation/?missing_since__isnull=False")
    assert flagged_list.status_code == 200
    # Putting the name back unflags the citation.
    data = admin_form(editor_client, url, "source_form")
    data["text"] = old_text
    editor_client.post(url, data)
    lost.refresh_from_db()
    assert lost.missing_since is None
    assert Source.objects.get(pk=SLUG).texts.count() == 3


def test_a_correction_to_an_empty_or_held_text_is_refused(editor_client):
    url = "/admin/sources/source/rcp-profile/change/"
    before = list(SourceText.objects.values_list("pk", flat=True))
    for text, sentence in [
        ("   ", "A source&#x27;s text cannot be empty."),
        (
            Source.objects.get(pk="gcim-paper-2005").text(),
            "This text is already held: it is the text of “Paper from the co-chairs",
        ),
    ]:
        data = admin_form(editor_client, url, "source_form")
        data["text"] = text
        response = editor_client.post(url, data)
        assert response.status_code == 200
        assert sentence in response.content.decode()
    assert list(SourceText.objects.values_list("pk", flat=True)) == before


def test_a_seed_corrected_by_an_editor_is_kept_by_a_reload(editor_client):
    from knowledge.loading import load_knowledge

    url = "/admin/sources/source/rcp-profile/change/"
    data = admin_form(editor_client, url, "source_form")
    corrected = data["text"].replace("was established in 2012", "was established in 2011")
    data["text"] = corrected
    assert editor_client.post(url, data).status_code == 302
    report = load_knowledge()
    assert "source rcp-profile" in report.kept
    source = Source.objects.get(pk="rcp-profile")
    assert source.edited_by_hand and "(RSO) was established in 2011" in source.text()


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("s.html", STATEMENT_HTML.encode(), "text/plain; charset=utf-8"),
        ("s.pdf", None, "application/pdf"),
        ("s.md", b"# A heading\n\nSome text.", "text/plain; charset=utf-8"),
    ],
)
def test_an_original_is_downloaded_as_an_attachment_never_as_a_page(
    editor_client, client, name, content, content_type
):
    content = content or statement_pdf()
    editor_client.post(
        "/admin/sources/source/add/", add_form(file=SimpleUploadedFile(name, content))
    )
    editor_client.post(
        f"/admin/sources/source/add/{SourceDraft.objects.get().pk}/", {"publish": "1"}
    )
    response = client.get(f"/sources/{SLUG}/original")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{SLUG}.{name.split(".")[1]}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


def test_a_seeds_original_is_its_shipped_file(client, db, settings):
    response = client.get("/sources/rcp-profile/original")
    source = Source.objects.get(pk="rcp-profile")
    assert (
        b"".join(response.streaming_content)
        == (settings.SOURCES_DIR / source.filename).read_bytes()
    )
    assert client.get("/sources/no-such-source/original").status_code == 404


@pytest.fixture
def content_type_cache_reset():
    yield
    ContentType.objects.clear_cache()


def test_a_backup_carries_an_added_sources_texts_and_file_exactly(
    transactional_db, tmp_path, content_type_cache_reset
):
    call_command("load_knowledge", verbosity=0)
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(make_editor_named("edith"))
    pdf = statement_pdf()
    created = api.post(
        "/api/v1/sources/",
        {**DETAILS, "file": SimpleUploadedFile("s.pdf", pdf)},
        format="multipart",
    )
    assert created.status_code == 201
    source = Source.objects.get(pk=SLUG)
    from sources.adding import correct_text

    correct_text(source, source.text().replace("Tuvalu", "Tokelau"), user=None, note="fix")
    texts = list(
        SourceText.objects.order_by("source_id", "number").values_list(
            "source_id", "number", "text"
        )
    )
    files = {f.source_id: (bytes(f.content), f.sha256) for f in SourceFile.objects.all()}

    call_command("backup", str(tmp_path / "b.json.gz"))
    call_command("flush", interactive=False, verbosity=0)
    assert not SourceFile.objects.exists()
    call_command("restore", str(tmp_path / "b.json.gz"))

    restored = list(
        SourceText.objects.order_by("source_id", "number").values_list(
            "source_id", "number", "text"
        )
    )
    assert restored == texts
    assert {f.source_id: (bytes(f.content), f.sha256) for f in SourceFile.objects.all()} == files
    assert files[SLUG] == (pdf, created.json()["original"]["sha256"])
    assert Source.objects.get(pk=SLUG).text() == texts[-1][2] if texts[-1][0] == SLUG else True
