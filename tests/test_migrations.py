"""Migrations on the database of this pass: empty -> head -> base, and models == migrations."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app.db import is_ours
from app.models import Base
from tests.conftest import DATABASE, POSTGRES_URL, REPO


def _config(url: str) -> Config:
    config = Config(str(REPO / "alembic.ini"))
    config.attributes["database_url"] = url
    config.attributes["configure_logger"] = False
    return config


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all, of this pass's kind."""
    if DATABASE != "postgresql":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"newsgraph_migrations_{os.getpid()}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def test_upgrade_to_head_then_downgrade_to_base(empty_database: str) -> None:
    command.upgrade(_config(empty_database), "head")
    engine = create_engine(empty_database)
    assert {"articles", "entities", "mentions", "meetings"} <= set(
        inspect(engine).get_table_names()
    )
    command.downgrade(_config(empty_database), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_models_and_migrations_agree(empty_database: str) -> None:
    command.upgrade(_config(empty_database), "head")
    engine = create_engine(empty_database)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": lambda _o, name, *_: is_ours(name)}
        )
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []
