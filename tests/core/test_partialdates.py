import datetime as dt

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from core.partialdates import (
    FIRST,
    LAST,
    format_partial,
    parse_partial,
    period_end,
    period_start,
    precision_error,
)
from meetings.models import Document, Meeting, ObjectiveList
from sources.models import Source
from workinggroups.models import Body, Membership


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2015", (dt.date(2015, 1, 1), dt.date(2015, 12, 31), "year")),
        ("2015-05", (dt.date(2015, 5, 1), dt.date(2015, 5, 31), "month")),
        ("2016-02", (dt.date(2016, 2, 1), dt.date(2016, 2, 29), "month")),
        ("2024-05-02", (dt.date(2024, 5, 2), dt.date(2024, 5, 2), "day")),
    ],
)
def test_partial_dates_parse_to_their_first_and_last_day(text, expected):
    assert parse_partial(text) == expected


@pytest.mark.parametrize(
    "text", ["abc", "2015-13", "2015-02-30", "2015-13-45", "15", "0000", "2015-5"]
)
def test_malformed_partial_dates_are_refused_with_a_sentence(text):
    with pytest.raises(ValueError, match="YYYY|month|day|year"):
        parse_partial(text)


@pytest.mark.parametrize(
    "first,last,precision,expected",
    [
        (dt.date(2015, 1, 1), dt.date(2015, 12, 31), "year", "2015"),
        (dt.date(2015, 5, 1), dt.date(2015, 5, 31), "month", "May 2015"),
        (dt.date(2014, 8, 6), dt.date(2014, 8, 6), "day", "6 August 2014"),
        (dt.date(2024, 5, 2), dt.date(2024, 5, 3), "day", "2-3 May 2024"),
        (dt.date(2024, 4, 30), dt.date(2024, 5, 2), "day", "30 April-2 May 2024"),
    ],
)
def test_partial_dates_display_at_their_precision(first, last, precision, expected):
    assert format_partial(first, last, precision) == expected


def test_an_impossible_day_is_refused_with_a_sentence_like_the_others():
    with pytest.raises(ValueError) as error:
        parse_partial("2015-02-30")
    assert str(error.value) == "'2015-02-30' is not a date: February 2015 has 28 days."


# Every (date, precision) pair of every model, as (model, key, date field, precision field).
PARTIAL_DATES = [
    (Membership, "rilon--australia--co-chair", "since", "since_precision", FIRST),
    (Membership, "rilon--australia--co-chair", "until", "until_precision", LAST),
    (Body, "co-chairs", "established", "established_precision", FIRST),
    (Meeting, "ahg-som-9", "starts_on", "date_precision", FIRST),
    (Meeting, "ahg-som-9", "ends_on", "date_precision", LAST),
    (Document, "bali-declaration-2016", "dated", "dated_precision", FIRST),
    (ObjectiveList, "streamlined-programme-2004", "agreed", "agreed_precision", FIRST),
    (Source, "rcp-profile", "speaks_for", "speaks_for_precision", FIRST),
]


def test_every_partial_date_of_every_model_is_checked():
    declared = {
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.name.endswith("_precision") and not model.__name__.startswith("Historical")
    }
    assert declared == {(model, precision) for model, _, _, precision, _ in PARTIAL_DATES}


@pytest.mark.parametrize(
    "model,key,date,precision,side", PARTIAL_DATES, ids=lambda v: getattr(v, "__name__", v)
)
@pytest.mark.parametrize(
    "day,precision_value,first_ok,last_ok",
    [
        (dt.date(2015, 1, 1), "year", True, False),
        (dt.date(2015, 12, 31), "year", False, True),
        (dt.date(2015, 6, 1), "year", False, False),
        (dt.date(2015, 6, 1), "month", True, False),
        (dt.date(2015, 6, 30), "month", False, True),
        (dt.date(2015, 7, 30), "month", False, False),
        (dt.date(2015, 2, 28), "month", False, True),
        (dt.date(2016, 2, 28), "month", False, False),
        (dt.date(2016, 2, 29), "month", False, True),
        (dt.date(1900, 2, 28), "month", False, True),
        (dt.date(2000, 2, 28), "month", False, False),
        (dt.date(2015, 6, 17), "day", True, True),
        (dt.date(2015, 6, 17), "", False, False),
    ],
)
def test_the_database_and_clean_agree_on_a_partial_date(
    db, model, key, date, precision, side, day, precision_value, first_ok, last_ok
):
    accepted = first_ok if side == FIRST else last_ok
    assert (precision_error(day, precision_value, side) is None) == accepted
    rows, change = model.objects.filter(pk=key), {date: day, precision: precision_value}
    if model is Meeting:  # one precision for both dates: the other one at its valid edge
        if date == "starts_on":
            change["ends_on"] = period_end(day, precision_value)
        else:
            change["starts_on"] = period_start(day, precision_value)
    if accepted:
        with transaction.atomic():
            assert rows.update(**change) == 1
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            rows.update(**change)


@pytest.mark.parametrize(
    "model,key,date,precision",
    [
        (Membership, "rilon--australia--co-chair", "until", "until_precision"),
        (Body, "co-chairs", "established", "established_precision"),
        (Document, "bali-declaration-2016", "dated", "dated_precision"),
    ],
)
def test_a_precision_needs_a_date_and_a_date_a_precision(db, model, key, date, precision):
    rows = model.objects.filter(pk=key)
    for change in ({date: None, precision: "year"}, {date: dt.date(2015, 6, 17), precision: ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            rows.update(**change)
