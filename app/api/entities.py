"""People, organizations and locations."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request

from app.api.deps import CountryDep, Id, IdFilter, PageDep, QueryText, SessionDep
from app.api.problems import problem_responses
from app.api.serializers import (
    article_ref,
    entity_url,
    location_brief,
    meeting_brief,
    met_meeting,
    next_url,
    organization_ref,
    person_ref,
)
from app.schemas import (
    LinkedOrganization,
    LocationBrief,
    LocationDetail,
    MetPerson,
    OrganizationBrief,
    OrganizationDetail,
    Page,
    PersonBrief,
    PersonDetail,
)
from app.services import entities, meetings
from app.services.entities import EntityDetail

router = APIRouter()
MeetingStatus = Literal["occurred", "planned", "cancelled", "negated"]
LIST_RESPONSES = problem_responses(422)
DETAIL_RESPONSES = problem_responses(404, 422)


def _counts(
    request: Request, detail: EntityDetail, meetings_filter: str, **links: str
) -> dict[str, Any]:
    entity = detail.entity
    return {
        "mention_count": detail.mention_count,
        "article_count": detail.article_count,
        "meeting_count": detail.meeting_count,
        "articles": [article_ref(request, a) for a in detail.articles],
        "meetings": [meeting_brief(request, m) for m in detail.meetings],
        "links": {
            "self": entity_url(request, entity),
            "articles": str(
                request.url_for("list_articles").include_query_params(entity=entity.id)
            ),
            "meetings": str(
                request.url_for("list_meetings").include_query_params(
                    **{meetings_filter: entity.id}
                )
            ),
            **links,
        },
    }


@router.get("/people", tags=["people"], response_model=Page[PersonBrief], responses=LIST_RESPONSES)
def list_people(
    request: Request,
    session: SessionDep,
    page: PageDep,
    country: CountryDep,
    q: QueryText = None,
    organization: IdFilter = None,
) -> Page[PersonBrief]:
    """People in name order. `q` matches the start of any word of a name or alias ("mil",
    "MARK M"); `country` is the nationality; `organization` keeps the people linked to it.
    `total` is counted only with `count=true`."""
    result = entities.list_entities(
        session,
        "person",
        page.limit,
        page.cursor,
        q=q,
        country=country,
        organization=organization,
        count=page.count,
    )
    return Page[PersonBrief](
        items=[PersonBrief(**person_ref(request, e).model_dump()) for e in result.items],
        total=result.total,
        next=next_url(request, result.next_cursor),
    )


@router.get(
    "/people/{person_id:int}",
    tags=["people"],
    response_model=PersonDetail,
    responses=DETAIL_RESPONSES,
)
def get_person(person_id: Id, request: Request, session: SessionDep) -> PersonDetail:
    """A person: canonical name, aliases, titles, roles, organizations and nationality as the
    articles give them (most frequent first), with counts and the latest articles and meetings."""
    detail = entities.entity_detail(session, "person", person_id)
    met = str(request.url_for("list_people_met", person_id=person_id))
    return PersonDetail(
        **person_ref(request, detail.entity).model_dump(),
        **_counts(request, detail, "person", met=met),
        aliases=detail.aliases,
        titles=detail.titles,
        roles=detail.roles,
        organizations=[
            LinkedOrganization(
                name=name,
                id=org_id,
                url=str(request.url_for("get_organization", organization_id=org_id))
                if org_id
                else None,
            )
            for name, org_id in detail.organizations
        ],
        nationality=detail.nationality,
        retired=detail.retired,
    )


@router.get(
    "/people/{person_id:int}/met",
    tags=["people"],
    response_model=Page[MetPerson],
    responses=DETAIL_RESPONSES,
)
def list_people_met(
    person_id: Id,
    request: Request,
    session: SessionDep,
    page: PageDep,
    status: Annotated[
        list[MeetingStatus] | None,
        Query(description="Meeting statuses that count (repeatable); default `occurred`."),
    ] = None,
) -> Page[MetPerson]:
    """Everyone this person met, the most recently met first, each with the meetings that
    say so. Plans, cancellations and denials count only when `status` asks for them.
    `total` is always counted."""
    entities.get_entity(session, "person", person_id)
    statuses = status or ["occurred"]
    result = meetings.people_met(session, person_id, statuses, page.limit, page.cursor)
    listed = request.url_for("list_meetings")
    return Page[MetPerson](
        items=[
            MetPerson(
                **person_ref(request, item.person).model_dump(),
                last_met=item.latest,
                meeting_count=item.meeting_count,
                meetings=[met_meeting(request, item.latest_meeting)] if item.latest_meeting else [],
                meetings_url=f"{listed}?"
                + urlencode(
                    [("person", person_id), ("person", item.person.id)]
                    + [("status", s) for s in statuses]
                ),
            )
            for item in result.items
        ],
        total=result.total,
        next=next_url(request, result.next_cursor),
    )


@router.get(
    "/organizations",
    tags=["organizations"],
    response_model=Page[OrganizationBrief],
    responses=LIST_RESPONSES,
)
def list_organizations(
    request: Request, session: SessionDep, page: PageDep, q: QueryText = None
) -> Page[OrganizationBrief]:
    """Organizations in name order; `q` as for people. `total` only with `count=true`."""
    result = entities.list_entities(
        session, "organization", page.limit, page.cursor, q=q, count=page.count
    )
    return Page[OrganizationBrief](
        items=[
            OrganizationBrief(**organization_ref(request, e).model_dump()) for e in result.items
        ],
        total=result.total,
        next=next_url(request, result.next_cursor),
    )


@router.get(
    "/organizations/{organization_id:int}",
    tags=["organizations"],
    response_model=OrganizationDetail,
    responses=DETAIL_RESPONSES,
)
def get_organization(
    organization_id: Id, request: Request, session: SessionDep
) -> OrganizationDetail:
    """An organization: the people linked to it, counts, latest articles and meetings."""
    detail = entities.entity_detail(session, "organization", organization_id)
    return OrganizationDetail(
        **organization_ref(request, detail.entity).model_dump(),
        **_counts(
            request,
            detail,
            "organization",
            people=str(
                request.url_for("list_people").include_query_params(organization=organization_id)
            ),
        ),
        aliases=detail.aliases,
        people=[person_ref(request, p) for p in detail.people],
    )


@router.get(
    "/locations", tags=["locations"], response_model=Page[LocationBrief], responses=LIST_RESPONSES
)
def list_locations(
    request: Request, session: SessionDep, page: PageDep, country: CountryDep, q: QueryText = None
) -> Page[LocationBrief]:
    """Places in name order, geocoded offline. `q` matches names, aliases and the gazetteer's
    name ("grafenw"); `country` is an ISO alpha-2 code. `total` only with `count=true`."""
    result = entities.list_entities(
        session, "location", page.limit, page.cursor, q=q, country=country, count=page.count
    )
    return Page[LocationBrief](
        items=[location_brief(request, e) for e in result.items],
        total=result.total,
        next=next_url(request, result.next_cursor),
    )


@router.get(
    "/locations/{location_id:int}",
    tags=["locations"],
    response_model=LocationDetail,
    responses=DETAIL_RESPONSES,
)
def get_location(location_id: Id, request: Request, session: SessionDep) -> LocationDetail:
    """A place: its gazetteer match (name, country, coordinates, GeoNames id), the meetings
    held there, counts and latest articles."""
    detail = entities.entity_detail(session, "location", location_id)
    return LocationDetail(
        **location_brief(request, detail.entity).model_dump(),
        **_counts(request, detail, "location"),
        aliases=detail.aliases,
    )
