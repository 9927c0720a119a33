"""The HTTP contract: request and response bodies."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import (
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    UrlConstraints,
    field_validator,
    model_validator,
)

from app.errors import InvalidInputError
from app.services.ingest import NewArticle
from app.services.text import html_to_text

T = TypeVar("T")
MAX_URL_LENGTH = 2000  # the stored key adds a prefix and must fit VARCHAR(2048)
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL
MAX_TEXT_CHARS = 1_000_000  # spaCy's own limit (nlp.max_length) for one text
EntityType = Literal["person", "organization", "location"]


class ArticleIn(BaseModel):
    """An article to ingest: exactly one of ``text`` and ``html``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "US and Ukrainian top generals meet in person",
                    "text": "On Tuesday, Gen. Mark Milley met Gen. Valerii Zaluzhnyi in Poland.",
                    "url": "https://example.com/news/generals-meet",
                    "source": "Example News",
                    "published_at": "2023-01-18",
                }
            ]
        },
    )

    title: str = Field(min_length=1, max_length=1000)
    text: str | None = Field(
        default=None, max_length=MAX_TEXT_CHARS, description="Plain text of the article."
    )
    html: str | None = Field(default=None, description="HTML of the article; converted to text.")
    url: Annotated[AnyHttpUrl, UrlConstraints(max_length=MAX_URL_LENGTH)] | None = Field(
        default=None, description="Canonical URL; the idempotency key."
    )
    source: str | None = Field(default=None, max_length=200)
    published_at: dt.datetime | dt.date = Field(
        description="ISO 8601 date or date-time; stored in UTC. Relative dates resolve against it."
    )
    language: Literal["en"] = Field(default="en", description="Only English is supported.")

    @field_validator("text", "html")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("title", "text", "html", "source")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        if value is not None and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value

    @field_validator("published_at", mode="before")
    @classmethod
    def _iso_only(cls, value: object) -> object:
        # Numbers would be read as Unix timestamps: 0 is no publication date.
        if not isinstance(value, str | dt.date) or (
            isinstance(value, str) and not re.match(r"\d{4}-\d{2}-\d{2}", value)
        ):
            raise ValueError("must be an ISO 8601 date or date-time, e.g. 2023-01-18")
        return value

    @field_validator("published_at")
    @classmethod
    def _representable_in_utc(cls, value: dt.datetime | dt.date) -> dt.datetime | dt.date:
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            try:
                value.astimezone(dt.UTC)
            except OverflowError as error:
                raise ValueError("is out of range once converted to UTC") from error
        return value

    @model_validator(mode="after")
    def _exactly_one_body(self) -> ArticleIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' and 'html'")
        return self

    def to_new_article(self) -> NewArticle:
        """The article as ingest stores it: HTML made text, the time in UTC."""
        text = self.text if self.text is not None else html_to_text(self.html or "")
        if not text.strip():
            raise InvalidInputError("the HTML holds no text", parameter="html")
        if len(text) > MAX_TEXT_CHARS:
            raise InvalidInputError(
                f"the text is longer than {MAX_TEXT_CHARS} characters", parameter="html"
            )
        return NewArticle(
            title=self.title,
            text=text,
            published_at=self.published_utc(),
            published_date=self.published_date(),
            url=str(self.url) if self.url else None,
            source=self.source,
            language=self.language,
        )

    def published_date(self) -> dt.date:
        """The calendar day of publication where it was published: what "today" means."""
        value = self.published_at
        return value.date() if isinstance(value, dt.datetime) else value

    def published_utc(self) -> dt.datetime:
        """``published_at`` as a naive UTC datetime (a date is midnight UTC)."""
        value = self.published_at
        if not isinstance(value, dt.datetime):
            return dt.datetime.combine(value, dt.time())
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value


class ArticleSummary(BaseModel):
    people: int
    organizations: int
    locations: int
    dates: int
    meetings: int


class ArticleBrief(BaseModel):
    id: int
    url: str | None
    title: str
    source: str | None
    published_at: dt.datetime
    language: str
    extractor_version: str | None = Field(description="What extracted the facts; null if not yet.")
    created_at: dt.datetime
    status: Literal["pending", "done", "failed"] = Field(
        description="pending: queued for a worker; done: facts stored; failed: see problem."
    )
    problem: Problem | None = Field(description="Why extraction failed, when it did.")
    summary: ArticleSummary
    links: dict[str, str] = Field(description="URLs of this article and its mentions.")


class ArticleOut(ArticleBrief):
    text: str = Field(description="The stored text; every offset refers to it.")


