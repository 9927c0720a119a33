"""ASGI middleware: a request id for every request, and a hard cap on body size."""

from __future__ import annotations

import json
import logging
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("newsgraph.requests")


class RequestIdMiddleware:
    """Give every request an id (``X-Request-ID`` in, or a new one) shown in responses and logs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if 0 < len(given) <= 100 and given.isprintable() else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
                log.info(
                    "%s %s -> %s [%s]",
                    scope["method"],
                    scope["path"],
                    message["status"],
                    request_id,
                )
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Our own last resort, inside the id's scope, so the 500 carries it too.
            log.exception("unhandled error in request %s", request_id)
            if started:
                raise
            await send_problem(
                send_with_id,
                500,
                "Internal error",
                "the server failed; the request id is in its logs",
                request_id,
            )


class BodySizeLimitMiddleware:
    """Answer 413 to a body over ``max_bytes``, counting the bytes as they stream in (neither
    uvicorn nor FastAPI limits bodies, and Content-Length may be absent or false)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in {"GET", "HEAD", "OPTIONS", "DELETE"}:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(scope, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._reject(scope, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _reject(self, scope: Scope, send: Send) -> None:
        await send_problem(
            send,
            413,
            "Payload too large",
            f"the body exceeds {self.max_bytes} bytes",
            scope.get("state", {}).get("request_id", ""),
            "/problems/payload-too-large",
        )


async def send_problem(
    send: Send, status: int, title: str, detail: str, request_id: str, type_: str = "about:blank"
) -> None:
    """Answer with a problem+json document straight from ASGI middleware."""
    body = json.dumps(
        {
            "type": type_,
            "title": title,
            "status": status,
            "detail": detail,
            "instance": f"urn:request:{request_id}",
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
