"""Date expressions resolved to inclusive day ranges against the publication date.

Frequent news forms (weekdays, month and day, months, years, "last week", "last April",
"N days ago") are resolved by the rules here, a month or day without a year by the tense of
its clause; other explicit dates go to dateparser. Durations ("for a year",
"the last 12 months") stay unresolved (None) rather than guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Literal

import dateparser
from spacy.tokens import Span

from app.extraction.facts import DateMention, DateRange

WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_UNITS = {"day": 1, "week": 7}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "several": None,
    "few": None,
}
# Lemmas of words that put the clause above a date in the future ("are expected to meet").
_FUTURE_MARKERS = frozenset(
    {"will", "shall", "going", "schedule", "set", "expect", "plan", "due", "upcoming", "slate"}
)
Tense = Literal["past", "future"] | None
# Prepositions of a date that ends a period, which may lie after a past event.
_UNTIL = frozenset({"to", "until", "till", "through", "into", "by"})
_DURATION_UNITS = re.compile(r"\b(?:second|minute|hour|day|week|month|year|decade)s?\b")
_DATEPARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_PATTERNS = [
    ("month_day_year", re.compile(rf"^{_MONTH}\s+{_DAY},?\s+{_YEAR}$")),
    ("day_month_year", re.compile(rf"^{_DAY}\s+{_MONTH},?\s+{_YEAR}$")),
    ("month_day", re.compile(rf"^{_MONTH}\s+{_DAY}$")),
    ("day_month", re.compile(rf"^{_DAY}\s+(?:of\s+)?{_MONTH}$")),
    ("month_year", re.compile(rf"^{_MONTH},?\s+{_YEAR}$")),
    ("month", re.compile(rf"^{_MONTH}$")),
    ("year", re.compile(rf"^(?:in\s+)?{_YEAR}$")),
    ("iso", re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")),
]
_MODIFIED_MONTH = re.compile(rf"^(?P<modifier>last|this|next)\s+{_MONTH}(?:\s+{_DAY})?$")
_MONTH_OF_YEAR = re.compile(
    rf"^{_MONTH}(?:\s+{_DAY})?,?\s+(?:of\s+)?(?P<modifier>last|this|next)\s+year$"
)
_WEEKDAY_FIRST = re.compile(r"^(" + "|".join(WEEKDAYS) + r"),?\s+(.*\d.*)$")
_RANGE = re.compile(r"^(.+?)\s*(?:-|\bto\b|\bthrough\b|\buntil\b|\bthru\b)\s*(.+)$")
_DAY_PAIR = re.compile(r"^(.+?\d)\s+and\s+(\d{1,2})$")
_WEEKDAY_PAIR = re.compile(r"^([a-z]+day)\s+and\s+([a-z]+day)$")
_MONTH_WORD = re.compile(r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b")
_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "fall": (9, 11),
    "autumn": (9, 11),
    "winter": (12, 2),
}
_SEASON = re.compile(r"(?:early |late |mid-?)?(spring|summer|fall|autumn|winter),? (?:of )?(\d{4})")
# Words before a date that do not change its value at TimeML's granularity: "earlier this
# week" is this week, "mid-1996" is 1996.
_LEADING_WORDS = re.compile(
    r"^(?:(?:on|in|by|since|until|from|during|early|late|mid|the|about|around|nearly|almost"
    r"|some|roughly|more than|less than|over|just|earlier|later)\s+|(?:early|late|mid)-(?=\w))"
)
_POSSESSIVE = re.compile(r"'s$")  # "last year's"


def resolve_dates(
    spans: list[Span], published: dt.date, sentence_of: list[int]
) -> list[DateMention]:
    """A DateMention for each DATE span, valued against the publication date."""
    return [
        DateMention(
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            sentence=sentence_of[span.start],
            value=_resolve(span.text, published, _tense(span)),
        )
        for span in spans
    ]


def _tense(span: Span) -> Tense:
    """Whether the clause of a date speaks of the future ("will assemble on Thursday") or the
    past ("sales fell in March", "has risen since May"), or neither."""
    if _looks_future(span):
        return "future"
    # Only a date that modifies the verb itself ("a cutback in September" may be planned),
    # and not as the end of a period ("was extended to Nov. 16").
    prepositions: set[str] = set()
    verb = None
    for ancestor in span.root.ancestors:
        if ancestor.pos_ != "ADP":
            verb = ancestor
            break
        prepositions.add(ancestor.lower_)
    if verb is None or verb.pos_ not in {"VERB", "AUX"} or prepositions & _UNTIL:
        return None
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    perfect_or_passive = auxiliaries & {"has", "have", "had", "was", "were"}
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and perfect_or_passive):
        return "past"
    if verb.tag_ in {"VBZ", "VBP"} and verb.pos_ == "VERB" and not auxiliaries:
        return "future"  # news tells a scheduled event in the present: "they meet Monday"
    return None


def _looks_future(span: Span) -> bool:
    """Whether the clauses above a date speak of the future ("will assemble on Thursday")."""
    for ancestor in span.root.ancestors:
        auxiliaries = {c.lower_ for c in ancestor.children if c.dep_ in {"aux", "auxpass"}}
        if auxiliaries & {"will", "shall", "'ll"} or (
            ancestor.lemma_.lower() in _FUTURE_MARKERS and ancestor.pos_ in {"VERB", "ADJ"}
        ):
            return True
        if ancestor.dep_ == "ccomp":
            return False
    return False


def resolve(
    text: str, published: dt.date, future: bool = False, past: bool = False
) -> DateRange | None:
    """The inclusive day range ``text`` names, seen from ``published``; None if unknown.
    ``future`` or ``past`` says the tense of its clause, which places a month or a day
    written without a year (and a bare weekday) after or before the publication date."""
    return _resolve(text, published, "future" if future else "past" if past else None)


def _resolve(text: str, published: dt.date, tense: Tense) -> DateRange | None:
    phrase = " ".join(text.replace("’", "'").replace("–", "-").split()).strip(" ,.")
    lowered = _POSSESSIVE.sub("", phrase.lower())
    while (stripped := _LEADING_WORDS.sub("", lowered)) != lowered:
        lowered = stripped
    return (
        _single(lowered, published, tense)
        or _span(lowered, published, tense)
        or _library(lowered, published)
    )


def _single(text: str, published: dt.date, tense: Tense) -> DateRange | None:
    """Our own rules for one date expression."""
    with_weekday = _WEEKDAY_FIRST.match(text)
    if with_weekday:  # "Monday, March 16, 2009": the date says it all
        date_text = with_weekday.group(2)
        found = _single(date_text, published, tense)
        if found is None or found.start != found.end or re.search(r"\d{4}", date_text):
            return found
        return _day(_year_of_weekday(found.start, WEEKDAYS[with_weekday.group(1)], published))
    return _relative(text, published, tense) or _absolute(text, published, tense)


def _year_of_weekday(day: dt.date, weekday: int, published: dt.date) -> dt.date:
    """ "Saturday, April 25": the April 25 nearest the publication date that is a Saturday
    (``day`` itself if none of the three around it is)."""
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(day.replace(year=year))
        except ValueError:
            continue
    matching = [c for c in candidates if c.weekday() == weekday]
    return min(matching, key=lambda c: abs((c - published).days)) if matching else day


def _span(text: str, published: dt.date, tense: Tense) -> DateRange | None:
    """Ranges: "December 2003 to April 2004", "April 20-24", "July 17 through 23", two days
    of one month ("April 24 and 25") and two weekdays ("Thursday and Friday", "Monday
    through Wednesday": the second the first such day from the first)."""
    match = _RANGE.match(text) or _DAY_PAIR.match(text) or _WEEKDAY_PAIR.match(text)
    if not match:
        return None
    first = _single(match.group(1), published, tense)
    if first is None:
        return None
    second_text = match.group(2)
    if second_text.isdigit():  # "april 20-24": the month carries over
        month = match.group(1).split()[0]
        second_text = f"{month} {second_text}"
    second = _single(second_text, published, tense)
    if second is not None and second_text in WEEKDAYS and second.end < first.start:
        days = (WEEKDAYS[second_text] - first.start.weekday()) % 7
        second = _day(first.start + dt.timedelta(days=days))
    if second is None or second.end < first.start:
        return None
    return DateRange(first.start, second.end)


def _day(value: dt.date) -> DateRange:
    return DateRange(value, value)


def _month_range(year: int, month: int) -> DateRange:
    return DateRange(
        dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    )


def _week_of(value: dt.date) -> DateRange:
    monday = value - dt.timedelta(days=value.weekday())
    return DateRange(monday, monday + dt.timedelta(days=6))


def _relative(text: str, published: dt.date, tense: Tense) -> DateRange | None:
    if text in {"today", "this day", "tonight", "this morning", "this afternoon", "this evening"}:
        return _day(published)
    if text in {"yesterday", "last night"}:
        return _day(published - dt.timedelta(days=1))
    if text == "tomorrow":
        return _day(published + dt.timedelta(days=1))
    words = text.split()
    if words and words[-1] in WEEKDAYS and len(words) <= 2:
        modifier = words[0] if len(words) == 2 else ""
        return _day(_weekday(WEEKDAYS[words[-1]], published, modifier, tense == "future"))
    if len(words) == 2 and words[0] in {"last", "this", "next", "past"}:
        shift = {"last": -1, "past": -1, "this": 0, "next": 1}[words[0]]
        if words[1] == "week":
            return _week_of(published + dt.timedelta(weeks=shift))
        if words[1] == "month":
            month_index = published.year * 12 + published.month - 1 + shift
            return _month_range(month_index // 12, month_index % 12 + 1)
        if words[1] == "year":
            year = published.year + shift
            return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31))
        if words[1] in WEEKDAYS:
            return _day(_weekday(WEEKDAYS[words[1]], published, words[0], tense == "future"))
    month_relative = _month_relative(text, published)
    if month_relative is not None:
        return month_relative
    ago = re.fullmatch(r"(\w+) (day|week|month|year)s? (?:ago|earlier)", text)
    if ago:
        count = int(ago.group(1)) if ago.group(1).isdigit() else _NUMBERS.get(ago.group(1))
        if count is None:
            return None
        unit = ago.group(2)
        if unit in _UNITS:
            moment = published - dt.timedelta(days=count * _UNITS[unit])
            return _day(moment) if unit == "day" else _week_of(moment)
        if unit == "month":
            month_index = published.year * 12 + published.month - 1 - count
            return _month_range(month_index // 12, month_index % 12 + 1)
        year = published.year - count
        return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31))
    return None


