"""{% cites record %}: the small markers that link each fact to the passages it rests on."""

from django import template
from django.utils.html import format_html, format_html_join
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
    # A tag, not an {% include %}: pages show hundreds of these (docs/design.md, "Rendering").
    links = format_html_join(
        "",
        '<a class="cite" href="{}" title="{}: “{}”">{}</a>',
        (
            (
                citation.get_absolute_url(),
                citation.source.short_title,
                shortened(citation.passage, PASSAGE_TITLE_CHARS),
                citation.source.short_title,
            )
            for citation in record.citation_list
        ),
    )
    return format_html('<span class="cites">{}</span>', links)
