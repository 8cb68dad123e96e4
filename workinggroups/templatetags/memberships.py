"""Memberships as pages list them: {% membership_card m %} on a body's page, and the body links of a
directory row (body_links)."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from sources.templatetags.provenance import cites

register = template.Library()


def body_links(memberships):
    """The bodies a participant sits on, as links, with any role other than member."""
    links = []
    for membership in memberships:
        body = membership.body
        link = f'<a href="{escape(body.get_absolute_url())}">{escape(body.label)}</a>'
        if membership.role != membership.Role.MEMBER:
            link += f" ({escape(membership.get_role_display())})"
        links.append(link)
    return mark_safe(", ".join(links))


@register.simple_tag
def membership_card(membership):
    # A tag, not a loop in the template: the Ad Hoc Group's page lists about 50 members, and the
    # template language's ten lookups for each cost more than the markup they produce.
    holder = membership.person or membership.participant
    period = membership.period_display
    period = f' <span class="muted">{escape(period)}</span>' if period else ""
    note = f'<br><span class="muted">{escape(membership.note)}</span>' if membership.note else ""
    return mark_safe(
        f'<li><a href="{escape(holder.get_absolute_url())}">{escape(holder.name)}</a> '
        f'<span class="badge {escape(membership.role)}">{escape(membership.get_role_display())}'
        f"</span>{period}{note} {cites(membership)}</li>"
    )
