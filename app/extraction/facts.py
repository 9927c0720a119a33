"""Plain dataclasses the extractor returns: what an article says, with character-offset evidence."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

MeetingKind = Literal["meeting", "visit"]
MeetingStatus = Literal["occurred", "planned", "cancelled", "negated"]


@dataclass(frozen=True)
class Mention:
    """One place in the text that names an entity: ``text[start:end]``, in sentence ``sentence``."""

    start: int
    end: int
    sentence: int
    text: str
    demonym: bool = False
    # Inside another entity's longer name: "Texas" in "Texas Department of Transportation".
    nested: bool = False


@dataclass
class Person:
    name: str
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    nationality: str | None = None
    retired: bool = False
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Organization:
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Location:
    name: str
    aliases: list[str] = field(default_factory=list)
    resolved_name: str | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True)
class DateRange:
    """An inclusive range of calendar days."""

    start: dt.date
    end: dt.date


@dataclass
class DateMention:
    text: str
    start: int
    end: int
    sentence: int
    value: DateRange | None


@dataclass(frozen=True)
class Evidence:
    """A sentence that reports a fact."""

    start: int
    end: int
    sentence: int


@dataclass
class Meeting:
    kind: MeetingKind
    status: MeetingStatus
    participants: list[str] = field(default_factory=list)
    participant_groups: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    location: str | None = None
    country_code: str | None = None
    date: DateRange | None = None
    evidence: list[Evidence] = field(default_factory=list)
    # Places named as a party, by location name: "Reagan negotiated with the Soviet Union".
    parties: list[str] = field(default_factory=list)


@dataclass
class ArticleFacts:
    """Everything extracted from one article."""

    people: list[Person] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: dates as ISO strings, every field present, unknowns as None."""
        data = dataclasses.asdict(self)
        del data["sentences"]
        return _isoformat_dates(data)  # type: ignore[no-any-return]


def _isoformat_dates(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _isoformat_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_isoformat_dates(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
