"""Every error is an RFC 9457 problem (application/problem+json with type, title, status,
detail and instance = the X-Request-ID), and a rejected write stores nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.api.deps import get_session
from tests.api.conftest import assert_problem

MAX_BODY_BYTES = 1000
TEXT = "Gen. Mark Milley met Gen. Valerii Zaluzhnyi in Poland on Tuesday."
VALID = {"title": "Generals meet", "text": TEXT, "published_at": "2023-01-18"}
JSON_HEADERS = {"content-type": "application/json"}


def without(field: str) -> dict[str, Any]:
    return {key: value for key, value in VALID.items() if key != field}


def as_json(body: object) -> dict[str, Any]:
    return {"content": json.dumps(body), "headers": JSON_HEADERS}


VALIDATION = "/problems/validation"
REJECTED_POSTS = [
    # request keyword arguments, status, problem type, what the detail must name
    pytest.param(
        {"content": b'{"title": "Generals meet", "text": ', "headers": JSON_HEADERS},
        400,
        "/problems/malformed-json",
        "JSON",
        id="malformed JSON",
    ),
    pytest.param(
        as_json(without("published_at")), 422, VALIDATION, "published_at", id="no published_at"
    ),
    pytest.param(
        as_json({**VALID, "html": f"<p>{TEXT}</p>"}), 422, VALIDATION, "html", id="text and html"
    ),
    pytest.param(as_json(without("text")), 422, VALIDATION, "html", id="neither text nor html"),
    pytest.param(as_json({**VALID, "text": "   \n\t "}), 422, VALIDATION, "text", id="blank text"),
    pytest.param(
        as_json({**without("text"), "html": "<script>alert('Milley')</script><p> </p>"}),
        422,
        VALIDATION,
        "HTML",
        id="html without text",
    ),
    pytest.param(
        as_json({**VALID, "published_at": "2023-13-45"}),
        422,
        VALIDATION,
        "published_at",
        id="impossible date",
    ),
    pytest.param(as_json({**VALID, "language": "fr"}), 422, VALIDATION, "language", id="French"),
    pytest.param(
        as_json({**VALID, "author": "SOFREP"}), 422, VALIDATION, "author", id="unknown field"
    ),
    pytest.param(as_json([VALID]), 422, VALIDATION, "body", id="not an object"),
    pytest.param(
        {"content": json.dumps(VALID), "headers": {"content-type": "text/plain"}},
        415,
        "/problems/unsupported-media-type",
        "application/json",
        id="text/plain body",
    ),
]


@pytest.mark.parametrize(("request_args", "status", "problem_type", "named"), REJECTED_POSTS)
def test_rejected_post_is_a_problem_and_stores_nothing(
    client: TestClient, request_args: dict[str, Any], status: int, problem_type: str, named: str
) -> None:
    problem = assert_problem(client.post("/articles", **request_args), status)

    assert problem["type"] == problem_type
    assert named in problem["detail"]
    listing = client.get("/articles", params={"count": "true"}).json()
    assert listing["items"] == []
    assert listing["total"] == 0


def test_valid_post_is_accepted_by_the_same_checks(client: TestClient) -> None:
    """The cases above fail for the reason they name, not because the base body is wrong."""
    assert client.post("/articles", **as_json(VALID)).status_code == 201


# --- body size -------------------------------------------------------------------------------


@pytest.fixture
def small_client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(max_body_bytes=MAX_BODY_BYTES)


def oversized() -> bytes:
    body = json.dumps({**VALID, "text": TEXT + " Then they talked." * 100}).encode()
    assert len(body) > MAX_BODY_BYTES
    return body


def chunks(body: bytes, size: int = 100) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def test_body_over_the_limit_is_413_and_stores_nothing(small_client: TestClient) -> None:
    response = small_client.post("/articles", content=oversized(), headers=JSON_HEADERS)

    assert int(response.request.headers["content-length"]) > MAX_BODY_BYTES
    problem = assert_problem(response, 413)
    assert problem["type"] == "/problems/payload-too-large"
    assert str(MAX_BODY_BYTES) in problem["detail"]
    assert small_client.get("/articles").json()["items"] == []


def test_chunked_body_over_the_limit_is_413_without_content_length(
    small_client: TestClient,
) -> None:
    response = small_client.post("/articles", content=chunks(oversized()), headers=JSON_HEADERS)

    assert "content-length" not in response.request.headers
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert_problem(response, 413)
    assert small_client.get("/articles").json()["items"] == []


def test_body_under_the_limit_is_accepted_plain_or_chunked(small_client: TestClient) -> None:
    plain = json.dumps(VALID).encode()
    chunked = json.dumps({**VALID, "url": "https://news.example.com/chunked"}).encode()
    assert len(plain) < MAX_BODY_BYTES and len(chunked) < MAX_BODY_BYTES

    first = small_client.post("/articles", content=plain, headers=JSON_HEADERS)
    second = small_client.post("/articles", content=chunks(chunked, 50), headers=JSON_HEADERS)

    assert first.status_code == 201, first.text
    assert second.status_code == 201, second.text
    assert second.json()["url"] == "https://news.example.com/chunked"


# --- routing errors --------------------------------------------------------------------------


def test_unknown_path_is_a_404_problem(client: TestClient) -> None:
    assert_problem(client.get("/no/such/thing"), 404)


def test_wrong_method_is_a_405_problem(client: TestClient) -> None:
    problem = assert_problem(client.put("/articles", json=VALID), 405)
    assert problem["title"] == "Method not allowed"
    assert client.get("/articles").json()["items"] == []


def test_unknown_article_is_a_404_problem(client: TestClient) -> None:
    problem = assert_problem(client.get("/articles/999999"), 404)
    assert problem["type"] == "/problems/not-found"
    assert "999999" in problem["detail"]


def test_a_request_id_the_client_sends_names_the_problem(client: TestClient) -> None:
    response = client.get("/articles/999999", headers={"X-Request-ID": "trace-abc-123"})

    assert response.headers["x-request-id"] == "trace-abc-123"
    assert assert_problem(response, 404)["instance"] == "urn:request:trace-abc-123"


def test_every_response_gets_its_own_request_id(client: TestClient) -> None:
    ids = {client.get("/articles/999999").headers["x-request-id"] for _ in range(3)}
    ids.add(client.get("/health").headers["x-request-id"])
    assert len(ids) == 4


# --- inputs that once ended in a 500, and the 500 itself ------------------------------------


@pytest.fixture
def lenient_client(make_client: Callable[..., TestClient]) -> TestClient:
    """Answers a server error with the app's 500 response instead of raising it."""
    return make_client(raise_server_exceptions=False)


