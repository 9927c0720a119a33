"""The named mentions of one document and what every stage asks of a name: the model's labels
for it across the document, its span's edges, its surname, whether it is a place or a facility."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from nameparser import HumanName
from spacy.tokens import Doc, Span, Token

from app.extraction.gazetteer import Gazetteer, normalize

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MONARCHS = frozenset({"king", "queen", "emperor", "empress", "sultan", "emir"})
# Styles written before a given name, not a surname: "King Hussein", "Pope Francis".
ROYAL_STYLES = MONARCHS | {"prince", "princess", "pope", "sheikh"}


@dataclass
class NameMention:
    """One NER span after its title and article are split off."""

    span: Span  # the name itself, no title
    label: str
    title: str | None
    retired: bool
    first: int  # index of the title's first token, or of the name's without one
    nested: bool = False  # inside another entity's name


@dataclass
class LabelVotes:
    """How often the model gave each label to each name (normalized) in the document: one
    wrong label among several right ones should not decide what the name is."""

    counts: dict[str, Counter[str]]
    # Names the model tags a place, or a person where only a place fits ("lives in Calais").
    placed: set[str]

    @classmethod
    def of(cls, names: Iterable[NameMention]) -> LabelVotes:
        counts: dict[str, Counter[str]] = {}
        placed = set()
        for name in names:
            key = normalize(name.span.text)
            counts.setdefault(key, Counter())[_voting_label(name.label)] += 1
            if name.label in PLACE_LABELS or in_place_position(name.span):
                placed.add(key)
        return cls(counts, placed)

    def count(self, text: str, label: str) -> int:
        return self.counts.get(normalize(text), Counter())[_voting_label(label)]

    def majority(self, text: str, own: str) -> str:
        """The label the model gives ``text`` most often, the place labels counted as one
        ("GPE" then); ``own`` when it is among the most."""
        counts = self.counts.get(normalize(text))
        if not counts or counts[_voting_label(own)] == max(counts.values()):
            return own
        return counts.most_common(1)[0][0]

    def total(self, text: str) -> int:
        return sum(self.counts.get(normalize(text), Counter()).values())

    def mostly_person(self, text: str) -> bool:
        return self.count(text, "PERSON") * 2 > self.total(text)


def _voting_label(label: str) -> str:
    return "GPE" if label in PLACE_LABELS else label


# Prepositions after which a name is a place, never a person ("to" and "from" take both).
_PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "around", "into", "across"})
_PLACE_NOUNS = frozenset({"town", "city", "village", "county", "state", "province", "suburb"})


def in_place_position(span: Span) -> bool:
    """ "lives in Calais", "the town of Calais", "visited Calais"."""
    root = span.root
    if root.dep_ == "dobj":
        return root.head.lemma_ in {"visit", "tour"}
    if root.dep_ != "pobj":
        return False
    preposition = root.head
    return preposition.lower_ in _PLACE_PREPOSITIONS or (
        preposition.lower_ == "of" and preposition.head.lower_ in _PLACE_NOUNS
    )


# Quotation marks the model often keeps at the edge of a name ("``Skyline Airways''").
_QUOTES = frozenset({"`", "``", "'", "''", '"', "\u201c", "\u201d", "\u2018", "\u2019"})
# Legal forms written after a company's name ("Norvik LLC", "Halvorsen AG").
CORPORATE_SUFFIXES = frozenset(
    {"inc", "inc.", "corp", "corp.", "co.", "ltd", "ltd.", "llc", "plc", "ag", "spa", "s.a."}
    | {"n.v.", "nv", "gmbh", "lp", "l.p.", "llp", "bv", "b.v.", "s.p.a.", "pty"}
)


# Words that label a caption or a credit before a colon ("Image: Nick Moreau").
CAPTION_LABELS = frozenset({"image", "photo", "photograph", "picture", "credit", "source", "file"})


def name_bounds(ent: Span) -> tuple[int, int]:
    """The token range of the name in ``ent``: without a leading article, the quotation
    marks at its edges, a trailing possessive or function word ("the Nordic Council at"), a
    caption label at either end ("Ahmed Mohamed Image: Twitter") and an unclosed bracket at
    its end, and with a legal form that follows it."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start < end and (
        doc[start].lower_ in {"the", "a", "an"}
        or doc[start].text in _QUOTES
        or _labels_caption(doc, start)
    ):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS"
        or doc[end - 1].text in _QUOTES
        or _labels_caption(doc, end - 1)
        or (doc[end - 1].is_lower and doc[end - 1].pos_ in {"ADP", "CCONJ", "DET"})
    ):
        end -= 1
    if end == ent.end and end < len(doc) and is_corporate_suffix(doc, end, end + 1):
        end += 1
    words = [t.text for t in doc[start:end]]
    if "(" in words[1:] and ")" not in words:
        end = start + words.index("(", 1)  # "Bureau of Investigation (FBI" without its ")"
    return start, end


