"""The relational schema. Entities are shared across articles; every fact points at the
article that is its evidence, so deleting an article deletes exactly what only it said."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ENTITY_KINDS = ("person", "organization", "location")
ARTICLE_STATUSES = ("pending", "done", "failed")
MEETING_STATUSES = ("occurred", "planned", "cancelled", "negated")
MEETING_KINDS = ("meeting", "visit")
SEARCH_KEY_LENGTH = 100

# Search keys compare byte-wise on both databases: PostgreSQL's default collation would order
# "mark m" and "markm" by language rules, which a prefix range scan must not do.
SearchKey = String(SEARCH_KEY_LENGTH).with_variant(
    String(SEARCH_KEY_LENGTH, collation="C"), "postgresql"
)
ATTRIBUTE_KINDS = ("alias", "title", "role", "organization", "nationality", "retired")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # "url:<normalized url>" or "sha256:<hash of normalized text>": what makes a post a repeat.
    dedup_key: Mapped[str] = mapped_column(String(2048), unique=True)
    url: Mapped[str | None] = mapped_column(String(2048))
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(1000))
    source: Mapped[str | None] = mapped_column(String(200), index=True)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(), index=True)  # naive UTC
    # The day of publication where it was published: what relative dates resolve against.
    published_date: Mapped[dt.date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(8), default="en")
    text: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str | None] = mapped_column(String(100))  # None until extracted
    # pending (queued for a worker), done (facts stored) or failed (problem says why).
    status: Mapped[str] = mapped_column(String(16), default="done", index=True)
    problem: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime())
    # Written once with the facts, so lists show a summary without counting per row.
    people_count: Mapped[int] = mapped_column(Integer, default=0)
    organization_count: Mapped[int] = mapped_column(Integer, default=0)
    location_count: Mapped[int] = mapped_column(Integer, default=0)
    date_count: Mapped[int] = mapped_column(Integer, default=0)
    meeting_count: Mapped[int] = mapped_column(Integer, default=0)


class Entity(Base):
    """A person, organization or place, one row per (kind, normalized name) across articles."""

    __tablename__ = "entities"
    __table_args__ = (UniqueConstraint("kind", "key"), Index(None, "kind", "country_code"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(500))
    name: Mapped[str] = mapped_column(String(500))
    resolved_name: Mapped[str | None] = mapped_column(String(500))
    country_code: Mapped[str | None] = mapped_column(String(2))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geonames_id: Mapped[int | None] = mapped_column(Integer)


class EntityAttribute(Base):
    """Something an article says about an entity: an alias, title, role, organization."""

    __tablename__ = "entity_attributes"
    __table_args__ = (UniqueConstraint("entity_id", "article_id", "kind", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(500))
    # The entity the value names, when it is one ("organization" attributes).
    value_entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class AttributeCount(Base):
    """In how many articles an attribute is said of an entity, kept up to date at ingest and
    delete: an entity's titles and roles, most frequent first, without reading them all."""

    __tablename__ = "attribute_counts"

    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(500), primary_key=True)
    value_entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    article_count: Mapped[int] = mapped_column(Integer)
    # Where it was first said, which orders attributes said equally often.
    first_article_id: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)


class EntitySearchKey(Base):
    """Normalized suffixes of an entity's names, one per word start ("mark milley",
    "milley"): a prefix search is a range scan on the primary key."""

    __tablename__ = "entity_search_keys"
    # A search filters by kind, ranges over keys and orders by the entity's key, all here.
    __table_args__ = (Index(None, "kind", "key", "entity_key", "entity_id"),)

    key: Mapped[str] = mapped_column(SearchKey, primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # the entity's
    entity_key: Mapped[str] = mapped_column(String(500))  # the entity's


class ArticleSearchKey(Base):
    """Normalized suffixes of an article's title, one per word start."""

    __tablename__ = "article_search_keys"

    key: Mapped[str] = mapped_column(SearchKey, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Mention(Base):
    __tablename__ = "mentions"
    __table_args__ = (Index(None, "article_id", "start_char"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(500))
    demonym: Mapped[bool] = mapped_column(Boolean, default=False)

    entity: Mapped[Entity] = relationship(lazy="raise")


class ArticleEntity(Base):
    """An entity an article mentions, with the article's date and how often it names it:
    an entity's articles, latest first, and its counts, from one index."""

    __tablename__ = "article_entities"
    __table_args__ = (Index(None, "entity_id", "published_at", "article_id", "mention_count"),)

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), primary_key=True)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime())  # the article's
    mention_count: Mapped[int] = mapped_column(Integer)


class DateMention(Base):
    __tablename__ = "date_mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(500))
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[int] = mapped_column(Integer)
    value_start: Mapped[dt.date | None] = mapped_column(Date)
    value_end: Mapped[dt.date | None] = mapped_column(Date)


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (
        Index(None, "sort_date", "id"),
        Index(None, "date_start", "date_end"),
        Index(None, "country_code", "sort_date", "id"),
        Index(None, "location_id", "sort_date", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    # The meeting's start, or its article's publication day when undated: the list order.
    sort_date: Mapped[dt.date] = mapped_column(Date)
    # The place's country, copied here so meetings by country page through one index.
    country_code: Mapped[str | None] = mapped_column(String(2))
    participant_groups: Mapped[list[str]] = mapped_column(JSON, default=list)


class MeetingParticipant(Base):
    """A person who took part in a meeting, or an organization that held it."""

    __tablename__ = "meeting_participants"
    # One entity's meetings, latest first, straight from the index.
    __table_args__ = (Index(None, "entity_id", "sort_date", "meeting_id"),)

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    sort_date: Mapped[dt.date] = mapped_column(Date)  # the meeting's


class MetPair(Base):
    """How often and how lately one person met another in meetings of one status, kept up
    to date at ingest and delete: who-met-whom without reading every meeting."""

    __tablename__ = "met_pairs"
    __table_args__ = (Index(None, "person_id", "status", "latest", "other_id"),)

    person_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
    )
    other_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    meeting_count: Mapped[int] = mapped_column(Integer)
    latest: Mapped[dt.date] = mapped_column(Date)
    # The latest of those meetings (the highest id among the latest day's).
    latest_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL")
    )


class MeetingEvidence(Base):
    __tablename__ = "meeting_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[int] = mapped_column(Integer)
