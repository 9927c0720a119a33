"""Settings: a bad value stops the process at start-up with a message naming it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pydantic import ValidationError

from app.config import Settings
from tests.conftest import REPO


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("NEWSGRAPH_MAX_BODY_BYTES", "lots", "max_body_bytes"),
        ("NEWSGRAPH_DATABASE_URL", "mysql://db/news", "database_url"),
        ("NEWSGRAPH_INGEST_MODE", "queue", "PostgreSQL"),
        ("NEWSGRAPH_INGEST_MODE", "sometimes", "ingest_mode"),
    ],
)
def test_bad_setting_stops_the_command_with_a_message(
    variable: str, value: str, named: str
) -> None:
    env = {**os.environ, variable: value, "NEWSGRAPH_DATABASE_URL": "sqlite:///x.db"}
    if variable == "NEWSGRAPH_DATABASE_URL":
        env[variable] = value
    done = subprocess.run(
        [sys.executable, "-m", "app", "worker"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "invalid setting" in done.stderr
    assert named in done.stderr


def test_api_keys_are_a_comma_separated_list() -> None:
    settings = Settings(api_keys=" k1, k2 ,,")  # type: ignore[arg-type]
    assert settings.api_keys == ("k1", "k2")


def test_queue_mode_on_postgresql_is_accepted() -> None:
    settings = Settings(
        database_url="postgresql+psycopg://postgres@127.0.0.1/newsgraph", ingest_mode="queue"
    )
    assert settings.ingest_mode == "queue"
    with pytest.raises(ValidationError):
        Settings(database_url="sqlite:///x.db", ingest_mode="queue")
