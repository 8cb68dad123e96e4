import pytest
from django.contrib.auth import get_user_model

from knowledge.editors import make_editor

PASSWORD = "a-long-editor-password"


@pytest.fixture
def editor(db):
    """An editor with an e-mail address (reports tell editors by e-mail); the root conftest's
    editor_client and editor_api use this one here."""
    return make_editor(
        get_user_model().objects.create_user(
            "edith", email="edith.private@example.org", password=PASSWORD
        )
    )


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run what a write leaves for after its commit (e-mails, the cache's version bump)."""
    return django_capture_on_commit_callbacks
