"""Storing an article with everything extracted from it, atomically and idempotently.

The NLP runs before the write transaction opens; the article and all its facts then commit
together or not at all. A unique key on the article and on each entity (never a
check-then-insert) keeps concurrent posts of the same article or entity from duplicating.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol, cast

from sqlalchemy import Table, case, insert, select, tuple_, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app import models
from app.db import Database, dialect_insert, insert_ignoring_conflicts, is_retryable
from app.errors import ConflictError, NewsgraphError
from app.extraction import ArticleFacts
from app.extraction.gazetteer import normalize
from app.services.search import search_keys
from app.services.text import content_hash, dedup_key

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class NewArticle:
    """An article as the service stores it: clean text, UTC publication time."""

    title: str
    text: str
    published_at: dt.datetime
    # The day of publication where it was published, which relative dates resolve against.
    published_date: dt.date
    url: str | None = None
    source: str | None = None
    language: str = "en"


@dataclass(frozen=True)
class IngestResult:
    article: models.Article
    created: bool


class FactExtractor(Protocol):
    """What ingest needs of an extractor: the in-process one, or a pool of processes."""

    version: str

    def extract(self, text: str, published: dt.date) -> ArticleFacts: ...

    def extract_many(self, articles: Iterable[tuple[str, dt.date]]) -> Iterator[ArticleFacts]: ...


def ingest_article(
    database: Database, extractor: FactExtractor, article: NewArticle
) -> IngestResult:
    """Store ``article`` and its facts; a repeat returns the stored article unchanged.

    Raises ConflictError when the URL is known with a different text.
    """
    key = dedup_key(article.url, article.text)
    text_hash = content_hash(article.text)
    with database.reading() as session:
        existing = _find(session, key)
    if existing is not None:
        return _repeat(existing, text_hash)
    facts = extractor.extract(article.text, article.published_date)
    return _write(database, article, key, text_hash, facts, extractor.version)


@dataclass(frozen=True)
class BatchItemResult:
    """The outcome of one article of a batch: stored, already there, or refused."""

    index: int
    result: IngestResult | None = None
    error: NewsgraphError | None = None


def ingest_batch(
    database: Database,
    extractor: FactExtractor,
    articles: Iterable[NewArticle],
    window: int = 64,
) -> Iterator[BatchItemResult]:
    """Store many articles, each in its own transaction, yielding each outcome in order.

    ``articles`` is read lazily, ``window`` at a time (one query finds those already
    stored), so a backfill streams. The new ones go through the pipeline as one stream
    (``nlp.pipe``, or a pool of processes), and one writer thread stores each article
    while the pipeline reads the next ones (the database and the model's numeric kernels
    release the GIL). One bad article never sinks the others; a repeat later in the
    stream sees the earlier copy (the writer is one thread, in order).
    """
    stored: dict[str, models.Article] = {}
    planned: deque[tuple[int, NewArticle, str, str, bool]] = deque()

    def new_texts() -> Iterator[tuple[str, dt.date]]:
        # Plans every article, in order; yields the texts the pipeline must read.
        seen: set[str] = set()
        numbered = enumerate(articles)
        while chunk := list(itertools.islice(numbered, window)):
            keys = [dedup_key(a.url, a.text) for _, a in chunk]
            with database.reading() as session:
                for found in session.scalars(
                    select(models.Article).where(models.Article.dedup_key.in_(set(keys)))
                ):
                    stored[found.dedup_key] = found
                    seen.add(found.dedup_key)
            for (index, article), key in zip(chunk, keys, strict=True):
                fresh = key not in seen
                seen.add(key)
                planned.append((index, article, key, content_hash(article.text), fresh))
                if fresh:
                    yield article.text, article.published_date

    def store(
        index: int, article: NewArticle, key: str, text_hash: str, facts: ArticleFacts | None
    ) -> BatchItemResult:
        # Runs on the writer thread, one article after the other.
        try:
            if facts is not None:
                result = _write(database, article, key, text_hash, facts, extractor.version)
                stored[key] = result.article
            elif key in stored:
                result = _repeat(stored[key], text_hash)
            else:
                raise ConflictError("an earlier copy of this article in the batch failed")
            return BatchItemResult(index, result=result)
        except NewsgraphError as error:
            return BatchItemResult(index, error=error)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-writer") as writer:
        writing: deque[Future[BatchItemResult]] = deque()

        def submit_until_fresh(facts: ArticleFacts | None) -> None:
            # Queue the planned repeats up to the next new article, then that one.
            while planned:
                index, article, key, text_hash, fresh = planned.popleft()
                if fresh:
                    writing.append(writer.submit(store, index, article, key, text_hash, facts))
                    return
                writing.append(writer.submit(store, index, article, key, text_hash, None))

        for facts in extractor.extract_many(new_texts()):
            submit_until_fresh(facts)
            while writing and writing[0].done():
                yield writing.popleft().result()
        submit_until_fresh(None)  # repeats after the last new article
        while writing:
            yield writing.popleft().result()


def _write(
    database: Database,
    article: NewArticle,
    key: str,
    text_hash: str,
    facts: ArticleFacts,
    extractor_version: str,
) -> IngestResult:
    """One write transaction for the article and its facts, retried on deadlock."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with database.writing() as session:
                return store_article(session, article, key, text_hash, facts, extractor_version)
        except DBAPIError as error:
            if not is_retryable(error) or attempt == MAX_ATTEMPTS:
                raise
            log.warning("retrying ingest of %s after %s (attempt %d)", key, error.orig, attempt)
    raise AssertionError("unreachable")


