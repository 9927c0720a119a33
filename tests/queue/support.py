"""What the queue tests share: worker processes, bounded waits that say where things stood,
article bodies, and SQL looks at what the workers left in the database."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy import Engine, text

from app.extraction import ArticleFacts, Extractor
from tests.conftest import MODEL, REPO, free_port, uvicorn_command

T = TypeVar("T")
EXTRACT_TASK = "newsgraph:extract_article"
# A killed worker's jobs are retried once it has been silent this long (and the stalled
# check, every 10 s, has run): ~10-15 s instead of the default 30-40 s.
STALLED_SECONDS = 3
WORKER_START_TIMEOUT = 60
SERVER_START_TIMEOUT = 60


def queue_env(database_url: str) -> dict[str, str]:
    """The environment of a queue-mode process on the test database."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    return inherited | {
        "NEWSGRAPH_DATABASE_URL": database_url,
        "NEWSGRAPH_INGEST_MODE": "queue",
        "NEWSGRAPH_SPACY_MODEL": MODEL,
        "NEWSGRAPH_QUEUE_STALLED_SECONDS": str(STALLED_SECONDS),
    }


@dataclass
class Worker:
    """One ``newsgraph worker`` process; its output goes to ``log``."""

    process: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 25) -> str:
        text_lines = self.log.read_text(errors="replace").splitlines()
        return "\n".join(text_lines[-lines:])


