from django.apps import AppConfig


class WorkinggroupsConfig(AppConfig):
    name = "workinggroups"
    verbose_name = "Bodies and memberships"