def _labels_caption(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a caption's label: "Image", "Photo" right before a colon."""
    return doc[i].lower_ in CAPTION_LABELS and i + 1 < len(doc) and doc[i + 1].text == ":"


def is_corporate_suffix(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[start:end]`` is a legal form written after a company's name."""
    return (
        end - start == 1
        and start > 0
        and doc[start].lower_ in CORPORATE_SUFFIXES
        and doc[start].text[:1].isupper()
        and doc[start - 1].text[:1].isupper()
    )


def has_capital(span: Span) -> bool:
    """Names have a capital letter; "healthcare" or "640x480" tagged ORG is no name."""
    return any(ch.isupper() for ch in span.text)


_TWO_WORDS_JOINED = re.compile(r"[A-Z][a-z]{2,}[A-Z][a-z]+")


def brand_cased(word: str) -> bool:
    """One word joining two capitalized words, as brands are written ("AirTanker",
    "YouTube", "MacBook"); a surname's prefix is shorter ("McCain", "DeVos")."""
    return bool(_TWO_WORDS_JOINED.fullmatch(word))


def lowercase_brand(text: str) -> bool:
    """A word with a lowercase initial and an inner capital: a brand ("iPod", "eBay")."""
    return text[:1].islower() and any(ch.isupper() for ch in text[1:])


# Faiths, which are no organizations ("Islam 's holiest site"); their churches are.
RELIGIONS = frozenset(
    {"islam", "christianity", "judaism", "buddhism", "hinduism", "sikhism", "jainism", "shinto"}
)


def names_idea(span: Span) -> bool:
    """A faith, an ideology or a fear ("Islam", "Zionism", "Islamophobia") or a social
    media handle ("@POTUS"): a word the model tags a name that names no person, organization
    or place."""
    if len(span) != 1:
        return False
    word = span.text.lower()
    return (
        word in RELIGIONS
        or word.endswith(("ism", "isms", "phobia"))
        or (word.startswith("@") and len(word) > 1)
    )


def before_flight_number(doc: Doc, start: int, end: int) -> int:
    """ "Air France Flight 447" is a flight of the airline "Air France"."""
    for i in range(start + 1, end):
        if doc[i].lower_ == "flight":
            return i
    return end


@lru_cache(maxsize=65536)
def surname(text: str) -> str:
    parsed = HumanName(text)
    return normalize(parsed.last or text)


@lru_cache(maxsize=65536)
def first_name(text: str) -> str:
    return normalize(HumanName(text).first)


def known_place(span: Span, gazetteer: Gazetteer) -> bool:
    """Many surnames are also some village's name ("Obama", Japan): one word counts as a place
    only if it is a country, a first-level region or a city of 100,000 people; a longer name
    if it is any place's main name."""
    if len(span) > 1:
        return gazetteer.knows(span.text)
    place = gazetteer.resolve(span.text)
    return (
        place is not None
        and place.main_name
        and (
            place.feature in {"country", "admin1"}
            or (place.feature == "city" and place.population >= 100_000)
        )
    )


# A name ending in one of these is a facility at a town, a street, a natural feature or a
# county, never a person or an organization ("Ramstein Air Base", "Clinton Avenue").
FACILITY_WORDS = frozenset(
    {
        "street",
        "st.",
        "avenue",
        "ave.",
        "road",
        "rd.",
        "boulevard",
        "blvd.",
        "lane",
        "highway",
        "parkway",
        "river",
        "creek",
        "forest",
        "wilderness",
        "valley",
        "county",
        "parish",
        "township",
        "area",
        "base",
        "airport",
        "airfield",
        "camp",
        "barracks",
        "station",
        "port",
        "harbor",
        "harbour",
        "range",
        "garrison",
        "compound",
        "palace",
        "center",
        "centre",
        "square",
        "bridge",
        "plant",
        "factory",
        "field",
        "fort",
    }
)


def untagged_words(doc: Doc, names: list[NameMention]) -> Iterator[Token]:
    """The capitalized words outside every entity the model tagged and every name found so
    far: where the names the model missed are."""
    covered = {t.i for name in names for t in name.span}
    return (
        token
        for token in doc
        if token.i not in covered and token.ent_iob_ == "O" and token.text[:1].isupper()
    )


def untagged_runs(doc: Doc, names: list[NameMention]) -> list[Span]:
    """The runs of untagged proper nouns (see ``untagged_words``): names the model missed
    ("Opel", "AT&T", "Everett Factory")."""
    runs: list[Span] = []
    for token in untagged_words(doc, names):
        if token.pos_ != "PROPN":
            continue
        if runs and runs[-1].end == token.i:
            runs[-1] = doc[runs[-1].start : token.i + 1]
        else:
            runs.append(doc[token.i : token.i + 1])
    return runs


def is_facility(text: str) -> bool:
    words = text.split()
    return len(words) > 1 and words[-1].lower() in FACILITY_WORDS
