"""Queries over meetings and who met whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session, aliased

from app import models
from app.errors import NotFoundError
from app.services.pagination import Page, count_rows, decode_cursor, encode_cursor, take_page


@dataclass
class EvidenceView:
    article_id: int
    start: int
    end: int
    sentence: int
    text: str


@dataclass
class MeetingView:
    """A meeting with its participants and place loaded, ready to render."""

    meeting: models.Meeting
    participants: list[models.Entity] = field(default_factory=list)
    organizations: list[models.Entity] = field(default_factory=list)
    location: models.Entity | None = None
    evidence: list[EvidenceView] = field(default_factory=list)


def meeting_views(session: Session, meetings: Sequence[models.Meeting]) -> list[MeetingView]:
    """Views of ``meetings``, with their participants and places in two queries."""
    views = {m.id: MeetingView(m) for m in meetings}
    if not views:
        return []
    members = session.execute(
        select(models.MeetingParticipant.meeting_id, models.Entity)
        .join(models.Entity, models.Entity.id == models.MeetingParticipant.entity_id)
        .where(models.MeetingParticipant.meeting_id.in_(views))
        .order_by(models.MeetingParticipant.meeting_id, models.MeetingParticipant.position)
    )
    for meeting_id, entity in members:
        view = views[meeting_id]
        (view.participants if entity.kind == "person" else view.organizations).append(entity)
    location_ids = {m.location_id for m in meetings if m.location_id is not None}
    places = {
        e.id: e
        for e in session.scalars(select(models.Entity).where(models.Entity.id.in_(location_ids)))
    }
    for view in views.values():
        if view.meeting.location_id is not None:
            view.location = places.get(view.meeting.location_id)
    return [views[m.id] for m in meetings]


def list_meetings(
    session: Session,
    limit: int,
    cursor: str | None = None,
    *,
    participants: Sequence[int] = (),
    location: int | None = None,
    country: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    statuses: Sequence[str] = (),
    kinds: Sequence[str] = (),
    article: int | None = None,
    count: bool = False,
) -> Page[MeetingView]:
    """Meetings, latest first. Every participant given (person or organization) took part
    (AND); dates keep meetings whose range overlaps them (undated meetings drop out)."""
    query = select(models.Meeting)
    for person in participants:
        query = query.where(
            models.Meeting.id.in_(
                select(models.MeetingParticipant.meeting_id).where(
                    models.MeetingParticipant.entity_id == person
                )
            )
        )
    if location is not None:
        query = query.where(models.Meeting.location_id == location)
    if country is not None:
        query = query.where(
            models.Meeting.location_id.in_(
                select(models.Entity.id).where(
                    models.Entity.kind == "location", models.Entity.country_code == country
                )
            )
        )
    if date_from is not None:
        query = query.where(models.Meeting.date_end >= date_from)
    if date_to is not None:
        query = query.where(models.Meeting.date_start <= date_to)
    if statuses:
        query = query.where(models.Meeting.status.in_(statuses))
    if kinds:
        query = query.where(models.Meeting.kind.in_(kinds))
    if article is not None:
        query = query.where(models.Meeting.article_id == article)
    total = count_rows(session, query) if count else None
    if cursor is not None:
        sort_date, last_id = decode_cursor(cursor, (dt.date, int))
        query = query.where(
            tuple_(models.Meeting.sort_date, models.Meeting.id) < tuple_(sort_date, last_id)
        )
    query = query.order_by(models.Meeting.sort_date.desc(), models.Meeting.id.desc())
    page = take_page(
        list(session.scalars(query.limit(limit + 1))),
        limit,
        lambda m: (m.sort_date.isoformat(), m.id),
        total,
    )
    return Page(meeting_views(session, page.items), page.next_cursor, page.total)


def meeting_detail(session: Session, meeting_id: int) -> MeetingView:
    """One meeting with its evidence sentences."""
    meeting = session.get(models.Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(f"no meeting with id {meeting_id}")
    view = meeting_views(session, [meeting])[0]
    text = session.scalar(
        select(models.Article.text).where(models.Article.id == meeting.article_id)
    )
    for evidence in session.scalars(
        select(models.MeetingEvidence)
        .where(models.MeetingEvidence.meeting_id == meeting_id)
        .order_by(models.MeetingEvidence.start_char)
    ):
        view.evidence.append(
            EvidenceView(
                meeting.article_id,
                evidence.start_char,
                evidence.end_char,
                evidence.sentence,
                (text or "")[evidence.start_char : evidence.end_char],
            )
        )
    return view


@dataclass
class Acquaintance:
    """A person someone met, with the meetings that say so, latest first."""

    person: models.Entity
    meetings: list[MeetingView]
    latest: dt.date


def people_met(
    session: Session,
    person_id: int,
    statuses: Sequence[str],
    limit: int,
    cursor: str | None = None,
) -> Page[Acquaintance]:
    """Everyone ``person_id`` met in meetings of ``statuses``, the most recently met first."""
    me = aliased(models.MeetingParticipant)
    other = aliased(models.MeetingParticipant)
    rows = session.execute(
        select(models.Entity, models.Meeting)
        .join(other, other.entity_id == models.Entity.id)
        .join(models.Meeting, models.Meeting.id == other.meeting_id)
        .join(me, (me.meeting_id == models.Meeting.id) & (me.entity_id == person_id))
        .where(
            models.Entity.kind == "person",
            models.Entity.id != person_id,
            models.Meeting.status.in_(statuses),
        )
    )
    met: dict[int, tuple[models.Entity, list[models.Meeting]]] = {}
    for entity, meeting in rows:
        met.setdefault(entity.id, (entity, []))[1].append(meeting)
    ordered = sorted(
        (
            (max(m.sort_date for m in meetings), entity, meetings)
            for entity, meetings in met.values()
        ),
        key=lambda item: (item[0], item[1].id),
        reverse=True,
    )
    total = len(ordered)
    if cursor is not None:
        latest, last_id = decode_cursor(cursor, (dt.date, int))
        ordered = [item for item in ordered if (item[0], item[1].id) < (latest, last_id)]
    page = ordered[:limit]
    next_cursor = (
        encode_cursor([page[-1][0].isoformat(), page[-1][1].id]) if len(ordered) > limit else None
    )
    items = [
        Acquaintance(
            entity,
            meeting_views(
                session, sorted(meetings, key=lambda m: (m.sort_date, m.id), reverse=True)
            ),
            latest,
        )
        for latest, entity, meetings in page
    ]
    return Page(items, next_cursor, total)
