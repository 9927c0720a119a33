"""RFC 9457 problem+json for every error: ours, FastAPI's and Starlette's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from app.api.deps import API_KEY_DETAIL, api_key_accepted
from app.errors import InvalidInputError, MalformedJSONError, NewsgraphError, UnauthorizedError
from app.schemas import Problem

PROBLEM_MEDIA_TYPE = "application/problem+json"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", "") or "")


def problem_response(
    request: Request,
    status: int,
    title: str,
    detail: str,
    type_: str = "about:blank",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """A problem+json response whose ``instance`` is the request id (also in the logs)."""
    body = {
        "type": type_,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": f"urn:request:{request_id(request)}",
        **extra,
    }
    return JSONResponse(
        jsonable_encoder(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def validation_problem(errors: Sequence[Any]) -> InvalidInputError:
    """A 422 naming every field that failed validation."""
    listed = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in errors
    ]
    detail = "; ".join(f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in listed)
    return InvalidInputError(detail, errors=listed)


def install_problem_handlers(app: FastAPI) -> None:
    """Route every exception a client can cause to a problem response."""

    @app.exception_handler(NewsgraphError)
    async def _domain(request: Request, error: NewsgraphError) -> JSONResponse:
        return problem_response(
            request, error.status, error.title, error.detail, error.type, **error.extra
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
        problem: NewsgraphError = validation_problem(error.errors())
        # FastAPI reads the body before it runs dependencies: without this, a write without
        # a valid key would learn what is wrong with its body before being refused.
        if request.method in WRITE_METHODS and not api_key_accepted(
            request.app.state.settings, request.headers.get("x-api-key")
        ):
            problem = UnauthorizedError(API_KEY_DETAIL)
        elif any(e.get("type") == "json_invalid" for e in error.errors()):
            problem = MalformedJSONError(
                "the body is not valid JSON", errors=problem.extra["errors"]
            )
        return problem_response(
            request, problem.status, problem.title, problem.detail, problem.type, **problem.extra
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        titles = {404: "Not found", 405: "Method not allowed"}
        headers = dict(error.headers or {})
        if error.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return problem_response(
            request,
            error.status_code,
            titles.get(error.status_code, "HTTP error"),
            str(error.detail),
            headers=headers,
        )


_PROBLEM_SCHEMA = Problem.model_json_schema()
_STATUS_TEXT = {
    400: "Malformed JSON",
    401: "Missing or invalid API key",
    404: "No such resource",
    409: "Conflict with what is stored",
    413: "Body too large",
    415: "Body is not JSON",
    422: "Invalid input (a field, a filter, a cursor or an id)",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Error responses for a route's OpenAPI entry, as problem+json with the Problem schema.
    Every route can refuse input, so 422 is always declared (instead of FastAPI's default)."""
    return {
        status: {
            "description": _STATUS_TEXT.get(status, "Problem"),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": _PROBLEM_SCHEMA}},
        }
        for status in sorted({*statuses, 422})
    }


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE and isinstance(route, APIRoute | Route) and route.methods:
            methods |= route.methods
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)
