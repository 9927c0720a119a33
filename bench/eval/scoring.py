"""Scoring: span P/R/F1, B-cubed, TimeML values as day ranges, geocoding, meetings, seed gold.

Everything here is pure (gold items and ArticleFacts in, counts out) and micro-averaged by
adding counts over documents.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.extraction.facts import ArticleFacts, DateMention, Location, Meeting
from app.extraction.gazetteer import normalize

Span = tuple[int, int, str]  # start, end, kind
EARTH_RADIUS_KM = 6371.0088
NEAR_KM = 161.0  # 100 miles, the usual geocoding threshold


def f1(precision: float | None, recall: float | None) -> float | None:
    """The harmonic mean of precision and recall; None when either is undefined."""
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Counts:
    """Matched, predicted and gold items: precision, recall and F1."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold
        return self

    @property
    def precision(self) -> float | None:
        return self.tp / self.pred if self.pred else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        return f1(self.precision, self.recall)


@dataclass
class Ratio:
    """Hits among a total: an accuracy or a found/total count."""

    hit: int = 0
    total: int = 0

    def __iadd__(self, other: Ratio) -> Ratio:
        self.hit += other.hit
        self.total += other.total
        return self

    @property
    def value(self) -> float | None:
        return self.hit / self.total if self.total else None


# --- spans -------------------------------------------------------------------------------

