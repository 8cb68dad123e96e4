"""{% cites record %}: the small markers that link each fact to the passages it rests on."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

register = template.Library()

PASSAGE_TITLE_CHARS = 160


def shortened(passage: str, length: int) -> str:
    """At most `length` characters, ending in "…" when cut (as truncatechars, measured first)."""
    # Most passages are short; Truncator inspects every character, so it only sees the long ones.
    return passage if len(passage) <= length else Truncator(passage).chars(length)


@register.filter
def excerpt(passage, length):
    """{{ passage|excerpt:300 }}: truncatechars for quoted passages, cheap when nothing is cut."""
    return shortened(str(passage), int(length))


@register.simple_tag
def cites(record):
    # A tag, not an {% include %}, and plain string building rather than format_html: pages show
    # hundreds of these, and each of those layers costs more than the markup itself.
    links = []
    for citation in record.citation_list:
        passage = shortened(citation.passage, PASSAGE_TITLE_CHARS)
        source = escape(citation.source.short_title)
        links.append(
            f'<a class="cite" href="{escape(citation.get_absolute_url())}" '
            f'title="{source}: “{escape(passage)}”">{source}</a>'
        )
    return mark_safe(f'<span class="cites">{"".join(links)}</span>')
