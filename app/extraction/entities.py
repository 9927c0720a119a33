"""People, organizations and places from the NER spans: titles split off, types repaired by
document consistency, one item per real-world entity with all its mentions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from app.extraction.facts import Location, Mention, Organization, Person
from app.extraction.gazetteer import Context, Gazetteer, Place, normalize
from app.extraction.names import (
    ENTITY_LABELS,
    PLACE_LABELS,
    ROYAL_STYLES,
    LabelVotes,
    NameMention,
    before_flight_number,
    brand_cased,
    first_name,
    has_capital,
    in_place_position,
    is_corporate_suffix,
    is_facility,
    known_place,
    lowercase_brand,
    name_bounds,
    names_idea,
    surname,
    untagged_runs,
    untagged_words,
)
from app.extraction.organizations import (
    ORGANIZATION_NOUNS,
    ends_in_organization_word,
    event_organizer,
    evident_organizations,
    is_event,
    organizations_the_model_missed,
)
from app.extraction.products import (
    is_product,
    names_market_index,
    names_unit,
    without_products,
)
from app.extraction.titles import (
    NAMEPARSER_TITLES,
    PLURAL_TITLES,
    is_title_token,
    split_title,
    title_before,
)

# Suffixes removed to find the town a facility is named after, longest first so "Vancouver
# International Airport" loses "international airport", not just "airport".
_FACILITY_SUFFIXES = sorted(
    (
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
    ),
    key=len,
    reverse=True,
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
    entities = [ent for ent in doc.ents if ent.label_ in ENTITY_LABELS]
    untitled = LabelVotes.of(name for ent in entities for name in _split(ent))
    names = [name for ent in entities for name in _split(ent, untitled)]
    names += _acronyms_in_brackets(names)
    votes = LabelVotes.of(names)
    names += _places_the_model_missed(doc, gazetteer)
    runs = untagged_runs(doc, names)
    missed = organizations_the_model_missed(runs)
    taken = {name.span.start for name in missed}
    names += missed + _names_the_model_missed([r for r in runs if r.start not in taken], names)
    _share_plural_titles(names)
    organization_keys = evident_organizations(names, votes, gazetteer)
    names += _organizations_repeated(doc, names, organization_keys)
    names = without_products(doc, names, votes, organization_keys)
    person_keys = _person_keys(names, votes, gazetteer)
    names += _surnames_the_model_missed(doc, names, person_keys)
    names.sort(key=lambda name: name.span.start)
    names = _first_names_joined(doc, names, person_keys, organization_keys, gazetteer)
    titled_tokens = {t.i for name in names if name.title is not None for t in name.span}

    people: list[NameMention] = []
    organizations: list[NameMention] = []
    places: list[NameMention] = []
    demonyms: list[NameMention] = []
    acting = _acting_places(names)
    for name in names:
        kind = _kind(name, person_keys, organization_keys, titled_tokens, votes, gazetteer)
        if (
            kind == "place"
            and normalize(name.span.text) in acting
            and not in_place_position(name.span)
        ):
            # The name stands for the state or the team; it still names the place, as a
            # place inside an organization's name does ("Texas Department of ...").
            organizations.append(name)
            kind, name = "place", replace(name, nested=True)
        {"person": people, "organization": organizations, "place": places, "demonym": demonyms}.get(
            kind, []
        ).append(name)

    result = DocEntities()
    _build_organizations(organizations, sentence_of, result)
    _build_people(doc, people, sentence_of, gazetteer, result)
    _build_locations(doc, places, demonyms, sentence_of, gazetteer, result)
    return result


def _organizations_repeated(
    doc: Doc, names: list[NameMention], organization_keys: set[str]
) -> list[NameMention]:
    """Untagged mentions of a one-word name the article shows to be an organization's (see
    ``evident_organizations``: "Scientology officials" ... "a member of Scientology")."""
    words = {key for key in organization_keys if " " not in key}
    if not words:
        return []
    return [
        NameMention(doc[t.i : t.i + 1], "ORG", None, False, t.i)
        for t in untagged_words(doc, names)
        if t.lower_ in words
        and t.pos_ == "PROPN"
        and not any(n.pos_ == "PROPN" for n in doc[max(t.i - 1, 0) : t.i + 2] if n != t)
    ]


def _names_the_model_missed(runs: list[Span], names: list[NameMention]) -> list[NameMention]:
    """Of the untagged proper nouns ``runs``, a facility's name ("their Everett Factory"), a
    name coordinated with organizations only ("Apple and AT&T") and one word paired with a
    person's name ("the Clinton-Trump debate")."""
    label_at = {t.i: name.label for name in names for t in name.span}
    found = []
    for run in runs:
        if is_facility(run.text):
            found.append(NameMention(run, "FAC", None, False, run.start))
        elif {label_at.get(t.i) for t in run.root.conjuncts} == {"ORG"}:
            found.append(NameMention(run, "ORG", None, False, run.start))
        elif (
            len(run) == 1
            and not is_title_token(run.root)
            and run.root.lower_ not in ROLE_HEADS
            and any(label_at.get(t.i) == "PERSON" for t in _dash_partners(run.root))
        ):
            found.append(NameMention(run, "PERSON", None, False, run.start))
    return found


def _places_the_model_missed(doc: Doc, gazetteer: Gazetteer) -> list[NameMention]:
    """Well-known places outside the model's entity spans, or inside spans of a kind we do not
    use ("Kyiv and Kharkiv" tagged WORK_OF_ART): a proper noun that names a country or a city of
    100,000 people, in a locative phrase or such a span; the place a dateline opens with
    ("MOUNT GILEAD (AP) --"); and the place an organization is named after ("Texas
    Department of Transportation", "University of Cincinnati", "British Waterways")."""
    found = [*_datelines(doc, gazetteer), *_places_in_organization_names(doc, gazetteer)]
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
            found.append(NameMention(doc[token.i : token.i + 1], "GPE", None, False, token.i))
    return found