_LEADING_ARTICLE = re.compile(r"(?:the|a|an)\s+", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"\s*(?:['’]s?)$")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a leading article or a trailing possessive ("the US's" -> "US"), as
    MUC scoring ignores them; both systems and gold are trimmed alike. (Titles and other
    pre-modifiers are taken off the gold by the corpus readers, see ``corpora.name_parts``.)"""
    piece = text[start:end]
    match = _LEADING_ARTICLE.match(piece)
    if match and match.end() < len(piece):
        start += match.end()
        piece = piece[match.end() :]
    match = _TRAILING_POSSESSIVE.search(piece)
    if match and match.start() > 0:
        end -= len(piece) - match.start()
    return start, end


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def exact_counts(gold: Iterable[Span], pred: Iterable[Span], text: str | None = None) -> Counts:
    """Spans equal in start, end and kind (as multisets); trimmed first if ``text`` is given."""

    def key(span: Span) -> Span:
        return (*trim(text, span[0], span[1]), span[2]) if text is not None else span

    gold_keys, pred_keys = Counter(map(key, gold)), Counter(map(key, pred))
    matched = sum((gold_keys & pred_keys).values())
    return Counts(matched, sum(pred_keys.values()), sum(gold_keys.values()))


def overlap_counts(gold: Sequence[Span], pred: Sequence[Span]) -> Counts:
    """Lenient: a one-to-one matching of overlapping spans of the same kind, largest overlaps
    first."""
    pairs = sorted(
        (
            (min(g[1], p[1]) - max(g[0], p[0]), i, j)
            for i, g in enumerate(gold)
            for j, p in enumerate(pred)
            if g[2] == p[2] and overlaps(g[0], g[1], p[0], p[1])
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _size, i, j in pairs:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
    return Counts(len(used_gold), len(pred), len(gold))


def mentions_of(facts: ArticleFacts, demonyms: bool = False) -> list[tuple[int, int, str, str]]:
    """Every outermost mention of the facts' people, organizations and locations as (start,
    end, kind, entity id); demonym mentions ("Ukrainian") only if asked. A place inside an
    organization's name ("Texas" in "Texas Department of Transportation") is left out, as
    flat NER annotation leaves it out; the geoparsing measures count it."""
    found = []
    groups: list[tuple[str, Sequence[Any]]] = [
        ("person", facts.people),
        ("organization", facts.organizations),
        ("location", facts.locations),
    ]
    for kind, items in groups:
        for number, item in enumerate(items):
            for mention in item.mentions:
                if (demonyms or not mention.demonym) and not mention.nested:
                    found.append((mention.start, mention.end, kind, f"{kind}:{number}"))
    return found


# --- clustering --------------------------------------------------------------------------


@dataclass
class BCubed:
    """Sums of per-item B-cubed precision and recall over ``items`` items."""

    precision_sum: float = 0.0
    recall_sum: float = 0.0
    items: int = 0

    def __iadd__(self, other: BCubed) -> BCubed:
        self.precision_sum += other.precision_sum
        self.recall_sum += other.recall_sum
        self.items += other.items
        return self

    @property
    def precision(self) -> float | None:
        return self.precision_sum / self.items if self.items else None

    @property
    def recall(self) -> float | None:
        return self.recall_sum / self.items if self.items else None

    @property
    def f1(self) -> float | None:
        return f1(self.precision, self.recall)


def b_cubed(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> BCubed:
    """B-cubed over the same items: item i is in gold cluster ``gold[i]`` and predicted
    cluster ``pred[i]``."""
    assert len(gold) == len(pred)
    result = BCubed(items=len(gold))
    pairs = Counter(zip(gold, pred, strict=True))
    gold_sizes, pred_sizes = Counter(gold), Counter(pred)
    for g, p in zip(gold, pred, strict=True):
        shared = pairs[(g, p)]
        result.precision_sum += shared / pred_sizes[p]
        result.recall_sum += shared / gold_sizes[g]
    return result


def aligned_cluster(gold: tuple[int, int], pred: Sequence[tuple[int, int, str, str]]) -> str | None:
    """The entity id of the predicted mention that overlaps ``gold`` most, if any."""
    best: tuple[int, str] | None = None
    for start, end, _kind, entity in pred:
        if overlaps(gold[0], gold[1], start, end):
            size = min(gold[1], end) - max(gold[0], start)
            if best is None or size > best[0]:
                best = (size, entity)
    return best[1] if best else None


# --- dates -------------------------------------------------------------------------------


def timex_range(value: str) -> tuple[dt.date, dt.date] | None:
    """The inclusive day range of a TimeML calendar value: YYYY-MM-DD, YYYY-MM, YYYY or
    YYYY-Www (ISO week); None for anything else (PAST_REF, durations, quarters, times)."""
    try:
        if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
            day = dt.date(*map(int, match.groups()))
            return day, day
        if match := re.fullmatch(r"(\d{4})-(\d{2})", value):
            year, month = map(int, match.groups())
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        if match := re.fullmatch(r"(\d{4})", value):
            year = int(match.group(1))
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if match := re.fullmatch(r"(\d{4})-W(\d{1,2})", value):
            year, week = map(int, match.groups())
            monday = dt.date.fromisocalendar(year, week, 1)
            return monday, monday + dt.timedelta(days=6)
    except ValueError:
        return None
    return None


@dataclass
class DateScore:
    total: int = 0  # gold dates with a calendar value
    detected: int = 0  # ... overlapped by a predicted date
    right: int = 0  # ... overlapped by a predicted date of exactly that range

    def __iadd__(self, other: DateScore) -> DateScore:
        self.total += other.total
        self.detected += other.detected
        self.right += other.right
        return self


def score_dates(
    gold: Iterable[tuple[int, int, str]], predicted: Sequence[DateMention]
) -> DateScore:
    """Gold (start, end, TimeML value) against predicted date mentions."""
    score = DateScore()
    for start, end, value in gold:
        expected = timex_range(value)
        if expected is None:
            continue
        score.total += 1
        near = [d for d in predicted if overlaps(start, end, d.start, d.end)]
        if near:
            score.detected += 1
        if any(d.value is not None and (d.value.start, d.value.end) == expected for d in near):
            score.right += 1
    return score


# --- places ------------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class GeoScore:
    detection: Ratio
    country: Ratio  # among detected toponyms whose gold has a country
    near: Ratio  # among detected toponyms whose gold has coordinates: within 161 km
    near_local: Ratio  # the same, for toponyms that do not name a country

    @classmethod
    def empty(cls) -> GeoScore:
        return cls(Ratio(), Ratio(), Ratio(), Ratio())

    def __iadd__(self, other: GeoScore) -> GeoScore:
        self.detection += other.detection
        self.country += other.country
        self.near += other.near
        self.near_local += other.near_local
        return self


def located_mentions(facts: ArticleFacts) -> list[tuple[int, int, Location]]:
    """Every location mention (demonyms included: the geoparsing corpora tag "French" too)."""
    return [(m.start, m.end, loc) for loc in facts.locations for m in loc.mentions]


def score_toponyms(
    gold: Iterable[tuple[int, int, float | None, float | None, str | None, bool]],
    predicted: Sequence[tuple[int, int, Location]],
) -> GeoScore:
    """Gold (start, end, latitude, longitude, country, names a country) against predicted
    location mentions: detected when overlapped; then the most-overlapping prediction's
    country and distance (apart for toponyms below country level: a country's point differs
    between gazetteers, a capital or a centroid, often by more than 161 km)."""
    score = GeoScore.empty()
    for start, end, latitude, longitude, country, country_level in gold:
        score.detection.total += 1
        near = [
            (min(end, e) - max(start, s), loc)
            for s, e, loc in predicted
            if overlaps(start, end, s, e)
        ]
        if not near:
            continue
        score.detection.hit += 1
        location = max(near, key=lambda pair: pair[0])[1]
        if country is not None:
            score.country.total += 1
            score.country.hit += location.country_code == country
        if latitude is not None and longitude is not None:
            right = (
                location.latitude is not None
                and location.longitude is not None
                and haversine_km(latitude, longitude, location.latitude, location.longitude)
                <= NEAR_KM
            )
            for ratio in [score.near] + ([] if country_level else [score.near_local]):
                ratio.total += 1
                ratio.hit += right
    return score


# --- meetings ----------------------------------------------------------------------------


def surname(name: str) -> str:
    """The last word of a name, normalized ("Mr. Trump" -> "trump")."""
    words = normalize(name).replace(".", " ").split()
    return words[-1] if words else ""


def event_found(
    sentence: tuple[int, int], names: Iterable[str], meetings: Iterable[Meeting]
) -> bool:
    """Whether a meeting has evidence overlapping the gold event's sentence and counts every
    gold participant name among its participants, organizations or parties (by surname)."""
    wanted = {surname(n) for n in names}
    for meeting in meetings:
        if not any(overlaps(*sentence, e.start, e.end) for e in meeting.evidence):
            continue
        have = {
            surname(n) for n in [*meeting.participants, *meeting.organizations, *meeting.parties]
        }
        if wanted <= have:
            return True
    return False


def event_dated(
    trigger: tuple[int, int], value: str, meetings: Iterable[Meeting]
) -> tuple[bool, bool]:
    """Whether a meeting has evidence holding the gold trigger, and whether that meeting's
    date is the gold TimeML value's day range."""
    gold = timex_range(value)
    found = [m for m in meetings if any(overlaps(*trigger, e.start, e.end) for e in m.evidence)]
    right = any(
        m.date is not None and gold is not None and (m.date.start, m.date.end) == gold
        for m in found
    )
    return bool(found), right


