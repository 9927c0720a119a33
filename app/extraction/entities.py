"""People, organizations and places from the NER spans: titles split off, types repaired by
document consistency, one item per real-world entity with all its mentions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from nameparser import HumanName
from spacy.tokens import Doc, Span, Token

from app.extraction.facts import Location, Mention, Organization, Person
from app.extraction.gazetteer import Gazetteer, Place, normalize
from app.extraction.titles import PLURAL_TITLES, is_title_token, split_title, title_before

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# A name ending in one of these is a facility at a town, never a person ("Ramstein Air Base").
FACILITY_WORDS = frozenset(
    {
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
        "field",
        "fort",
    }
)
# Multi-word suffixes removed to find the town a facility is named after.
_FACILITY_SUFFIXES = (
    "training area",
    "air base",
    "air force base",
    "naval base",
    "army airfield",
    "airport",
    "international airport",
    "base",
    "airfield",
    "barracks",
    "camp",
    "garrison",
)
DIRECTIONS = frozenset(
    {
        "northern",
        "southern",
        "eastern",
        "western",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "central",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "upper",
        "lower",
    }
)
# Head nouns of offices and functions: "Defense Secretary", "commanding general".
ROLE_HEADS = frozenset(
    {
        "secretary",
        "minister",
        "president",
        "chairman",
        "chairwoman",
        "chair",
        "chief",
        "general",
        "commander",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "director",
        "governor",
        "senator",
        "mayor",
        "leader",
        "head",
        "envoy",
        "adviser",
        "advisor",
        "ceo",
        "executive",
        "premier",
        "chancellor",
        "king",
        "queen",
        "prime",
        "officer",
        "representative",
        "congressman",
        "congresswoman",
        "lawmaker",
        "judge",
        "attorney",
        "prosecutor",
        "founder",
        "owner",
        "manager",
        "coach",
        "captain",
        "editor",
        "analyst",
        "professor",
        "researcher",
        "vice-president",
        "deputy",
        "treasurer",
        "sheriff",
        "superintendent",
        "commissioner",
    }
)


@dataclass
class _NameMention:
    """One NER span after its title and article are split off."""

    span: Span  # the name itself, no title
    label: str
    title: str | None
    retired: bool
    first: int  # index of the title's first token, or of the name's without one


@dataclass
class DocEntities:
    """The entities of one document and which tokens mention them."""

    people: list[Person] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    person_at: dict[int, int] = field(default_factory=dict)  # token index -> people index
    location_at: dict[int, int] = field(default_factory=dict)  # token index -> locations index
    organization_at: dict[int, int] = field(default_factory=dict)
    location_places: list[Place | None] = field(default_factory=list)


def sentence_index(doc: Doc) -> list[int]:
    """The 0-based sentence number of every token of ``doc``."""
    numbers = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            numbers[i] = number
    return numbers


def extract_entities(doc: Doc, gazetteer: Gazetteer) -> DocEntities:
    """Group the document's named mentions into people, organizations and places."""
    sentence_of = sentence_index(doc)
    names = [name for ent in doc.ents if ent.label_ in ENTITY_LABELS for name in _split(ent)]
    names += _places_the_model_missed(doc, gazetteer)
    _share_plural_titles(names)
    person_keys = _person_keys(names, gazetteer)
    names += _surnames_the_model_missed(doc, names, person_keys)
    names.sort(key=lambda name: name.span.start)
    titled_tokens = {t.i for name in names if name.title is not None for t in name.span}

    people: list[_NameMention] = []
    organizations: list[_NameMention] = []
    places: list[_NameMention] = []
    demonyms: list[_NameMention] = []
    for name in names:
        kind = _kind(name, person_keys, titled_tokens, gazetteer)
        {"person": people, "organization": organizations, "place": places, "demonym": demonyms}.get(
            kind, []
        ).append(name)

    result = DocEntities()
    _build_organizations(organizations, sentence_of, result)
    _build_people(doc, people, sentence_of, gazetteer, result)
    _build_locations(doc, places, demonyms, sentence_of, gazetteer, result)
    return result


