"""Atom feeds of the changes: all of them, and one per record (with the changes of its parts)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from changes.history import PAGES, ChangeLog, Filters, record_exists_or_existed
from changes.views import record_model
from core.links import slug_url
from core.text import without_control_characters

FEED_ENTRIES = 50


def described(entry) -> str:
    """The entry in plain text: each field old → new, or the citation added or removed."""
    lines = []
    if entry.citation:
        cited = entry.citation
        lines.append(f"Citation {entry.action}: [{cited['source']}] “{cited['passage']}”")
    for change in entry.changes:
        lines.append(f"{change.field}: {change.old or '(empty)'} → {change.new or '(empty)'}")
    lines.append(f"By {entry.by}.")
    # Rows written before validation refused control characters may hold them; XML 1.0 cannot.
    return without_control_characters("\n".join(lines))


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "Bali Process knowledge portal: all changes"
    subtitle = "Every change to the knowledge base, newest first: by its editors and by reloads."

    def link(self):
        return settings.SITE_URL + reverse("changes:list")

    def feed_url(self):
        return settings.SITE_URL + reverse("changes:feed")

    def items(self):
        return ChangeLog()[:FEED_ENTRIES]

    def item_title(self, entry):
        return without_control_characters(entry.summary)

    def item_description(self, entry):
        return described(entry)

    def item_link(self, entry):
        # The history lists every entry with an anchor; a deleted part's owner may be unknown.
        base = entry.history_url or reverse("changes:list")
        return f"{settings.SITE_URL}{base}#{entry.id}"

    def item_guid(self, entry):
        return f"{settings.SITE_URL}{reverse('changes:list')}#{entry.id}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.at

    def item_updateddate(self, entry):
        return entry.at

    def item_author_name(self, entry):
        return entry.by


class RecordChangesFeed(ChangesFeed):
    def get_object(self, request, kind, slug):
        model = record_model(kind)
        if not record_exists_or_existed(model, slug):
            raise Http404(f"There is no {model._meta.verbose_name} “{slug}”.")
        record = model._default_manager.filter(pk=slug).first()
        return {"model": model, "kind": kind, "slug": slug, "record": record}

    def title(self, obj):
        name = str(obj["record"]) if obj["record"] else obj["slug"]
        return without_control_characters(
            f"Bali Process knowledge portal: changes to the {obj['model']._meta.verbose_name} “{name}”"
        )

    def subtitle(self, obj):
        return "Every change to this record, its parts and its citations, newest first."

    def link(self, obj):
        return settings.SITE_URL + slug_url(PAGES[obj["model"]._meta.label_lower], obj["slug"])

    def feed_url(self, obj):
        return settings.SITE_URL + slug_url(f"changes:{obj['kind']}-feed", obj["slug"])

    def items(self, obj):
        return ChangeLog(Filters(kind=obj["model"], record=obj["slug"]))[:FEED_ENTRIES]
