"""Reading and deleting stored articles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, exists, func, or_, select, tuple_, union, update
from sqlalchemy.orm import Session, aliased

from app import models
from app.errors import NotFoundError
from app.services.pagination import Page, count_rows, decode_cursor, take_page
from app.services.search import refresh_entity_search_keys, require_prefix


def get_article(session: Session, article_id: int) -> models.Article:
    """The article with ``article_id``, or NotFoundError."""
    article = session.get(models.Article, article_id)
    if article is None:
        raise NotFoundError(f"no article with id {article_id}")
    return article


def list_articles(
    session: Session,
    limit: int,
    cursor: str | None = None,
    *,
    source: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    q: str | None = None,
    entity: int | None = None,
    status: str | None = None,
    count: bool = False,
) -> Page[models.Article]:
    """Articles, most recently published first, filtered by source, publication dates, a
    title prefix ``q`` and an entity they mention."""
    query = select(models.Article)
    if source is not None:
        query = query.where(models.Article.source == source)
    if status is not None:
        query = query.where(models.Article.status == status)
    if date_from is not None:
        query = query.where(
            models.Article.published_at >= dt.datetime.combine(date_from, dt.time())
        )
    if date_to is not None:
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time())
        query = query.where(models.Article.published_at < end)
    if q is not None:
        match = require_prefix(models.ArticleSearchKey.key, q)
        query = query.where(
            models.Article.id.in_(select(models.ArticleSearchKey.article_id).where(match))
        )
    # Ordered by the index that answers the query: an entity's articles by its own.
    published, article_id = models.Article.published_at, models.Article.id
    if entity is not None:
        link = models.ArticleEntity
        query = query.join(
            link, (link.article_id == models.Article.id) & (link.entity_id == entity)
        )
        published, article_id = link.published_at, link.article_id
    total = count_rows(session, query) if count else None
    if cursor is not None:
        after = decode_cursor(cursor, (dt.datetime, int))
        query = query.where(tuple_(published, article_id) < tuple_(*after))
    query = query.order_by(published.desc(), article_id.desc())
    rows = list(session.scalars(query.limit(limit + 1)))
    return take_page(rows, limit, lambda a: (a.published_at.isoformat(), a.id), total)


@dataclass(frozen=True)
class StoredMention:
    mention: models.Mention
    entity: models.Entity


def list_mentions(session: Session, article_id: int) -> list[StoredMention]:
    """Every entity mention of an article, in text order."""
    get_article(session, article_id)
    rows = session.execute(
        select(models.Mention, models.Entity)
        .join(models.Entity, models.Mention.entity_id == models.Entity.id)
        .where(models.Mention.article_id == article_id)
        .order_by(models.Mention.start_char, models.Mention.end_char, models.Mention.id)
    )
    return [StoredMention(mention, entity) for mention, entity in rows]


def delete_article(session: Session, article_id: int) -> None:
    """Delete the article, every fact it is the evidence of, and every entity no other
    article mentions."""
    get_article(session, article_id)
    meeting_ids = select(models.Meeting.id).where(models.Meeting.article_id == article_id)
    touched = set(
        session.scalars(
            union(
                select(models.Mention.entity_id).where(models.Mention.article_id == article_id),
                select(models.MeetingParticipant.entity_id).where(
                    models.MeetingParticipant.meeting_id.in_(meeting_ids)
                ),
                select(models.Meeting.location_id).where(
                    models.Meeting.article_id == article_id, models.Meeting.location_id.is_not(None)
                ),
            )
        )
    )
    said_met = _met_pairs_of(session, article_id)
    _forget_attributes(session, article_id)
    session.execute(delete(models.Article).where(models.Article.id == article_id))
    _forget_met_pairs(session, said_met)
    if touched:
        still_used = or_(
            exists().where(models.Mention.entity_id == models.Entity.id),
            exists().where(models.MeetingParticipant.entity_id == models.Entity.id),
            exists().where(models.Meeting.location_id == models.Entity.id),
            exists().where(models.EntityAttribute.entity_id == models.Entity.id),
        )
        session.execute(delete(models.Entity).where(models.Entity.id.in_(touched), ~still_used))
        refresh_entity_search_keys(session, touched)
    session.flush()


MetKey = tuple[int, int, str]  # person, other, status


def _met_pairs_of(session: Session, article_id: int) -> dict[MetKey, int]:
    """How many of the article's meetings each (person, other, status) pair counts."""
    me = aliased(models.MeetingParticipant)
    other = aliased(models.MeetingParticipant)
    person = aliased(models.Entity)
    met = aliased(models.Entity)
    rows = session.execute(
        select(me.entity_id, other.entity_id, models.Meeting.status, func.count())
        .join(other, (other.meeting_id == me.meeting_id) & (other.entity_id != me.entity_id))
        .join(models.Meeting, models.Meeting.id == me.meeting_id)
        .join(person, (person.id == me.entity_id) & (person.kind == "person"))
        .join(met, (met.id == other.entity_id) & (met.kind == "person"))
        .where(models.Meeting.article_id == article_id)
        .group_by(me.entity_id, other.entity_id, models.Meeting.status)
    )
    return {(a, b, status): count for a, b, status, count in rows}


def _forget_met_pairs(session: Session, said_met: dict[MetKey, int]) -> None:
    """Take a deleted article's meetings out of the who-met-whom counts: subtract them
    (in the database, as ingest adds them), drop pairs left with none, and find the latest
    meeting again among those that remain."""
    pairs = models.MetPair
    me = aliased(models.MeetingParticipant)
    other = aliased(models.MeetingParticipant)
    for (person, met, status), count in sorted(said_met.items()):
        key = (pairs.person_id == person) & (pairs.other_id == met) & (pairs.status == status)
        session.execute(update(pairs).where(key).values(meeting_count=pairs.meeting_count - count))
        session.execute(delete(pairs).where(key, pairs.meeting_count <= 0))
        latest = session.execute(
            select(me.sort_date, me.meeting_id)
            .join(other, (other.meeting_id == me.meeting_id) & (other.entity_id == met))
            .join(models.Meeting, models.Meeting.id == me.meeting_id)
            .where(me.entity_id == person, models.Meeting.status == status)
            .order_by(me.sort_date.desc(), me.meeting_id.desc())
            .limit(1)
        ).first()
        if latest is not None:
            session.execute(
                update(pairs).where(key).values(latest=latest[0], latest_meeting_id=latest[1])
            )


def _forget_attributes(session: Session, article_id: int) -> None:
    """Take the article's attributes out of the per-entity counts."""
    counts = models.AttributeCount
    said = sorted(
        session.execute(
            select(
                models.EntityAttribute.entity_id,
                models.EntityAttribute.kind,
                models.EntityAttribute.value,
            ).where(models.EntityAttribute.article_id == article_id)
        )
    )
    for entity_id, kind, value in said:
        key = (counts.entity_id == entity_id) & (counts.kind == kind) & (counts.value == value)
        session.execute(update(counts).where(key).values(article_count=counts.article_count - 1))
    if said:
        session.execute(
            delete(counts).where(
                counts.entity_id.in_({entity_id for entity_id, _, _ in said}),
                counts.article_count <= 0,
            )
        )
