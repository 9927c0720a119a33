"""The extraction entry point: text and publication date in, ArticleFacts out."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from app.extraction.components import EntityComponent
from app.extraction.entities import DocEntities
from app.extraction.facts import ArticleFacts
from app.extraction.gazetteer import Gazetteer
from app.extraction.meetings import trimmed
from app.extraction.pipeline import load_pipeline

EXTRACTOR_VERSION = "newsgraph-extract/0.2"


class Extractor:
    """The loaded pipeline with our components. Thread-safe: one thread runs it at a time."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        component = nlp.get_pipe("newsgraph_entities")
        assert isinstance(component, EntityComponent)
        self.gazetteer: Gazetteer = component.gazetteer
        self.version = f"{EXTRACTOR_VERSION}+{nlp.meta.get('name')}-{nlp.meta.get('version')}"
        self._lock = threading.Lock()

    @classmethod
    def load(cls, model_name: str, gazetteer_path: Path | None = None) -> Extractor:
        """Load the named installed pipeline with our components (once per process)."""
        return cls(load_pipeline(model_name, gazetteer_path))

    def _doc(self, text: str, published: dt.date) -> Doc:
        doc = self.nlp.make_doc(text)
        doc._.published = published
        return doc

    def extract(self, text: str, published: dt.date) -> ArticleFacts:
        """Extract the facts of one article."""
        with self._lock:
            doc = self.nlp(self._doc(text, published))
        return facts_from_doc(doc)

    def extract_many(
        self, articles: Iterable[tuple[str, dt.date]], batch_size: int = 16
    ) -> Iterator[ArticleFacts]:
        """Extract many articles through ``nlp.pipe``, in order, ``batch_size`` at a time:
        ``articles`` is read lazily and each batch's facts come out before the next batch
        is read, so a caller can store them while the pipeline goes on."""
        stream = iter(articles)
        while batch := list(itertools.islice(stream, batch_size)):
            docs = [self._doc(text, published) for text, published in batch]
            with self._lock:
                parsed = list(self.nlp.pipe(docs, batch_size=batch_size))
            yield from (facts_from_doc(doc) for doc in parsed)


def facts_from_doc(doc: Doc) -> ArticleFacts:
    """The ArticleFacts our components left on a processed Doc."""
    entities: DocEntities = doc._.entities
    return ArticleFacts(
        people=entities.people,
        organizations=entities.organizations,
        locations=entities.locations,
        dates=doc._.dates,
        meetings=doc._.meetings,
        sentences=[trimmed(sent) for sent in doc.sents],
    )
