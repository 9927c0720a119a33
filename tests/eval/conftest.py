"""The evaluation floors read corpora and run the pipeline, never a database, so they run on
one pass of `make test`: the PostgreSQL pass deselects them at collection, saying so."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATABASE, deselect_folder

HERE = Path(__file__).resolve().parent
ONLY_ON = "evaluation floors: SQLite pass only (no database involved)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if DATABASE == "postgresql":
        deselect_folder(
            config, items, HERE, f"{ONLY_ON}: {{count}} deselected on this {DATABASE} pass"
        )
