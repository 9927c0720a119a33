"""Dependencies the routes declare: the database, the extractor, the API key check."""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Path, Query, Request
from pydantic import Field
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import Database
from app.errors import InvalidInputError, UnauthorizedError, UnsupportedMediaTypeError
from app.extraction import Extractor
from app.schemas import MAX_ID
from app.services.countries import country_codes
from app.services.ingest import (
    BatchItemResult,
    Enqueue,
    IngestResult,
    NewArticle,
    enqueue_article,
    enqueue_batch,
    ingest_article,
    ingest_batch,
)


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def get_extractor(request: Request) -> Extractor:
    extractor: Extractor = request.app.state.extractor
    return extractor


def get_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    """A read-only session for one request."""
    with database.reading() as session:
        yield session


API_KEY_DETAIL = "send a valid key in the X-API-Key header"


def require_api_key(
    settings: Annotated[Settings, Depends(get_settings)],
    x_api_key: Annotated[
        str | None, Header(description="Required when keys are configured.")
    ] = None,
) -> None:
    """Let a write through when no keys are configured or the key matches one of them."""
    if not api_key_accepted(settings, x_api_key):
        raise UnauthorizedError(API_KEY_DETAIL)


def api_key_accepted(settings: Settings, given: str | None) -> bool:
    """Whether a write may go through: no keys are configured, or ``given`` is one."""
    if not settings.api_keys:
        return True
    # Compare against every key, so the time taken does not tell which one was close.
    matches = [
        hmac.compare_digest((given or "").encode(), key.encode()) for key in settings.api_keys
    ]
    return any(matches)


def require_json(request: Request) -> None:
    """Refuse a body that is not declared as JSON."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise UnsupportedMediaTypeError("send the body as application/json")


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]
ExtractorDep = Annotated[Extractor, Depends(get_extractor)]
SessionDep = Annotated[Session, Depends(get_session)]
ApiKeyDep = Depends(require_api_key)
JsonBodyDep = Depends(require_json)


@dataclass(frozen=True)
class PageParams:
    limit: int
    cursor: str | None
    count: bool


def page_params(
    limit: Annotated[int, Query(ge=1, le=500, description="Items per page (1..500).")] = 50,
    cursor: Annotated[
        str | None, Query(description="Opaque; copy it from the previous page's `next`.")
    ] = None,
    count: Annotated[
        bool, Query(description="Count all matches into `total` (costs a query); else null.")
    ] = False,
) -> PageParams:
    """The list contract's paging parameters."""
    return PageParams(limit, cursor, count)


def country_param(
    country: Annotated[
        str | None, Query(description="ISO 3166-1 alpha-2 country code, e.g. PL.")
    ] = None,
) -> str | None:
    """An upper-cased, known ISO alpha-2 code, or a 422 naming the parameter."""
    if country is None:
        return None
    code = country.strip().upper()
    if code not in country_codes():
        raise InvalidInputError(f"unknown ISO 3166-1 alpha-2 code {country!r}", parameter="country")
    return code


_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


def date_range_params(
    date_from: Annotated[
        str | None, Query(pattern=_ISO_DATE, description="ISO date (YYYY-MM-DD), inclusive.")
    ] = None,
    date_to: Annotated[
        str | None, Query(pattern=_ISO_DATE, description="ISO date (YYYY-MM-DD), inclusive.")
    ] = None,
) -> tuple[dt.date | None, dt.date | None]:
    """``date_from``/``date_to`` as dates; a reversed range or an impossible date is a 422.
    Only ISO dates are taken: "0" is not a date, whatever a timestamp parser says."""
    dates = []
    for name, value in (("date_from", date_from), ("date_to", date_to)):
        try:
            dates.append(dt.date.fromisoformat(value) if value is not None else None)
        except ValueError as error:
            raise InvalidInputError(f"{name} is not a calendar date", parameter=name) from error
    start, end = dates
    if start is not None and end is not None and start > end:
        raise InvalidInputError("date_from is after date_to", parameter="date_from")
    return start, end


def reject_nul(request: Request) -> None:
    """No query parameter may hold a NUL character (PostgreSQL text cannot store one)."""
    for name, value in request.query_params.multi_items():
        if "\x00" in value:
            raise InvalidInputError(f"{name} holds a NUL character", parameter=name)


PageDep = Annotated[PageParams, Depends(page_params)]
CountryDep = Annotated[str | None, Depends(country_param)]
DateRangeDep = Annotated[tuple[dt.date | None, dt.date | None], Depends(date_range_params)]
QueryText = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=100,
        description="Case- and accent-insensitive prefix of any word of a name or alias.",
    ),
]

# Ids: positive and within the databases' integer range, else a 422 (never a 500).
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
IdFilter = Annotated[int | None, Query(ge=1, le=MAX_ID, description="An id.")]
IdList = Annotated[
    list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None,
    Query(description="Person id; repeat for meetings they all took part in."),
]


@dataclass(frozen=True)
class Ingestor:
    """How this process ingests: extraction inline, or queued for workers (ingest mode)."""

    database: Database
    extractor: Extractor
    enqueue: Enqueue | None

    @property
    def queued(self) -> bool:
        return self.enqueue is not None

    def one(self, article: NewArticle) -> IngestResult:
        if self.enqueue is not None:
            return enqueue_article(self.database, article, self.enqueue)
        return ingest_article(self.database, self.extractor, article)

    def many(self, articles: list[NewArticle]) -> Iterator[BatchItemResult]:
        if self.enqueue is not None:
            return enqueue_batch(self.database, articles, self.enqueue)
        return ingest_batch(self.database, self.extractor, articles)


def get_ingestor(request: Request) -> Ingestor:
    return Ingestor(
        request.app.state.database,
        request.app.state.extractor,
        getattr(request.app.state, "enqueue", None),
    )


IngestorDep = Annotated[Ingestor, Depends(get_ingestor)]
