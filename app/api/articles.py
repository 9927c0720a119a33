"""Articles: ingest, read back, list, delete."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError

from app import models
from app.api.deps import (
    ApiKeyDep,
    DatabaseDep,
    DateRangeDep,
    Id,
    IdFilter,
    IngestorDep,
    JsonBodyDep,
    PageDep,
    QueryText,
    SessionDep,
    SettingsDep,
)
from app.api.problems import problem_responses, request_id, validation_problem
from app.api.serializers import next_url
from app.errors import (
    InvalidInputError,
    MalformedJSONError,
    NewsgraphError,
    PayloadTooLargeError,
    UnsupportedMediaTypeError,
)
from app.schemas import (
    ArticleBrief,
    ArticleIn,
    ArticleOut,
    ArticleSummary,
    BatchItemOut,
    BatchOut,
    MentionList,
    MentionOut,
    Page,
    Problem,
)
from app.services import articles as article_service
from app.services.ingest import NewArticle

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
        "status": article.status,
        "problem": Problem(**article.problem, instance=_links(request, article.id)["self"])
        if article.problem
        else None,
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
        202: {
            "model": ArticleOut,
            "description": "Queue mode: stored as `pending`; a worker extracts it. Poll Location.",
        },
        **problem_responses(400, 401, 409, 413, 415, 422),
    },
)
def create_article(
    body: ArticleIn, request: Request, response: Response, ingestor: IngestorDep
) -> ArticleOut:
    """Ingest an article: extract its people, organizations, places, dates and meetings and
    store them with their evidence, all in one transaction (201). In queue mode the article
    is stored with its extraction job in one transaction and answered with 202; its
    `status` goes from `pending` to `done` (or `failed`, with the problem).

    Idempotent: the same URL (or, without one, the same text) returns the stored article with
    200. The same URL with a different text is a 409.
    """
    result = ingestor.one(body.to_new_article())
    if result.created:
        response.headers["Location"] = _links(request, result.article.id)["self"]
        if ingestor.queued:
            response.status_code = status.HTTP_202_ACCEPTED
    else:
        response.status_code = status.HTTP_200_OK
    return _full(request, result.article)


_BATCH_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/ArticleIn"}}
            },
            "application/x-ndjson": {
                "schema": {"type": "string", "description": "One ArticleIn JSON object a line."}
            },
        },
    }
}


@router.post(
    "/batch",
    response_model=BatchOut,
    dependencies=[ApiKeyDep],
    openapi_extra=_BATCH_BODY,
    responses=problem_responses(400, 401, 413, 415, 422),
)
async def create_articles_batch(
    request: Request, ingestor: IngestorDep, settings: SettingsDep
) -> BatchOut:
    """Ingest up to `max_batch_articles` articles at once: a JSON array, or NDJSON (one
    article a line, `application/x-ndjson`). The new ones go through the pipeline together;
    each is stored in its own transaction, and each gets its own outcome (`created`,
    `existing`, or `error` with a problem), so one bad article never sinks the others."""
    raw_items = parse_batch_body(
        request.headers.get("content-type", ""), await request.body(), settings.max_batch_articles
    )
    outcomes: dict[int, BatchItemOut] = {}
    valid: list[tuple[int, NewArticle]] = []
    for index, raw in enumerate(raw_items):
        try:
            valid.append((index, ArticleIn.model_validate(raw).to_new_article()))
        except ValidationError as error:
            outcomes[index] = _failed(request, index, validation_problem(error.errors()))
        except NewsgraphError as error:
            outcomes[index] = _failed(request, index, error)
    results = await run_in_threadpool(
        lambda: list(ingestor.many([article for _, article in valid]))
    )
    for item in results:
        index = valid[item.index][0]
        if item.error is not None or item.result is None:
            outcomes[index] = _failed(request, index, item.error)
            continue
        outcomes[index] = BatchItemOut(
            index=index,
            status=("queued" if ingestor.queued else "created")
            if item.result.created
            else "existing",
            id=item.result.article.id,
            url=_links(request, item.result.article.id)["self"],
        )
    items = [outcomes[index] for index in sorted(outcomes)]
    return BatchOut(
        items=items,
        created=sum(item.status in {"created", "queued"} for item in items),
        existing=sum(item.status == "existing" for item in items),
        failed=sum(item.status == "error" for item in items),
    )


def parse_batch_body(content_type: str, body: bytes, max_items: int) -> list[object]:
    """The raw articles of a batch body: a JSON array, or NDJSON lines."""
    media_type = content_type.split(";")[0].strip().lower()
    try:
        if media_type in {"application/x-ndjson", "application/jsonl", "application/json-lines"}:
            items = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
        elif media_type == "application/json" or media_type.endswith("+json"):
            items = json.loads(body)
        else:
            raise UnsupportedMediaTypeError("send a JSON array or application/x-ndjson")
    except (ValueError, UnicodeDecodeError) as error:
        raise MalformedJSONError(f"the body is not valid JSON: {error}") from error
    if not isinstance(items, list) or not items:
        raise InvalidInputError("send a non-empty JSON array of articles", parameter="body")
    if len(items) > max_items:
        raise PayloadTooLargeError(f"a batch takes at most {max_items} articles")
    return items


def _failed(request: Request, index: int, error: NewsgraphError | None) -> BatchItemOut:
    error = error or NewsgraphError("the article could not be stored")
    return BatchItemOut(
        index=index,
        status="error",
        problem=Problem(
            type=error.type,
            title=error.title,
            status=error.status,
            detail=error.detail,
            instance=f"urn:request:{request_id(request)}#{index}",
            errors=error.extra.get("errors"),
        ),
    )


@router.get("", response_model=Page[ArticleBrief], responses=problem_responses(422))
def list_articles(
    request: Request,
    session: SessionDep,
    page: PageDep,
    dates: DateRangeDep,
    source: str | None = None,
    q: QueryText = None,
    entity: IdFilter = None,
    status: Annotated[
        Literal["pending", "done", "failed"] | None,
        Query(description="Extraction status (queue mode: pending until a worker is done)."),
    ] = None,
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
        status=status,
        count=page.count,
    )
    return Page[ArticleBrief](
        items=[ArticleBrief(**_brief(request, a)) for a in result.items],
        total=result.total,
        next=next_url(request, result.next_cursor),
    )


@router.get("/{article_id:int}", response_model=ArticleOut, responses=problem_responses(404))
def get_article(article_id: Id, request: Request, session: SessionDep) -> ArticleOut:
    """One article with its stored text and a summary of what was extracted."""
    return _full(request, article_service.get_article(session, article_id))


@router.get(
    "/{article_id:int}/mentions", response_model=MentionList, responses=problem_responses(404)
)
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
    "/{article_id:int}",
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
