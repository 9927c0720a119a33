"""The evaluation floors read corpora and run the pipeline, never a database, so they run on
one pass of `make test`: the PostgreSQL pass deselects them at collection, saying so."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATABASE

HERE = Path(__file__).resolve().parent
ONLY_ON = "evaluation floors: SQLite pass only (no database involved)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if DATABASE != "postgresql":
        return
    ours = [item for item in items if HERE in item.path.resolve().parents]
    if not ours:
        return
    items[:] = [item for item in items if item not in ours]
    config.hook.pytest_deselected(items=ours)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"{ONLY_ON}: {len(ours)} deselected on this {DATABASE} pass")
