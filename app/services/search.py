"""Prefix search over names: normalized keys, one per word start, matched by a key range."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import ColumnElement, delete, insert, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.errors import InvalidInputError
from app.models import SEARCH_KEY_LENGTH, Entity, EntityAttribute, EntitySearchKey

_NOT_WORD = re.compile(r"[^\w]+")
SearchColumn = ColumnElement[str] | InstrumentedAttribute[str]


def normalize_words(text: str) -> str:
    """Lower-case, accent-free words separated by single spaces ("Grafenwöhr" -> "grafenwohr",
    "Ramstein-Miesenbach" -> "ramstein miesenbach")."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NOT_WORD.sub(" ", bare.casefold()).split())


def search_keys(names: Iterable[str]) -> set[str]:
    """Every key a prefix query should find these names by: the normalized name from each of
    its word starts ("mark milley", "milley")."""
    keys: set[str] = set()
    for name in names:
        words = normalize_words(name).split()
        for index in range(len(words)):
            keys.add(" ".join(words[index:])[:SEARCH_KEY_LENGTH])
    return keys


def prefix_match(column: SearchColumn, query: str) -> ColumnElement[bool] | None:
    """``column >= prefix AND column < next prefix``: a range a B-tree index answers on every
    database. None when the query has no word characters."""
    prefix = normalize_words(query)[:SEARCH_KEY_LENGTH]
    if not prefix:
        return None
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return (column >= prefix) & (column < upper)


def require_prefix(column: SearchColumn, query: str) -> ColumnElement[bool]:
    """The prefix range for ``query``; a query without letters or digits is a 422."""
    match = prefix_match(column, query)
    if match is None:
        raise InvalidInputError("q needs at least one letter or digit", parameter="q")
    return match


def refresh_entity_search_keys(session: Session, entity_ids: Iterable[int]) -> None:
    """Rebuild the keys of these entities from their names and the aliases articles still
    give them (after an article that named them is deleted)."""
    ids = sorted(set(entity_ids))
    if not ids:
        return
    names: dict[int, set[str]] = {entity_id: set() for entity_id in ids}
    identity: dict[int, dict[str, str]] = {}
    for entity_id, name, resolved, kind, key in session.execute(
        select(Entity.id, Entity.name, Entity.resolved_name, Entity.kind, Entity.key).where(
            Entity.id.in_(ids)
        )
    ):
        names[entity_id].update(filter(None, [name, resolved]))
        identity[entity_id] = {"kind": kind, "entity_key": key}
    for entity_id, alias in session.execute(
        select(EntityAttribute.entity_id, EntityAttribute.value).where(
            EntityAttribute.entity_id.in_(ids), EntityAttribute.kind == "alias"
        )
    ):
        names[entity_id].add(alias)
    session.execute(delete(EntitySearchKey).where(EntitySearchKey.entity_id.in_(ids)))
    rows = [
        {"key": key, "entity_id": entity_id, **identity[entity_id]}
        for entity_id, texts in names.items()
        if texts and entity_id in identity
        for key in sorted(search_keys(texts))
    ]
    if rows:
        session.execute(insert(EntitySearchKey), rows)
