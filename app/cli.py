"""The ``newsgraph`` command: ``serve`` the API, or ``extract`` articles to JSON Lines."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.config import Settings


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
