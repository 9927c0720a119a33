"""The service as it is deployed: ``uvicorn app.main:app`` in its own process, configured by
the environment, loading the model at start-up, talked to over a real socket."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import MODEL, REPO, free_port, uvicorn_command

START_TIMEOUT = 60
ASSET = re.compile(r"<(?:script|link)\b[^>]*?\b(?:src|href)=[\"']([^\"']+)[\"']", re.IGNORECASE)


def wait_until_healthy(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"uvicorn exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"uvicorn did not answer /health within {START_TIMEOUT} s:\n{log.read_text()}")


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[str]:
    """The base URL of a uvicorn process serving the app on the test database."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEWSGRAPH_")} | {
        "NEWSGRAPH_DATABASE_URL": database_url,
        "NEWSGRAPH_SPACY_MODEL": MODEL,
    }
    log = tmp_path / "uvicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            uvicorn_command(port),
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        base_url = f"http://127.0.0.1:{port}"
        wait_until_healthy(process, base_url, log)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def test_seed_article_round_trips_over_http(server: str, seed_text: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as http:
        created = http.post(
            "/articles",
            json={
                "title": "US and Ukrainian top generals meet in person",
                "text": seed_text,
                "url": "https://news.example.com/2023/01/18/generals",
                "published_at": "2023-01-18",
            },
        )
        assert created.status_code == 201, created.text
        article = created.json()
        assert created.headers["location"] == f"{server}/articles/{article['id']}"
        mentions = http.get(f"/articles/{article['id']}/mentions").json()["items"]

    assert article["text"] == seed_text
    assert mentions
    for mention in mentions:
        assert seed_text[mention["start"] : mention["end"]] == mention["text"], mention
    assert "Mark Milley" in {m["entity_name"] for m in mentions if m["entity_type"] == "person"}


def test_docs_load_their_assets_from_the_service_itself(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as http:
        for page in ("/docs", "/redoc"):
            docs = http.get(page)
            assert docs.status_code == 200, page
            assert docs.headers["content-type"].startswith("text/html")
            assert "cdn." not in docs.text, page
            assets = ASSET.findall(docs.text)

            assert any(asset.endswith(".js") for asset in assets), docs.text
            for asset in assets:
                assert asset.startswith("/") and not asset.startswith("//"), asset
                assert "http" not in asset, asset
                assert http.get(asset).status_code == 200, asset
        assert any(a.endswith(".css") for a in ASSET.findall(http.get("/docs").text))
