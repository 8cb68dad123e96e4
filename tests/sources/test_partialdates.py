import datetime as dt

import pytest

from core.partialdates import format_partial, parse_partial


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