_DATELINE_ENDS = frozenset({"—", "–", "-", "--", "(", ","})


def _acronyms_in_brackets(names: list[NameMention]) -> list[NameMention]:
    """An organization's acronym in brackets right after its name, which the model left
    untagged ("the Ghana Broadcasting Corporation (GBC)"); ``_organizations_repeated`` finds
    its other untagged mentions."""
    found = []
    for name in names:
        doc, end = name.span.doc, name.span.end
        if name.label != "ORG" or end + 2 >= len(doc):
            continue
        acronym = doc[end + 1 : end + 2]
        if (
            acronym.root.ent_type_ not in ENTITY_LABELS
            and acronym.text.isupper()
            and _spells_out(name.span, acronym)
        ):
            found.append(NameMention(acronym, "ORG", None, False, end + 1))
    return found


def _spells_out(full: Span, acronym: Span) -> bool:
    """Whether ``acronym`` stands in brackets right after ``full`` and is its initials:
    "the Ghana Broadcasting Corporation (GBC)"."""
    doc = acronym.doc
    return (
        full.end == acronym.start - 1
        and doc[full.end].text == "("
        and acronym.end < len(doc)
        and doc[acronym.end].text == ")"
        and _abbreviates(acronym.text, full)
    )


def _abbreviates(acronym: str, span: Span) -> bool:
    """Whether ``acronym`` is made of the initials of the capitalized words of ``span``, in
    order, the first one first ("GBC", "EADS" of "European Aeronautic Defence and Space")."""
    initials = [t.text[0] for t in span if t.text[:1].isupper()]
    if len(acronym) < 2 or not initials or acronym[0] != initials[0]:
        return False
    remaining = iter(initials)
    return all(letter in remaining for letter in acronym)


def _datelines(doc: Doc, gazetteer: Gazetteer) -> Iterable[NameMention]:
    """A known place in capitals that opens a sentence and is followed by a dash, a comma or
    an agency's name in brackets: the dateline of a news story ("COLUMBUS, Ohio (AP) -")."""
    for sent in doc.sents:
        start = sent.start
        while start < sent.end and doc[start].is_space:
            start += 1
        end = start
        while end < sent.end and end - start < 4 and doc[end].is_alpha and doc[end].is_upper:
            end += 1
        if (
            end > start
            and end < len(doc)
            and doc[end].text in _DATELINE_ENDS
            and all(t.ent_type_ not in ENTITY_LABELS for t in doc[start:end])
            and gazetteer.knows(doc[start:end].text)
        ):
            yield NameMention(doc[start:end], "GPE", None, False, start)


def _places_in_organization_names(doc: Doc, gazetteer: Gazetteer) -> Iterable[NameMention]:
    """The well-known place (see ``known_place``) or demonym that an organization's name
    begins with or ends with after "of"; the longest such name."""
    for ent in doc.ents:
        event = is_event(ent)
        if (ent.label_ != "ORG" and not event) or is_facility(ent.text):
            continue
        start = ent.start + (ent[0].lower_ == "the")
        words = [t for t in doc[start : ent.end] if t.tag_ != "POS"]
        leading = next((n for n, t in enumerate(words) if t.pos_ != "PROPN"), len(words))
        for length in range(min(leading, len(words) - 1, 4), 0, -1):
            span = doc[start : start + length]
            if span.text.lower() in DIRECTIONS:
                break  # "Central State Hospital": a word of direction, not the region
            if known_place(span, gazetteer) or (
                length == 1 and gazetteer.demonym_country(span.text)
            ):
                label = "GPE" if length > 1 or not gazetteer.demonym_country(span.text) else "NORP"
                yield NameMention(span, label, None, False, start, nested=not event)
                break
        ofs = [t.i for t in ent if t.lower_ == "of"]
        if ofs and ofs[-1] + 1 < ent.end and ofs[-1] > start:
            span = doc[ofs[-1] + 1 : ent.end]
            if all(t.pos_ == "PROPN" for t in span) and known_place(span, gazetteer):
                yield NameMention(span, "GPE", None, False, span.start, nested=not event)


def _share_plural_titles(names: list[NameMention]) -> None:
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
    doc: Doc, names: list[NameMention], person_keys: dict[str, bool]
) -> list[NameMention]:
    """Later mentions of a person's surname that the model did not tag ("Walker said")."""
    surnames = {
        surname(n.span.text)
        for n in names
        if n.label == "PERSON" and (n.title is not None or len(n.span) > 1)
    }
    found = []
    for token in untagged_words(doc, names):
        if (
            token.pos_ in {"PROPN", "NOUN"}
            and normalize(token.text) in surnames
            and normalize(token.text) in person_keys
        ):
            title, retired, first = title_before(token)
            found.append(NameMention(doc[token.i : token.i + 1], "PERSON", title, retired, first))
    return found


def _first_names_joined(
    doc: Doc,
    names: list[NameMention],
    person_keys: dict[str, bool],
    organization_keys: set[str],
    gazetteer: Gazetteer,
) -> list[NameMention]:
    """A person's first name that the model tagged apart, joined to the surname after it:
    "[Valeska] [Paris]" (both tagged places), "[Dries] [Mertens]" (an organization and a
    person). Only one capitalized word that modifies a plain surname and is no title,
    office, demonym, place or organization the gazetteer or the article knows ("House
    Speaker Paul Ryan", "Litchfield Selectman Marsha Bernstein" stay apart). The full name
    joins ``person_keys``."""
    at = {name.span.start: name for name in names}
    joined: list[NameMention] = []
    dropped: set[int] = set()
    for name in names:
        span = name.span
        before = at.get(span.start - 1) if span.start > 0 else None
        if (
            before is None
            or normalize(span.text) not in person_keys
            or not _plain_name(span)
            or not _first_name_apart(before, span, person_keys, organization_keys, gazetteer)
        ):
            joined.append(name)
            continue
        dropped.add(id(before))
        full = doc[before.span.start : span.end]
        joined.append(NameMention(full, "PERSON", before.title, before.retired, before.first))
        person_keys.setdefault(normalize(full.text), person_keys[normalize(span.text)])
    return [name for name in joined if id(name) not in dropped]


