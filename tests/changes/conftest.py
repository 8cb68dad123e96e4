import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from knowledge.editors import make_editor

PASSWORD = "a-long-editor-password"


@pytest.fixture
def editor(db):
    return make_editor(
        get_user_model().objects.create_user(
            "edith", email="edith.private@example.org", password=PASSWORD
        )
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def editor_api(editor):
    api = APIClient()
    api.force_authenticate(editor)
    return api


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run what a write leaves for after its commit (e-mails, the cache's version bump)."""
    return django_capture_on_commit_callbacks
