"""Queue mode end to end: ``POST /articles`` answers 202 with a pending article, real
``newsgraph worker`` processes (the real spaCy pipeline) make it done, and neither two workers,
a worker killed mid-job, an article the pipeline refuses, nor a database failure half-way
through writing the facts leaves an article lost, stuck, partial or extracted twice."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from app.config import Settings
from app.db import Database
from app.extraction import Extractor
from app.jobs import build_queue, deferrer
from app.main import create_app
from app.services.ingest import NewArticle, enqueue_article
from tests.api.conftest import assert_problem
from tests.conftest import MODEL, REPO, SEED_PUBLISHED
from tests.queue.support import (
    EXTRACT_TASK,
    Workers,
    article_body,
    article_statuses,
    duplicate_entities,
    expected_by_article,
    expected_counts,
    extract_jobs,
    fact_counts,
    queue_progress,
    rows,
    scalar,
    short_texts,
    unfinished_jobs,
    wait_for,
)

MEETING = "Prime Minister Rishi Sunak met Gen. Mark Milley in London on Thursday."
KEPT = "Gen. Mark Milley met Gen. Valerii Zaluzhnyi in Poland on Tuesday."


def post_all(client: httpx.Client, bodies: list[dict[str, Any]]) -> list[int]:
    """POST each body in queue mode; the new articles' ids, in order."""
    ids = []
    for body in bodies:
        response = client.post("/articles", json=body)
        assert response.status_code == 202, response.text
        ids.append(response.json()["id"])
    return ids


def wait_all_done(engine: Engine, total: int, timeout: float, workers: Workers) -> None:
    wait_for(
        lambda: article_statuses(engine) == {"done": total},
        timeout,
        f"all {total} articles done",
        queue_progress(engine, workers),
    )


def assert_each_article_extracted_once(
    engine: Engine, extractor: Extractor, run_twice: frozenset[int] = frozenset()
) -> None:
    """Every article holds exactly what one extraction of its text gives, its single job
    succeeded on its first run (on its second for those in ``run_twice``: the facts are
    still there once), nothing is left queued or running, and no entity exists twice."""
    stored = fact_counts(engine)
    expected = expected_by_article(engine, extractor, SEED_PUBLISHED)
    assert stored == expected
    jobs = extract_jobs(engine)
    # procrastinate counts a run when it ends (or is retried): 1 is one run.
    assert jobs == [
        (article_id, "succeeded", 2 if article_id in run_twice else 1)
        for article_id in sorted(stored)
    ]
    assert unfinished_jobs(engine) == []
    assert duplicate_entities(engine) == []


def test_a_queued_article_is_pending_until_a_worker_makes_it_done(
    queue_client: httpx.Client,
    workers: Workers,
    queue_engine: Engine,
    extractor: Extractor,
    seed_text: str,
) -> None:
    body = article_body(1, seed_text)

    created = queue_client.post("/articles", json=body)
    repeat = queue_client.post("/articles", json=body)
    pending = queue_client.get("/articles", params={"status": "pending"}).json()["items"]

    assert created.status_code == 202, created.text
    article = created.json()
    assert created.headers["location"] == article["links"]["self"]
    assert article["status"] == "pending"
    assert article["problem"] is None
    assert article["extractor_version"] is None
    assert set(article["summary"].values()) == {0}
    assert repeat.status_code == 200, repeat.text
    assert repeat.json()["id"] == article["id"]
    assert repeat.json()["status"] == "pending"
    assert [item["id"] for item in pending] == [article["id"]]
    assert extract_jobs(queue_engine) == [(article["id"], "todo", 0)]

    def read_when_done() -> dict[str, Any] | None:
        found: dict[str, Any] = queue_client.get(created.headers["location"]).json()
        return found if found["status"] == "done" else None

    workers.start(1)
    done = wait_for(read_when_done, 60, "the article done", queue_progress(queue_engine, workers))

    facts = extractor.extract(seed_text, SEED_PUBLISHED)
    assert done["summary"] == {
        "people": len(facts.people),
        "organizations": len(facts.organizations),
        "locations": len(facts.locations),
        "dates": len(facts.dates),
        "meetings": len(facts.meetings),
    }
    assert min(done["summary"].values()) > 0, done["summary"]
    assert done["extractor_version"] == extractor.version
    mentions = queue_client.get(f"/articles/{article['id']}/mentions").json()["items"]
    assert len(mentions) == expected_counts(facts)[0]
    for mention in mentions:
        assert seed_text[mention["start"] : mention["end"]] == mention["text"], mention
    assert "Mark Milley" in {m["entity_name"] for m in mentions if m["entity_type"] == "person"}
    assert queue_client.get("/articles", params={"status": "pending"}).json()["items"] == []
    assert extract_jobs(queue_engine) == [(article["id"], "succeeded", 1)]
    again = queue_client.post("/articles", json=body)
    assert (again.status_code, again.json()["status"]) == (200, "done")
    assert len(extract_jobs(queue_engine)) == 1


