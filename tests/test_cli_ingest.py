"""``newsgraph ingest``: a JSON Lines backfill into the configured database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from app.models import Article, Entity
from tests.conftest import MODEL, REPO, SEED_TEXT


def ingest(database_url: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSGRAPH_SPACY_MODEL": MODEL, "NEWSGRAPH_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "app", "ingest", *arguments],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=180,
        check=False,
    )


@pytest.fixture
def backfill(tmp_path: Path) -> Path:
    seed = SEED_TEXT.read_text(encoding="utf-8")
    lines = [
        {"id": "seed", "text": seed, "published_at": "2023-01-18", "url": "https://a.example/1"},
        {
            "id": "short",
            "title": "Generals meet",
            "text": "Gen. Mark Milley met Gen. Valerii Zaluzhnyi in Poland on Tuesday.",
            "published_at": "2023-01-18",
            "source": "Example",
            "unknown_field": "ignored",
        },
        {"id": "undated", "text": "No date here."},
    ]
    path = tmp_path / "backfill.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\nnot json\n")
    return path


def counts(database_url: str) -> tuple[int, int]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        articles = connection.scalar(select(func.count()).select_from(Article))
        people = connection.scalar(
            select(func.count()).select_from(Entity).where(Entity.key == "mark milley")
        )
    engine.dispose()
    return articles or 0, people or 0


@pytest.mark.parametrize("processes", ["1", "2"])
def test_ingest_stores_good_lines_reports_bad_ones_and_is_idempotent(
    database_url: str, backfill: Path, processes: str
) -> None:
    first = ingest(database_url, str(backfill), "--processes", processes)
    assert first.returncode == 1, first.stderr  # two lines were refused
    assert "2 created, 0 existing, 2 failed" in first.stderr
    assert "backfill.jsonl:3: published_at: Field required" in first.stderr
    assert "backfill.jsonl:4:" in first.stderr
    assert counts(database_url) == (2, 1)

    again = ingest(database_url, str(backfill.parent), "--processes", processes)
    assert "0 created, 2 existing, 2 failed" in again.stderr
    assert counts(database_url) == (2, 1)