def _month_relative(text: str, published: dt.date) -> DateRange | None:
    """ "last April" (the most recent April before the publication month), "this September"
    (of the publication year), "next May", "last Oct. 23", "June last year"."""
    match = _MODIFIED_MONTH.match(text)
    if match:
        modifier = match.group("modifier")
        tense: Tense = {"last": "past", "next": "future", "this": None}[modifier]
        day = int(match.group("day")) if match.group("day") else None
        month = MONTHS[match.group("month")]
        year = (
            published.year
            if tense is None
            else _year_for(month, day, published, tense, strict=True)
        )
    else:
        match = _MONTH_OF_YEAR.match(text)
        if not match:
            return None
        day = int(match.group("day")) if match.group("day") else None
        month = MONTHS[match.group("month")]
        year = published.year + {"last": -1, "this": 0, "next": 1}[match.group("modifier")]
    try:
        return _month_range(year, month) if day is None else _day(dt.date(year, month, day))
    except ValueError:
        return None


def _weekday(weekday: int, published: dt.date, modifier: str, future: bool) -> dt.date:
    """The weekday nearest the publication date: on or before it for past events, on or after
    for future ones; "last" and "next" are strict."""
    if modifier == "this":
        return published + dt.timedelta(days=weekday - published.weekday())
    if modifier == "next" or (future and modifier != "last"):
        delta = (weekday - published.weekday()) % 7
        if modifier == "next" and delta == 0:
            delta = 7
        return published + dt.timedelta(days=delta)
    delta = (published.weekday() - weekday) % 7
    if modifier == "last" and delta == 0:
        delta = 7
    return published - dt.timedelta(days=delta)