def _places_the_model_missed(doc: Doc, gazetteer: Gazetteer) -> list[_NameMention]:
    """Well-known places outside the model's entity spans, or inside spans of a kind we do not
    use ("Kyiv and Kharkiv" tagged WORK_OF_ART): a proper noun that names a country or a city of
    100,000 people, in a locative phrase or such a span."""
    found = []
    for token in doc:
        if (
            token.pos_ != "PROPN"
            or not token.text[:1].isupper()
            or token.ent_type_ in ENTITY_LABELS
        ):
            continue
        if token.ent_iob_ == "O" and token.head.lower_ not in LOCATIVE_PREPOSITIONS:
            continue
        if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
            continue  # part of a longer name
        place = gazetteer.resolve(token.text)
        if (
            place is not None
            and place.main_name
            and (
                place.feature == "country"
                or (place.feature == "city" and place.population >= 100_000)
            )
        ):
            found.append(_NameMention(doc[token.i : token.i + 1], "GPE", None, False, token.i))
    return found


def _share_plural_titles(names: list[_NameMention]) -> None:
    """ "Gens. Christopher Cavoli and Mark Milley": both are generals ("Gen.")."""
    plural: dict[int, str] = {}
    for name in names:
        if name.title is not None:
            words = name.title.split()
            singular = PLURAL_TITLES.get(words[-1])
            if singular is not None:
                name.title = " ".join([*words[:-1], singular])
                plural[name.span.root.i] = name.title
    for name in names:
        root = name.span.root
        if name.title is None and root.dep_ == "conj" and root.head.i in plural:
            name.title = plural[root.head.i]


def _surnames_the_model_missed(
    doc: Doc, names: list[_NameMention], person_keys: dict[str, bool]
) -> list[_NameMention]:
    """Later mentions of a person's surname that the model did not tag ("Walker said")."""
    surnames = {
        _surname(n.span.text)
        for n in names
        if n.label == "PERSON" and (n.title is not None or len(n.span) > 1)
    }
    covered = {t.i for n in names for t in n.span}
    found = []
    for token in doc:
        if (
            token.i not in covered
            and token.ent_iob_ == "O"
            and token.pos_ in {"PROPN", "NOUN"}
            and token.text[:1].isupper()
            and normalize(token.text) in surnames
            and normalize(token.text) in person_keys
        ):
            title, retired, first = title_before(token)
            found.append(_NameMention(doc[token.i : token.i + 1], "PERSON", title, retired, first))
    return found


def _split(ent: Span) -> Iterable[_NameMention]:
    doc = ent.doc
    start, end = ent.start, ent.end
    while start < end and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    if all(is_title_token(t) or t.is_punct for t in doc[start:end]):
        return
    if (
        ent.label_ == "ORG"
        and start == ent.start
        and start > 0
        and doc[start - 1].ent_type_ == "ORDINAL"
    ):
        start -= 1  # "7th Army Training Command": the model tags "7th" apart
    title, retired, count = split_title(doc[start:end])
    start += count
    if title is None:
        title, retired, first = title_before(doc[start])
    else:
        first = ent.start
    yield _NameMention(doc[start:end], ent.label_, title, retired, first)


@lru_cache(maxsize=65536)
def _surname(text: str) -> str:
    parsed = HumanName(text)
    return normalize(parsed.last or text)


def _person_keys(names: list[_NameMention], gazetteer: Gazetteer) -> dict[str, bool]:
    """Full names and surnames the article gives to a person, each with whether it was titled.

    A titled name is a person everywhere in the article; an untitled one-word PERSON span is a
    person only if it is not a known place and not only ever a noun modifier ("Patriot missile").
    """
    keys: dict[str, bool] = {}
    for name in names:
        if _is_facility(name.span.text) or gazetteer.demonym_country(name.span.text):
            continue
        titled = name.title is not None
        if titled or (name.label == "PERSON" and len(name.span) > 1):
            for key in (normalize(name.span.text), _surname(name.span.text)):
                keys[key] = keys.get(key, False) or titled
        elif (
            name.label == "PERSON"
            and not gazetteer.knows(name.span.text)
            and not _modifies_noun(name.span)
        ):
            keys.setdefault(normalize(name.span.text), False)
    return keys


