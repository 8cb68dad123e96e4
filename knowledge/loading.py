"""Load the knowledge base from fixtures/knowledge.json without destroying editors' work.

The rule: a record in the fixture is created if missing and brought up to date if it differs, unless an
editor changed it by hand (`edited_by_hand`), in which case it and its citations are kept as they are
and reported. Records editors added are never touched. A second run changes nothing.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.base import DeserializationError
from django.db import transaction
from django.utils import timezone

from sources.models import Citation

KNOWLEDGE_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "knowledge.json"
BOOKKEEPING_FIELDS = {"updated_at", "edited_by_hand"}


class KnowledgeLoadError(Exception):
    pass


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def comparable_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in BOOKKEEPING_FIELDS
    ]


@transaction.atomic
def load_knowledge(path: Path = KNOWLEDGE_FIXTURE) -> LoadReport:
    try:
        text = Path(path).read_text(encoding="utf-8")
        objects = list(serializers.deserialize("json", text))
    except (OSError, DeserializationError) as error:
        raise KnowledgeLoadError(
            f"Could not read the knowledge base from {path}: {error}"
        ) from error

    report = LoadReport()
    created: dict = {}
    existing: dict = {}
    hand_edited: set[tuple[int, str]] = set()
    now = timezone.now()

    for item in objects:
        instance = item.object
        model = type(instance)
        if model not in existing:
            existing[model] = model.objects.in_bulk()
            if hasattr(model, "edited_by_hand"):
                content_type = ContentType.objects.get_for_model(model)
                hand_edited.update(
                    (content_type.pk, str(pk))
                    for pk, row in existing[model].items()
                    if row.edited_by_hand
                )
        current = existing[model].get(instance.pk) if instance.pk is not None else None

        if model is Citation and (instance.content_type_id, instance.object_id) in hand_edited:
            if current is None:
                report.kept.append(
                    f"citation of {instance.content_type.model} {instance.object_id}"
                )
            continue
        if current is None:
            item.save()
            created.setdefault(model, []).append(instance)
            report.created += 1
            continue
        if getattr(current, "edited_by_hand", False):
            report.kept.append(f"{model._meta.verbose_name} {current.pk}")
            continue
        differing = [
            f
            for f in comparable_fields(model)
            if f.value_from_object(current) != f.value_from_object(instance)
        ]
        if not differing:
            report.unchanged += 1
            continue
        for f in differing:
            setattr(current, f.attname, f.value_from_object(instance))
        if hasattr(current, "updated_at"):
            current.updated_at = now
        current._change_reason = "Brought back to the knowledge base's fixture"
        current.save()
        report.updated += 1
    # Raw saves write no history; give every new record its first version, so that an editor's
    # first change can be compared with and reverted to what the sources say.
    for model, instances in created.items():
        model.history.bulk_history_create(
            instances, default_change_reason="Loaded from the knowledge base"
        )
    return report
