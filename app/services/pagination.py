"""Keyset pagination: an opaque cursor holds the sort key of the last item of a page, so a
deep page costs what the first one does."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.errors import InvalidInputError

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results; ``next_cursor`` is None on the last page, ``total`` None when not
    counted."""

    items: list[T]
    next_cursor: str | None
    total: int | None = None


def encode_cursor(values: Sequence[Any]) -> str:
    """An opaque, URL-safe cursor for the sort key ``values``."""
    raw = json.dumps(list(values), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, types: tuple[type, ...]) -> list[Any]:
    """The sort key in ``cursor``, each value converted by ``types``; a forged or damaged
    cursor is a 422 naming the parameter."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(types):
            raise ValueError("wrong shape")
        return [_convert(kind, value) for kind, value in zip(types, values, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, OverflowError) as error:
        raise InvalidInputError(
            "cursor is not one this service issued", parameter="cursor"
        ) from error


def _convert(kind: type, value: Any) -> Any:
    if kind is int:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**31:
            raise ValueError("not an id")
        return value
    if not isinstance(value, str) or "\x00" in value:
        raise ValueError("not a clean string")
    parse = getattr(kind, "fromisoformat", None)
    return parse(value) if parse is not None else kind(value)


def count_rows(session: Session, query: Select[Any]) -> int:
    """How many rows ``query`` would return, ignoring its order."""
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def take_page(
    rows: list[T], limit: int, sort_key: Callable[[T], Sequence[Any]], total: int | None = None
) -> Page[T]:
    """Cut ``limit`` + 1 fetched rows to a page, with a cursor when there is more."""
    if len(rows) <= limit:
        return Page(rows, None, total)
    kept = rows[:limit]
    return Page(kept, encode_cursor(sort_key(kept[-1])), total)
