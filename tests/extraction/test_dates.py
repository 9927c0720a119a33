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
        ("Thursday and Friday", True, span((2023, 1, 19), (2023, 1, 20))),
        ("Thursday and Friday", False, span((2023, 1, 12), (2023, 1, 13))),
        # The second day is the first such day from the first, past the publication day.
        ("Monday through Wednesday", True, span((2023, 1, 23), (2023, 1, 25))),
        ("Tuesday and Wednesday", True, span((2023, 1, 24), (2023, 1, 25))),
        ("Friday to Monday", False, span((2023, 1, 13), (2023, 1, 16))),
    ],
)
def test_two_weekdays_are_the_days_from_the_first_to_the_second(
    text: str, future: bool, expected: DateRange
) -> None:
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


@pytest.mark.parametrize(
    ("text", "past", "future", "expected"),
    [
        # In a past clause, the latest occurrence on or before the publication date...
        ("March", True, False, span((2022, 3, 1), (2022, 3, 31))),
        ("January", True, False, span((2023, 1, 1), (2023, 1, 31))),
        ("Jan. 20", True, False, day(2022, 1, 20)),
        ("Jan. 18", True, False, day(2023, 1, 18)),
        # ...in a future one the first on or after it, judged by month for a bare month...
        ("January", False, True, span((2023, 1, 1), (2023, 1, 31))),
        ("December", False, True, span((2023, 12, 1), (2023, 12, 31))),
        # ...and otherwise the nearest.
        ("March", False, False, span((2023, 3, 1), (2023, 3, 31))),
        ("November", False, False, span((2022, 11, 1), (2022, 11, 30))),
    ],
)
def test_a_month_without_a_year_follows_the_tense_of_its_clause(
    text: str, past: bool, future: bool, expected: DateRange
) -> None:
    assert resolve(text, PUBLISHED, future=future, past=past) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # "last <month>": the latest such month before the publication month, never in it.
        ("last April", dt.date(2023, 1, 18), span((2022, 4, 1), (2022, 4, 30))),
        ("last January", dt.date(2023, 1, 18), span((2022, 1, 1), (2022, 1, 31))),
        ("last April", dt.date(2023, 6, 2), span((2023, 4, 1), (2023, 4, 30))),
        ("last Oct. 23", dt.date(2023, 10, 30), day(2023, 10, 23)),
        ("last Oct. 23", dt.date(2023, 10, 20), day(2022, 10, 23)),
        # "this <month>": of the publication year; "next <month>": the first after its month.
        ("this September", dt.date(2023, 1, 18), span((2023, 9, 1), (2023, 9, 30))),
        ("this January", dt.date(2023, 11, 2), span((2023, 1, 1), (2023, 1, 31))),
        ("next May", dt.date(2023, 6, 1), span((2024, 5, 1), (2024, 5, 31))),
        # "<month> last year", "<month> of this year".
        ("June last year", dt.date(2023, 1, 18), span((2022, 6, 1), (2022, 6, 30))),
        ("January of this year", dt.date(2023, 3, 1), span((2023, 1, 1), (2023, 1, 31))),
    ],
)
def test_a_month_named_relative_to_the_publication_month(
    text: str, published: dt.date, expected: DateRange
) -> None:
    assert resolve(text, published) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # TimeML's granularity: "earlier this week" is the publication week.
        ("earlier this week", span((2023, 1, 16), (2023, 1, 22))),
        ("earlier this month", span((2023, 1, 1), (2023, 1, 31))),
        ("later this year", span((2023, 1, 1), (2023, 12, 31))),
        ("a year earlier", span((2022, 1, 1), (2022, 12, 31))),
        ("two months earlier", span((2022, 11, 1), (2022, 11, 30))),
        # A possessive changes nothing.
        ("last year's", span((2022, 1, 1), (2022, 12, 31))),
        ("last month’s", span((2022, 12, 1), (2022, 12, 31))),
        ("December's", span((2022, 12, 1), (2022, 12, 31))),
        # Nor does a hyphenated "mid-" or "late-".
        ("mid-1996", span((1996, 1, 1), (1996, 12, 31))),
        ("late-November", span((2022, 11, 1), (2022, 11, 30))),
    ],
)
def test_relative_expressions_at_timeml_granularity(text: str, expected: DateRange) -> None:
    assert resolve(text, PUBLISHED) == expected


@pytest.mark.parametrize(
    ("text", "past", "expected"),
    [
        # "and" between a month and day and a bare day: both days, of one year.
        ("April 24 and 25", False, span((2023, 4, 24), (2023, 4, 25))),
        ("April 24 and 25", True, span((2022, 4, 24), (2022, 4, 25))),
        ("Dec. 30 and 31", False, span((2022, 12, 30), (2022, 12, 31))),
    ],
)
def test_two_days_of_one_month(text: str, past: bool, expected: DateRange) -> None:
    assert resolve(text, PUBLISHED, past=past) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Aug. 10 is a Thursday in 2023 (the 2022 one, a Wednesday, is nearer publication).
        ("Thursday, Aug. 10", day(2023, 8, 10)),
        ("Wednesday, Aug. 10", day(2022, 8, 10)),
        # A written year is never overruled.
        ("Monday, Aug. 10, 2022", day(2022, 8, 10)),
    ],
)
def test_a_weekday_before_a_month_and_day_picks_the_year(text: str, expected: DateRange) -> None:
    assert resolve(text, PUBLISHED) == expected
