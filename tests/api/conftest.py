"""Fixtures and checks shared by the HTTP tests: apps with their own settings, direct SQL
access to the test database, and the RFC 9457 problem contract."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine

from app.config import Settings
from app.extraction import Extractor
from app.main import create_app
from tests.conftest import MODEL

PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance"}


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """Check ``response`` is an RFC 9457 problem with ``status`` whose ``instance`` names the
    request id the response carries in X-Request-ID; return the problem."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem: dict[str, Any] = response.json()
    assert problem.keys() >= PROBLEM_FIELDS, problem
    assert problem["status"] == status
    assert problem["title"]
    assert problem["detail"]
    request_id = response.headers["x-request-id"]
    assert request_id
    assert problem["instance"] == f"urn:request:{request_id}"
    return problem


@pytest.fixture
def make_client(database_url: str, extractor: Extractor) -> Iterator[Callable[..., TestClient]]:
    """A factory of started TestClients on the test database with settings changed as told
    (``api_keys``, ``max_body_bytes``, ...); all are shut down after the test."""
    with ExitStack() as stack:

        def make(*, raise_server_exceptions: bool = True, **overrides: Any) -> TestClient:
            settings = Settings(
                **{"database_url": database_url, "spacy_model": MODEL, "api_keys": (), **overrides}
            )
            app = create_app(settings, extractor=extractor)
            client = TestClient(app, raise_server_exceptions=raise_server_exceptions)
            return stack.enter_context(client)

        yield make


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the test database, for checking what the API left behind in it."""
    engine = create_engine(database_url)
    yield engine
    engine.dispose()
