"""Queries over meetings and who met whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, select, tuple_
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
    parties: list[models.Entity] = field(default_factory=list)  # places named as a party
    location: models.Entity | None = None
    evidence: list[EvidenceView] = field(default_factory=list)


def meeting_views(
    session: Session, meetings: Sequence[models.Meeting], *, with_participants: bool = True
) -> list[MeetingView]:
    """Views of ``meetings``, with their places and (unless told not to) their participants,
    in two queries."""
    views = {m.id: MeetingView(m) for m in meetings}
    if not views:
        return []
    if with_participants:
        members = session.execute(
            select(models.MeetingParticipant.meeting_id, models.Entity)
            .join(models.Entity, models.Entity.id == models.MeetingParticipant.entity_id)
            .where(models.MeetingParticipant.meeting_id.in_(views))
            .order_by(models.MeetingParticipant.meeting_id, models.MeetingParticipant.position)
        )
        for meeting_id, entity in members:
            view = views[meeting_id]
            by_kind = {
                "person": view.participants,
                "organization": view.organizations,
                "location": view.parties,
            }
            by_kind[entity.kind].append(entity)
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
    # Ordered by the index that answers the query: the first participant's meetings, else
    # the place's, the country's, or all meetings.
    sort_date, meeting_id = models.Meeting.sort_date, models.Meeting.id
    for position, participant in enumerate(participants):
        member = aliased(models.MeetingParticipant)
        query = query.join(
            member, (member.meeting_id == models.Meeting.id) & (member.entity_id == participant)
        )
        if position == 0:
            sort_date, meeting_id = member.sort_date, member.meeting_id
    if location is not None:
        query = query.where(models.Meeting.location_id == location)
    if country is not None:
        query = query.where(models.Meeting.country_code == country)
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
        after = decode_cursor(cursor, (dt.date, int))
        query = query.where(tuple_(sort_date, meeting_id) < tuple_(*after))
    query = query.order_by(sort_date.desc(), meeting_id.desc())
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
    """A person someone met: how often, how lately, and the latest meeting that says so."""

    person: models.Entity
    meeting_count: int
    latest: dt.date
    latest_meeting: MeetingView | None


def people_met(
    session: Session,
    person_id: int,
    statuses: Sequence[str],
    limit: int,
    cursor: str | None = None,
) -> Page[Acquaintance]:
    """Everyone ``person_id`` met in meetings of ``statuses``, the most recently met first,
    each with the number and the latest of those meetings (from the met_pairs summary)."""
    pairs = models.MetPair
    mine = (pairs.person_id == person_id) & pairs.status.in_(statuses)
    if len(set(statuses)) == 1:
        # One row per person met: read in order from the index, no grouping.
        total = session.scalar(select(func.count()).where(mine)) or 0
        query = select(pairs.other_id, pairs.latest, pairs.meeting_count).where(mine)
        latest: ColumnElement[dt.date] = pairs.latest.expression
        if cursor is not None:
            after = decode_cursor(cursor, (dt.date, int))
            query = query.where(tuple_(latest, pairs.other_id) < tuple_(*after))
    else:
        total = session.scalar(select(func.count(func.distinct(pairs.other_id))).where(mine)) or 0
        latest = func.max(pairs.latest)
        query = (
            select(pairs.other_id, latest, func.sum(pairs.meeting_count))
            .where(mine)
            .group_by(pairs.other_id)
        )
        if cursor is not None:
            after = decode_cursor(cursor, (dt.date, int))
            query = query.having(tuple_(latest, pairs.other_id) < tuple_(*after))
    rows = session.execute(
        query.order_by(latest.desc(), pairs.other_id.desc()).limit(limit + 1)
    ).all()
    page = rows[:limit]
    others = [row[0] for row in page]
    people = {
        e.id: e for e in session.scalars(select(models.Entity).where(models.Entity.id.in_(others)))
    }
    # The latest meeting with each: the newest of the statuses' latest ones.
    newest: dict[int, tuple[dt.date, int]] = {}
    for other, when, meeting_id in session.execute(
        select(pairs.other_id, pairs.latest, pairs.latest_meeting_id).where(
            mine, pairs.other_id.in_(others)
        )
    ):
        if meeting_id is not None:
            newest[other] = max(newest.get(other, (when, meeting_id)), (when, meeting_id))
    meetings = session.scalars(
        select(models.Meeting).where(models.Meeting.id.in_([i for _, i in newest.values()]))
    )
    views = {
        view.meeting.id: view
        for view in meeting_views(session, list(meetings), with_participants=False)
    }
    items = [
        Acquaintance(
            people[other],
            count,
            when,
            views.get(newest[other][1]) if other in newest else None,
        )
        for other, when, count in page
    ]
    next_cursor = (
        encode_cursor([page[-1][1].isoformat(), page[-1][0]]) if len(rows) > limit else None
    )
    return Page(items, next_cursor, total)
