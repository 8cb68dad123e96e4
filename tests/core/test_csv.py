"""CSV exports, the API's and the admin's, hold no formulas a spreadsheet would run."""

import csv
import io

import pytest
from rest_framework.test import APIClient

from core.text import spreadsheet_safe
from meetings.models import Meeting
from members.models import Participant


@pytest.mark.parametrize(
    "value,safe",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Tonga", "Tonga"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_spreadsheet_safe_neutralises_text_that_starts_a_formula(value, safe):
    assert spreadsheet_safe(value) == safe


def test_the_api_csv_export_neutralises_formulas(db):
    api = APIClient()
    Participant.objects.filter(pk="tonga").update(name='=HYPERLINK("http://evil.example","x")')
    response = api.get("/api/v1/participants/?format=csv")
    assert response.status_code == 200
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["tonga"]["name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows["valorum"]["name"] == "'+Valorum"  # as the knowledge base has it
    assert rows["australia"]["name"] == "Australia"


def test_the_admin_csv_export_neutralises_formulas(editor_client):
    Meeting.objects.filter(pk="ahg-som-9").update(title="@SUM(1+1)*cmd|' /C calc'!A0")
    response = editor_client.post(
        "/admin/meetings/meeting/", {"action": "export_csv", "_selected_action": ["ahg-som-9"]}
    )
    assert response.status_code == 200
    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert row["title"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row["slug"] == "ahg-som-9"
