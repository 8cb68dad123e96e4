"""Dates known to a year, a month or a day, kept with their precision.

A partial date is stored as the first and the last day it may mean ("May 2015" is 2015-05-01 to
2015-05-31), so overlap and as-of questions are plain date comparisons and "2015" overlaps "2015-05".
"""

import calendar
import datetime as dt
import re

from django.db import models


class Precision(models.TextChoices):
    YEAR = "year", "year"
    MONTH = "month", "month"
    DAY = "day", "day"


PARTIAL_DATE_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


def parse_partial(text: str) -> tuple[dt.date, dt.date, str]:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD into (first day, last day, precision); ValueError if not."""
    match = PARTIAL_DATE_RE.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.")
    year = int(match["year"])
    if year < 1:
        raise ValueError(f"{text!r} has no valid year.")
    if match["day"]:
        day = dt.date(year, int(match["month"]), int(match["day"]))  # ValueError if impossible
        return day, day, Precision.DAY
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}.")
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last), Precision.MONTH
    return dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR


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


def precision_consistent(first_field: str, last_field: str, precision_field: str) -> models.Q:
    """A database condition: a year starts on 1 January, a month on its first day."""
    return (
        models.Q(**{precision_field: Precision.DAY})
        | models.Q(**{precision_field: Precision.MONTH, f"{first_field}__day": 1})
        | models.Q(
            **{
                precision_field: Precision.YEAR,
                f"{first_field}__day": 1,
                f"{first_field}__month": 1,
                f"{last_field}__day": 31,
                f"{last_field}__month": 12,
            }
        )
    )