def test_two_workers_share_a_batch_and_extract_each_article_once(
    queue_client: httpx.Client,
    workers: Workers,
    queue_engine: Engine,
    extractor: Extractor,
    seed_text: str,
) -> None:
    texts = short_texts(25)
    for position in (3, 9, 15, 21, 27):  # five long articles among the short ones
        texts.insert(position, seed_text)
    workers.start(2)

    post_all(queue_client, [article_body(n, body, "batch") for n, body in enumerate(texts)])
    wait_all_done(queue_engine, len(texts), 90, workers)

    # Read while both are still registered: a worker that stops is forgotten with its ids.
    by_worker = rows(
        queue_engine,
        "SELECT worker_id, count(*) FROM procrastinate_jobs WHERE task_name = :task "
        "GROUP BY worker_id",
        task=EXTRACT_TASK,
    )
    assert len(by_worker) == 2 and all(worker for worker, _ in by_worker), by_worker
    assert_each_article_extracted_once(queue_engine, extractor)
    listed = queue_client.get("/articles", params={"status": "done", "limit": 100}).json()
    assert len(listed["items"]) == len(texts)


def test_a_worker_killed_mid_job_loses_nothing_and_duplicates_nothing(
    queue_client: httpx.Client,
    workers: Workers,
    queue_engine: Engine,
    extractor: Extractor,
    seed_text: str,
) -> None:
    short = short_texts(20, seed=11)
    long_text = "\n\n".join([seed_text] * 8)  # seconds of work: the job the kill interrupts
    texts = [*short[:8], long_text, *short[8:]]
    ids = post_all(queue_client, [article_body(n, body, "kill") for n, body in enumerate(texts)])
    long_id = ids[8]
    progress = queue_progress(queue_engine, workers)
    [first] = workers.start(1)

    wait_for(
        lambda: (long_id, "doing", 0) in extract_jobs(queue_engine),
        60,
        "the long article's job running",
        progress,
    )
    time.sleep(0.5)  # well into its extraction, not just fetched
    workers.kill(first)

    # Jobs run in order: the eight before the long one are done, the rest wait.
    assert article_statuses(queue_engine) == {"done": 8, "pending": len(texts) - 8}
    assert (long_id, "doing", 0) in extract_jobs(queue_engine)
    assert fact_counts(queue_engine)[long_id] == (0, 0, 0)

    workers.start(1)
    wait_all_done(queue_engine, len(texts), 90, workers)

    # The long article's job ran again after the stalled check; its facts are there once.
    assert_each_article_extracted_once(queue_engine, extractor, run_twice=frozenset({long_id}))


