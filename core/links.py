"""Links to records' pages and resources, built fast: a page or an API list holds hundreds."""

from functools import cache

from django.core.validators import RegexValidator
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse

SLUG_PLACEHOLDER = "slug-placeholder"

# One slug rule for records, sources, their addresses and the API: lower case, as URLs look them up.
SLUG_PATTERN = r"[-a-z0-9_]+"
validate_lower_slug = RegexValidator(
    rf"^{SLUG_PATTERN}\Z",
    "A slug is lower-case letters, digits, hyphens and underscores only.",
    "invalid",
)


def not_itself(field: str, rule: str, message: str) -> models.CheckConstraint:
    """The database's check that a record's `field` does not name the record's own slug.

    Named <app>_<model>_not_its_own_<rule>: Django fills in the model's app and name.
    """
    return models.CheckConstraint(
        condition=~models.Q(**{field: models.F("slug")}),
        name=f"%(app_label)s_%(class)s_not_its_own_{rule}",
        violation_error_message=message,
    )


@cache
def _slug_pattern(view_name: str, script_prefix: str, urlconf) -> str:
    return reverse(view_name, urlconf=urlconf, args=[SLUG_PLACEHOLDER])


def slug_url(view_name: str, slug: str) -> str:
    """reverse(view_name, args=[slug]), resolving the pattern once: pages hold hundreds of links."""
    # A slug needs no quoting ([-a-zA-Z0-9_]), so it can stand in for the placeholder as it is.
    pattern = _slug_pattern(view_name, get_script_prefix(), get_urlconf())
    return pattern.replace(SLUG_PLACEHOLDER, slug)
