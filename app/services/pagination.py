"""Keyset pagination: an opaque cursor holds the sort key of the last item of a page."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from app.errors import InvalidInputError


def encode_cursor(values: list[Any]) -> str:
    """An opaque, URL-safe cursor for the sort key ``values``."""
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, types: tuple[type, ...]) -> list[Any]:
    """The sort key in ``cursor``, each value converted by ``types``; a forged or damaged
    cursor is a 422 naming the parameter."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(types):
            raise ValueError
        return [_convert(kind, value) for kind, value in zip(types, values, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
        raise InvalidInputError(
            "cursor is not one this service issued", parameter="cursor"
        ) from error


def _convert(kind: type, value: Any) -> Any:
    parse = getattr(kind, "fromisoformat", None)
    return parse(value) if parse is not None else kind(value)
