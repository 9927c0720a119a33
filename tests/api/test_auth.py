"""With API keys configured, writes need one of them in X-API-Key; reads stay open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import assert_problem

KEYS = ("k1", "k2")


@pytest.fixture
def keyed_client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(api_keys=KEYS)


def key(value: str) -> dict[str, str]:
    return {"X-API-Key": value}


@pytest.mark.parametrize(
    "headers", [{}, key(""), key("k3"), key("K1"), key("k1k2"), key("k1,k2")], ids=repr
)
def test_post_without_a_valid_key_is_401_and_stores_nothing(
    keyed_client: TestClient, make_article: Callable[..., dict[str, Any]], headers: dict[str, str]
) -> None:
    response = keyed_client.post("/articles", json=make_article(), headers=headers)

    problem = assert_problem(response, 401)
    assert problem["type"] == "/problems/unauthorized"
    assert "X-API-Key" in problem["detail"]
    assert keyed_client.get("/articles").json()["items"] == []


@pytest.mark.parametrize(
    "body", [b"{not json", b'{"title": 1}', b"[]"], ids=["malformed", "invalid", "wrong shape"]
)
def test_a_bad_body_without_a_valid_key_is_401_not_a_report_on_the_body(
    keyed_client: TestClient, body: bytes
) -> None:
    response = keyed_client.post(
        "/articles", content=body, headers={"Content-Type": "application/json"}
    )

    assert assert_problem(response, 401)["type"] == "/problems/unauthorized"
    with_key = keyed_client.post(
        "/articles", content=body, headers={"Content-Type": "application/json", **key("k1")}
    )
    assert with_key.status_code in {400, 422}


def test_every_configured_key_is_accepted_so_keys_can_be_rotated(
    keyed_client: TestClient, make_article: Callable[..., dict[str, Any]]
) -> None:
    body = make_article()

    with_old = keyed_client.post("/articles", json=body, headers=key("k1"))
    with_new = keyed_client.post("/articles", json=body, headers=key("k2"))
    another = keyed_client.post("/articles", json=make_article(), headers=key("k2"))

    assert with_old.status_code == 201, with_old.text
    assert with_new.status_code == 200, with_new.text
    assert with_new.json()["id"] == with_old.json()["id"]
    assert another.status_code == 201, another.text
    assert len(keyed_client.get("/articles").json()["items"]) == 2


def test_delete_needs_a_valid_key_too(
    keyed_client: TestClient, make_article: Callable[..., dict[str, Any]]
) -> None:
    article_id = keyed_client.post("/articles", json=make_article(), headers=key("k1")).json()["id"]

    assert_problem(keyed_client.delete(f"/articles/{article_id}"), 401)
    assert_problem(keyed_client.delete(f"/articles/{article_id}", headers=key("nope")), 401)
    assert keyed_client.get(f"/articles/{article_id}").status_code == 200

    assert keyed_client.delete(f"/articles/{article_id}", headers=key("k2")).status_code == 204
    assert keyed_client.get(f"/articles/{article_id}").status_code == 404


def test_reads_need_no_key(
    keyed_client: TestClient, make_article: Callable[..., dict[str, Any]]
) -> None:
    article_id = keyed_client.post("/articles", json=make_article(), headers=key("k1")).json()["id"]
    mentions = keyed_client.get(f"/articles/{article_id}/mentions").json()["items"]
    person_id = next(m["entity_id"] for m in mentions if m["entity_type"] == "person")

    for path in (
        "/health",
        "/articles",
        f"/articles/{article_id}",
        f"/articles/{article_id}/mentions",
        "/people",
        f"/people/{person_id}",
        "/meetings",
    ):
        response = keyed_client.get(path)
        assert response.status_code == 200, (path, response.text)


def test_without_configured_keys_writes_are_open(
    client: TestClient, make_article: Callable[..., dict[str, Any]]
) -> None:
    created = client.post("/articles", json=make_article())
    assert created.status_code == 201, created.text
    assert client.delete(f"/articles/{created.json()['id']}").status_code == 204
