"""Property test of the whole OpenAPI document: generated requests to every operation of the
real app, on a real database seeded with the seed article, never get a 5xx and always get a
response their operation declares, in the declared shape."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis import Case

from app.main import app as documented_app
from app.schemas import Problem

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class RunningApp:
    """The ASGI app schemathesis calls: it forwards each request to the app of the test that is
    running, whose TestClient owns the lifespan (the database and the pipeline). Schemathesis
    binds a schema to one app when the module loads, before any test database exists."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            # Refusing the scope before reading a message is how an ASGI app says it has no
            # lifespan; schemathesis then just sends requests. A second lifespan would replace
            # the database on app.state and keep it open for the rest of the run.
            raise RuntimeError("the test's TestClient runs the lifespan")
        await self.app(scope, receive, send)


running = RunningApp(documented_app)
# The batch endpoint's NDJSON body is declared as one string: send it as the text it is.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")
schema = schemathesis.openapi.from_asgi("/openapi.json", running)


@pytest.fixture
def seeded_app(app: FastAPI, seed_text: str) -> Iterator[FastAPI]:
    """The test's app, started on its own database holding the seed article (so ids 1, 2, ...
    exist and generated requests reach stored rows), as the app schemathesis calls."""
    with TestClient(app) as client:
        response = client.post(
            "/articles",
            json={
                "title": "US and Ukrainian top generals meet in person",
                "text": seed_text,
                "url": "https://news.example.com/2023/01/18/generals-meet",
                "source": "SOFREP",
                "published_at": "2023-01-18",
            },
        )
        assert response.status_code == 201, response.text
        running.app = app
        try:
            yield app
        finally:
            running.app = documented_app


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    # The same examples every run, and no example database left in the work tree.
    derandomize=True,
    database=None,
    # Every example of one operation shares the test's seeded database on purpose. Extracting a
    # generated article can be slow, which is not a defect.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_answers_within_its_contract(case: Case[Any], seeded_app: FastAPI) -> None:
    case.call_and_validate(
        additional_checks=[errors_are_problem_details],
        # A request can match the schema and still be refused with a declared 422: the API
        # checks what JSON Schema cannot say (a cursor must be one it issued, a country code
        # must exist, date_from must not be after date_to). Refusing those is the contract.
        excluded_checks=[
            schemathesis.checks.positive_data_acceptance,
            # A batch answers 200 with an outcome per article, refused ones included: one bad
            # article never sinks the others, so "reject the whole request" does not apply.
            *(
                [schemathesis.checks.negative_data_rejection]
                if case.operation.path == "/articles/batch"
                else []
            ),
        ],
    )


def errors_are_problem_details(ctx: Any, response: Any, case: Case[Any]) -> bool | None:
    """Every error is an RFC 9457 problem naming its request id. The OpenAPI document gives
    application/problem+json no schema, so the schema checks alone would accept any body."""
    if response.status_code < 400:
        return None
    content_type = response.headers.get("content-type", [""])[0]
    assert content_type.startswith("application/problem+json"), (
        f"{response.status_code} answered as {content_type!r}"
    )
    problem = Problem.model_validate_json(response.content)
    assert problem.status == response.status_code, problem
    request_id = response.headers.get("x-request-id", [""])[0]
    assert request_id and problem.instance == f"urn:request:{request_id}", problem
    return True
