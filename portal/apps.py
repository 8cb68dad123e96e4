from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The public HTML pages, above the domain apps: they read every app, no domain app reads them."""

    name = "portal"