@pytest.mark.parametrize("path", ["/articles/{}", "/people/{}", "/meetings/{}", "/locations/{}"])
def test_id_beyond_the_integer_range_is_a_422_problem(
    lenient_client: TestClient, path: str
) -> None:
    client = lenient_client
    assert_problem(client.get(path.format(2**63)), 422)
    assert_problem(client.get(path.format(0)), 422)


def test_id_filter_beyond_the_integer_range_is_a_422_problem(client: TestClient) -> None:
    assert_problem(client.get("/articles", params={"entity": 2**31}), 422)
    assert_problem(client.get("/meetings", params={"person": 2**40}), 422)


def test_published_at_that_leaves_the_calendar_in_utc_is_a_422_problem(
    client: TestClient,
) -> None:
    response = client.post("/articles", json={**VALID, "published_at": "0001-01-01T00:00:00+05:00"})
    assert_problem(response, 422)


def test_url_longer_than_the_store_takes_is_a_422_problem(client: TestClient) -> None:
    response = client.post(
        "/articles", json={**VALID, "url": "https://news.example.com/" + "a" * 3000}
    )
    assert_problem(response, 422)


@pytest.mark.parametrize("field", ["text", "title"])
def test_nul_character_is_a_422_problem(client: TestClient, field: str) -> None:
    body = {**VALID, field: VALID[field] + "\u0000"}
    assert_problem(client.post("/articles", json=body), 422)
    assert client.get("/articles").json()["items"] == []


def test_an_unexpected_failure_is_a_500_problem_with_the_request_id(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(raise_server_exceptions=False)

    def broken_session() -> Iterator[None]:
        raise RuntimeError("database driver exploded")
        yield

    client.app.dependency_overrides[get_session] = broken_session  # type: ignore[attr-defined]
    response = client.get("/articles")
    assert_problem(response, 500)
    assert "exploded" not in response.text


def test_text_longer_than_the_pipeline_takes_is_a_422_problem(client: TestClient) -> None:
    body = {**VALID, "text": "word " * 200_001}
    assert_problem(client.post("/articles", json=body), 422)
    batch = client.post("/articles/batch", json=[body, {**VALID, "url": "https://a.example/1"}])
    outcomes = [item["status"] for item in batch.json()["items"]]
    assert outcomes == ["error", "created"]
