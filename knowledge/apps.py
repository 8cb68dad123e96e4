from django.apps import AppConfig, apps


class KnowledgeConfig(AppConfig):
    """Operations on the knowledge base: loading, backup, synthesis, editors, the page cache."""

    name = "knowledge"
    verbose_name = "Knowledge base operations"

    def ready(self):
        from knowledge import signals

        # Every write (admin, API, loader, revert) bumps the version cached pages are keyed on.
        signals.connect(apps.get_app_configs())
