"""A source's text is read only from the files shipped with the project, whatever its row says."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from sources.models import Citation, Source, source_text
from tests.helpers import admin_form

# Paths an editor might type into a source's filename to read the server's secrets.
PATHS_OUTSIDE_THE_SOURCES = [
    "/proc/self/environ",
    "../../baliportal/settings.py",
    "../knowledge.json",
    str(settings.BASE_DIR / "baliportal" / "settings.py"),
    "no-such-file.txt",
    "README.md",  # shipped next to the texts, for maintainers
]


def test_an_editor_cannot_change_which_file_a_source_reads(editor_client):
    url = "/admin/sources/source/rcp-profile/change/"
    data = admin_form(editor_client, url, "source_form")
    assert "filename" not in data  # shown, not editable
    data.update(filename="/proc/self/environ", title="RCP profile, checked")
    response = editor_client.post(url, data)
    assert response.status_code == 302
    source = Source.objects.get(pk="rcp-profile")
    assert source.title == "RCP profile, checked"
    assert source.filename.startswith("00") and source.filename.endswith(".txt")


@pytest.mark.parametrize("path", PATHS_OUTSIDE_THE_SOURCES)
def test_a_source_page_never_reads_a_file_outside_the_shipped_sources(client, db, path):
    # As if the row had been changed behind the admin's back (a restore, a console, a bug).
    Source.objects.filter(pk="rcp-profile").update(filename=path)
    response = client.get("/sources/rcp-profile/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The text of this source is not available on this site." in html
    assert settings.SECRET_KEY not in html
    assert "DJANGO_SECRET_KEY" not in html
    assert "INSTALLED_APPS" not in html
    assert source_text(path) is None


def test_a_citation_of_a_source_without_its_text_is_refused_with_a_sentence(db):
    Source.objects.filter(pk="rcp-profile").update(filename="../../baliportal/settings.py")
    citation = Citation(
        content_type_id=Citation.objects.first().content_type_id,
        object_id="australia",
        source=Source.objects.get(pk="rcp-profile"),
        passage="SECRET_KEY",
    )
    with pytest.raises(ValidationError) as refused:
        citation.full_clean()
    assert "does not occur" in str(refused.value)


def test_a_source_names_a_shipped_file(db):
    source = Source.objects.get(pk="rcp-profile")
    source.filename = "../../baliportal/settings.py"
    with pytest.raises(ValidationError) as refused:
        source.full_clean()
    assert "No source text of this name is shipped" in str(refused.value)
