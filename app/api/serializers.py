"""From service results to response schemas: every id that points at a resource gets its URL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Request

from app import models
from app.schemas import (
    ArticleRef,
    DateRangeOut,
    EvidenceOut,
    LocationBrief,
    LocationRef,
    MeetingBrief,
    MeetingDetail,
    MetMeeting,
    OrganizationRef,
    PersonRef,
)
from app.services.entities import ArticleRef as StoredArticleRef
from app.services.meetings import MeetingView

_PLACEHOLDER = 918273645  # an id no base URL contains, replaced in the template
_TEMPLATES_KEPT = 1024  # base URLs vary only with the Host header; keep a bounded few
_templates: dict[tuple[str, str, str], str] = {}


def _url(request: Request, route: str, parameter: str, value: int) -> str:
    """``request.url_for(route, **{parameter: value})`` from a template built once per base
    URL and route: Starlette's url_for walks the routes on every call (~40 µs, hundreds of
    calls for a page)."""
    key = (str(request.base_url), route, parameter)
    template = _templates.get(key)
    if template is None:
        template = str(request.url_for(route, **{parameter: _PLACEHOLDER}))
        if len(_templates) < _TEMPLATES_KEPT:
            _templates[key] = template
    return template.replace(str(_PLACEHOLDER), str(value))


def entity_url(request: Request, entity: models.Entity) -> str:
    if entity.kind == "person":
        return _url(request, "get_person", "person_id", entity.id)
    if entity.kind == "organization":
        return _url(request, "get_organization", "organization_id", entity.id)
    return _url(request, "get_location", "location_id", entity.id)


def article_url(request: Request, article_id: int) -> str:
    return _url(request, "get_article", "article_id", article_id)


def meeting_url(request: Request, meeting_id: int) -> str:
    return _url(request, "get_meeting", "meeting_id", meeting_id)


def next_url(request: Request, cursor: str | None) -> str | None:
    """The URL of the following page: this request's URL with the new cursor."""
    return str(request.url.include_query_params(cursor=cursor)) if cursor else None


def person_ref(request: Request, entity: models.Entity) -> PersonRef:
    return PersonRef(id=entity.id, name=entity.name, url=entity_url(request, entity))


def organization_ref(request: Request, entity: models.Entity) -> OrganizationRef:
    return OrganizationRef(id=entity.id, name=entity.name, url=entity_url(request, entity))


def location_ref(request: Request, entity: models.Entity) -> LocationRef:
    return LocationRef(
        id=entity.id,
        name=entity.name,
        country_code=entity.country_code,
        url=entity_url(request, entity),
    )


def location_brief(request: Request, entity: models.Entity) -> LocationBrief:
    return LocationBrief(
        **location_ref(request, entity).model_dump(),
        resolved_name=entity.resolved_name,
        latitude=entity.latitude,
        longitude=entity.longitude,
        geonames_id=entity.geonames_id,
    )


def article_ref(request: Request, article: StoredArticleRef) -> ArticleRef:
    return ArticleRef(
        id=article.id,
        title=article.title,
        url=article_url(request, article.id),
        source_url=article.url,
        published_at=article.published_at.replace(tzinfo=dt.UTC),
    )


def _date(meeting: models.Meeting) -> DateRangeOut | None:
    if meeting.date_start is None or meeting.date_end is None:
        return None
    return DateRangeOut(start=meeting.date_start, end=meeting.date_end)


def _brief_fields(request: Request, view: MeetingView) -> dict[str, Any]:
    meeting = view.meeting
    return {
        "id": meeting.id,
        "url": meeting_url(request, meeting.id),
        "kind": meeting.kind,
        "status": meeting.status,
        "date": _date(meeting),
        "participants": [person_ref(request, p) for p in view.participants],
        "participant_groups": list(meeting.participant_groups or []),
        "organizations": [organization_ref(request, o) for o in view.organizations],
        "parties": [location_ref(request, p) for p in view.parties],
        "location": location_ref(request, view.location) if view.location else None,
        "article_id": meeting.article_id,
        "article_url": article_url(request, meeting.article_id),
    }


def meeting_brief(request: Request, view: MeetingView) -> MeetingBrief:
    return MeetingBrief(**_brief_fields(request, view))


def meeting_detail(request: Request, view: MeetingView) -> MeetingDetail:
    return MeetingDetail(
        **_brief_fields(request, view),
        evidence=[
            EvidenceOut(
                article_id=e.article_id,
                article_url=article_url(request, e.article_id),
                start=e.start,
                end=e.end,
                sentence=e.sentence,
                text=e.text,
            )
            for e in view.evidence
        ],
    )


def met_meeting(request: Request, view: MeetingView) -> MetMeeting:
    meeting = view.meeting
    return MetMeeting(
        id=meeting.id,
        url=meeting_url(request, meeting.id),
        kind=meeting.kind,
        status=meeting.status,
        date=_date(meeting),
        location=location_ref(request, view.location) if view.location else None,
    )