def _year_for(
    month: int, day: int | None, published: dt.date, tense: Tense, strict: bool = False
) -> int:
    """The year of a month (or a month and day) written without one: in a past clause the
    latest on or before the publication date, in a future one the first on or after it
    (``strict``: before or after its month, or day, only), otherwise the nearest."""
    written = (month, day or 0)
    now = (published.month, published.day if day else 0)
    if tense == "past":
        this_year = written < now or (written == now and not strict)
        return published.year if this_year else published.year - 1
    if tense == "future":
        this_year = written > now or (written == now and not strict)
        return published.year if this_year else published.year + 1
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(dt.date(year, month, day or 15))
        except ValueError:
            continue
    return min(candidates, key=lambda c: abs((c - published).days)).year


def _absolute(text: str, published: dt.date, tense: Tense) -> DateRange | None:
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parts = match.groupdict()
        month = (
            MONTHS[parts["month"]]
            if parts.get("month") and not parts["month"].isdigit()
            else (int(parts["month"]) if parts.get("month") else None)
        )
        try:
            if kind == "year":
                year = int(parts["year"])
                return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31))
            assert month is not None
            if kind in {"month_year"}:
                return _month_range(int(parts["year"]), month)
            if kind == "month":
                return _month_range(_year_for(month, None, published, tense), month)
            day = int(parts["day"])
            year = (
                int(parts["year"]) if parts.get("year") else _year_for(month, day, published, tense)
            )
            return _day(dt.date(year, month, day))
        except ValueError:
            return None
    decade = re.fullmatch(r"(?:early |late |mid-?)?(\d{3})0'?s", text)
    if decade:
        first = int(decade.group(1)) * 10
        return DateRange(dt.date(first, 1, 1), dt.date(first + 9, 12, 31))
    short_decade = re.fullmatch(r"'(\d)0s", text)
    if short_decade:
        # "the '90s": the decade of the last century that has already happened.
        first = 1900 + int(short_decade.group(1)) * 10
        if first + 100 <= published.year:
            first += 100
        return DateRange(dt.date(first, 1, 1), dt.date(first + 9, 12, 31))
    season = _SEASON.fullmatch(text)
    if season:
        year = int(season.group(2))
        first_month, last_month = _SEASONS[season.group(1)]
        last_year = year + 1 if last_month < first_month else year
        return DateRange(dt.date(year, first_month, 1), _month_range(last_year, last_month).end)
    part_of_year = re.fullmatch(r"(?:the )?(?:end|beginning|start|middle) of (\d{4})", text)
    if part_of_year:
        year = int(part_of_year.group(1))
        return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31))
    if _DURATION_UNITS.search(text) and not re.search(r"\bago\b", text):
        return None  # "24 hours", "the last 12 months": a length of time, not a date
    return None


def _library(text: str, published: dt.date) -> DateRange | None:
    """The long tail, to dateparser: only what names a month or writes a numeric date
    ("age 74", "12th" or "between 11 and 12 percent" are no dates)."""
    if not (_MONTH_WORD.search(text) or re.search(r"\d+/\d+", text)):
        return None
    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            **_DATEPARSER_SETTINGS,
            "RELATIVE_BASE": dt.datetime.combine(published, dt.time()),
        },
    )
    return _day(parsed.date()) if parsed else None