def _plain_name(span: Span) -> bool:
    """Capitalized words with no title, office or organization's word among them."""
    return all(
        t.is_title and not is_title_token(t) and t.lower_ not in ROLE_HEADS | NAMEPARSER_TITLES
        for t in span
        if t.is_alpha
    ) and not ends_in_organization_word(span)


def _first_name_apart(
    before: NameMention,
    surname: Span,
    person_keys: dict[str, bool],
    organization_keys: set[str],
    gazetteer: Gazetteer,
) -> bool:
    """Whether ``before``, one word right before ``surname``, is that person's first name."""
    word = before.span.root
    key = normalize(word.text)
    return (
        len(before.span) == 1
        and before.label in {"GPE", "LOC", "ORG", "FAC"}
        and word.is_alpha
        and word.pos_ == "PROPN"
        and word.dep_ == "compound"
        and word.head.i in range(surname.start, surname.end)
        and _plain_name(before.span)
        and not gazetteer.demonym_country(word.text)
        and not gazetteer.knows(word.text)
        and key not in organization_keys
        and key not in person_keys
    )


def _split(ent: Span, untitled: LabelVotes | None = None) -> Iterable[NameMention]:
    """The name in ``ent`` with its title split off; nothing for an event's name (but the
    organizer it begins with), a product's or a unit's. Its edges are trimmed (see
    ``name_bounds``, ``_owner_end``, ``_ends_in_role``, ``_opens_with_role``). A title is
    split off a PERSON span; off another span only when it is abbreviated and the rest is
    not, by the model's labels of the same words elsewhere, an organization ("Gen. Milley"
    tagged ORG, but "General Motors"). ``untitled`` holds those labels; without it every
    title is split off."""
    doc = ent.doc
    start, end = name_bounds(ent)
    if (
        is_corporate_suffix(doc, start, end)
        or not has_capital(doc[start:end])
        or names_idea(doc[start:end])
    ):
        return
    if is_event(doc[start:end]):
        if untitled is not None:
            yield from event_organizer(doc[start:end], untitled)
        return
    label = "ORG" if end > ent.end else ent.label_  # "Halvorsen AG"
    if label == "ORG" and end == ent.end and _company_name_goes_on(doc, end):
        end += 1  # "Lockheed Martin", the model tagging "Martin" a product
    if untitled is not None:
        end = _owner_end(doc[start:end], untitled)
    if label == "GPE" and start == ent.start and _airline_prefix(doc, start):
        start, label = start - 1, "ORG"  # "Air India"
    if start == ent.start and start > 0 and _left_out_brand(doc[start - 1]):
        start, label = start - 1, "ORG"  # "iTunes [Music Store]": the brand's
    if all(is_title_token(t) or t.is_punct for t in doc[start:end]):
        return
    if label == "ORG" and _ends_in_role(doc[start:end]):
        end -= 1  # "Foreign Ministry Spokesperson"
    if label in {"ORG", "PERSON"} and _opens_with_role(doc[start:end]):
        start, label = start + 1, "PERSON"  # "Spokeswoman Carla Brennan"
    if (
        is_product(doc[start:end], label)
        or names_unit(doc[start:end])
        or names_market_index(doc[start:end])
        or (label == "ORG" and _names_portfolio(doc[start:end]))
    ):
        return
    end = before_flight_number(doc, start, end) if label == "ORG" else end
    while (
        label == "PERSON"
        and start == ent.start
        and _left_out_first_name(doc[start - 1] if start else None)
    ):
        start -= 1
    if (
        label == "ORG"
        and start == ent.start
        and start > 0
        and doc[start - 1].ent_type_ == "ORDINAL"
    ):
        start -= 1  # "7th Army Training Command": the model tags "7th" apart
    title, retired, count = split_title(doc[start:end])
    if title is None:
        title, retired, first = title_before(doc[start])
        if untitled is not None and not _title_fits(title, doc[start:end], label, untitled):
            title, retired, first = None, False, start
    else:
        first = ent.start
        if untitled is not None and not _title_fits(
            title, doc[start + count : end], label, untitled
        ):
            title, retired, count = None, False, 0
    yield NameMention(doc[start + count : end], label, title, retired, first)


def _company_name_goes_on(doc: Doc, end: int) -> bool:
    """Whether the one word the model tagged a product right after an organization's name
    ends that name: the two stand where a company does, coordinated with an organization
    ("Boeing and Lockheed Martin") or with a company noun in apposition ("Lockheed Martin,
    Boeing's rival"); not a maker's model ("replace Lockheed Tristar aircraft")."""
    if end >= len(doc) or doc[end].ent_type_ != "PRODUCT" or doc[end].ent_iob_ != "B":
        return False
    word = doc[end]
    if end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        return False
    if word.pos_ != "PROPN" or not word.is_alpha or doc[end - 1].head != word:
        return False
    if word.dep_ == "conj" and word.head.ent_type_ == "ORG":
        return True
    return any(
        c.dep_ == "appos" and c.lemma_.lower() in ORGANIZATION_NOUNS | {"rival", "competitor"}
        for c in word.children
    )


def _owner_end(span: Span, untitled: LabelVotes) -> int:
    """Where the name ends when the span runs on past a possessive: "Vela Computer's Nova
    OS" is "Vela Computer", if the article names it on its own too (not "People's Republic
    of China"); a facility keeps its owner's name ("Oslo's Central Station")."""
    if is_facility(span.text):
        return span.end
    for token in span[1:-1]:
        owner = span.doc[span.start : token.i]
        if token.tag_ == "POS" and untitled.total(owner.text):
            return token.i
    return span.end


