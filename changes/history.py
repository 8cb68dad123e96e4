"""The knowledge base's public history: the versions django-simple-history keeps, read as entries
a reader may see (what record, which public fields went from what to what, when, by whom).

Nothing is copied: each entry is one row of a historical table. A list of changes is one UNION of
the historical tables (keys and dates only), then, for the page shown, two queries per kind of
record on it (its rows with their previous version's key, and those previous versions).
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.utils import timezone

from changes.models import EDITOR, MAINTAINERS, RELOAD
from core.links import slug_url
from core.partialdates import format_partial
from sources.models import KNOWLEDGE_APPS, Citation, Source

# The record pages: a model's changes are listed on its page's history; a model without a page
# (a membership, an office) is a part of the records with pages its foreign keys name.
PAGES = {
    "members.participant": "members:detail",
    "members.person": "members:person",
    "workinggroups.body": "workinggroups:detail",
    "meetings.meeting": "meetings:detail",
    "meetings.document": "meetings:document",
    "meetings.objectivelist": "meetings:objective_list",
    "sources.source": "sources:detail",
    "sources.conflict": "sources:conflict",
}
# Bookkeeping and keys no page shows; never in the public history.
HIDDEN_EVERYWHERE = {"edited_by_hand", "updated_at", "position"}
HIDDEN = {
    "sources.source": {"filename"},
    "sources.conflict": {"about_type", "about_id"},
    "sources.citation": {"id", "content_type", "object_id"},
}
# The field that names a record, first found wins; otherwise its slug.
LABEL_FIELDS = ("name", "title", "label", "claim", "wording", "text")


@cache
def record_models() -> tuple[type[models.Model], ...]:
    """Every model of the knowledge base with a history and a slug, citations aside (they belong
    to records). Rows keyed by a number (a sentence mark, a source's text version) are an editor's
    bookkeeping: the coverage view and the source page show them."""
    return tuple(
        model
        for label in KNOWLEDGE_APPS
        for model in apps.get_app_config(label).get_models()
        if hasattr(model, "history")
        and model is not Citation
        and isinstance(model._meta.pk, models.CharField)
    )


@cache
def kinds() -> dict[str, type[models.Model]]:
    """{kind as URLs and the API name it (a model name): model}."""
    return {model._meta.model_name: model for model in record_models()}


def kind_of(model) -> str:
    return model._meta.model_name


@cache
def owner_fields(model) -> tuple[str, ...]:
    """The foreign keys of a model without a page that name a record with one (its owners)."""
    if model._meta.label_lower in PAGES:
        return ()
    return tuple(
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model and f.related_model._meta.label_lower in PAGES
    )


@cache
def public_fields(model) -> tuple[models.Field, ...]:
    hidden = HIDDEN_EVERYWHERE | HIDDEN.get(model._meta.label_lower, set())
    return tuple(
        f
        for f in model._meta.concrete_fields
        if f.name not in hidden and not (f.primary_key and model is not Citation)
    )


@cache
def history_model(model):
    """The model's historical model, found once: django-simple-history's `model.history` builds a
    manager class on every access (0.25 ms), and a page of changes asked 58 times."""
    return model.history.model


@dataclass
class Filters:
    kind: type[models.Model] | None = None
    record: str | None = None
    since: dt.datetime | None = None
    until: dt.date | None = None


def _dated(queryset, filters: Filters):
    if filters.since:
        queryset = queryset.filter(history_date__gte=filters.since)
    if filters.until:
        end = dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        queryset = queryset.filter(history_date__lt=end)
    return queryset


def _branches(filters: Filters):
    """(model, historical rows) of each table the filters reach; citations last."""
    kind, slug = filters.kind, filters.record
    part_owned = []  # (part model, owner field) whose rows belong to the record asked for
    for model in record_models():
        rows = history_model(model).objects.all()
        own = kind in (None, model)
        if slug is None:
            if own:
                yield model, rows
            continue
        conditions = [Q(**{model._meta.pk.name: slug})] if own else []
        for name in owner_fields(model):
            if kind in (None, model._meta.get_field(name).related_model):
                conditions.append(Q(**{f"{name}_id": slug}))
                part_owned.append((model, name))
        if conditions:
            yield model, rows.filter(_any(conditions))
    citations = history_model(Citation).objects.all()
    if slug is None:
        if kind is not None:
            citations = citations.filter(content_type=ContentType.objects.get_for_model(kind))
        yield Citation, citations
        return
    own = Q(object_id=slug)
    if kind is not None:
        own &= Q(content_type=ContentType.objects.get_for_model(kind))
    conditions = [own]
    for part, name in part_owned:
        parts = (
            history_model(part).objects.filter(**{f"{name}_id": slug}).values(part._meta.pk.name)
        )
        conditions.append(
            Q(content_type=ContentType.objects.get_for_model(part), object_id__in=parts)
        )
    yield Citation, citations.filter(_any(conditions))


def _any(conditions):
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


class ChangeLog:
    """The entries the filters select, newest first; a Paginator pages it (count() and slices)."""

    def __init__(self, filters: Filters | None = None):
        self.filters = filters or Filters()
        self._count = None

    def keys(self):
        """(model label, history id, date) of every entry, newest first: one UNION query."""
        parts = [
            _dated(rows, self.filters)
            .annotate(change_kind=Value(model._meta.label_lower, output_field=CharField()))
            .values_list("change_kind", "history_id", "history_date")
            .order_by()
            for model, rows in _branches(self.filters)
        ]
        first, *rest = parts
        return first.union(*rest, all=True) if rest else first

    def count(self) -> int:
        if self._count is None:
            self._count = self.keys().count()
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        keys = list(self.keys().order_by("-history_date", "-history_id", "change_kind")[index])
        return entries_for(keys)


@dataclass
class FieldChange:
    field: str
    old: str | None
    new: str | None


@dataclass
class Entry:
    """One change to the knowledge base, as the public sees it."""

    id: str
    at: dt.datetime
    action: str  # added, changed, deleted
    kind: str  # the record's kind, as URLs name it
    kind_name: str  # in words
    slug: str
    label: str
    url: str | None  # the page showing the record
    history_url: str | None  # the history listing it
    by: str
    from_editor: bool
    changes: list[FieldChange] = field(default_factory=list)
    citation: dict | None = None  # for a citation added, changed or removed: its source and passage

    @property
    def summary(self) -> str:
        """One line: 'Body “Ad Hoc Group”: name changed' or 'citation added'."""
        if self.citation is not None:
            what = f"citation {self.action}"
        elif self.action == "changed":
            names = ", ".join(change.field for change in self.changes)
            what = f"{names} changed" if names else "saved with no change the pages show"
        else:
            what = self.action
        return f"{self.kind_name.capitalize()} “{self.label}”: {what}"


ACTIONS = {"+": "added", "~": "changed", "-": "deleted"}


def entries_for(keys) -> list[Entry]:
    """Entries for (model label, history id, date) keys, in their order: two queries per kind."""
    by_model: dict[str, list[int]] = {}
    for label, history_id, _date in keys:
        by_model.setdefault(label, []).append(history_id)
    rows = {}
    for label, ids in by_model.items():
        model = apps.get_model(label)
        for row, previous in _with_previous(model, ids):
            rows[(label, row.history_id)] = (model, row, previous)
    cited = _cited_records([row for model, row, _previous in rows.values() if model is Citation])
    entries = []
    for label, history_id, _date in keys:
        model, row, previous = rows[(label, history_id)]
        entries.append(_entry(model, row, previous, cited))
    return entries


def _with_previous(model, ids):
    historical = history_model(model)
    key = model._meta.pk.name
    previous = (
        historical.objects.filter(**{key: OuterRef(key)}, history_date__lt=OuterRef("history_date"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    rows = list(
        historical.objects.filter(history_id__in=ids)
        .annotate(previous_id=Subquery(previous))
        .select_related("history_user__public_name")
    )
    wanted = [row.previous_id for row in rows if row.history_type == "~" and row.previous_id]
    earlier = historical.objects.in_bulk(wanted) if wanted else {}
    return [(row, earlier.get(row.previous_id)) for row in rows]


def _cited_records(citation_rows) -> dict:
    """{(content type id, slug): (model, label, owner page URL)} of the records cited; one query
    per kind cited, and one for the sources."""
    by_type: dict[int, set[str]] = {}
    for row in citation_rows:
        by_type.setdefault(row.content_type_id, set()).add(row.object_id)
    found = {}
    for type_id, slugs in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        names = [f.name for f in model._meta.concrete_fields if f.name in LABEL_FIELDS]
        owners = [f"{name}_id" for name in owner_fields(model)]
        for values in model._default_manager.filter(pk__in=slugs).values("pk", *names[:1], *owners):
            found[(type_id, values["pk"])] = (model, values)
    sources = Source.objects.in_bulk({row.source_id for row in citation_rows})
    return {"records": found, "sources": sources}


def _label(model, values) -> str:
    for name in LABEL_FIELDS:
        text = values.get(name)
        if text:
            text = str(text)
            return text if len(text) <= 80 else text[:79] + "…"
    return values.get("slug") or values.get("pk") or ""


def _owner_urls(model, values) -> tuple[str | None, str | None]:
    """(page URL, history URL) of the record itself if it has a page, else of its first owner."""
    label = model._meta.label_lower
    if label in PAGES:
        slug = values.get("slug") or values.get("pk")
        return slug_url(PAGES[label], slug), history_url(kind_of(model), slug)
    for name in owner_fields(model):
        key = values.get(f"{name}_id")
        if key:
            owner = model._meta.get_field(name).related_model
            return slug_url(PAGES[owner._meta.label_lower], key), history_url(kind_of(owner), key)
    return None, None


def history_url(kind: str, slug: str) -> str:
    return slug_url(f"changes:{kind}-history", slug)


def _by(row) -> tuple[str, bool]:
    """Who made the change, as the public may know it: never a username or an address."""
    if row.history_user_id is not None:
        chosen = getattr(row.history_user, "public_name", None)
        return (chosen.name if chosen else EDITOR), True
    if "knowledge base" in (row.history_change_reason or ""):
        return RELOAD, False
    # A change with no user and no loader's reason: a shell, a migration, or a removed account.
    return MAINTAINERS, False


def shown(model, name: str, values: dict) -> str | None:
    """A field's value in words, as a page would put it; None when empty."""
    f = model._meta.get_field(name)
    value = values.get(f.attname)
    if value is None or value == "":
        return None
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return "yes" if value else "no"
    precision = values.get(f"{name}_precision")
    if isinstance(value, dt.date) and precision:
        return format_partial(value, None, precision)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    # Browsers send a textarea's line breaks as CRLF: an admin save that changed no word of a
    # multi-line field is no change a reader can see.
    return str(value).replace("\r\n", "\n")


def _row_values(model, row) -> dict:
    return {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}


def _field_changes(model, row, previous) -> list[FieldChange]:
    now = _row_values(model, row)
    before = _row_values(model, previous) if previous is not None else None
    changes = []
    for f in public_fields(model):
        if f.name.endswith("_precision") and f.name.removesuffix("_precision") in {
            g.name for g in public_fields(model)
        }:
            continue  # shown with its date
        new = shown(model, f.name, now)
        if before is None:
            if new is not None and row.history_type != "-":
                changes.append(FieldChange(str(f.verbose_name), None, new))
            continue
        old = shown(model, f.name, before)
        if old != new:
            changes.append(FieldChange(str(f.verbose_name), old, new))
    return changes


def _entry(model, row, previous, cited) -> Entry:
    by, from_editor = _by(row)
    action = ACTIONS[row.history_type]
    if model is Citation:
        record = cited["records"].get((row.content_type_id, row.object_id))
        record_model = (
            record[0]
            if record
            else ContentType.objects.get_for_id(row.content_type_id).model_class()
        )
        values = record[1] if record else {"pk": row.object_id}
        url, history = _owner_urls(record_model, values) if record_model else (None, None)
        source = cited["sources"].get(row.source_id)
        return Entry(
            id=f"citation-{row.history_id}",
            at=row.history_date,
            action=action,
            kind=kind_of(record_model) if record_model else "record",
            kind_name=str(record_model._meta.verbose_name) if record_model else "record",
            slug=row.object_id,
            label=_label(record_model, values) if record_model else row.object_id,
            url=url,
            history_url=history,
            by=by,
            from_editor=from_editor,
            changes=_field_changes(Citation, row, previous) if action == "changed" else [],
            citation={
                "source": source.short_title if source else row.source_id,
                "source_url": source.get_absolute_url() if source else None,
                "passage": row.passage,
                "locator": row.locator,
            },
        )
    values = _row_values(model, row)
    url, history = _owner_urls(model, values)
    if action == "deleted" and model._meta.label_lower in PAGES:
        url = None  # the page is gone; its history stays
    return Entry(
        id=f"{kind_of(model)}-{row.history_id}",
        at=row.history_date,
        action=action,
        kind=kind_of(model),
        kind_name=str(model._meta.verbose_name),
        slug=getattr(row, model._meta.pk.attname),
        label=_label(model, values),
        url=url,
        history_url=history,
        by=by,
        from_editor=from_editor,
        changes=_field_changes(model, row, previous) if action != "deleted" else [],
    )


def record_exists_or_existed(model, slug: str) -> bool:
    """Whether a record has a history page: it is here, or its history is."""
    return (
        model._default_manager.filter(pk=slug).exists()
        or history_model(model).objects.filter(**{model._meta.pk.name: slug}).exists()
    )