class MentionOut(BaseModel):
    entity_id: int
    entity_type: EntityType
    entity_name: str
    start: int = Field(description="Character offset of the mention's first character.")
    end: int = Field(description="Character offset just past the mention (exclusive).")
    text: str
    sentence: int = Field(description="0-based index of the sentence.")
    demonym: bool


class MentionList(BaseModel):
    items: list[MentionOut]


class Page(BaseModel, Generic[T]):
    """A page of a list. ``next`` is the URL of the following page, or null on the last."""

    items: list[T]
    total: int | None = Field(description="Count of all matches, when counted.")
    next: str | None


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    model_loaded: bool
    model: str | None
    database: Literal["ok", "unreachable"]


class Problem(BaseModel):
    """An RFC 9457 problem detail."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[dict[str, object]] | None = None


class DateRangeOut(BaseModel):
    start: dt.date
    end: dt.date


class PersonRef(BaseModel):
    id: int
    name: str
    url: str


class OrganizationRef(BaseModel):
    id: int
    name: str
    url: str


class LocationRef(BaseModel):
    id: int
    name: str
    country_code: str | None
    url: str


class ArticleRef(BaseModel):
    id: int
    title: str
    url: str = Field(description="This article in the API.")
    source_url: str | None = Field(description="Where the article was published.")
    published_at: dt.datetime


class MeetingBrief(BaseModel):
    id: int
    url: str
    kind: Literal["meeting", "visit"]
    status: Literal["occurred", "planned", "cancelled", "negated"]
    date: DateRangeOut | None = Field(description="Inclusive dates; null when unknown.")
    participants: list[PersonRef]
    participant_groups: list[str]
    organizations: list[OrganizationRef]
    parties: list[LocationRef] = Field(
        description="Places named as a party: 'Reagan negotiated with the Soviet Union'."
    )
    location: LocationRef | None
    article_id: int
    article_url: str


class EvidenceOut(BaseModel):
    article_id: int
    article_url: str
    start: int
    end: int
    sentence: int
    text: str = Field(description="The sentence that reports the meeting.")


class MeetingDetail(MeetingBrief):
    evidence: list[EvidenceOut]


class PersonBrief(PersonRef):
    pass


class OrganizationBrief(OrganizationRef):
    pass


class LocationBrief(LocationRef):
    resolved_name: str | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None


class LinkedOrganization(BaseModel):
    name: str
    id: int | None
    url: str | None


class EntityCounts(BaseModel):
    mention_count: int
    article_count: int
    meeting_count: int
    articles: list[ArticleRef] = Field(
        description="The latest articles (at most 20; all of them at `links.articles`)."
    )
    meetings: list[MeetingBrief] = Field(
        description="The latest meetings (at most 20; all of them at `links.meetings`)."
    )
    links: dict[str, str] = Field(description="URLs of the full lists.")


class PersonDetail(PersonRef, EntityCounts):
    aliases: list[str]
    titles: list[str]
    roles: list[str]
    organizations: list[LinkedOrganization]
    nationality: str | None = Field(description="ISO 3166-1 alpha-2 code.")
    retired: bool


class OrganizationDetail(OrganizationRef, EntityCounts):
    aliases: list[str]
    people: list[PersonRef] = Field(
        description="People linked to it (at most 20; all of them at `links.people`)."
    )


class LocationDetail(LocationBrief, EntityCounts):
    aliases: list[str]


class MetMeeting(BaseModel):
    id: int
    url: str
    kind: Literal["meeting", "visit"]
    status: Literal["occurred", "planned", "cancelled", "negated"]
    date: DateRangeOut | None
    location: LocationRef | None


class MetPerson(PersonRef):
    last_met: dt.date = Field(description="Start of the latest meeting (or its article's date).")
    meeting_count: int = Field(description="How many meetings of the asked statuses they share.")
    meetings: list[MetMeeting] = Field(
        description="The latest of those meetings (all of them are at `meetings_url`)."
    )
    meetings_url: str = Field(description="All of those meetings, in `/meetings`.")


class BatchItemOut(BaseModel):
    index: int = Field(description="Position of the article in the request.")
    status: Literal["created", "queued", "existing", "error"] = Field(
        description="queued: stored and waiting for a worker (queue mode)."
    )
    id: int | None = None
    url: str | None = Field(default=None, description="The stored article in the API.")
    problem: Problem | None = Field(default=None, description="Why this article was refused.")


class BatchOut(BaseModel):
    items: list[BatchItemOut]
    created: int
    existing: int
    failed: int
