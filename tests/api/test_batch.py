"""POST /articles/batch: many articles, one outcome each."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import assert_problem

MakeArticle = Callable[..., dict[str, Any]]


def test_batch_stores_each_article_and_reports_each_outcome(
    client: TestClient, make_article: MakeArticle
) -> None:
    first, second = make_article(), make_article()
    client.post("/articles", json=first)
    invalid = make_article(published_at="not a date")
    response = client.post("/articles/batch", json=[first, second, invalid, second])
    assert response.status_code == 200
    body = response.json()
    assert [item["status"] for item in body["items"]] == [
        "existing",
        "created",
        "error",
        "existing",
    ]
    assert (body["created"], body["existing"], body["failed"]) == (1, 2, 1)
    assert body["items"][1]["id"] == body["items"][3]["id"]
    problem = body["items"][2]["problem"]
    assert problem["status"] == 422
    assert "published_at" in problem["detail"]
    stored = client.get(body["items"][1]["url"]).json()
    assert stored["title"] == second["title"]
    assert stored["summary"]["people"] >= 2


def test_batch_conflict_sinks_only_its_own_article(
    client: TestClient, make_article: MakeArticle
) -> None:
    original = make_article()
    client.post("/articles", json=original)
    changed = {**original, "text": original["text"] + " Then they left."}
    fresh = make_article()
    body = client.post("/articles/batch", json=[changed, fresh]).json()
    assert body["items"][0]["status"] == "error"
    assert body["items"][0]["problem"]["status"] == 409
    assert body["items"][1]["status"] == "created"


def test_batch_takes_ndjson(client: TestClient, make_article: MakeArticle) -> None:
    lines = "\n".join(json.dumps(make_article()) for _ in range(3)) + "\n"
    response = client.post(
        "/articles/batch",
        content=lines.encode(),
        headers={"content-type": "application/x-ndjson"},
    )
    assert response.status_code == 200
    assert response.json()["created"] == 3


def test_batch_errors_are_problems(client: TestClient, make_article: MakeArticle) -> None:
    headers = {"content-type": "application/json"}
    assert_problem(client.post("/articles/batch", content=b"[{", headers=headers), 400)
    assert_problem(client.post("/articles/batch", json=[]), 422)
    assert_problem(client.post("/articles/batch", json={"title": "x"}), 422)
    assert_problem(
        client.post("/articles/batch", content=b"x", headers={"content-type": "text/plain"}), 415
    )
    too_many = [make_article() for _ in range(101)]
    assert_problem(client.post("/articles/batch", json=too_many), 413)
    assert client.get("/articles").json()["items"] == []


def test_batch_needs_the_api_key(
    make_client: Callable[..., TestClient], make_article: MakeArticle
) -> None:
    client = make_client(api_keys=("k1",))
    assert_problem(client.post("/articles/batch", json=[make_article()]), 401)
    response = client.post("/articles/batch", json=[make_article()], headers={"X-API-Key": "k1"})
    assert response.json()["created"] == 1
