from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The search page, over every kind of record and the sources' passages."""

    name = "search"
