"""Date expressions resolved against a publication date: pure tests of ``dates.resolve``.

The publication date is Wednesday 2023-01-18. Every value is an inclusive range of days.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.extraction.dates import resolve
from app.extraction.facts import DateRange

PUBLISHED = dt.date(2023, 1, 18)  # a Wednesday


def day(year: int, month: int, day_of_month: int) -> DateRange:
    return DateRange(dt.date(year, month, day_of_month), dt.date(year, month, day_of_month))


def span(start: tuple[int, int, int], end: tuple[int, int, int]) -> DateRange:
    return DateRange(dt.date(*start), dt.date(*end))


def test_publication_date_is_a_wednesday() -> None:
    assert PUBLISHED.strftime("%A") == "Wednesday"


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        # A bare weekday is the nearest one on or before the publication date in a past
        # context, on or after it in a future one.
        ("Monday", False, day(2023, 1, 16)),
        ("Monday", True, day(2023, 1, 23)),
        ("Friday", False, day(2023, 1, 13)),
        ("Friday", True, day(2023, 1, 20)),
        ("on Tuesday", False, day(2023, 1, 17)),
        # The publication day's own weekday is that very day, past or future.
        ("Wednesday", False, day(2023, 1, 18)),
        ("Wednesday", True, day(2023, 1, 18)),
        # "last" and "next" are strict: never the publication day itself.
        ("last Wednesday", False, day(2023, 1, 11)),
        ("last Wednesday", True, day(2023, 1, 11)),
        ("next Wednesday", False, day(2023, 1, 25)),
        ("last Friday", False, day(2023, 1, 13)),
        ("next Monday", False, day(2023, 1, 23)),
    ],
)
def test_weekdays(text: str, future: bool, expected: DateRange) -> None:
    assert resolve(text, PUBLISHED, future=future) == expected


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        # Without a year, the occurrence nearest the publication date...
        ("December 28", False, day(2022, 12, 28)),
        ("January 20", False, day(2023, 1, 20)),
        ("Jan. 5", False, day(2023, 1, 5)),
        ("5 January", False, day(2023, 1, 5)),
        # ...or the first one on or after it when the sentence speaks of the future.
        ("January 10", True, day(2024, 1, 10)),
        ("January 20", True, day(2023, 1, 20)),
    ],
)
def test_month_and_day_without_year_is_the_nearest_occurrence(
    text: str, future: bool, expected: DateRange
) -> None:
    assert resolve(text, PUBLISHED, future=future) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 2023", span((2023, 1, 1), (2023, 1, 31))),
        ("February 2024", span((2024, 2, 1), (2024, 2, 29))),
        ("December", span((2022, 12, 1), (2022, 12, 31))),
        ("2021", span((2021, 1, 1), (2021, 12, 31))),
        ("in 2022", span((2022, 1, 1), (2022, 12, 31))),
        ("the 1990s", span((1990, 1, 1), (1999, 12, 31))),
        ("1980s", span((1980, 1, 1), (1989, 12, 31))),
    ],
)
def test_months_years_and_decades_are_whole_periods(text: str, expected: DateRange) -> None:
    assert resolve(text, PUBLISHED) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", day(2023, 1, 18)),
        ("yesterday", day(2023, 1, 17)),
        ("tomorrow", day(2023, 1, 19)),
        ("three days ago", day(2023, 1, 15)),
        ("3 days ago", day(2023, 1, 15)),
        # Weeks are Monday to Sunday.
        ("last week", span((2023, 1, 9), (2023, 1, 15))),
        ("this week", span((2023, 1, 16), (2023, 1, 22))),
        ("next week", span((2023, 1, 23), (2023, 1, 29))),
        ("two weeks ago", span((2023, 1, 2), (2023, 1, 8))),
        ("last month", span((2022, 12, 1), (2022, 12, 31))),
        ("two months ago", span((2022, 11, 1), (2022, 11, 30))),
        ("last year", span((2022, 1, 1), (2022, 12, 31))),
    ],
)
def test_relative_expressions(text: str, expected: DateRange) -> None:
    assert resolve(text, PUBLISHED) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 3, 2021", day(2021, 3, 3)),
        ("March 3 2021", day(2021, 3, 3)),
        ("3 March 2021", day(2021, 3, 3)),
        ("Sept. 11, 2001", day(2001, 9, 11)),
        ("2022-12-25", day(2022, 12, 25)),
    ],
)
def test_explicit_dates_ignore_the_publication_date(text: str, expected: DateRange) -> None:
    assert resolve(text, PUBLISHED) == expected
    assert resolve(text, dt.date(2030, 6, 1), future=True) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a few hours",
        "the last 12 months",
        "for a year",
        "a year",
        "the past few months",
        "a few days ago",
        "several weeks ago",
        "recent days",
    ],
)
def test_durations_and_vague_expressions_stay_unresolved(text: str) -> None:
    assert resolve(text, PUBLISHED) is None


def test_surrounding_whitespace_and_punctuation_are_ignored() -> None:
    assert resolve("  Monday, ", PUBLISHED) == day(2023, 1, 16)
    assert resolve("March  3,\n2021.", PUBLISHED) == day(2021, 3, 3)


def test_resolution_is_relative_to_the_given_publication_date() -> None:
    sunday = dt.date(2023, 1, 22)
    assert resolve("Monday", sunday) == day(2023, 1, 16)
    assert resolve("yesterday", sunday) == day(2023, 1, 21)
    assert resolve("last week", sunday) == span((2023, 1, 9), (2023, 1, 15))