# Offices named after their portfolio: "Defense Secretary", "Secretary of State".
_PORTFOLIO_HOLDERS = frozenset({"secretary", "minister"})


def _names_portfolio(span: Span) -> bool:
    """The portfolio in an office's title, which is part of the office and no organization's
    name ("Defense Secretary Lloyd Austin", "Secretary of State Antony Blinken",
    "Minister for Foreign Affairs"); not one with an article ("Secretary of the Navy")."""
    doc, root = span.doc, span.root
    head = root.head
    if root.dep_ == "compound" and head.i == span.end:  # not "White House secretary"
        return len(span) == 1 and head.lower_ in _PORTFOLIO_HOLDERS
    return (
        root.dep_ == "pobj"
        and head.i == span.start - 1
        and head.lower_ in {"of", "for"}
        and doc[head.i - 1].lower_ in _PORTFOLIO_HOLDERS
    )


def _ends_in_role(span: Span) -> bool:
    """ "Foreign Ministry Spokesperson": an organization's name followed by an office held
    in it; not an office that is the whole name ("Office of the President", "Attorney
    General")."""
    last = span[-1]
    return (
        len(span) > 1
        and last.lower_ in ROLE_HEADS - {"general"}
        and last.text[:1].isupper()
        and span[-2].text[:1].isupper()
        and span[-2].lower_ not in ROLE_HEADS
    )


def _opens_with_role(span: Span) -> bool:
    """ "Spokeswoman Carla Brennan": an office before a full name (two capitalized words, the
    last no organization's word); not a title, which ``split_title`` keeps ("General Mark
    Milley"), nor the start of a company's name ("General Motors Corp.")."""
    words = span[1:]
    return (
        span[0].lower_ in ROLE_HEADS
        and not is_title_token(span[0])
        and len(words) >= 2
        and all(t.is_alpha and t.is_title for t in words)
        and not ends_in_organization_word(words)
    )


def _airline_prefix(doc: Doc, start: int) -> bool:
    """Whether "Air", outside any entity, comes right before the country named at ``start``:
    the national airline ("Air India")."""
    return start > 0 and doc[start - 1].text == "Air" and doc[start - 1].ent_iob_ == "O"


def _left_out_brand(token: Token) -> bool:
    """A brand the model left out of the name after it ("iTunes [Music Store]"); not a typo
    that glued two words ("photoJim Harrison")."""
    return (
        token.ent_iob_ == "O"
        and token.pos_ == "PROPN"
        and lowercase_brand(token.text)
        and any(ch.isupper() for ch in token.text[1:3])
    )


def _left_out_first_name(token: Token | None) -> bool:
    """A given name the model left out of a PERSON span ("songwriter Carly [Simon]"): a
    capitalized proper noun in no entity, not a title, not opening the sentence."""
    return (
        token is not None
        and token.pos_ == "PROPN"
        and token.is_title
        and token.ent_iob_ == "O"
        and not token.is_sent_start
        and not is_title_token(token)
        and token.lower_ not in ROLE_HEADS | _HONORIFICS
    )


# Capitalized words before a name that are neither titles nor offices.
_HONORIFICS = frozenset({"miss", "justice", "lord", "lady", "prince", "princess", "pope", "saint"})


def _title_fits(title: str | None, rest: Span, label: str, untitled: LabelVotes) -> bool:
    if title is None or label == "PERSON":
        return True
    abbreviated = any(word.endswith(".") for word in title.split())
    other_org_labels = untitled.count(rest.text, "ORG") - (label == "ORG")
    return abbreviated and other_org_labels <= untitled.count(rest.text, "PERSON")


def _person_keys(
    names: list[NameMention], votes: LabelVotes, gazetteer: Gazetteer
) -> dict[str, bool]:
    """Full names and surnames the article gives to a person, each with whether that is
    certain: it was titled, it meets someone, it names a relative ("their child, Gloria"),
    or it stands where only a person does (``_shown_a_person``: "Bannon, who ...").

    A certain name is a person everywhere in the article. An untitled PERSON span is one only
    if most of the model's labels for the same name say so; a one-word one besides only if it
    is not a place and not only ever a noun modifier ("Patriot missile"), or if it meets
    someone ("will meet Bush", though Egypt has a Būsh). One word that acts as a person
    (``_acts_as_person``) or is dashed to a person's name ("the Clinton-Trump debate") is one
    unless a place of that name is well known.
    """
    keys: dict[str, bool] = {}
    for name in names:
        if is_facility(name.span.text) or gazetteer.demonym_country(name.span.text):
            continue
        untitled_person = name.label == "PERSON" and votes.mostly_person(name.span.text)
        titled = (
            name.title is not None
            or (untitled_person and _meets_someone(name.span))
            or _named_as_relative(name.span)
            or (
                (len(name.span) == 1 or name.label == "PERSON")
                and not _country_or_region(name.span.text, gazetteer)
                and _shown_a_person(name.span)
            )
        )
        if titled or (untitled_person and len(name.span) > 1):
            for key in (normalize(name.span.text), surname(name.span.text)):
                keys[key] = keys.get(key, False) or titled
        elif (
            untitled_person
            and not _place_name(name.span, votes, gazetteer)
            and not _modifies_noun(name.span)
            and not _after_article(name.span)
        ) or (name.label == "ORG" and len(name.span) == 1 and _acts_as_person(name.span)):
            keys.setdefault(normalize(name.span.text), False)
    paired = {
        t.i
        for name in names
        if name.label == "PERSON" and normalize(name.span.text) in keys
        for t in name.span
    }
    for name in names:
        root = name.span.root
        if (
            name.label in {"ORG", "PERSON"}
            and len(name.span) == 1
            and any(t.i in paired for t in _dash_partners(root))
        ):
            keys.setdefault(normalize(name.span.text), False)
    return keys


