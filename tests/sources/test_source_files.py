"""A source's text is read from the database; no request reads a path named by data, and the
loader reads only files listed in fixtures/sources/."""

import json
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from knowledge.loading import KNOWLEDGE_FIXTURE, KnowledgeLoadError, load_knowledge
from sources.models import Citation, Source, SourceText
from tests.helpers import admin_form

# Paths an editor (or a restore, or a console) might put into a source's file name to read the
# server's secrets.
PATHS_OUTSIDE_THE_SOURCES = [
    "/proc/self/environ",
    "../../baliportal/settings.py",
    "../knowledge.json",
    str(settings.BASE_DIR / "baliportal" / "settings.py"),
    "no-such-file.txt",
    "README.md",  # shipped next to the texts, for maintainers
]


def test_an_editor_cannot_change_a_seeds_file_name(editor_client):
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
def test_a_source_page_shows_the_text_from_the_database_whatever_its_file_name(client, db, path):
    # As if the row had been changed behind the admin's back (a restore, a console, a bug).
    Source.objects.filter(pk="rcp-profile").update(filename=path)
    response = client.get("/sources/rcp-profile/")
    assert response.status_code == 200
    html = response.content.decode()
    text = re.sub(r"<[^>]+>", "", html)  # without the marks of cited passages
    assert "(RSO) was established in 2012 to facilitate the operationalization" in text
    assert settings.SECRET_KEY not in html
    assert "DJANGO_SECRET_KEY" not in html
    assert "INSTALLED_APPS" not in html


def test_a_source_text_is_its_latest_version_in_the_database(db):
    source = Source.objects.get(pk="rcp-profile")
    versions = SourceText.objects.filter(source=source)
    assert versions.count() == 1
    assert source.text() == versions.get().text
    assert source.text() == (settings.SOURCES_DIR / source.filename).read_text(encoding="utf-8")


def test_a_file_name_pointing_elsewhere_lets_no_one_cite_from_that_file(db):
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


@pytest.mark.parametrize("path", PATHS_OUTSIDE_THE_SOURCES)
def test_the_loader_refuses_a_seed_file_not_listed_in_fixtures_sources(db, tmp_path, path):
    entries = json.loads(KNOWLEDGE_FIXTURE.read_text(encoding="utf-8"))
    seed = next(e for e in entries if e["model"] == "sources.source")
    seed["fields"]["filename"] = path
    fixture = tmp_path / "knowledge.json"
    fixture.write_text(json.dumps(entries), encoding="utf-8")
    before = list(SourceText.objects.values_list("source_id", "number", "text"))
    with pytest.raises(KnowledgeLoadError) as refused:
        load_knowledge(fixture)
    assert str(refused.value) == (
        f"source {seed['pk']}: there is no file “{path}” in fixtures/sources/."
    )
    assert list(SourceText.objects.values_list("source_id", "number", "text")) == before
