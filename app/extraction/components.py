"""Our spaCy components, added after the model's NER: entities, dates, meetings.

Each sets one Doc extension; the publication date comes in as ``doc._.published`` (set on
the Doc before the pipeline runs), the gazetteer index through the factory's config.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from app.extraction.dates import resolve_dates
from app.extraction.entities import extract_entities, sentence_index
from app.extraction.gazetteer import DEFAULT_PATH, Gazetteer
from app.extraction.meetings import extract_meetings

for _name in ("published", "entities", "dates", "meetings"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class EntityComponent:
    """People, organizations and places with their mentions -> ``doc._.entities``."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        doc._.entities = extract_entities(doc, self.gazetteer)
        return doc


@Language.factory(
    "newsgraph_entities",
    default_config={"gazetteer_path": None},
    assigns=["doc._.entities"],
    requires=["doc.ents", "doc.sents", "token.dep", "token.pos"],
)
def make_entity_component(nlp: Language, name: str, gazetteer_path: str | None) -> EntityComponent:
    return EntityComponent(Gazetteer(Path(gazetteer_path) if gazetteer_path else DEFAULT_PATH))


@Language.component(
    "newsgraph_dates", assigns=["doc._.dates"], requires=["doc.ents", "doc._.published"]
)
def date_component(doc: Doc) -> Doc:
    """Every DATE span valued against ``doc._.published`` -> ``doc._.dates``."""
    if doc._.published is None:
        raise ValueError("set doc._.published (the publication date) before running the pipeline")
    date_spans = [ent for ent in doc.ents if ent.label_ == "DATE"]
    doc._.dates = resolve_dates(date_spans, doc._.published, sentence_index(doc))
    return doc


@Language.component(
    "newsgraph_meetings",
    assigns=["doc._.meetings"],
    requires=["doc._.entities", "doc._.dates", "token.dep"],
)
def meeting_component(doc: Doc) -> Doc:
    """Meetings and visits -> ``doc._.meetings``."""
    doc._.meetings = extract_meetings(doc, doc._.entities, doc._.dates)
    return doc
