from django.apps import AppConfig, apps


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources and citations"

    def ready(self):
        from sources import signals

        # Every write (admin, API, loader, revert) bumps the version cached pages are keyed on.
        signals.connect(apps.get_app_configs())
