"""The extraction entry point: text and publication date in, ArticleFacts out."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from app.extraction.dates import resolve_dates
from app.extraction.entities import extract_entities, sentence_index
from app.extraction.facts import ArticleFacts
from app.extraction.gazetteer import DEFAULT_PATH, Gazetteer
from app.extraction.meetings import extract_meetings, trimmed
from app.extraction.pipeline import load_pipeline

EXTRACTOR_VERSION = "newsgraph-extract/0.1"


class Extractor:
    """A loaded pipeline and gazetteer. Thread-safe: one thread runs the pipeline at a time."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.nlp = nlp
        self.gazetteer = gazetteer
        self.version = f"{EXTRACTOR_VERSION}+{nlp.meta.get('name')}-{nlp.meta.get('version')}"
        self._lock = threading.Lock()

    @classmethod
    def load(cls, model_name: str, gazetteer_path: Path | None = None) -> Extractor:
        """Load the named installed pipeline and open the gazetteer index (once per process)."""
        return cls(load_pipeline(model_name), Gazetteer(gazetteer_path or DEFAULT_PATH))

    def extract(self, text: str, published: dt.date) -> ArticleFacts:
        """Extract the facts of one article."""
        with self._lock:
            doc = self.nlp(text)
        return self.facts_from_doc(doc, published)

    def extract_many(
        self, articles: Iterable[tuple[str, dt.date]], batch_size: int = 16
    ) -> Iterator[ArticleFacts]:
        """Extract many articles through ``nlp.pipe``, in order."""
        items = list(articles)
        with self._lock:
            docs = list(self.nlp.pipe((text for text, _ in items), batch_size=batch_size))
        for doc, (_, published) in zip(docs, items, strict=True):
            yield self.facts_from_doc(doc, published)

    def facts_from_doc(self, doc: Doc, published: dt.date) -> ArticleFacts:
        """Our rules over a parsed document."""
        sentence_of = sentence_index(doc)
        entities = extract_entities(doc, self.gazetteer)
        date_spans = [ent for ent in doc.ents if ent.label_ == "DATE"]
        dates = resolve_dates(date_spans, published, sentence_of)
        meetings = extract_meetings(doc, entities, dates, date_spans)
        return ArticleFacts(
            people=entities.people,
            organizations=entities.organizations,
            locations=entities.locations,
            dates=dates,
            meetings=meetings,
            sentences=[trimmed(sent) for sent in doc.sents],
        )