def _find(session: Session, key: str) -> models.Article | None:
    return session.scalars(select(models.Article).where(models.Article.dedup_key == key)).first()


def _repeat(existing: models.Article, text_hash: str) -> IngestResult:
    if existing.content_hash != text_hash:
        raise ConflictError(
            f"an article with this URL exists (id {existing.id}) with a different text",
            article_id=existing.id,
        )
    return IngestResult(existing, created=False)


def store_article(
    session: Session,
    article: NewArticle,
    key: str,
    text_hash: str,
    facts: ArticleFacts,
    extractor_version: str,
) -> IngestResult:
    """Insert the article and its facts in the session's transaction (flush, no commit)."""
    article_id = _insert_article(session, article, key, text_hash, status="done")
    if article_id is None:  # a concurrent post of the same article won the race
        existing = _find(session, key)
        assert existing is not None
        return _repeat(existing, text_hash)
    store_facts(
        session, article_id, article.published_at, article.published_date, facts, extractor_version
    )
    stored = session.get(models.Article, article_id)
    assert stored is not None
    return IngestResult(stored, created=True)


def _insert_article(
    session: Session, article: NewArticle, key: str, text_hash: str, status: str
) -> int | None:
    """The new article's id, or None when its key is taken (a repeat)."""
    article_id: int | None = session.scalar(
        insert_ignoring_conflicts(session, models.Article, ["dedup_key"])
        .values(
            dedup_key=key,
            url=article.url,
            content_hash=text_hash,
            title=article.title,
            source=article.source,
            published_at=article.published_at,
            published_date=article.published_date,
            language=article.language,
            text=article.text,
            status=status,
            created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        )
        .returning(models.Article.id)
    )
    if article_id is not None:
        title_keys = search_keys([article.title])
        if title_keys:
            session.execute(
                insert(_table(models.ArticleSearchKey)),
                [{"key": key, "article_id": article_id} for key in sorted(title_keys)],
            )
    return article_id


def store_facts(
    session: Session,
    article_id: int,
    published_at: dt.datetime,
    published_date: dt.date,
    facts: ArticleFacts,
    extractor_version: str,
) -> None:
    """Write an article's facts and mark it done (flush, no commit)."""
    people = _upsert_entities(session, "person", [(p.name, {}) for p in facts.people])
    organizations = _upsert_entities(
        session, "organization", [(o.name, {}) for o in facts.organizations]
    )
    locations = _upsert_entities(
        session,
        "location",
        [
            (
                loc.name,
                {
                    "resolved_name": loc.resolved_name,
                    "country_code": loc.country_code,
                    "latitude": loc.latitude,
                    "longitude": loc.longitude,
                    "geonames_id": loc.geonames_id,
                },
            )
            for loc in facts.locations
        ],
    )
    _insert_mentions(session, article_id, published_at, facts, people, organizations, locations)
    _insert_attributes(session, article_id, facts, people, organizations, locations)
    _insert_search_keys(session, facts, people, organizations, locations)
    _insert_dates(session, article_id, facts)
    _insert_meetings(session, article_id, published_date, facts, people, organizations, locations)
    session.execute(
        update(models.Article)
        .where(models.Article.id == article_id)
        .values(
            status="done",
            problem=None,
            extractor_version=extractor_version,
            people_count=len(facts.people),
            organization_count=len(facts.organizations),
            location_count=len(facts.locations),
            date_count=len(facts.dates),
            meeting_count=len(facts.meetings),
        )
    )
    session.flush()