def _dash_partners(token: Token) -> list[Token]:
    """The names joined to ``token`` by a dash before a noun ("the Clinton-Trump debate",
    "the Mubarak-Gore partnership"); not a party's initial ("D-Braxton")."""
    doc = token.doc
    return [
        doc[i]
        for i in (token.i - 2, token.i + 2)
        if 0 <= i < len(doc)
        and doc[(i + token.i) // 2].text in {"-", "–", "—"}
        and doc[i].pos_ == "PROPN"
        and len(doc[i]) > 1
        and (doc[i].head == token or token.head == doc[i])
        and token.pos_ == "PROPN"
        and max(doc[i], token, key=lambda t: t.i).dep_ == "compound"
    ]


def _named_as_relative(span: Span) -> bool:
    """A one-word name in apposition to a relative ("their nine-month-old child, Gloria",
    "his wife, Anna"): a person's, whatever the model tagged it and whatever town shares it."""
    root = span.root
    return len(span) == 1 and root.dep_ == "appos" and root.head.lower_ in RELATIVE_NOUNS


def _meets_someone(span: Span) -> bool:
    """The subject or object of "meet" or "confer", or the one met with: no place does that."""
    root = span.root
    head = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "with" else root.head
    return root.dep_ in {"nsubj", "dobj", "pobj"} and head.lemma_ in {"meet", "confer"}


# A person's relatives: a name in apposition to one is a person's ("their child, Gloria").
RELATIVE_NOUNS = frozenset(
    {"wife", "husband", "son", "daughter", "father", "mother", "brother", "sister", "children"}
    | {"grandson", "granddaughter", "grandfather", "grandmother", "widow", "fiancee", "fiance"}
    | {"child", "baby", "niece", "nephew", "boy", "girl", "boyfriend", "girlfriend"}
)
# Nouns whose possessor is a person: relatives, and a candidate's run for office.
KIN_NOUNS = RELATIVE_NOUNS | {"candidacy", "presidency", "mate"}
# Nouns for people that a place name before them says where they live ("a Gainesville man").
_RESIDENT_NOUNS = frozenset(
    {"man", "woman", "men", "women", "boy", "girl", "teen", "teenager", "resident", "residents"}
    | {"native", "natives", "couple", "family", "families", "homeowner", "homeowners"}
)
# Nouns for a person, in apposition to a name: "Valeska Paris, an Australian woman".
PERSON_NOUNS = (
    RELATIVE_NOUNS
    | ROLE_HEADS - {"head", "owner", "leader"}
    | _RESIDENT_NOUNS
    | {"student", "activist", "politician"}
    | {"actor", "actress", "singer", "musician", "author", "writer", "artist", "journalist"}
    | {"lawyer", "doctor", "teacher", "veteran", "candidate", "victim", "suspect", "player"}
)
_PERSONAL_PRONOUNS = frozenset({"he", "she"})
# The pronouns by which a clause's subject refers to itself: "Hume withdrew his request".
_OWN_PRONOUNS = frozenset({"his", "her", "himself", "herself"})
# The dependency labels of a clause's subjects.
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _fronted_possessive(span: Span) -> bool:
    """Whether "his" or "her" opens the sentence before ``span`` with no name between them:
    "In his ABC interview, Trump dismissed the claims"."""
    before = span.doc[span.sent.start : span.start]
    return any(t.lower_ in {"his", "her"} for t in before) and not any(
        t.ent_type_ == "PERSON" or (t.pos_ == "PROPN" and t.dep_ in {"nsubj", "poss", "appos"})
        for t in before
    )


def _shown_a_person(span: Span) -> bool:
    """Whether a name does or has what only a person does, whatever the model tagged it and
    whatever town shares it: it was born ("Paris was born in Switzerland"), "who" describes
    it ("Bannon, who was the chairman"), a person's noun is in apposition ("Valeska Paris, an
    Australian woman"; "Sanders, the senator"), it has a relative ("Paris's father"), it
    says something of "he" or "she" ("Paris claims she was"), or a later "his" of its clause
    is its own (``_owns_pronoun_after``). Never a dateline nor a brand ("AirTanker, who")."""
    root = span.root
    if _is_dateline(span) or any(
        brand_cased(t.text) and not t.text.startswith("Mac") for t in span
    ):  # "AirTanker, who"; but "MacArthur"
        return False
    if root.dep_ == "nsubjpass" and root.head.lemma_ == "bear":
        return True
    if root.dep_ == "nsubj" and any(
        clause.dep_ in {"ccomp", "xcomp"}
        and clause.i > root.head.i
        and any(c.dep_ in SUBJECTS and c.lower_ in _PERSONAL_PRONOUNS for c in clause.children)
        for clause in root.head.children
    ):
        return True
    if root.dep_ == "poss" and root.head.lower_ in RELATIVE_NOUNS:
        return True
    if _owns_pronoun_after(span):
        return True
    in_place = root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPOSITIONS | {"of", "from"}
    return any(
        (child.dep_ == "appos" and child.lower_ in PERSON_NOUNS)
        or (
            child.dep_ == "relcl"
            and not in_place
            and any(c.dep_ == "nsubj" and c.lower_ == "who" for c in child.children)
        )
        for child in root.children
    )


def _owns_pronoun_after(span: Span) -> bool:
    """Whether a name that is the subject of its clause is what "his", "her" or "himself"
    later in that clause stands for ("Assange posted to his blog", "Hume withdrew his
    request"): no other name or noun subject comes between, and no clause of its own holds
    the pronoun ("Monsanto ... bundled money for the Clinton campaign ... her" is not).
    Companies are "its"; an initialism ending in a capital ("MoD") is no one's name; a
    copula's subject ("Tanya is his wife") and a thing someone owns ("his new Isuzu attacked
    outside his home") are left alone."""
    root = span.root
    verb = root.head
    if (
        root.dep_ != "nsubj"
        or verb.pos_ not in {"VERB", "AUX"}
        or verb.lemma_ in _STATIVE_VERBS  # "Tanya is his wife"
        or span.text[-1:].isupper()
        or any(c.dep_ == "poss" for c in root.children)  # "his new Isuzu attacked"
    ):
        return False
    doc = span.doc
    for token in doc[span.end : verb.sent.end]:
        if token.pos_ == "PROPN" or (token.dep_ in SUBJECTS and token.i > verb.i):
            return False
        if token.lower_ in _OWN_PRONOUNS and (token.lower_ != "her" or token.dep_ == "poss"):
            return verb in token.ancestors and not any(
                c.dep_ in SUBJECTS and c != root
                for clause in token.ancestors
                if clause != verb and verb in clause.ancestors
                for c in clause.children
            )
    return False


def _country_or_region(text: str, gazetteer: Gazetteer) -> bool:
    """Whether the name's best place is a country or a first-level region."""
    place = gazetteer.resolve(text)
    return place is not None and place.feature in {"country", "admin1"}


def _acts_as_person(span: Span) -> bool:
    """Whether one word the model tagged an organization shows itself a person's name where
    it stands: it has a candidacy or a running mate ("Trump's candidacy"), it is interviewed
    ("to interview Abedin again"), it names an administration ("the Biden administration"),
    or "his" or "her" points ahead to it ("In his interview, Trump said")."""
    root = span.root
    if root.dep_ == "poss" and root.head.lower_ in KIN_NOUNS:
        return True
    if root.dep_ == "dobj" and root.head.lemma_ == "interview":
        return True
    if root.dep_ in {"compound", "poss"} and root.head.lower_ == "administration":
        return True  # "the Biden administration", "Biden's administration"
    return root.dep_ == "nsubj" and root.head.dep_ == "ROOT" and _fronted_possessive(span)


def _place_name(span: Span, votes: LabelVotes, gazetteer: Gazetteer) -> bool:
    """Whether a name the model tagged PERSON is rather a place: a known place that the model
    also tags a place elsewhere in the article ("Soledar") or that stands where only a place
    fits, or one the gazetteer knows well enough."""
    if len(span) == 1 and normalize(span.text) in votes.placed:
        return gazetteer.knows(span.text)
    return known_place(span, gazetteer)


def _after_article(span: Span) -> bool:
    """ "the Worldliner", "replacing the Aurora": a lone singular word after an article
    names a thing, not a person (a family is plural: "the Kennedys")."""
    return not span.text.endswith("s") and any(
        child.dep_ == "det" and child.lower_ in {"the", "a", "an"} and child.i < span.start
        for child in span.root.children
    )


def _modifies_noun(span: Span) -> bool:
    root = span.root
    return root.dep_ in {"compound", "amod"} and root.head.pos_ == "NOUN"


def _kind(
    name: NameMention,
    person_keys: dict[str, bool],
    organization_keys: set[str],
    titled_tokens: set[int],
    votes: LabelVotes,
    gazetteer: Gazetteer,
) -> str:
    text = name.span.text
    if gazetteer.demonym_country(text):
        return "person" if _surname_as_noun(name.span, person_keys) else "demonym"
    if name.label == "NORP":
        return "other"
    if is_facility(text):
        return "place"
    if name.title is not None:
        return "person"
    key = normalize(text)
    if key in organization_keys and not person_keys.get(key):
        return "organization"
    if key in person_keys and (
        person_keys[key]
        or not known_place(name.span, gazetteer)
        or _acts_as_namesake(name.span, votes, gazetteer)
    ):
        return "person"
    root = name.span.root
    if (
        len(name.span) == 1
        and not gazetteer.is_country(text)
        and any(t.i in titled_tokens for t in (root.head, *root.conjuncts) if t != root)
        and root.dep_ in {"conj", "nsubj", "dobj", "pobj"}
    ):
        return "person"  # "Gen. Milley and Austin met": coordinated with a titled person
    label = votes.majority(text, name.label)
    if label == "NORP":
        return "other"
    if label == "PERSON":
        return "place" if _place_name(name.span, votes, gazetteer) else "other"
    if label == "ORG" and gazetteer.knows(text) and _after_locative(name.span):
        return "place"
    return "place" if label in PLACE_LABELS else "organization"


def _surname_as_noun(span: Span, person_keys: dict[str, bool]) -> bool:
    """A demonym that is the surname of someone the article names, standing alone as a
    noun: "Mark Cuban ... Cuban said" (not "a Cuban said", nor "Cuban cigars")."""
    root = span.root
    return (
        normalize(span.text) in person_keys
        and root.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "appos"}
        and not any(c.dep_ == "det" for c in root.children)
    )


