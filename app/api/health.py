"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.api.deps import DatabaseDep
from app.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(request: Request, database: DatabaseDep) -> Health:
    """Whether the service is up, its model loaded and its database reachable."""
    extractor = getattr(request.app.state, "extractor", None)
    try:
        with database.reading() as session:
            session.execute(text("SELECT 1"))
        reachable = True
    except SQLAlchemyError:
        reachable = False
    return Health(
        status="ok" if reachable and extractor is not None else "degraded",
        model_loaded=extractor is not None,
        model=extractor.version if extractor is not None else None,
        database="ok" if reachable else "unreachable",
    )
