"""Dates known to a year, a month or a day, kept with their precision.

A partial date is stored as the first and the last day it may mean ("May 2015" is 2015-05-01 to
2015-05-31), so overlap and as-of questions are plain date comparisons and "2015" overlaps "2015-05".
"""

import calendar
import datetime as dt
import re

from django.db import models
from django.db.models.functions import ExtractYear
from django.db.models.lookups import Exact


class Precision(models.TextChoices):
    YEAR = "year", "year"
    MONTH = "month", "month"
    DAY = "day", "day"


# Which day of its period a stored partial date is: a start keeps the first, an end the last.
FIRST, LAST = "first", "last"

PARTIAL_DATE_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


def parse_partial(text: str) -> tuple[dt.date, dt.date, str]:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD into (first day, last day, precision); ValueError if not."""
    match = PARTIAL_DATE_RE.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.")
    year = int(match["year"])
    if year < 1:
        raise ValueError(f"{text!r} has no valid year.")
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}.")
        last = calendar.monthrange(year, month)[1]
        if match["day"]:
            day = int(match["day"])
            if not 1 <= day <= last:
                raise ValueError(
                    f"{text!r} is not a date: {calendar.month_name[month]} {year} has {last} days."
                )
            return dt.date(year, month, day), dt.date(year, month, day), Precision.DAY
        return dt.date(year, month, 1), dt.date(year, month, last), Precision.MONTH
    return dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR


def period_start(day: dt.date, precision: str) -> dt.date:
    """The first day of the period at `precision` that `day` falls in."""
    if precision == Precision.YEAR:
        return dt.date(day.year, 1, 1)
    if precision == Precision.MONTH:
        return dt.date(day.year, day.month, 1)
    return day


def period_end(first: dt.date, precision: str) -> dt.date:
    """The last day a partial date starting on `first` may mean."""
    if precision == Precision.YEAR:
        return dt.date(first.year, 12, 31)
    if precision == Precision.MONTH:
        return dt.date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    return first


def format_partial(first: dt.date | None, last: dt.date | None, precision: str) -> str:
    """'2015', 'May 2015', '6 August 2014', '2-3 May 2024', '30 April-2 May 2024'."""
    if first is None:
        return ""
    if precision == Precision.YEAR:
        return (
            str(first.year) if not last or last.year == first.year else f"{first.year}-{last.year}"
        )
    if precision == Precision.MONTH:
        text = f"{first:%B} {first.year}"
        if last and (last.year, last.month) != (first.year, first.month):
            text = f"{first:%B} {first.year}-{last:%B} {last.year}"
        return text
    if not last or last == first:
        return f"{first.day} {first:%B} {first.year}"
    if (last.year, last.month) == (first.year, first.month):
        return f"{first.day}-{last.day} {first:%B} {first.year}"
    if last.year == first.year:
        return f"{first.day} {first:%B}-{last.day} {last:%B} {first.year}"
    return f"{first.day} {first:%B} {first.year}-{last.day} {last:%B} {last.year}"


def precision_error(day: dt.date | None, precision: str, side: str) -> str | None:
    """Why a stored (day, precision) pair is not a partial date, or None if it is one.

    The rule partial_date_constraint() states for the database, worded for the person who broke it.
    """
    if day is None:
        return "Give the date, or no precision." if precision else None
    if precision == Precision.DAY:
        return None
    if precision not in Precision.values:
        return "Say how precisely the date is known: year, month or day."
    if side == FIRST and day != period_start(day, precision):
        edge = "1 January" if precision == Precision.YEAR else "the first day of its month"
        return f"A start known to the {precision} is stored as {edge}."
    if side == LAST and day != period_end(day, precision):
        edge = "31 December" if precision == Precision.YEAR else "the last day of its month"
        return f"An end known to the {precision} is stored as {edge}."
    return None


def precision_errors(record, *dates: tuple[str, str, str]) -> dict[str, str]:
    """{field: message} for each (date field, precision field, side) of `record` that breaks the
    rule, on the precision field if it is missing, else on the date; a model's clean() raises them."""
    errors = {}
    for date_field, precision_field, side in dates:
        day, precision = getattr(record, date_field), getattr(record, precision_field)
        if message := precision_error(day, precision, side):
            # A missing precision is the precision field's fault; anything else, the date's.
            missing = day is not None and precision not in Precision.values
            errors[precision_field if missing else date_field] = message
    return errors


def partial_date_constraint(
    date_field: str, precision_field: str, side: str
) -> models.CheckConstraint:
    """The database's check that a date and its precision agree (precision_error()'s rule): no
    date and no precision, or a day; a month's first or last day; a year's 1 January or 31 December.

    Named <app>_<model>_<date field>_precision: Django fills in the model's app and name.
    """
    d = date_field
    if side == FIRST:
        month_edge = models.Q(**{f"{d}__day": 1})
        year_edge = models.Q(**{f"{d}__month": 1, f"{d}__day": 1})
    else:
        # The last day of a month, by its number: 28 February only when the year is not a leap year.
        year = ExtractYear(d)
        leap = Exact(year % 4, 0) & (~Exact(year % 100, 0) | Exact(year % 400, 0))
        month_edge = (
            models.Q(**{f"{d}__day": 31})
            | models.Q(**{f"{d}__day": 30, f"{d}__month__in": [4, 6, 9, 11]})
            | models.Q(**{f"{d}__day": 29, f"{d}__month": 2})
            | models.Q(models.Q(**{f"{d}__day": 28, f"{d}__month": 2}), ~models.Q(leap))
        )
        year_edge = models.Q(**{f"{d}__month": 12, f"{d}__day": 31})
    # Every branch names the date as not null: a check whose condition is NULL passes.
    return models.CheckConstraint(
        condition=models.Q(**{f"{d}__isnull": True, precision_field: ""})
        | models.Q(**{f"{d}__isnull": False, precision_field: Precision.DAY})
        | models.Q(month_edge, **{f"{d}__isnull": False, precision_field: Precision.MONTH})
        | models.Q(year_edge, **{f"{d}__isnull": False, precision_field: Precision.YEAR}),
        name=f"%(app_label)s_%(class)s_{date_field}_precision",
        violation_error_message=(
            "A date's precision must match it: a start known to the month or year is its first "
            "day, an end its last day, and a precision needs a date."
        ),
    )