def _modifies_noun(span: Span) -> bool:
    root = span.root
    return root.dep_ in {"compound", "amod"} and root.head.pos_ == "NOUN"


def _is_facility(text: str) -> bool:
    words = text.split()
    return len(words) > 1 and words[-1].lower() in FACILITY_WORDS


def _kind(
    name: _NameMention, person_keys: dict[str, bool], titled_tokens: set[int], gazetteer: Gazetteer
) -> str:
    text = name.span.text
    if gazetteer.demonym_country(text):
        return "demonym"
    if name.label == "NORP":
        return "other"
    if _is_facility(text):
        return "place"
    if name.title is not None:
        return "person"
    key = normalize(text)
    if key in person_keys and (person_keys[key] or not gazetteer.knows(text)):
        return "person"
    root = name.span.root
    if (
        len(name.span) == 1
        and not gazetteer.is_country(text)
        and any(t.i in titled_tokens for t in (root.head, *root.conjuncts) if t != root)
        and root.dep_ in {"conj", "nsubj", "dobj", "pobj"}
    ):
        return "person"  # "Gen. Milley and Austin met": coordinated with a titled person
    if name.label == "PERSON":
        return "place" if gazetteer.knows(text) else "other"
    if name.label == "ORG" and gazetteer.knows(text) and _after_locative(name.span):
        return "place"
    return "place" if name.label in PLACE_LABELS else "organization"


LOCATIVE_PREPOSITIONS = frozenset(
    {"in", "near", "to", "at", "from", "outside", "around", "into", "toward", "towards"}
)


def _after_locative(span: Span) -> bool:
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPOSITIONS


def _mention(name: _NameMention, sentence_of: list[int], demonym: bool = False) -> Mention:
    span = name.span
    return Mention(span.start_char, span.end_char, sentence_of[span.start], span.text, demonym)


def _build_people(
    doc: Doc,
    names: list[_NameMention],
    sentence_of: list[int],
    gazetteer: Gazetteer,
    result: DocEntities,
) -> None:
    # Longest names first, so "Milley" finds "Mark Milley" already in place.
    clusters: dict[str, int] = {}
    by_surname: dict[str, set[int]] = {}
    for name in sorted(names, key=lambda n: (-len(n.span), n.span.start)):
        full_key = normalize(name.span.text)
        if full_key in clusters:
            index = clusters[full_key]
        elif len(name.span) == 1 and len(by_surname.get(full_key, ())) == 1:
            index = next(iter(by_surname[full_key]))
        else:
            index = len(result.people)
            result.people.append(Person(name=name.span.text))
            by_surname.setdefault(_surname(name.span.text), set()).add(index)
        clusters[full_key] = index
        person = result.people[index]
        person.mentions.append(_mention(name, sentence_of))
        for token in name.span:
            result.person_at[token.i] = index
        if name.title and name.title not in person.titles:
            person.titles.append(name.title)
        person.retired = person.retired or name.retired
        surface = doc[name.first : name.span.end].text
        for alias in (surface, name.span.text):
            if alias != person.name and alias not in person.aliases:
                person.aliases.append(alias)
        _describe(person, name, gazetteer, result)
    for person in result.people:
        person.mentions.sort(key=lambda m: m.start)
    # Report people in order of first mention, as a reader meets them.
    order = sorted(range(len(result.people)), key=lambda i: result.people[i].mentions[0].start)
    new_index = {old: new for new, old in enumerate(order)}
    result.people = [result.people[i] for i in order]
    result.person_at = {token: new_index[old] for token, old in result.person_at.items()}


