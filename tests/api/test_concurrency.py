"""Simultaneous posts against one app and one committed database (a SQLite file with WAL, or
PostgreSQL): the unique keys, not luck, keep articles and entities single."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

THREADS = 8


def post_all_at_once(client: TestClient, bodies: list[dict[str, Any]]) -> list[httpx.Response]:
    """POST every body from its own thread, all released at the same moment."""
    start = threading.Barrier(len(bodies))

    def post(body: dict[str, Any]) -> httpx.Response:
        start.wait(timeout=30)
        response: httpx.Response = client.post("/articles", json=body)
        return response

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(post, bodies))


def duplicate_entities(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT kind, key, count(*) FROM entities GROUP BY kind, key HAVING count(*) > 1")
        )
        return [tuple(row) for row in rows]


def count(engine: Engine, query: str) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(text(query)) or 0)


def test_same_article_posted_by_eight_clients_at_once_is_stored_once(
    client: TestClient, engine: Engine, make_article: Callable[..., dict[str, Any]]
) -> None:
    body = make_article()

    responses = post_all_at_once(client, [body] * THREADS)

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * (THREADS - 1) + [201], [r.text for r in responses]
    assert len({response.json()["id"] for response in responses}) == 1
    assert count(engine, "SELECT count(*) FROM articles") == 1
    assert duplicate_entities(engine) == []
    assert len(client.get("/articles").json()["items"]) == 1
    mentions = client.get(f"/articles/{responses[0].json()['id']}/mentions").json()["items"]
    # One article's worth of mentions, not one per racing request.
    assert sorted(m["text"] for m in mentions) == ["Mark Milley", "Poland", "Valerii Zaluzhnyi"]


def test_eight_articles_naming_the_same_people_at_once_share_their_entities(
    client: TestClient, engine: Engine, make_article: Callable[..., dict[str, Any]]
) -> None:
    bodies = [make_article() for _ in range(THREADS)]

    responses = post_all_at_once(client, bodies)

    assert [response.status_code for response in responses] == [201] * THREADS, [
        r.text for r in responses
    ]
    article_ids = {response.json()["id"] for response in responses}
    assert len(article_ids) == THREADS
    assert count(engine, "SELECT count(*) FROM articles") == THREADS
    assert duplicate_entities(engine) == []
    milley_ids = {
        mention["entity_id"]
        for article_id in article_ids
        for mention in client.get(f"/articles/{article_id}/mentions").json()["items"]
        if mention["entity_name"] == "Mark Milley"
    }
    assert len(milley_ids) == 1
    people = client.get("/people", params={"q": "milley", "count": "true"}).json()
    assert [person["id"] for person in people["items"]] == list(milley_ids)
    detail = client.get(f"/people/{milley_ids.pop()}").json()
    assert detail["article_count"] == THREADS
