"""{% timeline_item meeting %}: one meeting of the timeline."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from sources.templatetags.provenance import cites

register = template.Library()


@register.simple_tag
def timeline_item(meeting):
    # A tag, like {% cites %}: the timeline shows 50 meetings a page, and the template language's
    # seven lookups per meeting cost more than the markup they produce.
    place = meeting.place_display
    place = f" · {escape(place)}" if place else ""
    return mark_safe(
        f'<li><a href="{escape(meeting.get_absolute_url())}">{escape(meeting.title)}</a> '
        f'<span class="muted">{escape(meeting.date_display)}{place} · '
        f"{escape(meeting.get_kind_display())}</span> {cites(meeting)}</li>"
    )
