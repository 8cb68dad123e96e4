"""The Popolo export: the whole structure in one JSON document, cached until the knowledge changes."""

import json

import pytest

from members.models import Participant
from sources.models import KnowledgeVersion
from workinggroups.models import Body, Membership


def test_popolo_export(api, db):
    response = api.get("/api/v1/export/popolo.json")
    assert response.streaming and response["Content-Type"] == "application/json"
    data = json.loads(b"".join(response.streaming_content))
    ahg = next(o for o in data["organizations"] if o["id"] == "body/ad-hoc-group")
    assert ahg["parent_id"] == "body/steering-group"
    assert ahg["founding_date"] == "2009"
    vn = next(
        m
        for m in data["memberships"]
        if m["id"] == "membership/working-group-disruption-of-networks--viet-nam--co-chair"
    )
    assert (vn["start_date"], vn["end_date"], vn["member"]["id"]) == (
        "2024-05",
        None,
        "participant/viet-nam",
    )
    assert vn["sources"][0]["note"].startswith("Bali Process Working Group on the Disruption")
    assert len(data["organizations"]) == Body.objects.count() + Participant.objects.count()
    assert len(data["memberships"]) == Membership.objects.count()


def test_popolo_export_answers_not_modified_until_the_knowledge_changes(api, db):
    etag = api.get("/api/v1/export/popolo.json")["ETag"]
    assert api.get("/api/v1/export/popolo.json", HTTP_IF_NONE_MATCH=etag).status_code == 304
    KnowledgeVersion.bump()  # as every write does
    changed = api.get("/api/v1/export/popolo.json", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_popolo_export_answers_writes_with_405(editor_api, api, method):
    version = KnowledgeVersion.current()
    for client in (editor_api, api):
        response = getattr(client, method)("/api/v1/export/popolo.json", {}, format="json")
        assert response.status_code == 405
        assert response.json() == {"detail": f'Method "{method.upper()}" not allowed.'}
        assert set(response["Allow"].split(", ")) == {"GET", "OPTIONS"}
    assert KnowledgeVersion.current() == version