# Verbs of saying and thinking, whose subject is a person (or an organization).
SPEECH_VERBS = frozenset(
    {"say", "state", "describe", "tell", "add", "explain", "note", "claim", "announce", "ask"}
    | {"report", "write", "answer", "reply", "argue", "insist", "warn", "admit", "deny"}
    | {"confirm", "believe", "think", "hope", "comment", "recall", "remark", "testify"}
)


def _acts_as_namesake(span: Span, votes: LabelVotes, gazetteer: Gazetteer) -> bool:
    """A town's name that is the surname of someone the article names in full stands for
    that person when it is the subject of a verb of saying and the model does not mostly tag
    it a place ("Mark Houston ... Houston said"); a country's or a state's never does
    ("Egypt said")."""
    root = span.root
    if len(span) > 1 or root.dep_ != "nsubj" or root.head.lemma_ not in SPEECH_VERBS:
        return False
    return not _country_or_region(span.text, gazetteer) and votes.count(
        span.text, "GPE"
    ) * 2 <= votes.total(span.text)


# Verbs whose subject is described, not acting: "Myanmar is poor", "Ohio remains".
_STATIVE_VERBS = frozenset({"be", "remain", "become", "seem", "lie", "border", "stretch", "rank"})


def _acting_places(names: Iterable[NameMention]) -> set[str]:
    """Countries and cities that an article treats as actors, organizations: the subject of
    an action or a statement in at least half of their mentions outside a locative phrase
    ("North Korea fired ... North Korea's agency ... North Korea stated")."""
    agency: dict[str, list[bool]] = {}
    for name in names:
        if name.label == "GPE" and not in_place_position(name.span):
            key = normalize(name.span.text)
            agency.setdefault(key, []).append(_acts_as_organization(name.span))
    return {key for key, acts in agency.items() if sum(acts) * 2 >= len(acts)}


