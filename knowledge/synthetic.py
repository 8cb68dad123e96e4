"""A synthetic knowledge base N times the real one, for the benchmark: copies of every record.

Copy k of a record has the slug `<slug>-s<k>`; its references point into copy k, its unique names get
" (synthetic k)", and copies of states become organisations (ISO codes cannot repeat). Each copy's
citations quote the same passages as the original's.
"""

import hashlib

from django.db import transaction

from meetings.models import (
    Document,
    Figure,
    Meeting,
    MeetingRole,
    Objective,
    ObjectiveList,
    Outcome,
)
from members.models import NameVariant, NationalMeasure, Participant, Person
from sources.models import Citation, Conflict, ConflictClaim, KnowledgeVersion, Record
from workinggroups.models import Body, BodyName, Membership, Office, StatedCount

# Parents before children, so that every reference exists when its row is written.
IN_ORDER = [
    Participant,
    NameVariant,
    Person,
    NationalMeasure,
    Body,
    BodyName,
    Membership,
    Office,
    StatedCount,
    Meeting,
    MeetingRole,
    Document,
    Outcome,
    ObjectiveList,
    Objective,
    Figure,
    Conflict,
    ConflictClaim,
]
UNIQUE_TEXT = {
    Participant: ["name"],
    Body: ["name"],
    BodyName: ["name"],
    Document: ["title"],
    NameVariant: ["name"],
}
BATCH = 2000
SLUG_LENGTH = 120


def copy_slug(slug: str, k: int) -> str:
    """The slug of copy k; long slugs are shortened with a hash so that the copy still fits."""
    copy = f"{slug}-s{k}"
    if len(copy) <= SLUG_LENGTH:
        return copy
    digest = hashlib.sha1(slug.encode()).hexdigest()[:8]
    return f"{slug[: SLUG_LENGTH - len(digest) - len(f'-s{k}') - 1]}-{digest}-s{k}"


def copy_row(original, k: int):
    model = type(original)
    suffix = f"-s{k}"
    values = {}
    for field in model._meta.concrete_fields:
        value = getattr(original, field.attname)
        if field.primary_key:
            value = copy_slug(value, k)
        elif field.is_relation and value is not None and issubclass(field.related_model, Record):
            value = copy_slug(value, k)
        values[field.attname] = value
    for name in UNIQUE_TEXT.get(model, []):
        values[name] = f"{values[name]} (synthetic {k})"
    if model is Participant and values["kind"] in {"state", "territory"}:
        values.update(kind="organisation", iso_code="", founding=False)
    if model is Document:
        values["source_id"] = None  # one document per source
    if model is Meeting and values["series"]:
        values["series"] = f"{values['series']}{suffix}"
    if model is Conflict and values["about_id"]:
        values["about_id"] = copy_slug(values["about_id"], k)
    return model(**values)


@transaction.atomic
def synthesize(scale: int) -> int:
    """Add copies 2..scale of every record and citation; return the number of rows written."""
    written = 0
    originals = {model: list(model.objects.exclude(slug__regex=r"-s[0-9]+$")) for model in IN_ORDER}
    citations = list(Citation.objects.exclude(object_id__regex=r"-s[0-9]+$"))
    for k in range(2, scale + 1):
        for model in IN_ORDER:
            rows = [copy_row(row, k) for row in originals[model]]
            model.objects.bulk_create(rows, batch_size=BATCH)
            written += len(rows)
        copies = [
            Citation(
                content_type_id=c.content_type_id,
                object_id=copy_slug(c.object_id, k),
                source_id=c.source_id,
                passage=c.passage,
                locator=c.locator,
            )
            for c in citations
        ]
        Citation.objects.bulk_create(copies, batch_size=BATCH)
        written += len(copies)
    # bulk_create sends no signals: bump once, so no cached page survives.
    transaction.on_commit(KnowledgeVersion.bump)
    return written


def copies_exist() -> bool:
    return Participant.objects.filter(slug__regex=r"-s[0-9]+$").exists()
