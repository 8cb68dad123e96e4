"""Load the knowledge base from fixtures/knowledge.json without destroying editors' work.

The rule: a record in the fixture is created if missing and brought up to date if it differs, unless an
editor changed it by hand (`edited_by_hand`, also set by a change to its citations), in which case it
and its citations are kept as they are and reported. A record an editor deleted (a Tombstone) is not
created again, nor its citations; a fixture record that refers to one is treated as the deletion
treated the rows referring to it: left out if its link cascades or protects, its link left empty if
it is SET_NULL. Records editors added are never touched. A second run changes nothing.

Sources are loaded the same way; a seed's text and original file come from its file in
fixtures/sources/, read from that directory's own listing (never a path built from data). A source an
editor added or changed (`edited_by_hand`) is kept, with its text.

The knowledge version is bumped once, inside the load's transaction, if anything changed: a load that
is killed either commits its rows and the new version together or neither.
"""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.base import DeserializationError
from django.db import models, transaction
from django.utils import timezone

from knowledge.signals import one_bump
from sources.adding import load_seed_text
from sources.models import (
    Citation,
    KnowledgeVersion,
    Record,
    Source,
    Tombstone,
    control_character_errors,
    text_digest,
)

KNOWLEDGE_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "knowledge.json"
# Kept as the database has them: when and by whom a row changed, and citations flagged by a
# correction of their source's text.
BOOKKEEPING_FIELDS = {"updated_at", "edited_by_hand", "missing_since"}
SEED_SUFFIXES = {".txt", ".md"}
# Shipped next to the source texts for maintainers; not a source.
NOT_SOURCE_FILES = {"README.md"}


class KnowledgeLoadError(Exception):
    pass


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@cache
def shipped_source_files() -> dict[str, Path]:
    """{name: path} of the seeds' text files in SOURCES_DIR, read once from the directory itself.

    The loader reads only paths from this listing: a fixture's `filename` names one of them, and a
    path built from it could name any file the server can read.
    """
    directory = Path(settings.SOURCES_DIR)
    return {
        path.name: path
        for path in directory.iterdir()
        if path.suffix in SEED_SUFFIXES
        and path.name not in NOT_SOURCE_FILES
        and path.is_file()
        and not path.is_symlink()
    }


def seed_file(source: Source) -> bytes:
    """The bytes of the seed's shipped file; its text's digest set on the unsaved instance."""
    path = shipped_source_files().get(source.filename)
    if path is None:
        raise KnowledgeLoadError(
            f"source {source.pk}: there is no file “{source.filename}” in fixtures/sources/."
        )
    content = path.read_bytes()
    try:
        source.text_sha256 = text_digest(content.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise KnowledgeLoadError(f"source {source.pk}: {path.name} is not UTF-8.") from error
    return content


def comparable_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in BOOKKEEPING_FIELDS
    ]


def deleted_by_editors() -> set[tuple[int, str]]:
    """(content type id, slug) of the records editors deleted that are still missing."""
    tombstones = set(Tombstone.objects.values_list("content_type_id", "slug"))
    by_type: dict[int, set[str]] = {}
    for content_type_id, slug in tombstones:
        by_type.setdefault(content_type_id, set()).add(slug)
    for content_type_id, slugs in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            # An editor may have made the record again since (the admin forgets the tombstone
            # then; this covers any other way).
            tombstones -= {
                (content_type_id, str(pk))
                for pk in model.objects.filter(pk__in=slugs).values_list("pk", flat=True)
            }
    return tombstones


def deleted_link(instance, gone) -> tuple[models.ForeignKey, str] | None:
    """The first link of `instance` to a record in `gone` that its deletion would have cascaded
    or been protected from; links that the deletion sets to null are emptied on the way."""
    found = None
    for f in instance._meta.concrete_fields:
        if not f.many_to_one or not issubclass(f.related_model, Record):
            continue
        value = f.value_from_object(instance)
        key = (ContentType.objects.get_for_model(f.related_model).pk, str(value))
        if value is None or key not in gone:
            continue
        if f.remote_field.on_delete is models.SET_NULL:
            setattr(instance, f.attname, None)
        elif found is None:
            found = (f, value)
    return found


@transaction.atomic
def load_knowledge(path: Path = KNOWLEDGE_FIXTURE) -> LoadReport:
    with one_bump():
        report = _load(path)
    if report.changed:
        KnowledgeVersion.bump()
    return report


def _load(path: Path) -> LoadReport:
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
    # Records not in the database because an editor deleted them, or one they depend on.
    gone = deleted_by_editors()
    now = timezone.now()

    for item in objects:
        instance = item.object
        model = type(instance)
        # Refused here as the admin and the API refuse them (PlainText.clean_fields()).
        problems = control_character_errors(instance)
        if problems:
            name, message = next(iter(problems.items()))
            raise KnowledgeLoadError(
                f"{model._meta.verbose_name} {instance.pk}, field {name}: {message}"
            )
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
        seed = seed_file(instance) if model is Source else None

        if model is Citation and (instance.content_type_id, instance.object_id) in gone:
            continue
        if gone and issubclass(model, Record):
            key = (ContentType.objects.get_for_model(model).pk, str(instance.pk))
            if current is None and key in gone:
                report.deleted.append(f"{model._meta.verbose_name} {instance.pk}")
                continue
            link = deleted_link(instance, gone)
            if link is not None:
                if current is None:
                    gone.add(key)  # and so are its citations and the records that need it
                # A row still here is left as it is rather than pointed at a missing record.
                report.deleted.append(
                    f"{model._meta.verbose_name} {instance.pk}, as its "
                    f"{link[0].verbose_name} {link[1]} was deleted"
                )
                continue

        if model is Citation and (instance.content_type_id, instance.object_id) in hand_edited:
            if current is None:
                report.kept.append(
                    f"citation of {instance.content_type.model} {instance.object_id}"
                )
            continue
        if current is None:
            item.save()
            if seed is not None:
                load_seed_text(instance, content=seed, name=instance.filename)
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
        if seed is not None:
            load_seed_text(current, content=seed, name=current.filename)
        report.updated += 1
    # Raw saves write no history; give every new record its first version, so that an editor's
    # first change can be compared with and reverted to what the sources say.
    for model, instances in created.items():
        model.history.bulk_history_create(
            instances, default_change_reason="Loaded from the knowledge base"
        )
    return report