# --- pronouns (GAP) ------------------------------------------------------------------------


def coref_counts(gold: tuple[bool, bool], predicted: tuple[bool, bool]) -> Counts:
    """GAP's scoring of one pronoun: each candidate (A, B) is one decision, counted true
    positive when both say it is the pronoun's referent; precision over the candidates
    predicted, recall over the gold referents."""
    return Counts(
        tp=sum(g and p for g, p in zip(gold, predicted, strict=True)),
        pred=sum(predicted),
        gold=sum(gold),
    )


def _at_level(items: Iterable[dict[str, Any]], level: str) -> list[dict[str, Any]]:
    return [item for item in items if item.get("level") == level]


def seed_scores(
    gold: dict[str, Any], facts: ArticleFacts, country_of: dict[str, str | None]
) -> dict[str, Ratio]:
    """The seed gold, its "must" items and its harder "should" items apart: people
    (canonical name), organizations (name or alias), places (name or alias, country),
    meetings (participants, place, country, date); and the "must_not" rules (hits = rules
    kept).

    ``country_of`` maps the gold's country names to ISO codes."""
    names = {p.name for p in facts.people}
    organizations = {n for o in facts.organizations for n in (o.name, *o.aliases)}
    scores: dict[str, Ratio] = {}
    for level in ("must", "should"):
        people = scores[f"people ({level})"] = Ratio()
        for person in _at_level(gold["people"], level):
            people.total += 1
            people.hit += person["name"] in names
        named = scores[f"organizations ({level})"] = Ratio()
        for organization in _at_level(gold["organizations"], level):
            named.total += 1
            named.hit += organization["name"] in organizations
        places = scores[f"places ({level})"] = Ratio()
        for place in _at_level(gold["locations"], level):
            places.total += 1
            found = [loc for loc in facts.locations if place["name"] in {loc.name, *loc.aliases}]
            places.hit += bool(found) and all(
                loc.country_code == country_of[place["country"]] for loc in found
            )
        meetings = scores[f"meetings ({level})"] = Ratio()
        for expected in _at_level(gold["meetings"], level):
            meetings.total += 1
            meetings.hit += any(_meeting_matches(m, expected, country_of) for m in facts.meetings)
    rules = scores["must_not kept"] = Ratio()
    for rule in gold["must_not"]:
        rules.total += 1
        if rule["kind"] == "person":
            rules.hit += not names & set(rule["name_any"])
        else:
            rules.hit += not any(violates(m, rule) for m in facts.meetings)
    return scores


def _meeting_matches(
    meeting: Meeting, expected: dict[str, Any], country_of: dict[str, str | None]
) -> bool:
    where = expected["location"]
    return (
        set(meeting.participants) == set(expected["participants"])
        and meeting.location is not None
        and normalize(meeting.location) in {normalize(n) for n in where["any_of"]}
        and meeting.country_code == country_of[where["country"]]
        and meeting.date is not None
        and meeting.date.start.isoformat() == expected["date"]["start"]
        and meeting.date.end.isoformat() == expected["date"]["end"]
    )


def violates(meeting: Meeting, rule: dict[str, Any]) -> bool:
    """Whether ``meeting`` is the false fact a seed must_not rule describes."""
    if meeting.kind != rule["kind"]:
        return False
    participants = set(meeting.participants)
    if "participants" in rule and set(rule["participants"]) <= participants:
        return True
    if "participants_any" in rule and participants & set(rule["participants_any"]):
        return True
    return "location_any" in rule and meeting.location in rule["location_any"]
