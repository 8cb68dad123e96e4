from unittest import mock

from django.db import OperationalError


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_answers_503_with_a_reason_when_the_database_does_not(client, db):
    with mock.patch("baliportal.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "reason": "database unavailable: OperationalError",
    }


def test_healthz_refuses_writes(client, db):
    assert client.post("/healthz").status_code == 405