Enqueue = Callable[[Session, int], None]


def enqueue_article(database: Database, article: NewArticle, enqueue: Enqueue) -> IngestResult:
    """Store the raw article as ``pending`` and queue its extraction, in one transaction.

    ``enqueue(session, article_id)`` defers the job on the session's own connection, so the
    article and its job exist together or not at all. Repeats and conflicts as for
    ingest_article.
    """
    key = dedup_key(article.url, article.text)
    text_hash = content_hash(article.text)
    with database.reading() as session:
        existing = _find(session, key)
    if existing is not None and _gave_up(existing) and existing.content_hash == text_hash:
        return _requeue(database, existing.id, enqueue)
    if existing is not None:
        return _repeat(existing, text_hash)
    with database.writing() as session:
        article_id = _insert_article(session, article, key, text_hash, status="pending")
        if article_id is None:
            found = _find(session, key)
            assert found is not None
            return _repeat(found, text_hash)
        enqueue(session, article_id)
        session.flush()
        stored = session.get(models.Article, article_id)
        assert stored is not None
        return IngestResult(stored, created=True)


GAVE_UP = "/problems/extraction-gave-up"


def _gave_up(article: models.Article) -> bool:
    return article.status == "failed" and (article.problem or {}).get("type") == GAVE_UP


def _requeue(database: Database, article_id: int, enqueue: Enqueue) -> IngestResult:
    """Queue again an article whose job gave up on database errors (a repost asks for it)."""
    with database.writing() as session:
        session.execute(
            update(models.Article)
            .where(models.Article.id == article_id, models.Article.status == "failed")
            .values(status="pending", problem=None)
        )
        enqueue(session, article_id)
        session.flush()
        stored = session.get(models.Article, article_id)
        assert stored is not None
        return IngestResult(stored, created=False)


def mark_failed(database: Database, article_id: int, problem: dict[str, object]) -> None:
    """Record that an article's extraction failed, and why (unless it is done after all)."""
    with database.writing() as session:
        session.execute(
            update(models.Article)
            .where(models.Article.id == article_id, models.Article.status != "done")
            .values(status="failed", problem=problem)
        )


def enqueue_batch(
    database: Database, articles: Iterable[NewArticle], enqueue: Enqueue
) -> Iterator[BatchItemResult]:
    """Queue many articles, each in its own transaction, yielding each outcome in order."""
    for index, article in enumerate(articles):
        try:
            yield BatchItemResult(index, result=enqueue_article(database, article, enqueue))
        except NewsgraphError as error:
            yield BatchItemResult(index, error=error)


def extract_stored_article(database: Database, extractor: FactExtractor, article_id: int) -> str:
    """Extract a pending article and store its facts; returns the article's status.

    Idempotent: an article already ``done`` is left alone, and the facts and the status are
    written in one transaction that first locks the article row, so however often a job runs
    (a retry after a crash), the facts are written once. An article the pipeline cannot read
    ends ``failed`` with the problem; database errors propagate, for the queue to retry.
    """
    with database.reading() as session:
        article = session.get(models.Article, article_id)
        if article is None or article.status == "done":
            return article.status if article is not None else "missing"
        text, published_at, published_date = (
            article.text,
            article.published_at,
            article.published_date,
        )
    try:
        facts = extractor.extract(text, published_date)
    except Exception as error:  # the pipeline choked on this text: retrying will not help
        log.exception("extraction of article %d failed", article_id)
        mark_failed(
            database,
            article_id,
            {
                "type": "/problems/extraction-failed",
                "title": "Extraction failed",
                "status": 422,
                "detail": f"{type(error).__name__}: {error}",
            },
        )
        return "failed"
    with database.writing() as session:
        status = session.scalar(
            select(models.Article.status).where(models.Article.id == article_id).with_for_update()
        )
        if status is None or status == "done":
            return status or "missing"
        store_facts(session, article_id, published_at, published_date, facts, extractor.version)
    return "done"


def _table(model: type[models.Base]) -> Table:
    # Bulk rows go through Core: the ORM's bulk path costs more than the database here.
    return cast(Table, model.__table__)


def entity_key(name: str) -> str:
    """The cross-article identity of an entity of one kind: its normalized name."""
    return normalize(name)


