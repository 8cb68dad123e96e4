"""Editors: staff accounts that may change the knowledge base, but not administer users."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from sources.models import KNOWLEDGE_APPS

EDITORS_GROUP = "Editors"
# Of the changes app (named by label: knowledge sits beside it, not over it).
EDITORS_CHANGES_PERMISSIONS = [
    "view_report",
    "change_report",
    "view_publicname",
    "add_publicname",
    "change_publicname",
    "delete_publicname",
]


@transaction.atomic
def editors_group() -> Group:
    """The Editors group: view/add/change/delete on every knowledge-base model, the readers' reports
    queue (view and decide; reports come from readers only) and their own public name."""
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    permissions = Permission.objects.filter(
        Q(content_type__app_label__in=KNOWLEDGE_APPS)
        | Q(content_type__app_label="changes", codename__in=EDITORS_CHANGES_PERMISSIONS)
    )
    group.permissions.set(permissions)
    return group


@transaction.atomic
def make_editor(user):
    user.is_staff = True
    user.is_superuser = False
    user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.add(editors_group())
    return user
