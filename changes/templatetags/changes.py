"""The record pages' footer (last changed, history, feed, "Report an error") and feed links,
computed from the record and the URL alone: no query; and, in the admin, a record's reports."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.html import format_html

from changes.history import PAGES, kind_of
from changes.models import Report
from core.links import slug_url

register = template.Library()

# The record pages by URL name (portal/urls/), for the <link rel="alternate"> in base.html's head.
PAGE_KINDS = {url_name: label.split(".")[1] for label, url_name in PAGES.items()}


@register.inclusion_tag("includes/record_footer.html")
def record_footer(record):
    kind = kind_of(record)
    return {
        "updated_at": getattr(record, "updated_at", None),
        "kind_name": record._meta.verbose_name,
        "history_url": slug_url(f"changes:{kind}-history", record.pk),
        "feed_url": slug_url(f"changes:{kind}-feed", record.pk),
        "report_url": reverse("changes:report", args=[kind, record.pk]),
    }


@register.simple_tag(takes_context=True)
def feed_links(context):
    """Atom links for the page: all changes, and on a record's page that record's changes."""
    links = [format_html(LINK, "All changes", reverse("changes:feed"))]
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    kind = PAGE_KINDS.get(match.view_name) if match else None
    if kind and "slug" in match.kwargs:
        links.append(
            format_html(
                LINK,
                "Changes to this record",
                slug_url(f"changes:{kind}-feed", match.kwargs["slug"]),
            )
        )
    return format_html("\n  ".join(["{}"] * len(links)), *links)


LINK = '<link rel="alternate" type="application/atom+xml" title="{}" href="{}">'


@register.inclusion_tag("includes/reports_about.html")
def reports_about(record):
    """The admin's history of a record links to the readers' reports about it (one query)."""
    if record is None:
        return {"reports": []}
    reports = Report.objects.filter(
        record_type=ContentType.objects.get_for_model(record), record_id=str(record.pk)
    )
    return {"reports": list(reports[:50])}
