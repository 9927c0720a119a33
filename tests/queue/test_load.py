"""Load on loopback: eight clients post 200 overlapping articles (60 distinct, each posted by
several clients) to uvicorn in queue mode while two workers extract them. Each article must
end up stored once, extracted once and done, with nothing orphaned, duplicated or queued."""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from sqlalchemy import Engine

from app.extraction import Extractor
from tests.conftest import SEED_PUBLISHED
from tests.queue.support import (
    ApiServer,
    Workers,
    article_body,
    article_statuses,
    duplicate_entities,
    expected_by_article,
    extract_jobs,
    fact_counts,
    queue_progress,
    rows,
    scalar,
    short_texts,
    unfinished_jobs,
    wait_for,
)

CLIENTS = 8
DISTINCT = 60
POSTS = 200
POSTING_TIMEOUT = 90
EXTRACTION_TIMEOUT = 90


def client_plans(bodies: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """What each client posts: every article 3 or 4 times, each copy by another client,
    ``POSTS`` posts in all, each client's share in its own shuffled order."""
    plans: list[list[dict[str, Any]]] = [[] for _ in range(CLIENTS)]
    extra = POSTS - 3 * len(bodies)
    for number, body in enumerate(bodies):
        for copy in range(4 if number < extra else 3):
            plans[(number + copy) % CLIENTS].append(body)
    for seed, plan in enumerate(plans):
        random.Random(seed).shuffle(plan)
    return plans


Answer = tuple[str, int, int]  # url, HTTP status, article id


def post_concurrently(base_url: str, plans: list[list[dict[str, Any]]]) -> list[Answer]:
    """Every client posts its plan from its own thread, all starting together."""
    start = threading.Barrier(len(plans))

    def client(plan: list[dict[str, Any]]) -> list[Answer]:
        answers = []
        with httpx.Client(base_url=base_url, timeout=30) as http:
            start.wait(timeout=30)
            for body in plan:
                response = http.post("/articles", json=body)
                assert response.status_code in {200, 202}, response.text
                answers.append((body["url"], response.status_code, response.json()["id"]))
        return answers

    with ThreadPoolExecutor(max_workers=len(plans)) as pool:
        return [answer for answers in pool.map(client, plans) for answer in answers]


def test_overlapping_posts_from_eight_clients_are_stored_and_extracted_once(
    queue_server: ApiServer, workers: Workers, queue_engine: Engine, extractor: Extractor
) -> None:
    bodies = [article_body(n, body, "load") for n, body in enumerate(short_texts(DISTINCT, 23))]
    plans = client_plans(bodies)
    assert sum(map(len, plans)) == POSTS
    workers.start(2)

    started = time.monotonic()
    answers = post_concurrently(queue_server.base_url, plans)
    posting_seconds = time.monotonic() - started
    wait_for(
        lambda: article_statuses(queue_engine) == {"done": DISTINCT},
        EXTRACTION_TIMEOUT,
        f"all {DISTINCT} articles done",
        queue_progress(queue_engine, workers),
    )

    assert len(answers) == POSTS
    assert posting_seconds < POSTING_TIMEOUT
    by_url: dict[str, list[tuple[int, int]]] = {}
    for url, status, article_id in answers:
        by_url.setdefault(url, []).append((status, article_id))
    assert len(by_url) == DISTINCT
    for url, outcomes in by_url.items():
        statuses = sorted(status for status, _ in outcomes)
        assert statuses == [200] * (len(outcomes) - 1) + [202], (url, outcomes)
        assert len({article_id for _, article_id in outcomes}) == 1, (url, outcomes)
    assert len({article_id for _, _, article_id in answers}) == DISTINCT

    assert scalar(queue_engine, "SELECT count(DISTINCT url) FROM articles") == DISTINCT
    assert scalar(queue_engine, "SELECT count(*) FROM articles") == DISTINCT
    orphans = rows(
        queue_engine,
        "SELECT 'mention', m.id FROM mentions m LEFT JOIN articles a ON a.id = m.article_id "
        "LEFT JOIN entities e ON e.id = m.entity_id WHERE a.id IS NULL OR e.id IS NULL "
        "UNION ALL SELECT 'meeting', g.id FROM meetings g "
        "LEFT JOIN articles a ON a.id = g.article_id WHERE a.id IS NULL "
        "UNION ALL SELECT 'participant', p.meeting_id FROM meeting_participants p "
        "LEFT JOIN meetings g ON g.id = p.meeting_id WHERE g.id IS NULL",
    )
    assert orphans == []
    assert duplicate_entities(queue_engine) == []
    assert fact_counts(queue_engine) == expected_by_article(queue_engine, extractor, SEED_PUBLISHED)
    jobs = extract_jobs(queue_engine)
    assert len(jobs) == DISTINCT
    assert {article_id for article_id, _, _ in jobs} == set(fact_counts(queue_engine))
    assert {(status, attempts) for _, status, attempts in jobs} == {("succeeded", 1)}
    assert unfinished_jobs(queue_engine) == []
