"""Queries over people, organizations and places."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session

from app import models
from app.errors import NotFoundError
from app.services.meetings import MeetingView, meeting_views
from app.services.pagination import Page, count_rows, decode_cursor, take_page
from app.services.search import require_prefix

DETAIL_LIST_LIMIT = 20  # latest articles, meetings and people in a detail; the rest is paged


def list_entities(
    session: Session,
    kind: str,
    limit: int,
    cursor: str | None = None,
    *,
    q: str | None = None,
    country: str | None = None,
    organization: int | None = None,
    count: bool = False,
) -> Page[models.Entity]:
    """Entities of one kind in name order. ``q`` is a prefix of any word of a name or alias;
    ``country`` is a place's country or a person's nationality; ``organization`` keeps the
    people linked to it."""
    entity = models.Entity
    query = select(entity).where(entity.kind == kind)
    if country is not None and kind == "person":
        query = query.where(entity.id.in_(_with_attribute("nationality", country)))
    elif country is not None:
        query = query.where(entity.country_code == country)
    if organization is not None:
        query = query.where(entity.id.in_(_linked_to(organization)))
    after = decode_cursor(cursor, (str, int)) if cursor is not None else None
    total = None
    if q is None:
        if count:
            total = count_rows(session, query)
        if after is not None:
            query = query.where(tuple_(entity.key, entity.id) > tuple_(*after))
        query = query.order_by(entity.key, entity.id)
    else:
        # The matching search keys carry the entity's key: they are filtered and ordered
        # (and, with no other filter, the page cut) before any entity is read.
        keys = models.EntitySearchKey
        matching = (
            select(keys.entity_id, keys.entity_key)
            .where(keys.kind == kind, require_prefix(keys.key, q))
            .distinct()
        )
        if count:
            counted = matching.subquery()
            total = count_rows(session, query.join(counted, counted.c.entity_id == entity.id))
        if after is not None:
            matching = matching.where(tuple_(keys.entity_key, keys.entity_id) > tuple_(*after))
        if country is None and organization is None:
            matching = matching.order_by(keys.entity_key, keys.entity_id).limit(limit + 1)
        page = matching.subquery()
        query = query.join(page, page.c.entity_id == entity.id).order_by(
            page.c.entity_key, page.c.entity_id
        )
    rows = list(session.scalars(query.limit(limit + 1)))
    return take_page(rows, limit, lambda e: (e.key, e.id), total)


def _with_attribute(kind: str, value: str) -> Select[int]:
    return select(models.AttributeCount.entity_id).where(
        models.AttributeCount.kind == kind, models.AttributeCount.value == value
    )


def _linked_to(organization_id: int) -> Select[int]:
    """The people some article links to the organization."""
    return select(models.AttributeCount.entity_id).where(
        models.AttributeCount.value_entity_id == organization_id,
        models.AttributeCount.kind == "organization",
    )


def get_entity(session: Session, kind: str, entity_id: int) -> models.Entity:
    """The entity of ``kind`` with ``entity_id``, or NotFoundError."""
    entity = session.get(models.Entity, entity_id)
    if entity is None or entity.kind != kind:
        raise NotFoundError(f"no {kind} with id {entity_id}")
    return entity


@dataclass
class ArticleRef:
    id: int
    title: str
    url: str | None
    published_at: dt.datetime


@dataclass
class EntityDetail:
    """An entity with what the articles say of it."""

    entity: models.Entity
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    organizations: list[tuple[str, int | None]] = field(default_factory=list)
    nationality: str | None = None
    retired: bool = False
    mention_count: int = 0
    article_count: int = 0
    articles: list[ArticleRef] = field(default_factory=list)
    meeting_count: int = 0
    meetings: list[MeetingView] = field(default_factory=list)
    people: list[models.Entity] = field(default_factory=list)


def entity_detail(session: Session, kind: str, entity_id: int) -> EntityDetail:
    """Everything stored about one entity: attributes gathered across articles (most
    frequent first), mention and article counts, and its latest articles and meetings."""
    entity = get_entity(session, kind, entity_id)
    detail = EntityDetail(entity)
    counts = models.AttributeCount
    attributes = session.execute(
        select(counts.kind, counts.value, counts.value_entity_id)
        .where(counts.entity_id == entity_id)
        .order_by(counts.article_count.desc(), counts.first_article_id, counts.position)
    )
    said: dict[str, list[tuple[str, int | None]]] = {}
    for attribute, value, value_entity in attributes:
        said.setdefault(attribute, []).append((value, value_entity))

    def ranked(attribute: str) -> list[str]:
        return [value for value, _ in said.get(attribute, [])]

    detail.aliases = [a for a in ranked("alias") if a != entity.name]
    detail.titles = ranked("title")
    detail.roles = ranked("role")
    detail.organizations = said.get("organization", [])
    detail.nationality = next(iter(ranked("nationality")), None)
    detail.retired = "retired" in said
    link = models.ArticleEntity
    detail.article_count, detail.mention_count = session.execute(
        select(func.count(), func.coalesce(func.sum(link.mention_count), 0)).where(
            link.entity_id == entity_id
        )
    ).one()
    detail.articles = [
        ArticleRef(*row)
        for row in session.execute(
            select(
                models.Article.id,
                models.Article.title,
                models.Article.url,
                models.Article.published_at,
            )
            .join(link, (link.article_id == models.Article.id) & (link.entity_id == entity_id))
            .order_by(link.published_at.desc(), link.article_id.desc())
            .limit(DETAIL_LIST_LIMIT)
        )
    ]
    if kind == "location":
        detail.meeting_count = (
            session.scalar(select(func.count()).where(models.Meeting.location_id == entity_id)) or 0
        )
        latest = (
            select(models.Meeting)
            .where(models.Meeting.location_id == entity_id)
            .order_by(models.Meeting.sort_date.desc(), models.Meeting.id.desc())
        )
    else:
        member = models.MeetingParticipant
        detail.meeting_count = (
            session.scalar(select(func.count()).where(member.entity_id == entity_id)) or 0
        )
        latest = (
            select(models.Meeting)
            .join(
                member, (member.meeting_id == models.Meeting.id) & (member.entity_id == entity_id)
            )
            .order_by(member.sort_date.desc(), member.meeting_id.desc())
        )
    meetings = session.scalars(latest.limit(DETAIL_LIST_LIMIT))
    detail.meetings = meeting_views(session, list(meetings))
    if kind == "organization":
        detail.people = list(
            session.scalars(
                select(models.Entity)
                .where(models.Entity.id.in_(_linked_to(entity_id)))
                .order_by(models.Entity.key)
                .limit(DETAIL_LIST_LIMIT)
            )
        )
    return detail
