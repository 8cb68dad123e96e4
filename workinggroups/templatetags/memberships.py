"""{% body_links memberships %}: the bodies a participant sits on, as links, for directory rows."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def body_links(memberships):
    # A tag rather than a loop in the template: the directory shows hundreds of these, and each
    # template lookup costs more than the markup it produces.
    links = []
    for membership in memberships:
        body = membership.body
        link = f'<a href="{escape(body.get_absolute_url())}">{escape(body.label)}</a>'
        if membership.role != membership.Role.MEMBER:
            link += f" ({escape(membership.get_role_display())})"
        links.append(link)
    return mark_safe(", ".join(links))
