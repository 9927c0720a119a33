"""Meetings and visits."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from app.api.deps import CountryDep, DateRangeDep, Id, IdFilter, IdList, PageDep, SessionDep
from app.api.problems import problem_responses
from app.api.serializers import meeting_brief, meeting_detail, next_url
from app.schemas import MAX_ID, MeetingBrief, MeetingDetail, Page
from app.services import meetings

router = APIRouter(prefix="/meetings", tags=["meetings"])


@router.get("", response_model=Page[MeetingBrief], responses=problem_responses(422))
def list_meetings(
    request: Request,
    session: SessionDep,
    page: PageDep,
    country: CountryDep,
    dates: DateRangeDep,
    person: IdList = None,
    organization: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Organization id: meetings it held.")
    ] = None,
    location: IdFilter = None,
    status: Annotated[
        list[Literal["occurred", "planned", "cancelled", "negated"]] | None, Query()
    ] = None,
    kind: Annotated[list[Literal["meeting", "visit"]] | None, Query()] = None,
    article: IdFilter = None,
) -> Page[MeetingBrief]:
    """Meetings and visits, latest first, with participants and place in each item.
    `?person=1&person=2` asks whether 1 and 2 met. `date_from`/`date_to` keep meetings whose
    dates overlap the range (undated ones drop out). `total` only with `count=true`."""
    date_from, date_to = dates
    result = meetings.list_meetings(
        session,
        page.limit,
        page.cursor,
        participants=[*(person or []), *([organization] if organization else [])],
        location=location,
        country=country,
        date_from=date_from,
        date_to=date_to,
        statuses=status or [],
        kinds=kind or [],
        article=article,
        count=page.count,
    )
    return Page[MeetingBrief](
        items=[meeting_brief(request, view) for view in result.items],
        total=result.total,
        next=next_url(request, result.next_cursor),
    )


@router.get(
    "/{meeting_id:int}", response_model=MeetingDetail, responses=problem_responses(404, 422)
)
def get_meeting(meeting_id: Id, request: Request, session: SessionDep) -> MeetingDetail:
    """One meeting: participants, groups, organizations, place and country, dates, status,
    kind, and the sentences that report it (article, offsets, text)."""
    return meeting_detail(request, meetings.meeting_detail(session, meeting_id))
