"""{% cites record %}: the small markers that link each fact to the passages it rests on."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

register = template.Library()


@register.simple_tag
def cites(record):
    # A tag, not an {% include %}: pages show hundreds of these, and an include costs far more.
    links = format_html_join(
        "",
        '<a class="cite" href="{}" title="{}: “{}”">{}</a>',
        (
            (
                c.get_absolute_url(),
                c.source.short_title,
                c.passage if len(c.passage) <= 160 else Truncator(c.passage).chars(160),
                c.source.short_title,
            )
            for c in record.citation_list
        ),
    )
    return format_html('<span class="cites">{}</span>', links)
