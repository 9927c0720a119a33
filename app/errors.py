"""Domain errors. Each carries what its RFC 9457 problem says; the API renders them."""

from __future__ import annotations

from typing import Any


class NewsgraphError(Exception):
    """Base class: an error a client can act on."""

    status: int = 400
    type: str = "about:blank"
    title: str = "Bad request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFoundError(NewsgraphError):
    status = 404
    type = "/problems/not-found"
    title = "Not found"


class ConflictError(NewsgraphError):
    status = 409
    type = "/problems/conflict"
    title = "Conflict"


class UnauthorizedError(NewsgraphError):
    status = 401
    type = "/problems/unauthorized"
    title = "Missing or invalid API key"


class UnsupportedMediaTypeError(NewsgraphError):
    status = 415
    type = "/problems/unsupported-media-type"
    title = "Unsupported media type"


class InvalidInputError(NewsgraphError):
    status = 422
    type = "/problems/validation"
    title = "Invalid input"


class MalformedJSONError(NewsgraphError):
    status = 400
    type = "/problems/malformed-json"
    title = "Malformed JSON"


class PayloadTooLargeError(NewsgraphError):
    status = 413
    type = "/problems/payload-too-large"
    title = "Payload too large"
