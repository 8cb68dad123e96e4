import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

from knowledge.editors import make_editor
from tests.helpers import EDITOR_PASSWORD, api_as


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the real knowledge base, loaded as `make run` loads it."""
    with django_db_blocker.unblock():
        call_command("load_knowledge", verbosity=0)


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Tests render templates without running collectstatic; one test covers the manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Tests see every render; tests/knowledge/test_cache.py turns the cache on."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def editor(db):
    """A user in the editors' group, as `create_editor` makes one."""
    user = get_user_model().objects.create_user("edith", password=EDITOR_PASSWORD)
    return make_editor(user)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password="a-long-root-password")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def editor_api(editor):
    return api_as(editor)


@pytest.fixture
def reader(db):
    """Logged in, but neither staff nor editor."""
    return get_user_model().objects.create_user("reader", password="a-long-reader-password")


@pytest.fixture
def member_api(reader):
    return api_as(reader)


@pytest.fixture
def editor_token(editor):
    """The editor's API token, as `create_editor --token` prints it."""
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=editor).key