def _upsert_entities(
    session: Session, kind: str, items: list[tuple[str, dict[str, object]]]
) -> dict[str, int]:
    """Ids of the named entities, inserting the missing ones. Rows go in key order, so two
    transactions upserting the same entities never wait on each other in a cycle."""
    rows = {
        entity_key(name): {"kind": kind, "key": entity_key(name), "name": name, **extra}
        for name, extra in items
    }
    if not rows:
        return {}
    ordered = [rows[key] for key in sorted(rows)]
    session.execute(
        insert_ignoring_conflicts(session, _table(models.Entity), ["kind", "key"]), ordered
    )
    found = session.execute(
        select(models.Entity.key, models.Entity.id).where(
            tuple_(models.Entity.kind, models.Entity.key).in_([(kind, key) for key in rows])
        )
    )
    by_key = {key: entity_id for key, entity_id in found}
    return {name: by_key[entity_key(name)] for name, _ in items}


def _insert_mentions(
    session: Session,
    article_id: int,
    published_at: dt.datetime,
    facts: ArticleFacts,
    people: dict[str, int],
    organizations: dict[str, int],
    locations: dict[str, int],
) -> None:
    rows = [
        {
            "article_id": article_id,
            "entity_id": ids[item.name],
            "start_char": mention.start,
            "end_char": mention.end,
            "sentence": mention.sentence,
            "text": mention.text,
            "demonym": mention.demonym,
        }
        for items, ids in (
            (facts.people, people),
            (facts.organizations, organizations),
            (facts.locations, locations),
        )
        for item in items
        for mention in item.mentions
    ]
    if not rows:
        return
    session.execute(insert(_table(models.Mention)), rows)
    named = Counter(row["entity_id"] for row in rows)
    session.execute(
        insert(_table(models.ArticleEntity)),
        [
            {
                "article_id": article_id,
                "entity_id": entity_id,
                "published_at": published_at,
                "mention_count": count,
            }
            for entity_id, count in sorted(named.items())
        ],
    )


def _insert_attributes(
    session: Session,
    article_id: int,
    facts: ArticleFacts,
    people: dict[str, int],
    organizations: dict[str, int],
    locations: dict[str, int],
) -> None:
    rows: dict[tuple[int, str, str], dict[str, object]] = {}

    def add(
        entity_id: int, kind: str, values: list[str], named: dict[str, int] | None = None
    ) -> None:
        for position, value in enumerate(values):
            rows.setdefault(
                (entity_id, kind, value),
                {
                    "article_id": article_id,
                    "entity_id": entity_id,
                    "kind": kind,
                    "value": value,
                    "value_entity_id": (named or {}).get(value),
                    "position": position,
                },
            )

    for person in facts.people:
        entity_id = people[person.name]
        add(entity_id, "alias", person.aliases)
        add(entity_id, "title", person.titles)
        add(entity_id, "role", person.roles)
        add(entity_id, "organization", person.organizations, organizations)
        add(entity_id, "nationality", [person.nationality] if person.nationality else [])
        add(entity_id, "retired", ["true"] if person.retired else [])
    for organization in facts.organizations:
        add(organizations[organization.name], "alias", organization.aliases)
    for location in facts.locations:
        add(locations[location.name], "alias", location.aliases)
    if not rows:
        return
    session.execute(insert(_table(models.EntityAttribute)), list(rows.values()))
    counts = _table(models.AttributeCount)
    upsert = dialect_insert(session, counts)
    session.execute(
        upsert.on_conflict_do_update(
            index_elements=["entity_id", "kind", "value"],
            set_={"article_count": counts.c.article_count + 1},
        ),
        [
            {
                "entity_id": row["entity_id"],
                "kind": row["kind"],
                "value": row["value"],
                "value_entity_id": row["value_entity_id"],
                "article_count": 1,
                "first_article_id": article_id,
                "position": row["position"],
            }
            for _, row in sorted(rows.items())
        ],
    )


def _insert_search_keys(
    session: Session,
    facts: ArticleFacts,
    people: dict[str, int],
    organizations: dict[str, int],
    locations: dict[str, int],
) -> None:
    names: dict[int, set[str]] = {}
    identity: dict[int, tuple[str, str]] = {}  # id -> (kind, entity key)
    for kind, items, ids in (
        ("person", facts.people, people),
        ("organization", facts.organizations, organizations),
    ):
        for item in items:
            names.setdefault(ids[item.name], set()).update([item.name, *item.aliases])
            identity[ids[item.name]] = (kind, entity_key(item.name))
    for location in facts.locations:
        names.setdefault(locations[location.name], set()).update(
            [location.name, *location.aliases, *filter(None, [location.resolved_name])]
        )
        identity[locations[location.name]] = ("location", entity_key(location.name))
    rows = sorted(
        {(key, entity_id) for entity_id, texts in names.items() for key in search_keys(texts)}
    )
    if rows:
        session.execute(
            insert_ignoring_conflicts(
                session, _table(models.EntitySearchKey), ["key", "entity_id"]
            ),
            [
                {
                    "key": key,
                    "entity_id": entity_id,
                    "kind": identity[entity_id][0],
                    "entity_key": identity[entity_id][1],
                }
                for key, entity_id in rows
            ],
        )


