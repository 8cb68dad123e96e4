"""Editors: staff accounts that may change the knowledge base, but not administer users."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from sources.models import KNOWLEDGE_APPS

EDITORS_GROUP = "Editors"


@transaction.atomic
def editors_group() -> Group:
    """The Editors group, with view/add/change/delete on every knowledge-base model (and nothing else)."""
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=KNOWLEDGE_APPS)
    group.permissions.set(permissions)
    return group


@transaction.atomic
def make_editor(user):
    user.is_staff = True
    user.is_superuser = False
    user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.add(editors_group())
    return user
