"""Every committed write to a knowledge-base model bumps the knowledge version (see knowledge/cache.py)."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save


def bump_after_commit(sender, **kwargs):
    from sources.models import KnowledgeVersion

    if sender is KnowledgeVersion or sender._meta.model_name.startswith("historical"):
        return
    transaction.on_commit(KnowledgeVersion.bump)


def connect(app_configs):
    from sources.models import KNOWLEDGE_APPS

    for app_config in app_configs:
        if app_config.label in KNOWLEDGE_APPS:
            for model in app_config.get_models():
                for signal in (post_save, post_delete):
                    signal.connect(
                        bump_after_commit,
                        sender=model,
                        dispatch_uid=f"kb-version-{model._meta.label}",
                    )
    m2m_changed.connect(bump_after_commit, dispatch_uid="kb-version-m2m")