def _insert_dates(session: Session, article_id: int, facts: ArticleFacts) -> None:
    rows = [
        {
            "article_id": article_id,
            "text": date.text,
            "start_char": date.start,
            "end_char": date.end,
            "sentence": date.sentence,
            "value_start": date.value.start if date.value else None,
            "value_end": date.value.end if date.value else None,
        }
        for date in facts.dates
    ]
    if rows:
        session.execute(insert(_table(models.DateMention)), rows)


def _insert_meetings(
    session: Session,
    article_id: int,
    published: dt.date,
    facts: ArticleFacts,
    people: dict[str, int],
    organizations: dict[str, int],
    locations: dict[str, int],
) -> None:
    countries = {loc.name: loc.country_code for loc in facts.locations}
    met: dict[tuple[int, int, str], tuple[int, dt.date, int]] = {}
    for meeting in facts.meetings:
        sort_date = meeting.date.start if meeting.date else published
        meeting_id = session.scalar(
            insert(_table(models.Meeting))
            .values(
                article_id=article_id,
                kind=meeting.kind,
                status=meeting.status,
                location_id=locations.get(meeting.location) if meeting.location else None,
                country_code=countries.get(meeting.location) if meeting.location else None,
                date_start=meeting.date.start if meeting.date else None,
                date_end=meeting.date.end if meeting.date else None,
                sort_date=sort_date,
                participant_groups=meeting.participant_groups,
            )
            .returning(_table(models.Meeting).c.id)
        )
        members = [
            *(people[name] for name in meeting.participants),
            *(organizations[name] for name in meeting.organizations),
            *(locations[name] for name in meeting.parties),
        ]
        if members:
            session.execute(
                insert(_table(models.MeetingParticipant)),
                [
                    {
                        "meeting_id": meeting_id,
                        "entity_id": entity_id,
                        "position": position,
                        "sort_date": sort_date,
                    }
                    for position, entity_id in enumerate(dict.fromkeys(members))
                ],
            )
        persons = {people[name] for name in meeting.participants}
        for person in persons:
            for other in persons - {person}:
                key = (person, other, meeting.status)
                count, latest, latest_id = met.get(key, (0, sort_date, meeting_id))
                if (sort_date, meeting_id) > (latest, latest_id):
                    latest, latest_id = sort_date, meeting_id
                met[key] = (count + 1, latest, latest_id)
        session.execute(
            insert(_table(models.MeetingEvidence)),
            [
                {
                    "meeting_id": meeting_id,
                    "start_char": e.start,
                    "end_char": e.end,
                    "sentence": e.sentence,
                }
                for e in meeting.evidence
            ],
        )
    if met:
        _add_met_pairs(
            session,
            [
                {
                    "person_id": person,
                    "other_id": other,
                    "status": status,
                    "meeting_count": count,
                    "latest": latest,
                    "latest_meeting_id": latest_meeting,
                }
                for (person, other, status), (count, latest, latest_meeting) in sorted(met.items())
            ],
        )


def _add_met_pairs(session: Session, rows: list[dict[str, object]]) -> None:
    """Add meetings to the who-met-whom counts. Counts add up in the database (never read,
    then written), so concurrent articles about the same pair both count; rows go in key
    order, so two transactions never wait on each other in a cycle."""
    pairs = _table(models.MetPair)
    upsert = dialect_insert(session, pairs)
    new, old = upsert.excluded, pairs.c
    newer = (new.latest > old.latest) | (
        (new.latest == old.latest) & (new.latest_meeting_id > old.latest_meeting_id)
    )
    session.execute(
        upsert.on_conflict_do_update(
            index_elements=["person_id", "other_id", "status"],
            set_={
                "meeting_count": old.meeting_count + new.meeting_count,
                "latest": case((newer, new.latest), else_=old.latest),
                "latest_meeting_id": case(
                    (newer, new.latest_meeting_id), else_=old.latest_meeting_id
                ),
            },
        ),
        rows,
    )
