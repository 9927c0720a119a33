"""Queue mode runs on PostgreSQL only (procrastinate keeps its jobs there), so these tests run
on the PostgreSQL pass; the SQLite pass deselects them at collection, saying so, rather than
reporting them as skipped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, create_engine, text

from tests.conftest import DATABASE, deselect_folder
from tests.queue.support import ApiServer, Workers

HERE = Path(__file__).resolve().parent
ONLY_ON = "queue tests: PostgreSQL pass only"
_deselected = pytest.StashKey[int]()


def pytest_report_header() -> str:
    if DATABASE == "postgresql":
        return f"{ONLY_ON} (running)"
    return f"{ONLY_ON} (deselected on this {DATABASE} pass)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if DATABASE == "postgresql":
        return
    config.stash[_deselected] = deselect_folder(
        config,
        items,
        HERE,
        f"{ONLY_ON}: {{count}} deselected on this {DATABASE} pass "
        "(run with NEWSGRAPH_TEST_DATABASE=postgresql)",
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # `pytest tests/queue` on SQLite deselects everything on purpose: that is a pass, not
    # pytest's "no tests collected" (exit 5).
    if (
        exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED
        and session.config.stash.get(_deselected, 0)
        and session.testscollected == 0
    ):
        session.exitstatus = pytest.ExitCode.OK


@pytest.fixture
def queue_engine(database_url: str) -> Iterator[Engine]:
    """An engine on the test database (emptied by ``database_url``), with no workers known to
    the queue from earlier tests."""
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE procrastinate_workers CASCADE"))
    yield engine
    engine.dispose()


@pytest.fixture
def workers(database_url: str, queue_engine: Engine, tmp_path: Path) -> Iterator[Workers]:
    """Starts ``newsgraph worker`` processes; every one is stopped after the test."""
    started = Workers(database_url, tmp_path, queue_engine)
    try:
        yield started
    finally:
        started.stop_all()


@pytest.fixture
def queue_server(database_url: str, tmp_path: Path) -> Iterator[ApiServer]:
    """The service in queue mode on the test database: uvicorn in its own process, as it is
    deployed. Posts are stored pending and queued."""
    server = ApiServer.start(database_url, tmp_path / "uvicorn.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def queue_client(queue_server: ApiServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=queue_server.base_url, timeout=30) as client:
        yield client
