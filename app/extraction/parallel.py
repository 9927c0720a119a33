"""Extraction in worker processes, each with its own pipeline: the same interface as
Extractor, for backfills that should use every core."""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.extraction.extractor import Extractor
    from app.extraction.facts import ArticleFacts

# One BLAS/OpenMP thread per process, so N processes use N cores and figures mean what they say.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

_worker_extractor: Extractor | None = None


def pin_threads() -> None:
    """Ask numeric libraries for one thread each; must run before they are imported."""
    for variable in THREAD_VARIABLES:
        os.environ.setdefault(variable, "1")


def _start_worker(model_name: str, gazetteer_path: Path | None) -> None:
    global _worker_extractor
    pin_threads()
    from app.extraction.extractor import Extractor

    _worker_extractor = Extractor.load(model_name, gazetteer_path)


def _extract_chunk(articles: list[tuple[str, dt.date]]) -> list[ArticleFacts]:
    assert _worker_extractor is not None
    return list(_worker_extractor.extract_many(articles))


def _version() -> str:
    assert _worker_extractor is not None
    return _worker_extractor.version


class ExtractorPool:
    """``processes`` worker processes, each loading the pipeline once."""

    def __init__(
        self, model_name: str, gazetteer_path: Path | None, processes: int, chunk_size: int = 8
    ) -> None:
        self.chunk_size = chunk_size
        self.processes = processes
        self._pool = ProcessPoolExecutor(
            processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(model_name, gazetteer_path),
        )
        self.version: str = self._pool.submit(_version).result()

    def extract(self, text: str, published: dt.date) -> ArticleFacts:
        """Extract one article in a worker."""
        return self._pool.submit(_extract_chunk, [(text, published)]).result()[0]

    def extract_many(self, articles: Iterable[tuple[str, dt.date]]) -> Iterator[ArticleFacts]:
        """Extract articles across the workers, ``chunk_size`` per task, in order. Reads
        ``articles`` lazily, keeping two tasks per worker in flight: the workers never
        wait for the caller, and a long stream is never all in memory."""
        stream = iter(articles)
        running: deque[Future[list[ArticleFacts]]] = deque()

        def submit() -> bool:
            chunk = list(itertools.islice(stream, self.chunk_size))
            if chunk:
                running.append(self._pool.submit(_extract_chunk, chunk))
            return bool(chunk)

        while len(running) < 2 * self.processes and submit():
            pass
        while running:
            facts = running.popleft().result()
            submit()
            yield from facts

    def close(self) -> None:
        self._pool.shutdown()

    def __enter__(self) -> ExtractorPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
