"""Document evidence that a name is an organization's whatever the model tagged it, and the
names of events, which are not organizations but may begin with their organizer's."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span

from app.extraction.gazetteer import Gazetteer, normalize
from app.extraction.names import (
    CORPORATE_SUFFIXES,
    PLACE_LABELS,
    LabelVotes,
    NameMention,
    is_facility,
    known_place,
    surname,
)

# Common nouns that, written right before a name, say it is an organization's ("the airline
# Skyjet", "electronics retailer Best Value", "German magazine Der Beobachter").
ORGANIZATION_NOUNS = frozenset(
    {"company", "firm", "corporation", "conglomerate", "airline", "carrier", "manufacturer"}
    | {"automaker", "carmaker", "airframer", "planemaker", "retailer", "chain", "bank", "lender"}
    | {"insurer", "group", "magazine", "newspaper", "tabloid", "network", "agency", "band"}
    | {"label", "studio", "party", "union", "club", "charity", "organization", "organisation"}
    | {"foundation", "subsidiary", "startup", "outlet", "division", "unit"}
)
# Nouns that only an organization is the modifier of ("Skyjet CEO", "Vela shareholders").
CORPORATE_NOUNS = frozenset(
    {"ceo", "cfo", "coo", "cto", "chairman", "chairwoman", "shareholders", "shareholder"}
    | {"stockholders", "subsidiary", "subsidiaries", "executives", "shares"}
)
# Last words of organizations' names ("Douglas Aircraft", "Kenya Airways", "Vela Group").
ORGANIZATION_WORDS = CORPORATE_SUFFIXES | frozenset(
    {"aircraft", "airways", "airlines", "motors", "group", "corporation", "company"}
    | {"holdings", "industries", "bank", "partners", "capital", "enterprises", "records"}
    | {"pictures", "studios", "foundation", "institute", "association", "society", "party"}
    | {"union", "council", "committee", "agency", "ministry", "department", "office"}
    | {"university", "college", "corps", "caucus"}
)


def evident_organizations(
    names: list[NameMention], votes: LabelVotes, gazetteer: Gazetteer
) -> set[str]:
    """Names the article shows to be organizations', whatever the model tagged them: each is
    one wherever it stands without a title. The evidence: the words around a mention (see
    ``_names_organization``); an organization's last word after a name tagged PERSON
    ("Douglas Aircraft"); officials of a name that is no known place ("Scientology
    officials"); an acronym the model mostly tags an organization ("ZDP"); a
    longer organization's name that the name begins ("Cerulean" and "Cerulean Capital
    Management"), unless the name is a person's surname the model tags a person ("Trump"
    beside "Trump Organization" and "Donald Trump"); and a plural after "the" ("the
    Kinks"), unless it is a family's ("the Kennedys" beside "John Kennedy"). A place the
    model also tags a place is never one ("West Bank")."""
    candidates = [
        n
        for n in names
        if not (gazetteer.knows(n.span.text) and normalize(n.span.text) in votes.placed)
    ]
    surnames = {surname(n.span.text) for n in names if n.label == "PERSON" and len(n.span) > 1}
    longer = {
        normalize(n.span[0].text)
        for n in candidates
        if n.label == "ORG"
        and len(n.span) > 1
        and (_names_organization(n.span) or ends_in_organization_word(n.span))
    }
    keys = set()
    for name in candidates:
        span, key = name.span, normalize(name.span.text)
        if (
            _names_organization(span)
            or (name.label == "PERSON" and ends_in_organization_word(span))
            or (
                _is_acronym(span)
                and votes.majority(span.text, name.label) == "ORG"
                and key not in votes.placed
                and not gazetteer.knows(span.text)
            )
            or (
                key in longer
                and len(span) == 1
                and name.label not in PLACE_LABELS
                and not known_place(span, gazetteer)
                and not (key in surnames and votes.mostly_person(span.text))
            )
            or (
                name.label == "PERSON"
                and _plural_proper_noun(span)
                and normalize(span.text[:-1]) not in surnames
            )
            or (_has_officials(span) and not gazetteer.knows(span.text))
        ):
            keys.add(key)
    return keys


def organizations_the_model_missed(runs: list[Span]) -> list[NameMention]:
    """Of the untagged proper nouns ``runs`` (see ``untagged_runs``), those that the words
    around them show to be an organization's (see ``_names_organization``: "its European
    division, Vela"; the caller finds their other mentions)."""
    return [
        NameMention(run, "ORG", None, False, run.start)
        for run in runs
        if _names_organization(run)
        and not any(t.lower_ in CORPORATE_NOUNS for t in run)
        and len(run[-1].text) > 1  # "the company's Class A shares"
        and not (run.end < len(run.doc) and run.doc[run.end].ent_type_ == "PERSON")
    ]


def _has_officials(span: Span) -> bool:
    """ "Scientology officials": a name with officials is an organization's, or a place's
    (which the caller rules out)."""
    root = span.root
    return root.dep_ == "compound" and root.head.lower_ == "officials"


def _names_organization(span: Span) -> bool:
    """Whether the words around one mention say it names an organization: an organization
    noun before it ("the airline Skyjet"), a noun only organizations have after it ("Skyjet
    CEO", "Ferris's chief executive"), members of it ("members of the Sea Org"), or a
    person of it when it is an acronym ("Frederick Fung of ADPL")."""
    doc = span.doc
    root = span.root
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.text == "," and span.start > 1:
        before = doc[span.start - 2]
    if (
        before is not None
        and before.lower_ in ORGANIZATION_NOUNS
        and before.text.islower()
        and (before.head == root or root.head == before)
        # "her company Sally married", but "its European division, Vela"
        and (doc[span.start - 1].text == "," or not any(c.tag_ == "PRP$" for c in before.children))
    ):
        return True
    if root.dep_ in {"compound", "poss"} and root.head.lower_ in CORPORATE_NOUNS:
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        owner = root.head.head
        if owner.lemma_.lower() == "member" and owner.pos_ == "NOUN":
            return True  # "members of the Sea Org"
        if owner.ent_type_ == "PERSON" and _is_acronym(span):
            return True  # "Frederick Fung of ADPL"
    head = root.head
    return root.dep_ == "poss" and head.lower_ == "executive" and doc[head.i - 1].lower_ == "chief"


def ends_in_organization_word(span: Span) -> bool:
    """ "Douglas Aircraft", "Kenya Airways", "Norvik LLC"."""
    return len(span) > 1 and span[-1].lower_ in ORGANIZATION_WORDS and span[-1].text[:1].isupper()


def _is_acronym(span: Span) -> bool:
    """ "ZDP", "GBC": capitals in a sentence that is not all in capitals."""
    text = span.text
    sentence = span.sent.text
    return (
        len(span) == 1
        and 2 <= len(text) <= 5
        and text.isalpha()
        and text.isupper()
        and not sentence.isupper()
    )


def _plural_proper_noun(span: Span) -> bool:
    """ "the Kinks": a plural name after "the", as a band's or a team's is; not a surname
    ending in "s" ("the Roberts siblings")."""
    doc = span.doc
    return (
        len(span) == 1
        and span.start > 0
        and doc[span.start - 1].lower_ == "the"
        and span[0].tag_ in {"NNS", "NNPS"}
        and span[0].dep_ not in {"compound", "nmod"}
        and span.text.endswith("s")
    )


# Head words of the names of events, which are neither organizations nor places ("Bristol
# Gaming Convention", "Geneva Motor Show", "Comic Expo Canada 2016").
EVENT_WORDS = frozenset(
    {"conference", "convention", "expo", "exposition", "show", "summit", "festival", "fair"}
    | {"olympics", "olympiad", "championship", "championships", "cup", "tournament", "marathon"}
    | {"awards", "gala"}
)


def is_event(span: Span) -> bool:
    """Whether the name is an event's: a capitalized event word after its first word,
    followed by nothing but capitalized words and numbers ("FIFA World Cup 2018"); not a
    venue named after one ("Toronto Convention Centre")."""
    if is_facility(span.text):
        return False
    for token in span[1:]:
        if token.lower_ in EVENT_WORDS and token.text[:1].isupper():
            return all(t.text[:1].isupper() or t.like_num for t in span[token.i - span.start :])
    return False


def event_organizer(span: Span, untitled: LabelVotes) -> Iterable[NameMention]:
    """The organization an event's name begins with, when the document also names it on its
    own ("Zentek" in "Zentek Developers Summit"): the longest such beginning."""
    for end in range(span.end - 2, span.start, -1):
        words = span.doc[span.start : end]
        if untitled.count(words.text, "ORG"):
            yield NameMention(words, "ORG", None, False, span.start)
            return
