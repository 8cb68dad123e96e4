"""Editors' writes to sources: add one from a file or pasted text (directly, or through a draft
to check first), and correct its text without losing citations. Each is atomic and validated."""

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from core.text import normalise
from sources.extraction import ACCEPTED, ExtractionError, check_size, extract, tidy
from sources.models import (
    Citation,
    Source,
    SourceDraft,
    SourceFile,
    SourceText,
    text_digest,
)

# The details an editor gives a new source (the text and file come from the upload).
SOURCE_FIELDS = [
    "slug",
    "title",
    "short_title",
    "kind",
    "author",
    "original_url",
    "speaks_for",
    "speaks_for_precision",
    "speaks_for_note",
    "summary",
]


@dataclass(frozen=True)
class Upload:
    """A source's text and the file it came from (pasted text is its own plain-text file)."""

    text: str
    content: bytes
    format: str
    media_type: str
    name: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def read_upload(*, name: str = "", content: bytes | None = None, pasted: str = "") -> Upload:
    """The upload's text, from a file or pasted text (exactly one), or a ValidationError."""
    if content is not None and pasted.strip():
        raise ValidationError(
            {"file": "Upload a file or paste the text, not both: which one is the source?"}
        )
    if content is None:
        if not pasted.strip():
            raise ValidationError({"file": "Upload the source's file, or paste its text."})
        text = tidy(pasted)
        encoded = text.encode()
        try:
            check_size(len(encoded))
        except ExtractionError as error:
            raise ValidationError({"text": str(error)}) from error
        return Upload(text=text, content=encoded, format="txt", media_type="text/plain")
    try:
        extracted = extract(name, content)
    except ExtractionError as error:
        raise ValidationError({"file": str(error)}) from error
    return Upload(
        text=extracted.text,
        content=content,
        format=extracted.format,
        media_type=extracted.media_type,
        name=PurePath(name).name[:200],
    )


def new_source(fields: dict) -> Source:
    """An unsaved Source from an editor's details; a missing slug is made from the title."""
    source = Source(**{name: value for name, value in fields.items() if name in SOURCE_FIELDS})
    if not source.slug:
        source.slug = slugify(source.title)[:120].strip("-")
    return source


