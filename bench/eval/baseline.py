"""The raw spaCy baseline: the rules an analyst's ad-hoc script would put over the same
pipeline's NER, as ArticleFacts so that both systems are scored by the same code.

PERSON -> person, ORG -> organization, GPE/LOC/FAC -> location, each span its own entity;
DATE spans valued by ``dateparser`` against the publication date, as a single day or null;
places geocoded by the gazetteer's best match for the name alone (no article context); no
meetings.
"""

from __future__ import annotations

import datetime as dt

import dateparser
from spacy.tokens import Doc, Span

from app.extraction.entities import location_at
from app.extraction.facts import (
    ArticleFacts,
    DateMention,
    DateRange,
    Mention,
    Organization,
    Person,
)
from app.extraction.gazetteer import Gazetteer

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _mention(span: Span, sentence: int) -> Mention:
    return Mention(span.start_char, span.end_char, sentence, span.text)


def date_value(text: str, published: dt.date) -> DateRange | None:
    """The day ``dateparser`` reads in ``text`` relative to ``published``, or None."""
    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"RELATIVE_BASE": dt.datetime.combine(published, dt.time())},
    )
    return DateRange(parsed.date(), parsed.date()) if parsed else None


def raw_facts(doc: Doc, published: dt.date, gazetteer: Gazetteer) -> ArticleFacts:
    """The baseline's facts from a processed Doc (only ``doc.ents`` and sentences are used)."""
    sentence_of = {}
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sentence_of[i] = number
    facts = ArticleFacts(sentences=[(s.start_char, s.end_char) for s in doc.sents])
    for span in doc.ents:
        sentence = sentence_of[span.start]
        if span.label_ == "PERSON":
            facts.people.append(Person(name=span.text, mentions=[_mention(span, sentence)]))
        elif span.label_ == "ORG":
            facts.organizations.append(
                Organization(name=span.text, mentions=[_mention(span, sentence)])
            )
        elif span.label_ in PLACE_LABELS:
            location = location_at(span.text, gazetteer.resolve(span.text))
            location.mentions.append(_mention(span, sentence))
            facts.locations.append(location)
        elif span.label_ == "DATE":
            facts.dates.append(
                DateMention(
                    span.text,
                    span.start_char,
                    span.end_char,
                    sentence,
                    date_value(span.text, published),
                )
            )
    return facts