def _acts_as_organization(span: Span) -> bool:
    """A country or city that is the subject of an action or a statement, or the side a
    contest's verb names, stands for its government or team, an organization ("North Korea
    fired", "Sweden faced Korea", "France says"); not the subject of a stative verb ("Chad is
    landlocked") nor of a passive."""
    root = span.root
    head = root.head
    if root.dep_ == "dobj" and head.lemma_ in _CONTEST_VERBS:
        return True  # "Sweden defeated South Korea": a team
    return (
        root.dep_ == "nsubj" and head.pos_ in {"VERB", "AUX"} and head.lemma_ not in _STATIVE_VERBS
    )


# Verbs whose object is a side in a contest: "Belgium faced Panama", "beat Japan 2-1".
_CONTEST_VERBS = frozenset({"defeat", "beat", "face", "play", "eliminate", "edge", "thrash"})


LOCATIVE_PREPOSITIONS = frozenset(
    {"in", "near", "to", "at", "from", "outside", "around", "into", "toward", "towards"}
)


def _after_locative(span: Span) -> bool:
    """Whether a name stands where only a place does: after a locative preposition, after
    "of" following a person ("Jane Doe, 24, of Elkhart"), before a noun for residents ("a
    Gainesville man"), coordinated with a place the model found ("Indianapolis and
    Evansville"), or in a dateline."""
    root = span.root
    head = root.head
    if root.dep_ == "pobj":
        return head.lower_ in LOCATIVE_PREPOSITIONS or (
            head.lower_ == "of" and (head.head.ent_type_ == "PERSON" or head.head.like_num)
        )
    if root.dep_ == "compound":
        return head.lower_ in _RESIDENT_NOUNS
    if root.dep_ == "conj":
        return head.ent_type_ == "GPE" or any(c.ent_type_ == "GPE" for c in root.conjuncts)
    return _is_dateline(span)


def _is_dateline(span: Span) -> bool:
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    return (
        (before is None or before.is_space or before.is_sent_end is True)
        and span.text.isupper()
        and span.end < len(doc)
        and doc[span.end].text in _DATELINE_ENDS
    )


def _mention(name: NameMention, sentence_of: list[int], demonym: bool = False) -> Mention:
    span = name.span
    return Mention(
        span.start_char, span.end_char, sentence_of[span.start], span.text, demonym, name.nested
    )


def _build_people(
    doc: Doc,
    names: list[NameMention],
    sentence_of: list[int],
    gazetteer: Gazetteer,
    result: DocEntities,
) -> None:
    # Longest names first, so "Milley" finds "Mark Milley" already in place. A lone first name
    # ("Steve") joins the one full name it begins, unless it is also someone's surname.
    clusters: dict[str, int] = {}
    by_surname: dict[str, set[int]] = {}
    by_first_name: dict[str, set[int]] = {}
    for name in sorted(names, key=lambda n: (-len(n.span), n.span.start)):
        styled = _styled_name(name.span)
        full_key = normalize(styled or name.span.text)
        if full_key in clusters:
            index = clusters[full_key]
        elif styled is not None:
            index = len(result.people)
            result.people.append(Person(name=styled))
        elif len(name.span) == 1 and len(by_surname.get(full_key, ())) == 1:
            index = next(iter(by_surname[full_key]))
        elif (
            len(name.span) == 1
            and full_key not in by_surname
            and len(by_first_name.get(full_key, ())) == 1
        ):
            index = next(iter(by_first_name[full_key]))
        else:
            index = len(result.people)
            result.people.append(Person(name=name.span.text))
            by_surname.setdefault(surname(name.span.text), set()).add(index)
            if len(name.span) > 1:
                by_first_name.setdefault(first_name(name.span.text), set()).add(index)
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


