"""Filters every API list shares."""

import django_filters


class RecordFilterMixin(django_filters.FilterSet):
    updated_since = django_filters.DateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Changed on or after (ISO 8601 date or date-time)",
    )
