"""{% directory_row participant %}: one row of the members directory."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from workinggroups.templatetags.memberships import body_links

register = template.Library()


@register.simple_tag
def directory_row(participant):
    # A tag, like {% cites %}: a page shows 100 rows, and the template language's nine lookups per
    # row cost more than the markup they produce (about half of the directory's rendering).
    short_name = f" ({escape(participant.short_name)})" if participant.short_name else ""
    return mark_safe(
        "<tr>"
        f'<td><a href="{escape(participant.get_absolute_url())}">{escape(participant.name)}</a>'
        f"{short_name}</td>"
        f"<td>{escape(participant.get_kind_display())}</td>"
        f'<td><span class="badge {escape(participant.status)}">'
        f"{escape(participant.get_status_display())}</span></td>"
        f"<td>{'founding' if participant.founding else ''}</td>"
        f"<td>{body_links(participant.membership_list)}</td>"
        "</tr>"
    )
