"""GAP's question on a processed Doc: does the pronoun refer to candidate A, to B, to neither?

Ours answers with the pronoun resolver of the extractor (app/extraction/pronouns.py) over our
people; the baseline is an analyst's ad-hoc rule over the raw NER: the nearest PERSON span
before the pronoun, taken to be the same person as a candidate with the same surname.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from app.extraction.entities import DocEntities
from app.extraction.pronouns import resolve_pronoun
from bench.eval.corpora import GoldPronoun
from bench.eval.scoring import surname

Decision = tuple[bool, bool]  # refers to A, refers to B


def _span(doc: Doc, start_end: tuple[int, int]) -> Span:
    span = doc.char_span(*start_end, alignment_mode="expand")
    if span is None:
        raise ValueError(f"no tokens at characters {start_end}")
    return span


def ours(doc: Doc, item: GoldPronoun) -> Decision:
    """Whether the person our resolver links the pronoun to is mentioned by A, by B."""
    entities: DocEntities = doc._.entities
    person = resolve_pronoun(_span(doc, item.pronoun).root, entities)
    if person is None:
        return False, False
    a, b = (
        any(entities.person_at.get(t.i) == person for t in _span(doc, candidate))
        for candidate in (item.a, item.b)
    )
    return a, b


def nearest_name(doc: Doc, item: GoldPronoun) -> Decision:
    """Whether the nearest PERSON span before the pronoun has A's, B's surname."""
    before = [e for e in doc.ents if e.label_ == "PERSON" and e.end_char <= item.pronoun[0]]
    if not before:
        return False, False
    name = surname(before[-1].text)
    a, b = (surname(doc.text[slice(*candidate)]) == name for candidate in (item.a, item.b))
    return a, b