def _describe(
    person: Person, name: _NameMention, gazetteer: Gazetteer, result: DocEntities
) -> None:
    """Roles, organizations and nationality from the words around one mention."""
    head = name.span.root
    phrases: list[list[Token]] = []
    doc = name.span.doc
    modifiers = _premodifiers(doc[name.span.start : name.span.end], name.first)
    if modifiers:
        phrases.append(modifiers)
    for other in [
        *[c for c in head.children if c.dep_ == "appos"],
        *([head.head] if head.dep_ == "appos" else []),
    ]:
        if other.i not in range(name.span.start, name.span.end) and other.pos_ in {"NOUN", "PROPN"}:
            phrases.append(list(_noun_phrase(other)))
    office = _office_before(doc, name.first)
    if office:
        role = " ".join(t.text for t in office)
        if role not in person.roles:
            person.roles.append(role)
    for words in phrases:
        nationals = set()
        for token in words:
            place = gazetteer.demonym_country(token.text) if token.text[:1].isupper() else None
            if place is None and token.ent_type_ == "GPE" and gazetteer.is_country(token.text):
                place = gazetteer.resolve(token.text)
            if place is not None:
                nationals.add(token.i)
                if person.nationality is None:
                    person.nationality = place.country_code
        role_words = [
            t
            for t in words
            if t.i not in nationals and t.ent_type_ not in {"GPE", "NORP"} and t.tag_ != "POS"
        ]
        heads = [t for t in role_words if t.lower_ in ROLE_HEADS and t.ent_type_ != "PERSON"]
        if not heads:
            continue
        role = _role_text(role_words, heads[-1])
        if role and role not in person.roles:
            person.roles.append(role)
        for token in words:
            if token.i in result.organization_at:
                org = result.organizations[result.organization_at[token.i]].name
                if org not in person.organizations:
                    person.organizations.append(org)


def _office_before(doc: Doc, end: int) -> list[Token]:
    """A capitalized office written right before a name: "Secretary of State Antony Blinken",
    "Minister for Foreign Affairs Penny Wong"."""
    start = end
    while start > 0 and not doc[start].is_sent_start:
        previous = doc[start - 1]
        if not (previous.text[:1].isupper() or previous.lower_ in {"of", "for", "the", "and"}):
            break
        start -= 1
    while start < end and not doc[start].text[:1].isupper():
        start += 1
    words = list(doc[start:end])
    connectors = [t for t in words if t.lower_ in {"of", "for"}]
    if not connectors or words[0].lower_ not in ROLE_HEADS:
        return []
    return words


def _premodifiers(span: Span, first: int) -> list[Token]:
    """The words just before a name (and its title) that modify it: "Defense Secretary"."""
    doc = span.doc
    attached = set(range(span.start, span.end))
    words: list[Token] = []
    index = span.start - 1
    while index >= first:
        attached.add(index)  # the title itself
        index -= 1
    while index >= 0:
        token = doc[index]
        if token.head.i not in attached or token.dep_ not in {"compound", "amod", "nmod"}:
            break
        attached.add(index)
        words.insert(0, token)
        index -= 1
    return words


def _noun_phrase(head: Token) -> list[Token]:
    """The head noun with its left modifiers and an "of"/"for" phrase naming an organization."""
    tokens = [
        t
        for t in head.lefts
        if t.dep_ in {"compound", "amod", "nmod", "det", "poss", "nummod"}
        for t in t.subtree
    ]
    tokens.append(head)
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in {"of", "for", "at"}:
            tokens.extend(prep.subtree)
    return sorted(tokens, key=lambda t: t.i)


def _role_text(words: list[Token], head: Token) -> str:
    """The role: modifiers, the head noun and an "of" phrase ("Chairman of the Joint Chiefs")."""
    kept = [
        t
        for t in words
        if (t.i < head.i and t.dep_ not in {"det", "poss"})
        or t.i == head.i
        or (t.i > head.i and _in_of_phrase(t, head))
    ]
    return " ".join(t.text for t in kept).replace(" - ", "-")


def _in_of_phrase(token: Token, head: Token) -> bool:
    for ancestor in token.ancestors:
        if ancestor.dep_ == "prep" and ancestor.head == head:
            return ancestor.lower_ == "of"
    return token.dep_ == "prep" and token.head == head and token.lower_ == "of"


