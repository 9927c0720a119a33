"""Queries over people, organizations and places."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session

from app import models
from app.errors import NotFoundError
from app.services.meetings import MeetingView, meeting_views
from app.services.pagination import Page, count_rows, decode_cursor, take_page
from app.services.search import require_prefix

DETAIL_LIST_LIMIT = 50


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
    query = select(models.Entity).where(models.Entity.kind == kind)
    if q is not None:
        match = require_prefix(models.EntitySearchKey.key, q)
        query = query.where(
            models.Entity.id.in_(select(models.EntitySearchKey.entity_id).where(match))
        )
    if country is not None and kind == "person":
        query = query.where(models.Entity.id.in_(_with_attribute("nationality", country)))
    elif country is not None:
        query = query.where(models.Entity.country_code == country)
    if organization is not None:
        query = query.where(
            models.Entity.id.in_(
                select(models.EntityAttribute.entity_id).where(
                    models.EntityAttribute.kind == "organization",
                    models.EntityAttribute.value_entity_id == organization,
                )
            )
        )
    total = count_rows(session, query) if count else None
    if cursor is not None:
        key, last_id = decode_cursor(cursor, (str, int))
        query = query.where(tuple_(models.Entity.key, models.Entity.id) > tuple_(key, last_id))
    query = query.order_by(models.Entity.key, models.Entity.id).limit(limit + 1)
    return take_page(list(session.scalars(query)), limit, lambda e: (e.key, e.id), total)


def _with_attribute(kind: str, value: str) -> Select[int]:
    return select(models.EntityAttribute.entity_id).where(
        models.EntityAttribute.kind == kind, models.EntityAttribute.value == value
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
    attributes = session.execute(
        select(
            models.EntityAttribute.kind,
            models.EntityAttribute.value,
            models.EntityAttribute.value_entity_id,
        )
        .where(models.EntityAttribute.entity_id == entity_id)
        .order_by(models.EntityAttribute.article_id, models.EntityAttribute.position)
    )
    counted: dict[str, Counter[str]] = {}
    linked: dict[str, int | None] = {}
    for attribute, value, value_entity in attributes:
        counted.setdefault(attribute, Counter())[value] += 1
        if value_entity is not None:
            linked[value] = value_entity

    def ranked(attribute: str) -> list[str]:
        return [value for value, _ in counted.get(attribute, Counter()).most_common()]

    detail.aliases = [a for a in ranked("alias") if a != entity.name]
    detail.titles = ranked("title")
    detail.roles = ranked("role")
    detail.organizations = [(name, linked.get(name)) for name in ranked("organization")]
    detail.nationality = next(iter(ranked("nationality")), None)
    detail.retired = bool(counted.get("retired"))
    detail.mention_count = (
        session.scalar(select(func.count()).where(models.Mention.entity_id == entity_id)) or 0
    )
    article_ids = select(models.Mention.article_id).where(models.Mention.entity_id == entity_id)
    detail.article_count = (
        session.scalar(
            select(func.count(func.distinct(models.Mention.article_id))).where(
                models.Mention.entity_id == entity_id
            )
        )
        or 0
    )
    detail.articles = [
        ArticleRef(a.id, a.title, a.url, a.published_at)
        for a in session.scalars(
            select(models.Article)
            .where(models.Article.id.in_(article_ids))
            .order_by(models.Article.published_at.desc(), models.Article.id.desc())
            .limit(DETAIL_LIST_LIMIT)
        )
    ]
    meeting_filter = (
        models.Meeting.location_id == entity_id
        if kind == "location"
        else models.Meeting.id.in_(
            select(models.MeetingParticipant.meeting_id).where(
                models.MeetingParticipant.entity_id == entity_id
            )
        )
    )
    detail.meeting_count = session.scalar(select(func.count()).where(meeting_filter)) or 0
    meetings = session.scalars(
        select(models.Meeting)
        .where(meeting_filter)
        .order_by(models.Meeting.sort_date.desc(), models.Meeting.id.desc())
        .limit(DETAIL_LIST_LIMIT)
    )
    detail.meetings = meeting_views(session, list(meetings))
    if kind == "organization":
        detail.people = list(
            session.scalars(
                select(models.Entity)
                .where(
                    models.Entity.id.in_(
                        select(models.EntityAttribute.entity_id).where(
                            models.EntityAttribute.kind == "organization",
                            models.EntityAttribute.value_entity_id == entity_id,
                        )
                    )
                )
                .order_by(models.Entity.key)
                .limit(DETAIL_LIST_LIMIT)
            )
        )
    return detail
