"""The ``newsgraph`` command: ``serve`` the API, or ``extract`` articles to JSON Lines."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.config import Settings
from app.errors import NewsgraphError


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script and of ``python -m app``."""
    parser = argparse.ArgumentParser(prog="newsgraph", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the HTTP API with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)

    extract = commands.add_parser(
        "extract", help="extract facts from articles, no database; prints JSON Lines"
    )
    extract.add_argument(
        "source",
        help="a .txt file (id = its name), '-' for text on standard input, or a .jsonl file "
        'of {"id", "text", "published_at", "title"?} lines',
    )
    extract.add_argument(
        "--published-at", type=dt.date.fromisoformat, help="publication date of a text input"
    )
    ingest = commands.add_parser(
        "ingest", help="bulk-load articles into the configured database (backfills)"
    )
    ingest.add_argument(
        "source",
        type=Path,
        help="a .jsonl file, or a folder of them; lines as for `extract` plus the fields of "
        "POST /articles (title, url, source, html); unknown fields are ignored",
    )
    ingest.add_argument("--processes", type=int, default=1, help="extraction processes (default 1)")
    ingest.add_argument(
        "--chunk-size",
        type=int,
        default=64,
        help="articles looked up together (repeats are found a window at a time)",
    )

    worker = commands.add_parser(
        "worker", help="run extraction jobs from the queue (queue mode, PostgreSQL)"
    )
    worker.add_argument("--concurrency", type=int, default=1, help="jobs at once (default 1)")

    build = commands.add_parser(
        "build-gazetteer", help="build the offline gazetteer index (done by make install)"
    )
    build.add_argument("--path", type=Path, help="where to write it (default: the configured path)")
    args = parser.parse_args(argv)

    try:
        settings = Settings()
    except ValidationError as error:
        print(f"newsgraph: invalid setting:\n{error}", file=sys.stderr)
        return 2
    if args.command == "serve":
        return _serve(args.host, args.port, args.workers)
    if args.command == "worker":
        return _worker(settings, args.concurrency)
    if args.command == "ingest":
        return _ingest(args.source, args.processes, args.chunk_size, settings)
    if args.command == "build-gazetteer":
        return _build_gazetteer(args.path or settings.gazetteer_path)
    return _extract(args.source, args.published_at, settings)


def _serve(host: str, port: int, workers: int) -> int:
    import uvicorn

    uvicorn.run("app.main:app", host=host, port=port, workers=workers, proxy_headers=True)
    return 0


