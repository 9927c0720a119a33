"""The ASGI application (``app.main:app``)."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi_offline import FastAPIOffline

from app.api import articles, entities, health, meetings
from app.api.deps import reject_nul
from app.api.middleware import BodySizeLimitMiddleware, RequestIdMiddleware
from app.api.problems import install_problem_handlers
from app.config import Settings, get_settings
from app.db import Database
from app.extraction import Extractor
from app.jobs import build_queue, deferrer

DESCRIPTION = """
newsgraph reads news articles and answers **who met whom, where and when**, with the
evidence (article, sentence, character offsets) for every fact.

* Write endpoints need an `X-API-Key` header when the service has keys configured.
* Every error is an RFC 9457 `application/problem+json` document.
* Lists return `{"items", "total", "next"}`; follow `next` for the following page.
"""


def create_app(settings: Settings | None = None, extractor: Extractor | None = None) -> FastAPI:
    """Build the app. The pipeline and the database load in the lifespan, once per process;
    tests pass a loaded ``extractor`` to share one across apps."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.database = Database.from_url(settings.database_url)
        app.state.extractor = extractor or Extractor.load(
            settings.spacy_model, settings.gazetteer_path
        )
        if settings.ingest_mode == "queue":
            app.state.enqueue = deferrer(
                build_queue(settings.database_url, settings.queue_max_attempts)
            )
        # The model's millions of long-lived objects would otherwise be walked by every
        # full collection (pauses of ~200 ms under load); they live as long as the process.
        gc.freeze()
        try:
            yield
        finally:
            app.state.database.dispose()

    app = FastAPIOffline(
        title="newsgraph",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        favicon_url=None,
        dependencies=[Depends(reject_nul)],
    )
    app.state.settings = settings
    install_problem_handlers(app)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestIdMiddleware)
    for router in (articles.router, entities.router, meetings.router, health.router):
        app.include_router(router)
    return app


app = create_app()
