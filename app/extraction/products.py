"""Names the model tagged an organization or a person that name a product, a model or a unit
instead ("Airbus A380", "Nimbus laptops", "$249 USD")."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from app.extraction.gazetteer import normalize
from app.extraction.names import (
    PLACE_LABELS,
    LabelVotes,
    NameMention,
    before_flight_number,
    brand_cased,
    lowercase_brand,
    name_bounds,
)
from app.extraction.organizations import ORGANIZATION_NOUNS, ORGANIZATION_WORDS

# Things made and sold, and works: a name next to one of them names a product ("Nimbus
# laptops", "the web browser Falcon", "the film Easy Rider").
PRODUCT_NOUNS = frozenset(
    {"computer", "laptop", "notebook", "desktop", "tablet", "software", "browser", "app"}
    | {"application", "version", "edition", "vehicle", "car", "truck", "sedan", "suv"}
    | {"minivan", "jet", "jetliner", "airliner", "aircraft", "plane", "airplane", "helicopter"}
    | {"engine", "processor", "chip", "phone", "smartphone", "handset", "device", "console"}
    | {"camera", "line", "lineup", "nameplate", "film", "movie", "album", "song", "novel"}
    | {"game"}
)
# Nouns in apposition to a product's name: "Orca, the newest version of its system".
_PRODUCT_APPOSITIONS = PRODUCT_NOUNS | {"release", "update", "upgrade", "codename"}
# What companies do and products do not: the subject of one of these is a company.
AGENT_VERBS = frozenset(
    {"say", "announce", "report", "state", "claim", "confirm", "deny", "tell", "agree", "plan"}
    | {"decide", "expect", "want", "hope", "intend", "believe", "sue", "hire", "employ", "buy"}
    | {"purchase", "acquire", "release", "unveil", "introduce", "launch", "order", "own"}
    | {"invest", "manufacture", "produce", "build", "deliver", "sell", "pay", "file", "offer"}
)


def without_products(
    doc: Doc, names: list[NameMention], votes: LabelVotes, organization_keys: set[str]
) -> list[NameMention]:
    """The names less the products the model tagged an organization or a person.

    A mention is a product's when a product noun stands right before it ("web browser
    Falcon"). A name that is not a person's full name nor part of one (see ``_personal``) is
    also a product's where a product noun is in apposition to it ("Orca, the newest version
    of ..."), where it modifies one ("new Nimbus laptops"), everywhere when it also heads a
    noun phrase with an article ("the Nimbus"), when a company's name comes before it
    ("Toyota Camry", "the Kestrel Meridian") and when it is coordinated with a product ("the
    Kestrel Meridian, Roamer and Sedona"). Never a name that acts as a company
    (``_acts_as_company``) or that ``organization_keys`` holds."""
    candidates = [n for n in names if n.label in {"ORG", "PERSON"} and not n.nested]
    companies = organization_keys | {
        normalize(n.span.text) for n in candidates if _acts_as_company(n.span)
    }
    candidates = [n for n in candidates if normalize(n.span.text) not in companies]
    personal = _personal(names)
    brands = [n for n in candidates if n.span.start not in personal]
    modifying = {n.span.start for n in brands if _modifies_product_noun(n.span)}
    determined = {normalize(n.span.text) for n in brands if _has_determiner(n.span)}
    product_lines = {
        normalize(n.span.text)
        for n in brands
        if n.span.start in modifying and normalize(n.span.text) in determined
    }
    named = {t.i for n in names for t in n.span}
    models = product_lines | {
        normalize(ent.text)
        for ent in doc.ents
        if ent.label_ == "PRODUCT" and ent.start not in named  # not "Lockheed Martin"
    }
    found = {n.span.start for n in candidates if _after_product_noun(n.span)}
    found |= {
        n.span.start
        for n in brands
        if _product_in_apposition(n.span)
        or n.span.start in modifying
        or normalize(n.span.text) in product_lines
        or _maker_and_model(n.span, models, votes)
    }
    roots = _product_roots(doc) | {n.span.root.i for n in candidates if n.span.start in found}
    found |= {
        n.span.start for n in brands if _coordinated_with(n.span.root, roots) and not _owns(n.span)
    }
    dropped = {id(n) for n in candidates if n.span.start in found}
    return [n for n in names if id(n) not in dropped]


def _personal(names: list[NameMention]) -> set[int]:
    """The starts of the PERSON names that look like a person's: a name of several words
    ("Bob Dylan" of "a Bob Dylan song") or one word of such a name ("Dylan")."""
    full = [n for n in names if n.label == "PERSON" and len(n.span) > 1]
    words = {t.lower_ for n in full for t in n.span}
    return {
        n.span.start
        for n in names
        if n.label == "PERSON" and (len(n.span) > 1 or n.span[0].lower_ in words)
    }


def _product_roots(doc: Doc) -> set[int]:
    """The root tokens of the entities ``is_product`` finds to be products ("the iPod")."""
    roots = set()
    for ent in doc.ents:
        start, end = name_bounds(ent)
        if end > start and is_product(doc[start:end], ent.label_):
            roots.add(ent.root.i)
    return roots


def _modifies_product_noun(span: Span) -> bool:
    """ "Nimbus laptops", "Nova OS X operating system": the name modifies a product
    noun, and so is not the company's mention there."""
    head = span.root
    while head.dep_ in {"compound", "nmod"} and head.head.i > head.i:
        head = head.head
    return head != span.root and _is_product_noun(head)


def _has_determiner(span: Span) -> bool:
    """ "the Nimbus", "the new Nimbus Air": a name used as the head of a noun phrase with an
    article, as a thing's name is and a company's seldom is."""
    root = span.root
    return root.dep_ not in {"compound", "nmod", "amod"} and any(
        child.dep_ == "det" and child.i < span.start for child in root.children
    )


def _after_product_noun(span: Span) -> bool:
    """ "web browser Falcon", "the 1969 film Easy Rider": the name of the thing a product
    noun right before it names."""
    doc = span.doc
    root = span.root
    before = doc[span.start - 1] if span.start > 0 else None
    return (
        before is not None
        and before.text.islower()
        and _is_product_noun(before)
        and (before.head == root or root.head == before)
    )


def _product_in_apposition(span: Span) -> bool:
    """ "Orca, the newest version of its system", "Orca, the code name for the update"."""
    return any(
        word.lemma_.lower() in _PRODUCT_APPOSITIONS
        or (word.lower_ == "name" and any(c.lower_ == "code" for c in word.lefts))
        for word in span.root.children
        if word.dep_ == "appos"
    )


def _is_product_noun(token: Token) -> bool:
    if token.pos_ != "NOUN":
        return False
    lemma = token.lemma_.lower()
    return lemma in PRODUCT_NOUNS or (
        lemma == "system" and token.i > 0 and token.doc[token.i - 1].lower_ == "operating"
    )


def _acts_as_company(span: Span) -> bool:
    """The subject of something only companies do: "Airbus said", "Vela bought"."""
    root = span.root
    return root.dep_ == "nsubj" and root.head.lemma_ in AGENT_VERBS


def _maker_and_model(span: Span, models: set[str], votes: LabelVotes) -> bool:
    """ "Toyota Camry", "the Kestrel Meridian": a company's name that the article also writes on
    its own, then a model's name (one of ``models``) or a single word after "the" that is no
    organization's word."""
    if len(span) < 2:
        return False
    maker, model = span[:1], span[1:]
    if not votes.count(maker.text, "ORG"):
        return False
    if normalize(model.text) in models:
        return True
    doc = span.doc
    return (
        len(model) == 1
        and span.start > 0
        and doc[span.start - 1].lower_ == "the"
        and model[0].is_alpha
        and model[0].lower_ not in ORGANIZATION_WORDS | ORGANIZATION_NOUNS
    )


def _owns(span: Span) -> bool:
    """ "Microsoft's Windows Mobile": a name with a possessive ending owns what follows."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].tag_ == "POS"


def _coordinated_with(token: Token, roots: set[int]) -> bool:
    """Whether ``token`` is a conjunct in a coordination that holds one of ``roots``."""
    return any(t.i in roots for t in token.conjuncts)


def is_product(span: Span, label: str) -> bool:
    """A maker's product named by its model ("Airbus A380", "Rolls-Royce Trent 900"; not
    "Air France Flight 447"), by its brand ("the iPod"), or by a code the model took for a
    place ("IE6")."""
    doc = span.doc
    if label in {"ORG", "PERSON"} and _designates_model(doc, span.start, span.end):
        return before_flight_number(doc, span.start, span.end) == span.end
    if label in PLACE_LABELS and len(span) == 1 and _model_code(span[0]):
        return sum(ch.isalpha() for ch in span.text) >= 2  # "IE6"; not the road "M25"
    return label == "ORG" and _names_product(span)


def _model_code(token: Token) -> bool:
    """ "A380", "787", "737-800", "A400M", "737s": a product's designation (not "2008",
    "1990s", "90s")."""
    text = token.text
    if text.isdigit():
        return len(text) == 3
    return (
        text[:1].isalnum()
        and any(ch.isdigit() for ch in text)
        and not token.like_num
        and not (text.endswith("s") and text[:-1].isdigit() and len(text[:-1]) in {2, 4})
    )


def _designates_model(doc: Doc, start: int, end: int) -> bool:
    """Whether the name is a maker's product: its last word, or the word right after it, is
    a model designation ("Rolls-Royce Trent 900", "the Airbus A330 jetliner")."""
    if end - start > 1 and _model_code(doc[end - 1]):
        return True
    return end < len(doc) and _model_code(doc[end])


def _names_product(span: Span) -> bool:
    """A brand written with a lowercase initial and an inner capital ("iPod", "iTunes Music
    Store") names a product, unless it stands where a company does, without a determiner
    ("the new iPod"): the subject or the possessor ("eBay said", "eBay's profit"), in
    apposition ("the auction site eBay"), or after "of", "by" or "at" ("shares of eBay").
    One word joining two capitalized words ("MacBook") only where it heads a phrase with
    an article or an owner ("for the MacBook", "Apple's PowerBook"), as a company's name
    seldom does."""
    first = span[0]
    root = span.root
    if len(span) == 1 and brand_cased(first.text):
        return root.dep_ != "compound" and any(
            child.dep_ in {"det", "poss"} and child.i < span.start for child in root.children
        )
    if not lowercase_brand(first.text):
        return False
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and (before.dep_ in {"det", "poss"} or before.tag_ == "POS"):
        return True  # "the iPhone", "Apple's iPod"
    if any(child.dep_ in {"det", "poss"} and child.i < span.start for child in root.children):
        return True  # "the new iPod"
    if root.dep_ in {"nsubj", "poss", "appos"}:
        return False
    return not (root.dep_ == "pobj" and root.head.lower_ in {"of", "by", "at"})


_CLOCK = re.compile(r"\d{1,2}:\d{2}")
# ISO 4217 codes of the currencies news most often quotes amounts in.
CURRENCY_CODES = frozenset(
    {"USD", "EUR", "GBP", "JPY", "CNY", "RMB", "CAD", "AUD", "NZD", "CHF", "INR", "RUB", "BRL"}
    | {"MXN", "KRW", "HKD", "SGD", "SEK", "NOK", "DKK", "ZAR", "TRY", "PLN", "ILS", "AED", "SAR"}
)


# Stock market indexes, by the names news writes alone ("the Dow", "the Nikkei", "CAC 40").
MARKET_INDEXES = frozenset(
    {"dow", "dow jones", "nasdaq", "ftse", "dax", "cac", "nikkei", "hang seng", "s&p"}
    | {"sensex", "nifty", "kospi", "topix", "stoxx", "euro stoxx", "ibex", "bovespa", "merval"}
    | {"tsx", "asx", "smi", "aex", "omx", "bel", "psi", "wig", "jci", "klci", "set", "tsec"}
)
# Words that follow an index's name ("the Hang Seng index") or end it ("Nasdaq Composite";
# not "New York Stock Exchange composite trading").
_INDEX_WORDS = frozenset({"index", "indexes", "indices", "average", "averages"})
_INDEX_LAST_WORDS = _INDEX_WORDS | {"composite"}
# What an index does in a market report: "the Dow fell 2 percent", "the Nikkei closed at".
_MARKET_VERBS = frozenset(
    {"fall", "rise", "close", "gain", "lose", "drop", "climb", "slip", "end", "finish", "add"}
    | {"jump", "tumble", "plunge", "surge", "rally", "edge", "shed", "sink", "slide", "soar"}
    | {"dip", "advance", "decline", "open", "rebound", "retreat", "hit", "reach", "top"}
)


def names_market_index(span: Span) -> bool:
    """A stock market index, which is no organization: a name ending in or followed by an
    index word ("Dow Jones Industrial Average", "the Hang Seng index"), or an index's name
    with its number ("CAC 40") or moving as markets do ("the Dow fell 300 points", "Xetra
    Dax down 1.5 percent"); not the
    company or exchange of the same name ("Nasdaq said")."""
    doc = span.doc
    following = doc[span.end] if span.end < len(doc) else None
    if span[-1].lower_ in _INDEX_LAST_WORDS and len(span) > 1:
        return True
    if following is not None and following.lower_ in _INDEX_WORDS:
        return True
    if span.text.lower() not in MARKET_INDEXES and span[-1].lower_ not in MARKET_INDEXES:
        return False
    root = span.root
    return (
        following is not None
        and (following.like_num or following.lower_ in {"up", "down", "higher", "lower"})
    ) or (root.dep_ == "nsubj" and root.head.lemma_.lower() in _MARKET_VERBS)


def names_unit(span: Span) -> bool:
    """A currency or time zone code after an amount or a time of day: "$249 USD", "16:15
    UTC", "$99 (USD)", "249 EUR"; a unit written against a number ("30GB"); not a company
    after a year ("in 2008 BMW sold")."""
    if len(span) != 1 or not (span.text.isalpha() and span.text.isupper()):
        return False
    index = span.start - 1
    doc = span.doc
    if index >= 0 and doc[index].like_num and not doc[index].whitespace_:
        return True  # "30GB"
    if len(span.text) != 3:
        return False
    if index >= 0 and doc[index].text == "(":
        index -= 1
    return index >= 0 and (
        doc[index].ent_type_ in {"MONEY", "TIME"}
        or _CLOCK.fullmatch(doc[index].text) is not None
        or (span.text in CURRENCY_CODES and doc[index].like_num)
    )