def _styled_name(span: Span) -> str | None:
    """ "King Hussein" for the one word "Hussein" after the style "King": a given name, so
    not the surname of "Saddam Hussein" told in the same story."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    if len(span) != 1 or before is None or before.lower_ not in ROYAL_STYLES:
        return None
    return f"{before.text} {span.text}" if before.text[:1].isupper() else None


def _describe(person: Person, name: NameMention, gazetteer: Gazetteer, result: DocEntities) -> None:
    """Roles, organizations and nationality from the words around one mention."""
    head = name.span.root
    phrases: list[list[Token]] = []
    doc = name.span.doc
    office = _office_before(doc, name.first)
    modifiers = _premodifiers(doc[name.span.start : name.span.end], name.first)
    if office:  # its words are the role; what comes before may still give nationality
        modifiers = [t for t in modifiers if t.i < office[0].i]
    if modifiers:
        phrases.append(modifiers)
    for other in [
        *[c for c in head.children if c.dep_ == "appos"],
        *([head.head] if head.dep_ == "appos" else []),
    ]:
        if other.i not in range(name.span.start, name.span.end) and other.pos_ in {"NOUN", "PROPN"}:
            phrases.append(list(_noun_phrase(other)))
    if office:
        role = doc[office[0].i : office[-1].i + 1].text
        if role not in person.roles:
            person.roles.append(role)
        _add_organizations(person, office, result)
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
        _add_organizations(person, words, result)


def _add_organizations(person: Person, words: Iterable[Token], result: DocEntities) -> None:
    for token in words:
        if token.i in result.organization_at:
            org = result.organizations[result.organization_at[token.i]].name
            if org not in person.organizations:
                person.organizations.append(org)


def _office_before(doc: Doc, end: int) -> list[Token]:
    """A capitalized office written right before a name: "Secretary of State Antony Blinken",
    "Minister for Foreign Affairs Penny Wong", "Director of the Federal Bureau of
    Investigation (FBI) Louis Freeh"."""
    start = end
    while start > 0 and not doc[start].is_sent_start:
        previous = doc[start - 1]
        if not (
            previous.text[:1].isupper() or previous.lower_ in {"of", "for", "the", "and", "(", ")"}
        ):
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
    names: list[NameMention], sentence_of: list[int], result: DocEntities
) -> None:
    expansions = _expansions(names)
    clusters: dict[str, int] = {}
    for name in names:
        label = expansions.get(normalize(name.span.text), name.span.text)
        key = normalize(label)
        if key not in clusters:
            clusters[key] = len(result.organizations)
            result.organizations.append(Organization(name=label))
        organization = result.organizations[clusters[key]]
        organization.mentions.append(_mention(name, sentence_of))
        if name.span.text != organization.name and name.span.text not in organization.aliases:
            organization.aliases.append(name.span.text)
        for token in name.span:
            result.organization_at[token.i] = clusters[key]


def _expansions(names: list[NameMention]) -> dict[str, str]:
    """The full name of each acronym the article spells out in brackets ("the National
    Police Agency (NPA)"), by the acronym's key, so every "NPA" is that organization."""
    ends = {name.span.end: name for name in names}
    expansions = {}
    for name in names:
        full = ends.get(name.span.start - 1)
        if full is not None and _spells_out(full.span, name.span):
            expansions[normalize(name.span.text)] = full.span.text
    return expansions


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


def location_at(name: str, place: Place | None) -> Location:
    """A location named ``name`` where the gazetteer put it (unresolved without a place)."""
    if place is None:
        return Location(name=name)
    return Location(
        name=name,
        resolved_name=place.name,
        country_code=place.country_code or None,
        latitude=place.latitude,
        longitude=place.longitude,
        geonames_id=place.geonames_id,
    )


def _build_locations(
    doc: Doc,
    places: list[NameMention],
    demonyms: list[NameMention],
    sentence_of: list[int],
    gazetteer: Gazetteer,
    result: DocEntities,
) -> None:
    # Namesakes are told apart by where the rest of the article is: first by the countries it
    # names, then by the places all its other names resolved to that way. A name is never its
    # own context ("Georgia" the state must not name the country Georgia).
    countries: dict[str, list[str]] = {}  # name -> the country of each mention, if it is one
    for name in places:
        place = gazetteer.resolve(name.span.text)
        if place is not None and place.feature == "country":
            countries.setdefault(normalize(name.span.text), []).append(place.country_code)
    demonym_countries = [
        country.country_code
        for name in demonyms
        if (country := gazetteer.demonym_country(name.span.text)) is not None
    ]

    def named_besides(key: str) -> Context:
        others = [code for other, codes in countries.items() if other != key for code in codes]
        return Context.of(others + demonym_countries)

    first = _resolve_places(doc, places, gazetteer, named_besides)
    seen: dict[str, list[Place]] = {}
    for name in places:
        place = first[name.span.start][0]
        if place is not None:
            seen.setdefault(normalize(name.span.text), []).append(place)

    def context_of(key: str) -> Context:
        others = [p for other, found in seen.items() if other != key for p in found]
        return Context.of(
            [p.country_code for p in others if p.country_code] + demonym_countries,
            (p.admin1 for p in others if p.admin1),
        )

    resolved = _resolve_places(doc, places, gazetteer, context_of)

    clusters: dict[str, int] = {}

    def add(key: str, label: str, place: Place | None) -> int:
        if key not in clusters:
            clusters[key] = len(result.locations)
            result.locations.append(location_at(label, place))
            result.location_places.append(place)
        return clusters[key]

    for name in places:
        place, derived = resolved[name.span.start]
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


def _resolve_places(
    doc: Doc,
    places: list[NameMention],
    gazetteer: Gazetteer,
    context_of: Callable[[str], Context],
) -> dict[int, tuple[Place | None, bool]]:
    """Each place mention's place (by its first token), and whether it was derived from
    another name (a facility's town, a region's or a container's place)."""
    at_token = {name.span.start: name for name in places}
    resolved: dict[int, tuple[Place | None, bool]] = {}

    def resolve(name: NameMention) -> tuple[Place | None, bool]:
        if name.span.start in resolved:
            return resolved[name.span.start]
        resolved[name.span.start] = (None, False)  # guards "A, B, A" cycles
        lookup, derived = _town_of(name.span.text)
        if derived and gazetteer.knows(name.span.text):
            lookup, derived = name.span.text, False  # "North Korea", "West Bank"
        context = context_of(normalize(name.span.text))
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

    for name in places:
        resolve(name)
    return resolved


def _container(span: Span, at_token: dict[int, NameMention]) -> NameMention | None:
    """The place that contains ``span`` by the text's pattern: "Paris, Texas",
    "Camp Kosciuszko in Poznan", "Grafenwoehr Training Area in Germany"."""
    doc = span.doc
    after = span.end
    if after + 1 < len(doc) and doc[after].text in {",", "in", "near"}:
        container = at_token.get(after + 1)
        root = container.span.root if container is not None else None
        if root is not None and root.dep_ == "conj" and root.head in span:
            return None  # a list: "Washington, Britain and France"
        return container
    return None
