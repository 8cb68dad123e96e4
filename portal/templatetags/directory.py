"""{% directory_row participant %}: one row of the members directory."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def directory_row(participant):
    # A tag rather than an {% include %}: a page shows 100 rows, and the template language's nine
    # lookups per row cost more than the markup they produce (docs/design.md, "Rendering").
    short_name = format_html(" ({})", participant.short_name) if participant.short_name else ""
    return format_html(
        '<tr><td><a href="{}">{}</a>{}</td><td>{}</td><td><span class="badge {}">{}</span></td>'
        "<td>{}</td><td>{}</td></tr>",
        participant.get_absolute_url(),
        participant.name,
        short_name,
        participant.get_kind_display(),
        participant.status,
        participant.get_status_display(),
        "founding" if participant.founding else "",
        body_links(participant.membership_list),
    )


def body_links(memberships):
    """The bodies a participant sits on, as links, with any role other than member."""
    return format_html_join(
        ", ",
        '<a href="{}">{}</a>{}',
        (
            (
                membership.body.get_absolute_url(),
                membership.body.label,
                ""
                if membership.role == membership.Role.MEMBER
                else format_html(" ({})", membership.get_role_display()),
            )
            for membership in memberships
        ),
    )
