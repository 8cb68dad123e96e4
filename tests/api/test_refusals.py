"""Requests the API cannot serve get a 4xx with a sentence, never a 500."""

import json

from members.models import Participant


def test_a_deeply_nested_body_gets_a_400_with_a_sentence(editor_api):
    before = Participant.objects.get(pk="tonga").name
    body = "[" * 100_000 + "]" * 100_000
    response = editor_api.patch(
        "/api/v1/participants/tonga/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The JSON body nests arrays and objects more than 32 levels deep; "
        "no record needs that many."
    }
    assert Participant.objects.get(pk="tonga").name == before


def test_a_body_nested_beyond_the_limit_but_parseable_gets_the_same_400(editor_api):
    body = json.dumps({"name": json.loads("[" * 40 + "]" * 40)})
    response = editor_api.post("/api/v1/participants/", body, content_type="application/json")
    assert response.status_code == 400
    assert "more than 32 levels deep" in response.json()["detail"]
    assert not Participant.objects.filter(name="").exists()


def test_writing_without_credentials_gets_401_with_a_challenge(api, db):
    response = api.patch("/api/v1/participants/tonga/", {"name": "Tonga 2"}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert Participant.objects.get(pk="tonga").name == "Tonga"


def test_writing_without_the_rights_gets_403(member_api):
    response = member_api.patch("/api/v1/participants/tonga/", {"name": "Tonga 2"}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}
    assert Participant.objects.get(pk="tonga").name == "Tonga"


def test_the_schema_gives_no_response_without_content_a_csv_body(api, db):
    schema = api.get("/api/v1/schema/?format=json").json()
    deleted = schema["paths"]["/api/v1/participants/{id}/"]["delete"]["responses"]["204"]
    assert "content" not in deleted
    for path in schema["paths"].values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                if status == "204":
                    assert "content" not in response
    listed = schema["paths"]["/api/v1/participants/"]["get"]["responses"]
    assert set(listed["200"]["content"]) == {"application/json", "text/csv"}
