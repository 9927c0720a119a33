"""Reading and deleting stored articles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, exists, or_, select, tuple_, union
from sqlalchemy.orm import Session

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
    if entity is not None:
        query = query.where(
            models.Article.id.in_(
                select(models.Mention.article_id).where(models.Mention.entity_id == entity)
            )
        )
    total = count_rows(session, query) if count else None
    if cursor is not None:
        published, last_id = decode_cursor(cursor, (dt.datetime, int))
        query = query.where(
            tuple_(models.Article.published_at, models.Article.id) < tuple_(published, last_id)
        )
    query = query.order_by(models.Article.published_at.desc(), models.Article.id.desc())
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
        .order_by(models.Mention.start_char, models.Mention.id)
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
    session.execute(delete(models.Article).where(models.Article.id == article_id))
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