@dataclass
class Workers:
    """Starts worker processes on the test database and always stops them."""

    database_url: str
    folder: Path
    engine: Engine
    started: list[Worker] = field(default_factory=list)

    def start(self, count: int = 1, **settings: str) -> list[Worker]:
        """Start ``count`` workers (``settings`` as NEWSGRAPH_ variables, e.g.
        ``queue_max_attempts="1"``) and wait until each has registered with the queue."""
        newest = scalar(self.engine, "SELECT coalesce(max(id), 0) FROM procrastinate_workers")
        workers = []
        for _ in range(count):
            log = self.folder / f"worker-{len(self.started) + 1}.log"
            with log.open("wb") as output:
                process = subprocess.Popen(
                    [sys.executable, "-m", "app", "worker"],
                    cwd=REPO,
                    env=queue_env(self.database_url)
                    | {f"NEWSGRAPH_{name.upper()}": value for name, value in settings.items()},
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            worker = Worker(process, log)
            self.started.append(worker)
            workers.append(worker)

        def all_registered() -> bool:
            for worker in workers:
                if worker.process.poll() is not None:
                    pytest.fail(
                        f"worker exited with {worker.process.returncode}:\n{worker.tail(60)}"
                    )
            joined = "SELECT count(*) FROM procrastinate_workers WHERE id > :newest"
            return scalar(self.engine, joined, newest=newest) >= count

        wait_for(all_registered, WORKER_START_TIMEOUT, f"{count} worker(s) registered", self.logs)
        return workers

    def kill(self, worker: Worker) -> None:
        """SIGKILL: no clean-up, no goodbye to the queue, the job it ran left ``doing``."""
        os.kill(worker.process.pid, signal.SIGKILL)
        worker.process.wait(timeout=15)

    def stop_all(self) -> None:
        for worker in self.started:
            if worker.process.poll() is None:
                worker.process.terminate()
        for worker in self.started:
            try:
                worker.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait(timeout=15)

    def logs(self) -> str:
        return "\n".join(
            f"--- {worker.log.name} (exit {worker.process.poll()}) ---\n{worker.tail()}"
            for worker in self.started
        )


@dataclass
class ApiServer:
    """``uvicorn app.main:app`` in queue mode, in its own process, as it is deployed."""

    process: subprocess.Popen[bytes]
    log: Path
    base_url: str

    @classmethod
    def start(cls, database_url: str, log: Path) -> ApiServer:
        port = free_port()
        with log.open("wb") as output:
            process = subprocess.Popen(
                uvicorn_command(port),
                cwd=REPO,
                env=queue_env(database_url),
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        server = cls(process, log, f"http://127.0.0.1:{port}")

        def healthy() -> bool:
            if process.poll() is not None:
                pytest.fail(f"uvicorn exited with {process.returncode}:\n{log.read_text()}")
            try:
                return httpx.get(f"{server.base_url}/health", timeout=2).status_code == 200
            except httpx.TransportError:
                return False

        try:
            wait_for(healthy, SERVER_START_TIMEOUT, "uvicorn healthy", log.read_text)
        except BaseException:
            server.stop()
            raise
        return server

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)


def wait_for(check: Callable[[], T], timeout: float, what: str, progress: Callable[[], str]) -> T:
    """Poll ``check`` until it returns something true; fail after ``timeout`` seconds with
    ``progress()`` (where things stood) in the message."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout:.0f} s\n{progress()}")
        time.sleep(0.1)


def scalar(engine: Engine, query: str, **params: Any) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(text(query), params) or 0)


def rows(engine: Engine, query: str, **params: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query), params)]


def article_statuses(engine: Engine) -> dict[str, int]:
    return {
        status: number
        for status, number in rows(engine, "SELECT status, count(*) FROM articles GROUP BY status")
    }


def extract_jobs(engine: Engine) -> list[tuple[int, str, int]]:
    """(article id, status, attempts) of every extraction job, by article."""
    return rows(
        engine,
        "SELECT (args->>'article_id')::int, status::text, attempts FROM procrastinate_jobs "
        "WHERE task_name = :task ORDER BY 1, id",
        task=EXTRACT_TASK,
    )


def queue_progress(engine: Engine, workers: Workers | None = None) -> Callable[[], str]:
    """A progress report for wait_for: articles and jobs by status, and the workers' logs."""

    def report() -> str:
        jobs: dict[str, int] = {}
        for _, status, _ in extract_jobs(engine):
            jobs[status] = jobs.get(status, 0) + 1
        lines = [f"articles by status: {article_statuses(engine)}", f"jobs by status: {jobs}"]
        if workers is not None:
            lines.append(workers.logs())
        return "\n".join(lines)

    return report


def fact_counts(engine: Engine) -> dict[int, tuple[int, int, int]]:
    """(mentions, dates, meetings) stored for each article."""
    return {
        article_id: (mentions, dates, meetings)
        for article_id, mentions, dates, meetings in rows(
            engine,
            "SELECT a.id,"
            " (SELECT count(*) FROM mentions m WHERE m.article_id = a.id),"
            " (SELECT count(*) FROM date_mentions d WHERE d.article_id = a.id),"
            " (SELECT count(*) FROM meetings g WHERE g.article_id = a.id)"
            " FROM articles a",
        )
    }


def expected_counts(facts: ArticleFacts) -> tuple[int, int, int]:
    """(mentions, dates, meetings) that one extraction of an article stores."""
    entities = [*facts.people, *facts.organizations, *facts.locations]
    return sum(len(entity.mentions) for entity in entities), len(facts.dates), len(facts.meetings)


def expected_by_article(
    engine: Engine, extractor: Extractor, published: dt.date
) -> dict[int, tuple[int, int, int]]:
    """What a single extraction of each stored article's text gives, by article id."""
    texts = rows(engine, "SELECT id, text FROM articles")
    by_text = {body: expected_counts(extractor.extract(body, published)) for _, body in texts}
    return {article_id: by_text[body] for article_id, body in texts}


def duplicate_entities(engine: Engine) -> list[tuple[Any, ...]]:
    return rows(
        engine, "SELECT kind, key, count(*) FROM entities GROUP BY kind, key HAVING count(*) > 1"
    )


def unfinished_jobs(engine: Engine) -> list[tuple[int, str, int]]:
    return [job for job in extract_jobs(engine) if job[1] in {"todo", "doing"}]


PEOPLE = [
    ("President", "Joe Biden"),
    ("President", "Emmanuel Macron"),
    ("Chancellor", "Olaf Scholz"),
    ("Prime Minister", "Rishi Sunak"),
    ("Prime Minister", "Fumio Kishida"),
    ("Secretary of State", "Antony Blinken"),
    ("Foreign Minister", "Dmytro Kuleba"),
    ("Gen.", "Mark Milley"),
    ("Gen.", "Valerii Zaluzhnyi"),
    ("President", "Andrzej Duda"),
    ("Prime Minister", "Giorgia Meloni"),
    ("President", "Volodymyr Zelenskyy"),
]
PLACES = ["Warsaw", "Berlin", "Paris", "London", "Tokyo", "Rome", "Kyiv", "Brussels"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
TEMPLATES = [
    "{t1} {p1} met {t2} {p2} in {place} on {day}.",
    "{t1} {p1} visited {place} on {day} and held talks with {t2} {p2}.",
    "On {day}, {t1} {p1} and {t2} {p2} met in {place} to discuss security and trade.",
]


def short_texts(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct one-sentence news items about meetings between known people."""
    pairs = [(a, b) for a, b in itertools.permutations(PEOPLE, 2)]
    generator = random.Random(seed)
    texts: dict[str, None] = {}
    while len(texts) < count:
        (t1, p1), (t2, p2) = generator.choice(pairs)
        template = generator.choice(TEMPLATES)
        place, day = generator.choice(PLACES), generator.choice(DAYS)
        texts[template.format(t1=t1, p1=p1, t2=t2, p2=p2, place=place, day=day)] = None
    return list(texts)


def article_body(number: int, body: str, prefix: str = "queue") -> dict[str, Any]:
    """A POST /articles body with its own URL."""
    return {
        "title": f"Queue article {number}",
        "text": body,
        "url": f"https://news.example.com/{prefix}/{number}",
        "source": "Example News",
        "published_at": "2023-01-18",
    }
