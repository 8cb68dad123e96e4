import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from knowledge.editors import make_editor


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def editor_api(db):
    user = make_editor(
        get_user_model().objects.create_user("editor", password="a-long-editor-password")
    )
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def member_api(db):
    """Logged in, but neither staff nor editor."""
    user = get_user_model().objects.create_user("reader", password="a-long-reader-password")
    client = APIClient()
    client.force_authenticate(user)
    return client
