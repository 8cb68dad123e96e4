import pytest


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Tests render templates without running collectstatic; one test covers the manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def knowledge_base(db):
    """The real knowledge base, loaded the way `make run` loads it."""
    from django.core.management import call_command

    call_command("load_knowledge", verbosity=0)