def test_an_article_the_pipeline_cannot_read_ends_failed_and_is_not_retried(
    queue_client: httpx.Client,
    workers: Workers,
    queue_engine: Engine,
    extractor: Extractor,
) -> None:
    # Longer than spaCy's max_length: the pipeline refuses it (E088), a genuine failure. The
    # API refuses such a text up front (422), so it is queued through the service itself, as
    # any other writer of the queue could.
    sentence = MEETING + " "
    too_long = sentence * (extractor.nlp.max_length // len(sentence) + 10)
    database = Database.from_url(queue_engine.url.render_as_string(hide_password=False))
    queued = enqueue_article(
        database,
        NewArticle(
            title="Too long",
            text=too_long,
            published_at=dt.datetime(2023, 1, 18),
            published_date=dt.date(2023, 1, 18),
            url="https://news.example.com/fail/1",
        ),
        deferrer(build_queue(database.engine.url.render_as_string(hide_password=False), 10)),
    )
    database.dispose()
    bad = queued.article.id
    [good] = post_all(queue_client, [article_body(2, MEETING, "fail")])

    workers.start(1)
    wait_for(
        lambda: "pending" not in article_statuses(queue_engine),
        60,
        "both articles processed",
        queue_progress(queue_engine, workers),
    )

    failed = queue_client.get(f"/articles/{bad}").json()
    assert failed["status"] == "failed"
    problem = failed["problem"]
    assert problem["type"] == "/problems/extraction-failed"
    assert problem["status"] == 422
    assert problem["detail"].startswith("ValueError: [E088]"), problem
    assert problem["instance"] == failed["links"]["self"]
    assert set(failed["summary"].values()) == {0}
    assert queue_client.get(f"/articles/{bad}/mentions").json()["items"] == []
    assert queue_client.get(f"/articles/{good}").json()["status"] == "done"
    listed = queue_client.get("/articles", params={"status": "failed"}).json()["items"]
    assert [item["id"] for item in listed] == [bad]
    # The job itself ends (the article records the failure): nothing left to retry.
    assert extract_jobs(queue_engine) == [(bad, "succeeded", 1), (good, "succeeded", 1)]


# Refuses any meeting of an article whose title says EXPLODE: a database failure after the
# article, its entities and its mentions are written, in the same transaction.
EXPLODE_TRIGGER = """
CREATE OR REPLACE FUNCTION test_explode_meetings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT title FROM articles WHERE id = NEW.article_id) LIKE '%EXPLODE%' THEN
        RAISE EXCEPTION 'test trigger: no meetings for article %', NEW.article_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER test_explode BEFORE INSERT ON meetings
    FOR EACH ROW EXECUTE FUNCTION test_explode_meetings();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS test_explode ON meetings;
DROP FUNCTION IF EXISTS test_explode_meetings();
"""


def exploding_body(number: int, tag: str) -> dict[str, Any]:
    """An article with a meeting whose title the trigger refuses."""
    return {**article_body(number, MEETING, tag), "title": "EXPLODE: Sunak meets Milley"}


@pytest.fixture
def explode_trigger(queue_engine: Engine, extractor: Extractor) -> Iterator[Callable[[], None]]:
    """Install the trigger; yields a function that removes it (it is removed after the test
    in any case: the database outlives the test)."""
    assert extractor.extract(MEETING, SEED_PUBLISHED).meetings, "the trigger needs a meeting"

    def drop() -> None:
        with queue_engine.begin() as connection:
            connection.execute(text(DROP_TRIGGER))

    with queue_engine.begin() as connection:
        connection.execute(text(DROP_TRIGGER))
        connection.execute(text(EXPLODE_TRIGGER))
    try:
        yield drop
    finally:
        drop()


FACT_TABLES = [
    "entities",
    "entity_search_keys",
    "entity_attributes",
    "mentions",
    "date_mentions",
    "meetings",
    "meeting_participants",
    "meeting_evidence",
]
STORED_TABLES = ["articles", "article_search_keys", *FACT_TABLES]


def stored(engine: Engine) -> dict[str, int | list[tuple[Any, ...]]]:
    """Everything an ingest writes: the row counts, and which entities and keys exist."""
    snapshot: dict[str, int | list[tuple[Any, ...]]] = {
        table: scalar(engine, f"SELECT count(*) FROM {table}") for table in STORED_TABLES
    }
    snapshot["entity keys"] = rows(engine, "SELECT kind, key FROM entities ORDER BY 1, 2")
    snapshot["search keys"] = rows(engine, "SELECT key FROM entity_search_keys ORDER BY 1")
    return snapshot


def test_a_database_failure_mid_ingest_leaves_no_partial_article_inline(
    database_url: str,
    queue_engine: Engine,
    extractor: Extractor,
    explode_trigger: Callable[[], None],
) -> None:
    settings = Settings(database_url=database_url, spacy_model=MODEL, api_keys=())
    exploding = exploding_body(2, "inline")
    with TestClient(create_app(settings, extractor), raise_server_exceptions=False) as client:
        kept = client.post("/articles", json=article_body(1, KEPT, "inline"))
        assert kept.status_code == 201, kept.text
        before = stored(queue_engine)

        refused = client.post("/articles", json=exploding)

        assert_problem(refused, 500)
        assert stored(queue_engine) == before  # no article, mention, entity or key of it
        listed = client.get("/articles").json()["items"]
        assert [item["id"] for item in listed] == [kept.json()["id"]]
        assert client.get("/people", params={"q": "Sunak"}).json()["items"] == []
        assert client.get("/locations", params={"q": "London"}).json()["items"] == []
        assert len(client.get("/people", params={"q": "Milley"}).json()["items"]) == 1

        explode_trigger()
        retried = client.post("/articles", json=exploding)

        assert retried.status_code == 201, retried.text
        assert retried.json()["summary"]["meetings"] >= 1


def test_a_database_failure_in_a_job_keeps_the_article_pending_until_a_retry_succeeds(
    queue_client: httpx.Client,
    workers: Workers,
    queue_engine: Engine,
    extractor: Extractor,
    explode_trigger: Callable[[], None],
) -> None:
    body = exploding_body(1, "retry")
    [article_id] = post_all(queue_client, [body])
    progress = queue_progress(queue_engine, workers)

    workers.start(1)
    wait_for(
        lambda: extract_jobs(queue_engine) == [(article_id, "todo", 1)],
        30,
        "the job failed once and was rescheduled",
        progress,
    )

    article = queue_client.get(f"/articles/{article_id}").json()
    assert (article["status"], article["problem"]) == ("pending", None)
    after_failure = stored(queue_engine)
    assert after_failure["articles"] == 1
    assert {table: after_failure[table] for table in FACT_TABLES} == dict.fromkeys(FACT_TABLES, 0)

    explode_trigger()
    # The retry strategy waits 2, 4, 8 ... s between attempts: the next one comes soon.
    wait_all_done(queue_engine, 1, 60, workers)

    [(_, status, attempts)] = extract_jobs(queue_engine)
    assert status == "succeeded" and attempts >= 2
    assert fact_counts(queue_engine)[article_id] == expected_counts(
        extractor.extract(MEETING, SEED_PUBLISHED)
    )
    assert queue_client.get(f"/articles/{article_id}").json()["summary"]["meetings"] >= 1


def test_a_job_out_of_retries_fails_the_article_and_a_repost_queues_it_again(
    queue_client: httpx.Client,
    workers: Workers,
    queue_engine: Engine,
    explode_trigger: Callable[[], None],
) -> None:
    body = exploding_body(1, "give-up")
    [article_id] = post_all(queue_client, [body])
    progress = queue_progress(queue_engine, workers)

    workers.start(1, queue_max_attempts="1")  # one retry, 2 s after the first failure
    wait_for(
        lambda: extract_jobs(queue_engine) == [(article_id, "failed", 2)],
        60,
        "the job failed, was retried once, and failed for good",
        progress,
    )
    article = queue_client.get(f"/articles/{article_id}").json()
    assert article["status"] == "failed"
    assert article["problem"]["type"] == "/problems/extraction-gave-up"
    assert "post the article again" in article["problem"]["detail"]
    assert stored(queue_engine)["meetings"] == 0

    explode_trigger()
    again = queue_client.post("/articles", json=body)

    assert again.status_code == 200, again.text
    assert (again.json()["id"], again.json()["status"]) == (article_id, "pending")
    wait_for(
        lambda: queue_client.get(f"/articles/{article_id}").json()["status"] == "done",
        60,
        "the requeued article was extracted",
        progress,
    )
    assert queue_client.get(f"/articles/{article_id}").json()["summary"]["meetings"] >= 1


# Two queue-mode apps built in one process, as a test suite (or anything that runs the app's
# lifespan twice) does; run in a child process so this one's queue set-up stays untouched.
TWO_APPS = """
import sys
from fastapi.testclient import TestClient
from app.config import Settings
from app.extraction import Extractor
from app.main import create_app

settings = Settings(database_url=sys.argv[1], spacy_model=sys.argv[2], ingest_mode="queue")
extractor = Extractor.load(settings.spacy_model)
for number in (1, 2):
    with TestClient(create_app(settings, extractor=extractor)) as client:
        response = client.post("/articles", json={
            "title": f"App {number}", "text": sys.argv[3], "published_at": "2023-01-18",
            "url": f"https://news.example.com/apps/{number}",
        })
        assert response.status_code == 202, response.text
"""


def test_a_second_queue_mode_app_in_one_process_queues_jobs_a_worker_runs(
    database_url: str, queue_engine: Engine
) -> None:
    subprocess.run(
        [sys.executable, "-c", TWO_APPS, database_url, MODEL, MEETING],
        cwd=REPO,
        check=True,
        timeout=120,
    )

    jobs = rows(
        queue_engine,
        "SELECT (args->>'article_id')::int, queue_name, task_name FROM procrastinate_jobs "
        "WHERE args ? 'article_id' ORDER BY 1",
    )
    # What `newsgraph worker` listens to and runs; a job addressed otherwise is never run.
    assert jobs == [
        (1, "extraction", EXTRACT_TASK),
        (2, "extraction", EXTRACT_TASK),
    ]
