"""Articles: ingest, read back, list, delete."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request, Response, status

from app import models
from app.api.deps import (
    ApiKeyDep,
    DatabaseDep,
    DateRangeDep,
    ExtractorDep,
    Id,
    IdFilter,
    JsonBodyDep,
    PageDep,
    QueryText,
    SessionDep,
)
from app.api.problems import problem_responses
from app.api.serializers import next_url
from app.errors import InvalidInputError
from app.schemas import (
    ArticleBrief,
    ArticleIn,
    ArticleOut,
    ArticleSummary,
    MentionList,
    MentionOut,
    Page,
)
from app.services import articles as article_service
from app.services.ingest import NewArticle, ingest_article
from app.services.text import html_to_text

router = APIRouter(prefix="/articles", tags=["articles"])


def _links(request: Request, article_id: int) -> dict[str, str]:
    return {
        "self": str(request.url_for("get_article", article_id=article_id)),
        "mentions": str(request.url_for("list_article_mentions", article_id=article_id)),
    }


def _brief(request: Request, article: models.Article) -> dict[str, object]:
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "source": article.source,
        "published_at": article.published_at.replace(tzinfo=dt.UTC),
        "language": article.language,
        "extractor_version": article.extractor_version,
        "created_at": article.created_at.replace(tzinfo=dt.UTC),
        "summary": ArticleSummary(
            people=article.people_count,
            organizations=article.organization_count,
            locations=article.location_count,
            dates=article.date_count,
            meetings=article.meeting_count,
        ),
        "links": _links(request, article.id),
    }


def _full(request: Request, article: models.Article) -> ArticleOut:
    return ArticleOut(**_brief(request, article), text=article.text)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ArticleOut,
    dependencies=[ApiKeyDep, JsonBodyDep],
    responses={
        200: {"model": ArticleOut, "description": "Already stored: the same article, unchanged."},
        **problem_responses(400, 401, 409, 413, 415, 422),
    },
)
def create_article(
    body: ArticleIn,
    request: Request,
    response: Response,
    database: DatabaseDep,
    extractor: ExtractorDep,
) -> ArticleOut:
    """Ingest an article: extract its people, organizations, places, dates and meetings and
    store them with their evidence, all in one transaction.

    Idempotent: the same URL (or, without one, the same text) returns the stored article with
    200. The same URL with a different text is a 409.
    """
    text = body.text if body.text is not None else html_to_text(body.html or "")
    if not text.strip():
        raise InvalidInputError("the HTML holds no text", parameter="html")
    result = ingest_article(
        database,
        extractor,
        NewArticle(
            title=body.title,
            text=text,
            published_at=body.published_utc(),
            published_date=body.published_date(),
            url=str(body.url) if body.url else None,
            source=body.source,
            language=body.language,
        ),
    )
    if result.created:
        response.headers["Location"] = _links(request, result.article.id)["self"]
    else:
        response.status_code = status.HTTP_200_OK
    return _full(request, result.article)


@router.get("", response_model=Page[ArticleBrief], responses=problem_responses(422))
def list_articles(
    request: Request,
    session: SessionDep,
    page: PageDep,
    dates: DateRangeDep,
    source: str | None = None,
    q: QueryText = None,
    entity: IdFilter = None,
) -> Page[ArticleBrief]:
    """Stored articles, most recently published first. `q` matches the start of any word of
    the title; dates filter on `published_at`. `total` only with `count=true`."""
    date_from, date_to = dates
    result = article_service.list_articles(
        session,
        page.limit,
        page.cursor,
        source=source,
        date_from=date_from,
        date_to=date_to,
        q=q,
        entity=entity,
        count=page.count,
    )
    return Page[ArticleBrief](
        items=[ArticleBrief(**_brief(request, a)) for a in result.items],
        total=result.total,
        next=next_url(request, result.next_cursor),
    )


@router.get("/{article_id}", response_model=ArticleOut, responses=problem_responses(404))
def get_article(article_id: Id, request: Request, session: SessionDep) -> ArticleOut:
    """One article with its stored text and a summary of what was extracted."""
    return _full(request, article_service.get_article(session, article_id))


@router.get("/{article_id}/mentions", response_model=MentionList, responses=problem_responses(404))
def list_article_mentions(article_id: Id, session: SessionDep) -> MentionList:
    """Every mention of a person, organization or place in the article, in text order.
    `text[start:end]` of the article's stored text is the mention."""
    return MentionList(
        items=[
            MentionOut(
                entity_id=row.entity.id,
                entity_type=row.entity.kind,
                entity_name=row.entity.name,
                start=row.mention.start_char,
                end=row.mention.end_char,
                text=row.mention.text,
                sentence=row.mention.sentence,
                demonym=row.mention.demonym,
            )
            for row in article_service.list_mentions(session, article_id)
        ]
    )


@router.delete(
    "/{article_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[ApiKeyDep],
    responses=problem_responses(401, 404),
)
def delete_article(article_id: Id, database: DatabaseDep) -> Response:
    """Delete the article, every fact it was the evidence of, and the entities no other
    article mentions."""
    with database.writing() as session:
        article_service.delete_article(session, article_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
