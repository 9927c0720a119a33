"""``newsgraph extract``: articles in, one JSON object per article out (JSON Lines).

Each run is a real subprocess that loads the spaCy model (a few seconds), so the runs are few
and shared between tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MODEL, REPO, SEED_PUBLISHED, SEED_TEXT

CONSOLE_SCRIPT = Path(sys.executable).with_name("newsgraph")
MODULE = [sys.executable, "-m", "app"]
TIMEOUT = 120


def run(command: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSGRAPH_SPACY_MODEL": MODEL, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )


def json_lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_run() -> subprocess.CompletedProcess[str]:
    return run([*MODULE, "extract", "--published-at", SEED_PUBLISHED.isoformat(), str(SEED_TEXT)])


@pytest.fixture(scope="module")
def seed_output(seed_run: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert seed_run.returncode == 0, seed_run.stderr
    (article,) = json_lines(seed_run.stdout)
    return article


def test_a_text_file_gives_one_object_named_after_the_file(seed_output: dict[str, Any]) -> None:
    assert seed_output["id"] == "seed_article"
    assert set(seed_output) == {"id", "people", "organizations", "locations", "dates", "meetings"}
    for key in ("people", "organizations", "locations", "dates", "meetings"):
        assert seed_output[key], f"no {key} in the seed article"


def test_every_output_field_is_present(seed_output: dict[str, Any]) -> None:
    fields = {
        "people": {"name", "aliases", "titles", "roles", "organizations", "nationality"},
        "organizations": {"name"},
        "locations": {
            "name",
            "resolved_name",
            "country_code",
            "latitude",
            "longitude",
            "geonames_id",
        },
    }
    mention_fields = {
        "people": {"start", "end", "sentence"},
        "organizations": {"start", "end", "sentence"},
        "locations": {"start", "end", "sentence", "demonym"},
    }
    for key, required in fields.items():
        for item in seed_output[key]:
            assert required <= item.keys(), (key, item)
            assert item["mentions"], (key, item["name"])
            for mention in item["mentions"]:
                assert mention_fields[key] <= mention.keys()
    for person in seed_output["people"]:
        for key in ("aliases", "titles", "roles", "organizations"):
            assert isinstance(person[key], list)
    for date in seed_output["dates"]:
        assert {"text", "start", "end", "value"} <= date.keys()
        assert date["value"] is None or set(date["value"]) >= {"start", "end"}
    for meeting in seed_output["meetings"]:
        assert {
            "kind",
            "status",
            "participants",
            "participant_groups",
            "organizations",
            "location",
            "country_code",
            "date",
            "evidence",
        } <= meeting.keys()
        assert meeting["kind"] in {"meeting", "visit"}
        assert meeting["status"] in {"occurred", "planned", "cancelled", "negated"}
        assert meeting["date"] is None or {"start", "end"} <= meeting["date"].keys()
        assert meeting["evidence"]
        for evidence in meeting["evidence"]:
            assert {"start", "end"} <= evidence.keys()


def test_values_are_json_types(seed_output: dict[str, Any]) -> None:
    resolved = [loc for loc in seed_output["locations"] if loc["geonames_id"] is not None]
    assert resolved
    for location in resolved:
        assert isinstance(location["geonames_id"], int)
        assert isinstance(location["latitude"], float)
        assert isinstance(location["longitude"], float)
        assert len(location["country_code"]) == 2
    for date in seed_output["dates"]:
        if date["value"] is not None:
            start, end = date["value"]["start"], date["value"]["end"]
            assert len(start) == len(end) == 10 and start <= end  # ISO dates


def test_offsets_index_the_input_text(seed_output: dict[str, Any], seed_text: str) -> None:
    for key in ("people", "organizations", "locations"):
        for item in seed_output[key]:
            for mention in item["mentions"]:
                assert seed_text[mention["start"] : mention["end"]] == mention["text"]
    for date in seed_output["dates"]:
        assert seed_text[date["start"] : date["end"]] == date["text"]
    for meeting in seed_output["meetings"]:
        for evidence in meeting["evidence"]:
            assert 0 <= evidence["start"] < evidence["end"] <= len(seed_text)
            assert seed_text[evidence["start"] : evidence["end"]].strip()


def test_the_seed_meeting_is_in_the_output(seed_output: dict[str, Any]) -> None:
    pairs = {frozenset(m["participants"]): m for m in seed_output["meetings"]}
    meeting = pairs[frozenset({"Mark Milley", "Valerii Zaluzhnyi"})]
    assert meeting["date"] == {"start": "2023-01-17", "end": "2023-01-17"}
    assert meeting["country_code"] == "PL"


def test_stdin_is_read_with_dash(seed_text: str) -> None:
    command = [str(CONSOLE_SCRIPT)] if CONSOLE_SCRIPT.exists() else MODULE
    text = "Gen. Mark Walker met with Gen. Tomasz Piotrowski in Warsaw on Monday."
    result = run([*command, "extract", "--published-at", "2023-01-18", "-"], stdin=text)
    assert result.returncode == 0, result.stderr
    (article,) = json_lines(result.stdout)
    assert article["id"] == "stdin"
    (meeting,) = article["meetings"]
    assert set(meeting["participants"]) == {"Mark Walker", "Tomasz Piotrowski"}
    assert meeting["date"] == {"start": "2023-01-16", "end": "2023-01-16"}


def test_a_jsonl_file_gives_one_object_per_line_in_order(tmp_path: Path) -> None:
    text = "Gen. Mark Walker met with Gen. Tomasz Piotrowski in Warsaw on Monday."
    lines = [
        {"id": "first", "text": text, "published_at": "2023-01-18"},
        {"id": 2, "title": "Later", "text": text, "published_at": "2023-02-01T08:30:00Z"},
    ]
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines) + "\n", "utf-8")
    result = run([*MODULE, "extract", str(source)])
    assert result.returncode == 0, result.stderr
    first, second = json_lines(result.stdout)
    assert (first["id"], second["id"]) == ("first", "2")
    # Each line is resolved against its own publication date.
    assert first["meetings"][0]["date"] == {"start": "2023-01-16", "end": "2023-01-16"}
    assert second["meetings"][0]["date"] == {"start": "2023-01-30", "end": "2023-01-30"}


def test_text_input_without_published_at_fails_with_a_message() -> None:
    result = run([*MODULE, "extract", str(SEED_TEXT)])
    assert result.returncode != 0
    assert "--published-at" in result.stderr
    assert result.stdout.strip() == ""
