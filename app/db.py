"""Engine and sessions. SQLite gets WAL, foreign keys, a busy timeout and ``BEGIN IMMEDIATE``
for write transactions only, so reads never queue behind an ingest."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, Table, create_engine, event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

_WRITE_OPTION = "newsgraph_write"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def create_db_engine(url: str) -> Engine:
    """An engine for ``url`` with the per-dialect settings newsgraph relies on."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling would defer BEGIN; we emit it ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A deferred transaction that later writes fails at once under WAL ("database is
        # locked"); a writer takes the lock up front and waits its turn (busy timeout).
        immediate = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """Session factories over one engine: plain ones for reads, write ones for writes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(create_db_engine(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries; whatever it began is rolled back at the end."""
        with self._read() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with self._write() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def dialect_insert(session: Session, model: type[Any] | Table) -> Any:
    """The session's dialect's ``INSERT``, which speaks ``ON CONFLICT`` on both databases."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql_insert(model)
    return sqlite_insert(model)


def insert_ignoring_conflicts(
    session: Session, model: type[Any] | Table, conflict_columns: list[str]
) -> Any:
    """``INSERT ... ON CONFLICT (conflict_columns) DO NOTHING`` for the session's dialect;
    chain ``.values()`` and ``.returning()`` as usual."""
    return dialect_insert(session, model).on_conflict_do_nothing(index_elements=conflict_columns)


def is_retryable(error: DBAPIError) -> bool:
    """Whether a failed transaction may succeed if run again: a PostgreSQL deadlock or
    serialization failure, or SQLite still locked after its busy timeout."""
    code = getattr(error.orig, "sqlstate", None)
    return code in {"40P01", "40001"} or "database is locked" in str(error.orig)


def is_ours(table_name: str | None) -> bool:
    """Whether a database object belongs to our schema, not the job queue's (procrastinate
    owns and migrates its own tables)."""
    return not (table_name or "").startswith("procrastinate")