def _articles(source: str, published: dt.date | None) -> Iterator[tuple[str, str, dt.date]]:
    if source == "-" or not source.endswith(".jsonl"):
        if published is None:
            raise SystemExit("newsgraph extract: --published-at is required for text input")
        if source == "-":
            yield "stdin", sys.stdin.read(), published
        else:
            path = Path(source)
            yield path.stem, path.read_text(encoding="utf-8"), published
        return
    with open(source, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item: dict[str, Any] = json.loads(line)
                when = item.get("published_at") or (published.isoformat() if published else None)
                yield str(item["id"]), item["text"], dt.date.fromisoformat(str(when)[:10])
            except (ValueError, KeyError, TypeError) as error:
                raise SystemExit(
                    f"newsgraph extract: {source}:{number}: bad line ({error})"
                ) from error


def _worker(settings: Settings, concurrency: int) -> int:
    from app.extraction.parallel import pin_threads

    pin_threads()
    import logging

    from app.db import Database
    from app.extraction import Extractor
    from app.jobs import run_worker

    if not settings.database_url.startswith("postgresql"):
        print("newsgraph worker: the job queue needs a PostgreSQL database", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    database = Database.from_url(settings.database_url)
    extractor = Extractor.load(settings.spacy_model, settings.gazetteer_path)
    run_worker(
        database,
        extractor,
        concurrency=concurrency,
        stalled_seconds=settings.queue_stalled_seconds,
        heartbeat_seconds=max(1.0, settings.queue_stalled_seconds / 3),
        max_attempts=settings.queue_max_attempts,
    )
    database.dispose()
    return 0


def _build_gazetteer(path: Path | None) -> int:
    import time

    from app.extraction.gazetteer import DEFAULT_PATH
    from app.extraction.gazetteer_build import build_gazetteer

    target = path or DEFAULT_PATH
    started = time.perf_counter()
    count = build_gazetteer(target)
    seconds = time.perf_counter() - started
    print(f"gazetteer: {count} places written to {target} in {seconds:.1f} s", file=sys.stderr)
    return 0


def _extract(source: str, published: dt.date | None, settings: Settings) -> int:
    from app.extraction import Extractor

    extractor = Extractor.load(settings.spacy_model, settings.gazetteer_path)
    for article_id, text, when in _articles(source, published):
        facts = extractor.extract(text, when)
        print(json.dumps({"id": article_id, **facts.to_json()}, ensure_ascii=False), flush=True)
    return 0


_ARTICLE_FIELDS = ("title", "text", "html", "url", "source", "published_at", "language")


def _ingest_lines(source: Path) -> Iterator[tuple[str, int, str]]:
    files = sorted(source.glob("*.jsonl")) if source.is_dir() else [source]
    for path in files:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    yield str(path), number, line


def _ingest(source: Path, processes: int, chunk_size: int, settings: Settings) -> int:
    from app.extraction.parallel import ExtractorPool, pin_threads

    pin_threads()  # before numpy loads: one thread a process
    import time

    from tqdm import tqdm

    from app.db import Database
    from app.extraction import Extractor
    from app.schemas import ArticleIn
    from app.services.ingest import (
        BatchItemResult,
        FactExtractor,
        NewArticle,
        enqueue_batch,
        ingest_batch,
    )

    if not source.exists():
        print(f"newsgraph ingest: {source} does not exist", file=sys.stderr)
        return 2
    database = Database.from_url(settings.database_url)
    if settings.ingest_mode == "queue":
        from app.jobs import build_queue, deferrer

        enqueue = deferrer(build_queue(settings.database_url, settings.queue_max_attempts))

        def ingest_many(articles: Iterable[NewArticle]) -> Iterator[BatchItemResult]:
            return enqueue_batch(database, articles, enqueue)
    else:
        extractor: FactExtractor = (
            ExtractorPool(settings.spacy_model, settings.gazetteer_path, processes)
            if processes > 1
            else Extractor.load(settings.spacy_model, settings.gazetteer_path)
        )

        def ingest_many(articles: Iterable[NewArticle]) -> Iterator[BatchItemResult]:
            return ingest_batch(database, extractor, articles, chunk_size)

    counts = {"created": 0, "existing": 0, "failed": 0}
    started = time.perf_counter()
    progress = tqdm(unit="article", desc="ingest", file=sys.stderr)
    where_of: list[str] = []  # the file and line of each article handed on, by its index

    def articles() -> Iterator[NewArticle]:
        for path, number, line in _ingest_lines(source):
            where = f"{path}:{number}"
            try:
                raw = json.loads(line)
                fields = {key: raw[key] for key in _ARTICLE_FIELDS if key in raw}
                fields.setdefault("title", str(raw.get("id", where)))
                article = ArticleIn.model_validate(fields).to_new_article()
            except ValidationError as error:
                reasons = "; ".join(
                    f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
                )
                refused(where, reasons)
                continue
            except (ValueError, NewsgraphError) as error:
                refused(where, str(error))
                continue
            where_of.append(where)
            yield article

    def refused(where: str, reason: str) -> None:
        counts["failed"] += 1
        progress.update()
        progress.write(f"{where}: {reason}", file=sys.stderr)

    for item in ingest_many(articles()):
        if item.error is not None or item.result is None:
            refused(where_of[item.index], item.error.detail if item.error else "not stored")
        else:
            counts["created" if item.result.created else "existing"] += 1
            progress.update()
    progress.close()
    if settings.ingest_mode != "queue" and isinstance(extractor, ExtractorPool):
        extractor.close()
    database.dispose()
    seconds = time.perf_counter() - started
    total = sum(counts.values())
    print(
        f"{counts['created']} created, {counts['existing']} existing, {counts['failed']} failed"
        f" in {seconds:.1f} s ({total / seconds if seconds else 0:.1f} articles/s)",
        file=sys.stderr,
    )
    return 1 if counts["failed"] else 0
