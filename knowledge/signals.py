"""Every committed write to a knowledge-base model bumps the knowledge version (see knowledge/cache.py)."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# Set while a bulk write (the loader) bumps the version itself, once. A context variable, not a
# module flag: another thread's or request's writes keep bumping as usual.
_bumped_by_caller: ContextVar[bool] = ContextVar(
    "knowledge_version_bumped_by_caller", default=False
)


def bump_after_commit(sender, **kwargs):
    from sources.models import KnowledgeVersion

    if sender is KnowledgeVersion or sender._meta.model_name.startswith("historical"):
        return
    if _bumped_by_caller.get():
        return
    transaction.on_commit(KnowledgeVersion.bump)


@contextmanager
def one_bump():
    """Writes inside the block do not bump the version each; the caller bumps it once, in its
    transaction, so that the new version commits (or not) with the data."""
    token = _bumped_by_caller.set(True)
    try:
        yield
    finally:
        _bumped_by_caller.reset(token)


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
