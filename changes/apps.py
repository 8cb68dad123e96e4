from django.apps import AppConfig


class ChangesConfig(AppConfig):
    """Open to readers: the public history of the knowledge base, its feeds, and readers' reports."""

    name = "changes"
    verbose_name = "Changes and reports"