def check_new_source(source: Source, upload: Upload) -> None:
    """Every reason the source cannot be added, as one ValidationError; nothing is written."""
    source.text_sha256 = text_digest(upload.text)
    errors: dict = {}
    try:
        # Constraints are checked below, each with a sentence naming the source already held.
        source.full_clean(
            exclude={"text_sha256"}, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    held = Source.objects.filter(pk=source.slug).first()
    if source.slug and held:
        errors.setdefault("slug", []).append(
            f"The address /sources/{source.slug}/ is taken by “{held.title}”: give this source "
            "another slug."
        )
    held = Source.objects.filter(title__iexact=source.title).first()
    if source.title and held:
        errors.setdefault("title", []).append(f"A source titled “{held.title}” is already held.")
    held = Source.objects.filter(text_sha256=source.text_sha256).first()
    if held:
        errors.setdefault("file", []).append(
            f"This text is already held: it is the text of “{held.title}”."
        )
    held = SourceFile.objects.filter(sha256=upload.sha256).select_related("source").first()
    if held:
        errors.setdefault("file", []).append(
            f"This file is already held: it is the original of “{held.source.title}”."
        )
    if errors:
        raise ValidationError(errors)


def add_source(source: Source, upload: Upload, *, user, note: str = "") -> Source:
    """Check and save a new source with its first text version and its file, all or nothing."""
    check_new_source(source, upload)
    try:
        with transaction.atomic():
            source.edited_by_hand = True  # an editor's: reloading never touches it
            source.updated_at = timezone.now()
            source.save(force_insert=True)
            SourceText.objects.create(
                source=source,
                number=1,
                text=upload.text,
                created_by=user,
                note=note or first_version_note(upload),
            )
            store_file(source, upload)
    except IntegrityError as error:
        # Another editor added the same source (slug, title, text or file) since the check.
        raise ValidationError(
            {
                NON_FIELD_ERRORS: "Another editor added a source with this slug, title, text or "
                "file a moment ago; nothing was saved. Reload and check the sources."
            }
        ) from error
    source.current_text = upload.text
    return source


def first_version_note(upload: Upload) -> str:
    if not upload.name:
        return "Pasted by an editor."
    return f"Extracted from “{upload.name}”."


def store_file(source: Source, upload: Upload) -> None:
    SourceFile.objects.update_or_create(
        source=source,
        defaults={
            "content": upload.content,
            "sha256": upload.sha256,
            "format": upload.format,
            "media_type": upload.media_type,
            "size": len(upload.content),
            "name": upload.name,
        },
    )


def save_draft(source: Source, upload: Upload, *, user) -> SourceDraft:
    """Keep a checked upload for its editor to read before publishing; readers never see it."""
    check_new_source(source, upload)
    fields = {name: source.serializable_value(name) for name in SOURCE_FIELDS}
    fields["speaks_for"] = source.speaks_for.isoformat()
    return SourceDraft.objects.create(
        fields=fields,
        text=upload.text,
        content=upload.content,
        name=upload.name,
        created_by=user,
    )


@transaction.atomic
def publish_draft(draft: SourceDraft, *, user) -> Source:
    """Make the draft a source, checked again (another editor may have added it meanwhile)."""
    fmt, media_type = ACCEPTED.get(PurePath(draft.name).suffix.lower(), ("txt", "text/plain"))
    upload = Upload(
        text=draft.text,
        content=bytes(draft.content),
        format=fmt,
        media_type=media_type,
        name=draft.name,
    )
    source = add_source(new_source(draft.fields), upload, user=user)
    draft.delete()
    return source


def checked_text(source: Source, text: str) -> str:
    """The corrected text as it will be stored, or a ValidationError saying why it cannot be."""
    text = tidy(text)
    if not normalise(text):
        raise ValidationError({"text": "A source's text cannot be empty."})
    try:
        check_size(len(text.encode()))
    except ExtractionError as error:
        raise ValidationError({"text": str(error)}) from error
    held = Source.objects.filter(text_sha256=text_digest(text)).exclude(pk=source.pk).first()
    if held:
        raise ValidationError(
            {"text": f"This text is already held: it is the text of “{held.title}”."}
        )
    return text


@transaction.atomic
def correct_text(source: Source, text: str, *, user, note: str = "", by_editor=True) -> list:
    """Save `text` as the source's new version; return the citations whose passage it no longer
    holds, each flagged (missing_since), never deleted. Citations whose passage is back are unflagged."""
    text = checked_text(source, text)
    digest = text_digest(text)
    # Locked, so that two corrections cannot both become version n + 1.
    current = Source.objects.select_for_update().get(pk=source.pk)
    last = current.texts.order_by("-number").first()
    if last is not None and last.text == text:
        return flagged_citations(source)
    now = timezone.now()
    SourceText.objects.create(
        source=source,
        number=(last.number + 1) if last else 1,
        text=text,
        created_by=user,
        created_at=now,
        note=note,
    )
    source.text_sha256 = digest
    source.updated_at = now
    fields = ["text_sha256", "updated_at"]
    if by_editor:
        source.edited_by_hand = True
        fields.append("edited_by_hand")
    source._change_reason = note or "Text corrected."
    source.save(update_fields=fields)
    source.current_text = text
    flag_citations(source, text, now)
    return flagged_citations(source)


def flag_citations(source: Source, text: str, now) -> None:
    """Flag the citations whose passage the text lacks, unflag those it holds again; each change
    saved one by one so that the citation's history shows it."""
    held = normalise(text)
    for citation in Citation.objects.filter(source=source).order_by("id"):
        missing = normalise(citation.passage) not in held
        if missing == (citation.missing_since is not None):
            continue
        citation.missing_since = now if missing else None
        citation._change_reason = (
            "Passage no longer in the corrected text." if missing else "Passage back in the text."
        )
        citation.save(update_fields=["missing_since"])


def flagged_citations(source: Source) -> list:
    return list(
        Citation.objects.filter(source=source, missing_since__isnull=False)
        .select_related("content_type")
        .order_by("id")
    )


def load_seed_text(source: Source, *, content: bytes, name: str) -> None:
    """Give a seed the text of its file in fixtures/sources/, unchanged: a first version, or a new
    one when a release ships a changed file (citations it no longer holds are flagged)."""
    text = content.decode("utf-8")
    last = source.texts.order_by("-number").first()
    if last is not None and last.text == text:
        return
    now = timezone.now()
    SourceText.objects.create(
        source=source,
        number=(last.number + 1) if last else 1,
        text=text,
        created_at=now,
        note=f"Shipped with the project in fixtures/sources/{name}.",
    )
    fmt, media_type = ACCEPTED.get(PurePath(name).suffix.lower(), ("txt", "text/plain"))
    store_file(
        source, Upload(text=text, content=content, format=fmt, media_type=media_type, name=name)
    )
    source.current_text = text
    if last is not None:
        flag_citations(source, text, now)