def _build_organizations(
    names: list[_NameMention], sentence_of: list[int], result: DocEntities
) -> None:
    clusters: dict[str, int] = {}
    for name in names:
        key = normalize(name.span.text)
        if key not in clusters:
            clusters[key] = len(result.organizations)
            result.organizations.append(Organization(name=name.span.text))
        organization = result.organizations[clusters[key]]
        organization.mentions.append(_mention(name, sentence_of))
        if name.span.text != organization.name and name.span.text not in organization.aliases:
            organization.aliases.append(name.span.text)
        for token in name.span:
            result.organization_at[token.i] = clusters[key]


def _town_of(text: str) -> tuple[str, bool]:
    """The name to look up for ``text``, and whether it was derived (a facility or a region)."""
    lowered = normalize(text)
    for suffix in _FACILITY_SUFFIXES:
        if lowered.endswith(" " + suffix):
            return text[: len(text) - len(suffix) - 1].strip(), True
    words = text.split()
    if len(words) > 1 and words[0].lower() in DIRECTIONS:
        return " ".join(words[1:]), True
    return text, False


def _build_locations(
    doc: Doc,
    places: list[_NameMention],
    demonyms: list[_NameMention],
    sentence_of: list[int],
    gazetteer: Gazetteer,
    result: DocEntities,
) -> None:
    # The article's countries (named, or through demonyms) decide between namesakes.
    context = frozenset(
        {
            place.country_code
            for name in places
            if (place := gazetteer.resolve(name.span.text)) and place.feature == "country"
        }
        | {c.country_code for n in demonyms if (c := gazetteer.demonym_country(n.span.text))}
    )
    at_token = {name.span.start: name for name in places}
    resolved: dict[int, tuple[Place | None, bool]] = {}

    def resolve(name: _NameMention) -> tuple[Place | None, bool]:
        if name.span.start in resolved:
            return resolved[name.span.start]
        resolved[name.span.start] = (None, False)  # guards "A, B, A" cycles
        lookup, derived = _town_of(name.span.text)
        place: Place | None = None
        if normalize(lookup) not in DIRECTIONS:
            container = _container(name.span, at_token)
            within = resolve(container)[0] if container is not None else None
            place = gazetteer.resolve(lookup, context, within)
            if place is None and name.span.start > 0 and doc[name.span.start - 1].lower_ == "the":
                place = gazetteer.resolve(f"the {lookup}", context, within)
            if place is None and within is not None:
                place, derived = within, True  # "Camp Kosciuszko in Poznan"
        resolved[name.span.start] = (place, derived)
        return place, derived

    clusters: dict[str, int] = {}

    def add(key: str, label: str, place: Place | None) -> int:
        if key not in clusters:
            clusters[key] = len(result.locations)
            location = Location(name=label)
            if place is not None:
                location.resolved_name = place.name
                location.country_code = place.country_code or None
                location.latitude = place.latitude
                location.longitude = place.longitude
                location.geonames_id = place.geonames_id
            result.locations.append(location)
            result.location_places.append(place)
        return clusters[key]

    for name in places:
        place, derived = resolve(name)
        text = name.span.text
        key = f"geo:{place.geonames_id}" if place and not derived else "name:" + normalize(text)
        index = add(key, text, place)
        location = result.locations[index]
        location.mentions.append(_mention(name, sentence_of))
        if text != location.name and text not in location.aliases:
            location.aliases.append(text)
        for token in name.span:
            result.location_at[token.i] = index
    for name in demonyms:
        country = gazetteer.demonym_country(name.span.text)
        if country is None:
            continue
        index = add(f"geo:{country.geonames_id}", country.name, country)
        result.locations[index].mentions.append(_mention(name, sentence_of, demonym=True))
    for location in result.locations:
        location.mentions.sort(key=lambda m: m.start)


def _container(span: Span, at_token: dict[int, _NameMention]) -> _NameMention | None:
    """The place that contains ``span`` by the text's pattern: "Paris, Texas",
    "Camp Kosciuszko in Poznan", "Grafenwoehr Training Area in Germany"."""
    doc = span.doc
    after = span.end
    if after + 1 < len(doc) and doc[after].text in {",", "in", "near"}:
        return at_token.get(after + 1)
    return None
