"""Text fields hold no control characters, whoever writes them: the admin, the API or the loader."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from meetings.models import Meeting
from members.models import Participant
from sources.models import Citation, Source
from tests.helpers import admin_form

VERTICAL_TAB_MESSAGE = (
    "Remove the control character U+000B (character 4): text may not contain control characters."
)


@pytest.mark.parametrize(
    "change,field,message",
    [
        ({"title": "AHG\u000bSOM"}, "title", VERTICAL_TAB_MESSAGE),
        (
            {"summary": "One\u0085two"},
            "summary",
            "Remove the control character U+0085 (character 4): "
            "text may not contain control characters.",
        ),
        (
            {"city": "Auckland\r\nX"},
            "city",
            "Remove the line break or tab U+000D (character 9): this field is a single line.",
        ),
    ],
)
def test_the_api_refuses_control_characters_naming_the_field(editor_api, change, field, message):
    before = Meeting.objects.get(pk="ahg-som-9")
    response = editor_api.patch("/api/v1/meetings/ahg-som-9/", change, format="json")
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    after = Meeting.objects.get(pk="ahg-som-9")
    assert (after.title, after.summary, after.city) == (before.title, before.summary, before.city)


def test_the_api_keeps_line_breaks_in_long_text(editor_api):
    response = editor_api.patch(
        "/api/v1/meetings/ahg-som-9/", {"summary": "One.\r\nTwo.\tThree."}, format="json"
    )
    assert response.status_code == 200
    assert Meeting.objects.get(pk="ahg-som-9").summary == "One.\r\nTwo.\tThree."


def test_the_admin_refuses_control_characters_naming_the_field(editor_client):
    url = "/admin/meetings/meeting/ahg-som-9/change/"
    data = admin_form(editor_client, url, "meeting_form")
    data["title"] = "AHG\u000bSOM"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"title": [VERTICAL_TAB_MESSAGE]}
    assert (
        Meeting.objects.get(pk="ahg-som-9").title == "Ninth Ad Hoc Group Senior Officials' Meeting"
    )


def test_sources_and_citations_refuse_control_characters(db):
    source = Source.objects.get(pk="encyclopedia-article")
    source.title = "Bali\u0000Process"
    with pytest.raises(ValidationError) as refused:
        source.full_clean()
    assert refused.value.message_dict == {
        "title": [
            "Remove the control character U+0000 (character 5): "
            "text may not contain control characters."
        ]
    }
    citation = Citation.objects.first()
    citation.locator = "x\u001by"
    with pytest.raises(ValidationError) as refused:
        citation.clean_fields()
    assert list(refused.value.message_dict) == ["locator"]


def test_the_loader_refuses_control_characters_and_writes_nothing(db, tmp_path):
    fixture = tmp_path / "bad.json"
    fixture.write_text(
        '[{"model": "members.participant", "pk": "atlantis", "fields": {"name": "Atlantis", '
        '"kind": "state", "status": "observer", "iso_code": "XA"}},'
        '{"model": "members.participant", "pk": "lemuria", "fields": {"name": "Lem\\u000buria", '
        '"kind": "state", "status": "observer", "iso_code": "XL"}}]'
    )
    with pytest.raises(CommandError) as refused:
        call_command("load_knowledge", fixture=fixture)
    assert str(refused.value) == f"participant lemuria, field name: {VERTICAL_TAB_MESSAGE}"
    assert not Participant.objects.filter(pk__in=["atlantis", "lemuria"]).exists()
