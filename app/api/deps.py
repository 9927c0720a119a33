"""Dependencies the routes declare: the database, the extractor, the API key check."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import Database
from app.errors import UnauthorizedError, UnsupportedMediaTypeError
from app.extraction import Extractor


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


def require_api_key(
    settings: Annotated[Settings, Depends(get_settings)],
    x_api_key: Annotated[
        str | None, Header(description="Required when keys are configured.")
    ] = None,
) -> None:
    """Let a write through when no keys are configured or the key matches one of them."""
    if not settings.api_keys:
        return
    given = (x_api_key or "").encode()
    # Compare against every key, so the time taken does not tell which one was close.
    matches = [hmac.compare_digest(given, key.encode()) for key in settings.api_keys]
    if not any(matches):
        raise UnauthorizedError("send a valid key in the X-API-Key header")


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
