"""Filters every API list shares."""

import datetime as dt

import django_filters
from django import forms


class UTCDateTimeField(forms.DateTimeField):
    """A date-time in any offset, handed to the database in UTC.

    PostgreSQL refuses offsets beyond ±15:59 that Python accepts (e.g. -21:21); converting first keeps
    such input from reaching it.
    """

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(dt.UTC)
        except (OverflowError, ValueError) as error:
            raise forms.ValidationError(
                "Enter a date-time between the years 1 and 9999.", code="invalid"
            ) from error


class UTCDateTimeFilter(django_filters.DateTimeFilter):
    field_class = UTCDateTimeField


class RecordFilterMixin(django_filters.FilterSet):
    updated_since = UTCDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Changed on or after (ISO 8601 date or date-time)",
    )
