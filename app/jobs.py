"""Extraction on a job queue: procrastinate, with PostgreSQL itself as the broker.

``POST /articles`` in queue mode stores the article and defers its job in one transaction
(on the request's own connection); ``newsgraph worker`` processes, on any machine that
reaches the database, run the jobs. Idempotency lives at the article level
(services.ingest.extract_stored_article), because procrastinate records a job's end on its
own connection: a job that runs twice writes the facts once.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import procrastinate
from procrastinate import JobContext, RetryStrategy
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from app.db import Database
from app.services.ingest import GAVE_UP, FactExtractor, extract_stored_article, mark_failed

log = logging.getLogger(__name__)
EXTRACT_TASK = "newsgraph:extract_article"
QUEUE = "extraction"


RETRIED = (OperationalError, DBAPIError, ConnectionError)


def extract_article(context: JobContext, article_id: int) -> str:
    """Extract one stored, pending article. When the database fails on the last attempt
    the queue allows, the article ends ``failed`` with a problem saying so (a repost queues
    it again), rather than ``pending`` for ever."""
    runtime: dict[str, Any] = context.additional_context
    database = runtime["database"]
    try:
        return extract_stored_article(database, runtime["extractor"], article_id)
    except RETRIED as error:
        attempts = context.job.attempts + 1
        if attempts > runtime["max_attempts"]:
            log.error("giving up on article %d after %d attempts: %s", article_id, attempts, error)
            try:
                mark_failed(
                    database,
                    article_id,
                    {
                        "type": GAVE_UP,
                        "title": "Extraction gave up",
                        "status": 503,
                        "detail": f"the database failed {attempts} times, last with "
                        f"{type(error).__name__}: {error}; post the article again to retry",
                    },
                )
            except RETRIED:
                log.exception("could not record that article %d failed", article_id)
        raise


async def retry_stalled_jobs(context: JobContext, timestamp: int) -> int:
    """Requeue the jobs of workers that stopped heartbeating (killed, machine lost):
    procrastinate prunes such workers but does not retry their jobs by itself."""
    manager = context.app.job_manager
    seconds = context.additional_context.get("stalled_seconds", 30)
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=seconds))
    for job in stalled:
        log.warning("retrying stalled job %s (%s)", job.id, job.task_name)
        await manager.retry_job(job, retry_at=dt.datetime.now(dt.UTC))
    return len(stalled)


def _tasks(max_attempts: int) -> procrastinate.Blueprint:
    # A blueprint per app: procrastinate renames a blueprint's tasks when an app adds them.
    tasks = procrastinate.Blueprint()
    tasks.task(
        name="extract_article",
        queue=QUEUE,
        pass_context=True,
        # The database going away is worth waiting out; bad input fails at once (the
        # article records why) and is not retried.
        retry=RetryStrategy(
            max_attempts=max_attempts, exponential_wait=2, retry_exceptions=set(RETRIED)
        ),
    )(extract_article)
    tasks.periodic(cron="* * * * * */10", periodic_id="stalled")(
        tasks.task(name="retry_stalled_jobs", queue=QUEUE, pass_context=True)(retry_stalled_jobs)
    )
    return tasks


def libpq_url(database_url: str) -> str:
    """The SQLAlchemy URL as a libpq connection string (no driver suffix)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(False)


def build_queue(database_url: str, max_attempts: int) -> procrastinate.App:
    """The queue app for a PostgreSQL database, with our tasks; a job whose database fails
    is retried ``max_attempts`` times."""
    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=libpq_url(database_url))
    )
    app.add_tasks_from(_tasks(max_attempts), namespace="newsgraph")
    return app


def deferrer(queue: procrastinate.App) -> Any:
    """``enqueue(session, article_id)`` for services.ingest.enqueue_article: the job row is
    inserted on the session's connection, inside its transaction."""

    def enqueue(session: Session, article_id: int) -> None:
        connection = session.connection().connection.driver_connection
        queue.configure_task(
            EXTRACT_TASK, connection=connection, queueing_lock=f"article-{article_id}"
        ).defer(article_id=article_id)

    return enqueue


def run_worker(
    database: Database,
    extractor: FactExtractor,
    concurrency: int = 1,
    stalled_seconds: float = 30,
    heartbeat_seconds: float = 10,
    max_attempts: int = 10,
) -> None:
    """Run a worker in the foreground until it is stopped (SIGINT/SIGTERM)."""
    queue = build_queue(database.engine.url.render_as_string(False), max_attempts)
    queue.run_worker(
        queues=[QUEUE],
        concurrency=concurrency,
        additional_context={
            "database": database,
            "extractor": extractor,
            "stalled_seconds": stalled_seconds,
            "max_attempts": max_attempts,
        },
        update_heartbeat_interval=heartbeat_seconds,
        stalled_worker_timeout=stalled_seconds,
    )
