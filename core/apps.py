from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared pieces with no models: partial dates, links, API conventions, widgets, admin forms.

    It imports no other app of the project (tests/test_layers.py checks it).
    """

    name = "core"
    verbose_name = "Shared conventions"
