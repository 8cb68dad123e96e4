from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """Whole-knowledge-base exports in open formats (Popolo)."""

    name = "exports"
