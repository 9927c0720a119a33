"""Meetings and visits from the dependency parse: who, where, when, and whether it happened."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from app.extraction.entities import PERSON_NOUNS, SUBJECTS, DocEntities
from app.extraction.facts import (
    DateMention,
    DateRange,
    Evidence,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from app.extraction.names import is_facility
from app.extraction.pronouns import resolve_description, resolve_pronoun

# Verbs whose subject and object (or "with" phrase) meet.
MEETING_VERBS = frozenset({"meet", "confer", "huddle", "debate", "interview"})
# Verbs whose subject meets the "with" phrase; the object is the topic ("discussed trade with
# Xi", "negotiated a deal with Iran").
TOPIC_VERBS = frozenset({"negotiate", "discuss"})
# Verbs whose (plural or coordinated) subject meets.
GATHERING_VERBS = frozenset({"gather", "assemble", "convene", "reunite"})
# The subject speaks before the organization that is the object ("Sanders addressed AIPAC");
# any other object is a topic ("addressed the issue").
ADDRESS_VERBS = frozenset({"address"})
# The subject travels to the object or the "to" phrase.
VISIT_VERBS = frozenset({"visit", "travel", "tour", "fly"})
# A named person who arrives somewhere visits it ("Blinken arrived in Beijing"); an unnamed
# group does not ("dozens of refugees arrived").
ARRIVAL_VERBS = frozenset({"arrive"})
# The subject hosts the object: a visit whose host takes part.
HOST_VERBS = frozenset({"receive", "host", "welcome", "greet"})
MEETING_NOUNS = frozenset(
    {
        "meeting",
        "talks",
        "summit",
        "conference",
        "conversation",
        "get-together",
        "gathering",
        "encounter",
        "discussion",
        "discussions",
        "negotiations",
        "negotiation",
        "consultations",
        "debate",
        "interview",
        "sit-down",
        "visit",
        "trip",
        "tour",
    }
)
_VISIT_NOUNS = frozenset({"visit", "trip", "tour"})
# Where a place named as a party is its state or government: "Reagan negotiated with the
# Soviet Union", "talks with Moscow".
_NEGOTIATION_WORDS = frozenset({"negotiate", "negotiation", "negotiations", "talks"})
# Singular nouns that name a group of people: "Lord Coe and the council convened".
COLLECTIVE_NOUNS = frozenset(
    {"council", "committee", "cabinet", "board", "delegation", "panel", "commission", "jury"}
    | {"parliament", "senate", "assembly", "team", "leadership", "family", "staff", "crew"}
)
# Nouns for people received as guests, besides a person's nouns: "hosted the delegates".
_GUEST_NOUNS = frozenset(
    {"official", "delegate", "guest", "visitor", "leader", "counterpart", "dignitary"}
    | {"diplomat", "soldier", "troop", "refugee", "worker", "member", "volunteer", "athlete"}
    | {"fan", "supporter", "survivor", "pilgrim", "reporter", "investor", "people", "kid"}
    | {"lawmaker", "pupil", "tourist", "participant", "finalist", "winner"}
)
# Words that put a conversation at a distance: not face to face.
_REMOTE_WORDS = frozenset(
    {"phone", "telephone", "call", "videoconference", "video", "virtual", "virtually", "online"}
    | {"letter", "email", "e-mail", "zoom", "teleconference", "phoned", "remotely"}
)
_PLANNING_WORDS = frozenset(
    {
        "plan",
        "schedule",
        "set",
        "expect",
        "due",
        "intend",
        "hope",
        "prepare",
        "propose",
        "arrange",
        "will",
        "shall",
        "'ll",
        "going",
        "slate",
        # wishes and attempts have not happened yet: "tried to meet", "would like to discuss"
        "try",
        "seek",
        "attempt",
        "want",
        "wish",
        "like",
        "offer",
        "agree",
        "invite",
        "ask",
    }
)
_REFUSAL_WORDS = frozenset({"refuse", "decline", "reject"})
_CANCEL_WORDS = frozenset({"cancel", "postpone", "scrap", "abandon", "delay", "call"})
_VIOLENCE = frozenset(
    {
        "attack",
        "shell",
        "hit",
        "strike",
        "bomb",
        "capture",
        "seize",
        "fight",
        "kill",
        "shoot",
        "invade",
        "occupy",
        "raid",
        "target",
        "destroy",
        "clash",
        "fighting",
        "battle",
        "besiege",
    }
)
_LOCATIVE = frozenset({"in", "at", "to", "near", "inside", "outside", "on"})
# Verbs whose subject looks on at a meeting or judges it, and takes no part: "voters watched
# the debate", "Paris welcomed the talks".
_ONLOOKER_VERBS = frozenset(
    {"watch", "see", "view", "follow", "cover", "report", "broadcast", "televise", "stream"}
    | {"welcome", "praise", "hail", "applaud", "criticize", "criticise", "condemn", "dismiss"}
)
# Reported speech is not a meeting: "Butler, who speaks for Milley".
_NOT_MEETING_HEADS = frozenset({"speak", "say", "tell", "talk"})


@dataclass
class _Found:
    kind: MeetingKind
    status: MeetingStatus
    people: list[int]
    groups: list[str]
    organizations: list[int]
    location: int | None
    date: DateRange | None
    sentence: Span
    states: list[int] = field(default_factory=list)  # places named as parties
    also: list[Span] = field(default_factory=list)  # later sentences that refer back to it
    apart: int | None = None  # the trigger of a meeting held separately with each subject


def extract_meetings(doc: Doc, entities: DocEntities, dates: list[DateMention]) -> list[Meeting]:
    """Every meeting and visit the document reports, one per event, with its evidence."""
    dated = [
        (d.value, span)
        for d in dates
        if d.value is not None
        and (span := doc.char_span(d.start, d.end, alignment_mode="expand")) is not None
    ]
    sentences = list(doc.sents)
    sentence_number = {sent.start: n for n, sent in enumerate(sentences)}
    found: list[_Found] = []
    for sent in sentences:
        for token in sent:
            item = _from_trigger(token, entities, dated, sentences, sentence_number)
            if item is not None:
                found += _held_apart(item, token, entities)
            elif _refers_back(token, entities):
                _add_evidence(found, token, entities)
    return _merge(found, entities, sentence_number)


def _held_apart(item: _Found, trigger: Token, entities: DocEntities) -> list[_Found]:
    """One meeting per subject where they meet the others separately ("Netanyahu and Arafat
    meet separately with Albright"): the subjects did not meet one another."""
    if not any(c.lower_ in {"separately", "individually"} for c in trigger.children):
        return [item]
    subjects: list[int] = []
    _collect(_subjects(trigger), entities, subjects, [])
    each = [p for p in item.people if p in subjects]
    others = [p for p in item.people if p not in subjects]
    if len(each) < 2 or not (others or item.organizations):
        return [item]
    return [
        replace(
            item,
            people=[person, *others],
            groups=list(item.groups),
            organizations=list(item.organizations),
            states=list(item.states),
            also=list(item.also),
            apart=trigger.i,
        )
        for person in each
    ]


def _refers_back(token: Token, entities: DocEntities) -> bool:
    """Whether ``token`` is a definite meeting noun naming nobody ("The talks lasted three
    hours", "the visit was cancelled"): another report of a meeting told before."""
    if token.pos_ != "NOUN" or not (
        token.lower_ in MEETING_NOUNS or token.lemma_.lower() in MEETING_NOUNS
    ):
        return False
    if not any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in token.children):
        return False
    return not any(
        t.i in entities.person_at or t.i in entities.organization_at for t in token.subtree
    )


def _add_evidence(found: list[_Found], reference: Token, entities: DocEntities) -> None:
    """Add the sentence of a back-reference to the meeting (or visit) found before it: the
    latest one held where the sentence names, else the latest one. A cancellation it reports
    ("the meeting was called off", "the talks did not take place") cancels a planned one;
    a negation elsewhere ("they weren't allowed to attend the meeting") does not."""
    kind = "visit" if reference.lemma_.lower() in _VISIT_NOUNS else "meeting"
    earlier_ones = [item for item in reversed(found) if item.kind == kind]
    if not earlier_ones:
        return
    named = {entities.location_at.get(t.i) for t in reference.sent} - {None}
    earlier = next((i for i in earlier_ones if i.location in named), earlier_ones[0])
    if reference.sent not in earlier.also and reference.sent != earlier.sentence:
        earlier.also.append(reference.sent)
    status = _status(reference)
    if earlier.status == "planned" and (
        status == "cancelled" or (status == "negated" and reference.dep_ in SUBJECTS)
    ):
        earlier.status = "cancelled"


def _from_trigger(
    token: Token,
    entities: DocEntities,
    dated: list[tuple[DateRange, Span]],
    sentences: list[Span],
    sentence_number: dict[int, int],
) -> _Found | None:
    if token.pos_ not in {"VERB", "NOUN"}:
        return None
    lemma = token.lemma_.lower()
    people: list[int] = []
    groups: list[str] = []
    organizations: list[int] = []
    negotiation = lemma in _NEGOTIATION_WORDS or token.lower_ in _NEGOTIATION_WORDS
    states: list[int] | None = [] if negotiation else None
    kind: MeetingKind = "meeting"
    if (
        token.pos_ == "VERB"
        and lemma == "get"
        and any(c.dep_ == "prt" or c.lower_ == "together" for c in token.children)
        and any(c.lower_ == "together" for c in token.children)
    ):
        _collect(_subjects(token), entities, people, groups)
    elif token.pos_ == "VERB" and lemma in MEETING_VERBS:
        _collect(_subjects(token) + _objects(token), entities, people, groups, organizations)
    elif token.pos_ == "VERB" and lemma in TOPIC_VERBS:
        with_phrases = _with_phrases(token)
        if not with_phrases and not _meet_as_one(token):
            return None
        _collect(_subjects(token) + with_phrases, entities, people, groups, organizations, states)
    elif token.pos_ == "VERB" and lemma in GATHERING_VERBS:
        _collect(_subjects(token), entities, people, groups)
    elif token.pos_ == "VERB" and lemma in ADDRESS_VERBS:
        _collect(_objects(token), entities, [], [], organizations)
        if not organizations:
            return None
        _collect(_subjects(token), entities, people, groups)
    elif token.pos_ == "VERB" and lemma in VISIT_VERBS:
        kind = "visit"
        _collect(_subjects(token), entities, people, groups)
    elif token.pos_ == "VERB" and lemma in ARRIVAL_VERBS:
        kind = "visit"
        _collect(_subjects(token), entities, people, [])
    elif token.pos_ == "VERB" and lemma in HOST_VERBS:
        kind = "visit"
        _collect(_guests(token, entities), entities, people, groups)
        if not people and not groups:
            return None  # "would receive 38 percent of the vote", "welcomed the changes"
        _collect(_subjects(token), entities, people, groups)
    elif (
        token.pos_ == "NOUN"
        and (token.lower_ in MEETING_NOUNS or lemma in MEETING_NOUNS)
        and _is_meeting_noun(token)
    ):
        kind = "visit" if token.lemma_.lower() in _VISIT_NOUNS else "meeting"
        holders = [c for c in token.children if c.dep_ == "poss"]
        # "the Clinton-Trump debate", "the Obama-Putin summit"
        holders += [
            t
            for left in token.lefts
            if left.dep_ in {"compound", "nmod", "amod"}
            for t in left.subtree
            if t.i in entities.person_at or t.i in entities.organization_at
        ]
        verb = _governing_verb(token)
        asked_for = token.dep_ == "pobj" and token.head.lower_ == "for"  # "asked for talks"
        if (
            verb is not None
            and (token.dep_ in {"dobj", "attr"} or asked_for)
            and kind == "meeting"
            and verb.lemma_.lower() not in _ONLOOKER_VERBS
        ):
            holders += _subjects(verb)
        with_phrases = [
            pobj
            for prep in token.children
            if prep.lower_ in {"with", "between", "of", "among"}
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]
        if verb is not None:
            with_phrases += [
                pobj
                for prep in verb.children
                if prep.lower_ == "with"
                for pobj in prep.children
                if pobj.dep_ == "pobj"
            ]
        _collect(holders + with_phrases, entities, people, groups, organizations, states)
    else:
        return None
    if (not people and not groups and not organizations) or _remote(token):
        return None
    sent = token.sent
    location = _location(token, entities, sentences, sentence_number)
    if states and location in states:
        location = None  # a party to the talks is not where they are held
    if kind == "meeting" and len(people) < 2 and not (groups or organizations or states):
        return None
    if not people and not _places_under(token, entities, strict=True):
        return None  # an unnamed group counts only where the sentence says where it meets
    if kind == "visit" and (location is None and len(people) < 2):
        return None
    status = _status(token)
    date = _date(token, dated, sentences, sentence_number)
    if status == "occurred" and date is not None and date.start > token.doc._.published:
        if _told_in_past(token):
            date = None  # a later day told before belongs to another event
        else:
            status = "planned"  # "they meet Monday" in Friday's paper
    return _Found(
        kind, status, people, groups, organizations, location, date, sent, states=states or []
    )


def _is_meeting_noun(token: Token) -> bool:
    if token.lower_ == "conversation":
        return any(
            c.lower_ in {"face-to-face", "in-person"} or "face" in c.lower_ for c in token.subtree
        )
    return True


def _with_phrases(verb: Token) -> list[Token]:
    """The "with" phrases of the verb or of its object, where the parser often puts them
    ("discussed the crisis with Macron")."""
    heads = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
    return [
        pobj
        for head in heads
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ == "with"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def _meet_as_one(verb: Token) -> bool:
    """Whether the verb's subject is several parties who talk with each other ("Kerry and
    Lavrov discussed Syria"); several who negotiate may do so together with someone else
    ("X and Y are negotiating financing")."""
    return verb.lemma_.lower() == "discuss" and any(
        c.dep_ in SUBJECTS and (c.conjuncts or c.tag_ == "NNS") for c in verb.children
    )


def _remote(trigger: Token) -> bool:
    """Whether the exchange is by phone, video or letter ("discussed Syria by phone", "talks
    by videoconference", "a phone meeting"): not face to face."""
    scope = [trigger, *trigger.children]
    verb = _governing_verb(trigger) if trigger.pos_ == "NOUN" else None
    if verb is not None:
        scope += [verb, *verb.children]
    for token in scope:
        words = token.subtree if token.dep_ in {"prep", "compound", "amod", "npadvmod"} else [token]
        if any(w.lower_ in _REMOTE_WORDS for w in words):
            return True
    return False


def _governing_verb(token: Token) -> Token | None:
    head = token
    while head.head != head:
        head = head.head
        if head.pos_ in {"VERB", "AUX"}:
            return head
    return None


def _subjects(verb: Token) -> list[Token]:
    """The verb's subjects, or those of the clause it depends on ("agreed to meet", "After
    touring the city and meeting with Ruto, Freeh said")."""
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        if subjects:
            return subjects
        if verb.dep_ == "relcl":
            return [verb.head]
        if verb.dep_ in {"conj", "xcomp", "advcl"}:
            verb = verb.head
        elif verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            verb = verb.head.head
        else:
            break
    return []


def _guests(verb: Token, entities: DocEntities) -> list[Token]:
    """The objects of a host verb that are people: named, a pronoun, or a noun for people
    ("received the delegates"); not "welcomed the talks", "received threats"."""
    return [
        o
        for o in _objects(verb)
        if o.pos_ in {"PROPN", "PRON"}
        or o.i in entities.person_at
        or o.lemma_.lower() in PERSON_NOUNS | _GUEST_NOUNS | COLLECTIVE_NOUNS
    ]


def _objects(verb: Token) -> list[Token]:
    objects = [
        c
        for c in verb.children
        if c.dep_ in {"dobj", "agent", "dative"} or (c.dep_ == "npadvmod" and c.pos_ == "PROPN")
    ]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in {"with", "by"}:
            objects.extend(c for c in prep.children if c.dep_ == "pobj")
        if prep.dep_ == "agent":
            objects.extend(c for c in prep.children if c.dep_ == "pobj")
    return objects


def _collect(
    tokens: list[Token],
    entities: DocEntities,
    people: list[int],
    groups: list[str],
    organizations: list[int] | None = None,
    states: list[int] | None = None,
) -> None:
    """People (through names, appositions and pronouns), groups, organizations and (where
    ``states`` is given) countries named by ``tokens`` and their conjuncts."""
    pending = list(tokens)
    seen: set[int] = set()
    while pending:
        token = pending.pop(0)
        if token.i in seen:
            continue
        seen.add(token.i)
        pending.extend(token.conjuncts)
        person = entities.person_at.get(token.i)
        if person is None:
            person = resolve_pronoun(token, entities)
        if person is None:
            person = resolve_description(token, entities)
        if person is None and token.lower_ in {"who", "whom"}:
            person = _person_before(token, entities)
        if person is None and token.lower_ in {"they", "them"}:
            pending.extend(_plural_subject_above(token))
            continue
        if person is None:
            for child in token.children:
                if child.dep_ == "appos" and child.i in entities.person_at:
                    person = entities.person_at[child.i]
        if person is not None:
            if person not in people:
                people.append(person)
            continue
        if organizations is not None and token.i in entities.organization_at:
            index = entities.organization_at[token.i]
            if index not in organizations:
                organizations.append(index)
            continue
        if states is not None and token.i in entities.location_at:
            index = entities.location_at[token.i]
            if index not in states:
                states.append(index)
            continue
        if token.lemma_.lower() in COLLECTIVE_NOUNS and token.tag_ in {"NN", "NNP"}:
            text = " ".join(t.text for t in token.lefts if t.dep_ in {"compound", "amod"})
            group = f"{text} {token.lower_}".strip()
            if group not in groups:
                groups.append(group)
            continue
        if token.pos_ == "NOUN" and token.tag_ in {"NNS", "NNPS"}:
            words = [
                t
                for t in token.subtree
                if t.dep_ not in {"det", "relcl", "punct", "cc"}
                and not (t.i > token.i and t.dep_ == "conj")
            ]
            text = " ".join(t.text for t in sorted(words, key=lambda t: t.i) if t.i >= token.i - 3)
            if text not in groups:
                groups.append(text)


def _plural_subject_above(pronoun: Token) -> list[Token]:
    """The plural noun subject of a clause above "they" in its sentence, which "they" stands
    for ("FBI officials expect they have to interview Abedin")."""
    for ancestor in pronoun.ancestors:
        for subject in ancestor.children:
            if subject.dep_ in SUBJECTS and subject.tag_ in {"NNS", "NNPS"} and subject != pronoun:
                return [subject]
    return []


def _person_before(relative: Token, entities: DocEntities) -> int | None:
    """The person a relative pronoun stands for: the latest one named before it in its
    sentence ("Saddam, with whom the king met"), wherever the parser attached the clause."""
    for i in range(relative.i - 1, relative.sent.start - 1, -1):
        if i in entities.person_at:
            return entities.person_at[i]
    return None


def _status(trigger: Token) -> MeetingStatus:
    """negated ("had never met"), cancelled, planned ("will assemble", "is set to"), else
    occurred."""
    near = [trigger, *list(trigger.ancestors)[:3]]
    for token in near:
        if any(c.dep_ == "neg" or c.lower_ in {"never", "not", "n't"} for c in token.children):
            return "negated"
        if token.lemma_.lower() in _REFUSAL_WORDS:
            return "negated"
    for token in near:
        if token.lemma_.lower() in _CANCEL_WORDS and (
            token.lemma_.lower() != "call" or any(c.lower_ == "off" for c in token.children)
        ):
            return "cancelled"
    return "planned" if speaks_of_future(trigger) else "occurred"


def speaks_of_future(token: Token) -> bool:
    """Whether the clauses above ``token`` are future, planned or owed ("will assemble", "is
    set to take place", "has been scheduled", "have to interview", "must meet", "looks
    forward to visiting")."""
    below = None
    for ancestor in [token, *token.ancestors]:
        auxiliaries = {c.lower_ for c in ancestor.children if c.dep_ in {"aux", "auxpass"}}
        if auxiliaries & {"will", "shall", "'ll", "must"}:
            return True
        if (
            ancestor.lemma_.lower() in {"have", "need"}
            and ancestor.tag_ != "VBD"  # "had to meet" says it happened
            and below is not None
            and below.dep_ == "xcomp"
        ):
            return True
        below = ancestor
        if ancestor.lemma_.lower() in _PLANNING_WORDS and ancestor.pos_ in {"VERB", "AUX", "ADJ"}:
            return True
        if (
            ancestor.dep_ == "prep"
            and ancestor.lower_ == "to"
            and "forward" in {ancestor.head.lower_, *(c.lower_ for c in ancestor.head.children)}
        ):
            return True  # "looked forward to visiting Kenya"
        if ancestor.dep_ == "ccomp" or (ancestor.dep_ == "prep" and ancestor.lower_ != "for"):
            return False  # "In her interview, she was asked": not what was asked for
    return False


def _told_in_past(trigger: Token) -> bool:
    """Whether the trigger's clause is in a past tense ("met", "had held talks")."""
    verb = trigger if trigger.pos_ == "VERB" else _governing_verb(trigger)
    if verb is None:
        return False
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    return verb.tag_ == "VBD" or bool(auxiliaries & {"had", "has", "have", "was", "were", "did"})


def _places_under(token: Token, entities: DocEntities, strict: bool = False) -> list[int]:
    """Places in locative phrases under ``token`` ("in Brussels", "visited Kyiv")."""
    places = []
    for t in token.subtree:
        if t.i not in entities.location_at or _topic_of(t, entities):
            continue
        inside = entities.location_at.get(t.head.i)
        loose = (
            t.head.lower_ in _LOCATIVE
            or t.dep_ == "dobj"
            or (inside is not None and inside != entities.location_at[t.i])
        )
        if t.head.lower_ in {"in", "at"} or (loose and not strict):
            places.append(entities.location_at[t.i])
    return places


def _topic_of(token: Token, entities: DocEntities) -> bool:
    """Whether the place after "on" is a topic ("talks on Syria", "focused on Ukraine"):
    a country, a region or a town is met in, never on; a street, a base or a hill is."""
    if token.head.lower_ != "on":
        return False
    index = entities.location_at[token.i]
    return entities.location_places[index] is not None and not is_facility(
        entities.locations[index].name
    )


def _location(
    trigger: Token, entities: DocEntities, sentences: list[Span], sentence_number: dict[int, int]
) -> int | None:
    """Where: a place in a locative phrase of the trigger's clause, the most specific first,
    else the latest place of the same paragraph."""
    scope = _governing_verb(trigger) if trigger.pos_ == "NOUN" else trigger
    candidates = _places_under(trigger, entities) or (
        _places_under(scope, entities) if scope is not None else []
    )
    if (not candidates and trigger.dep_ in {"relcl"}) or (
        not candidates and scope is not None and scope.dep_ == "relcl"
    ):
        relative = scope if scope is not None and scope.dep_ == "relcl" else trigger
        if relative.head.i in entities.location_at:
            candidates = [entities.location_at[relative.head.i]]
        else:
            candidates = _places_under(relative.head, entities)
    if candidates:
        return _most_specific(candidates, entities)
    number = sentence_number[trigger.sent.start]
    doc = trigger.doc
    for previous in reversed(sentences[max(0, number - 2) : number]):
        if _paragraph_break(doc, previous.end, trigger.sent.start):
            break
        places = [
            entities.location_at[t.i]
            for t in previous
            if t.i in entities.location_at and t.head.lower_ in _LOCATIVE and not _under_attack(t)
        ]
        if places:
            return _most_specific(places, entities)
    return None


def _under_attack(token: Token) -> bool:
    """Whether the place is what a violent verb acts on ("shelled Kharkiv", "fighting in
    Bakhmut"): a battlefield is not where people meet."""
    for ancestor in token.ancestors:
        if ancestor.lemma_.lower() in _VIOLENCE:
            return True
        if ancestor.pos_ == "VERB":
            return False
    return False


def _paragraph_break(doc: Doc, end: int, start: int) -> bool:
    """Whether a line break lies between a sentence ending at token ``end`` and one starting at
    token ``start``."""
    return any("\n" in doc[i].text_with_ws for i in range(max(end - 1, 0), start))


def _most_specific(candidates: list[int], entities: DocEntities) -> int:
    for index in candidates:
        place = entities.location_places[index]
        if place is None or place.feature != "country":
            return index
    return candidates[0]


def _date(
    trigger: Token,
    dated: list[tuple[DateRange, Span]],
    sentences: list[Span],
    sentence_number: dict[int, int],
) -> DateRange | None:
    """When: the dates of the trigger's clause closer to it than to another meeting word of
    the sentence ("will assemble on Wednesday and Thursday, followed by a conference on
    Thursday and Friday"), else those closer to it, else the sentence's, else the latest date
    earlier in the paragraph."""
    sent = trigger.sent
    in_sentence = [(value, span) for value, span in dated if sent.start <= span.start < sent.end]
    triggers = [t for t in sent if _is_trigger_word(t)] or [trigger]
    closest = [
        (value, span)
        for value, span in in_sentence
        if min(triggers, key=lambda t: abs(t.i - span.root.i)) == trigger
    ]
    own = [value for value, span in closest if _nearest_trigger(span, trigger)]
    own = own or [value for value, _ in closest] or [value for value, _ in in_sentence]
    if own:
        return DateRange(min(v.start for v in own), max(v.end for v in own))
    number = sentence_number[sent.start]
    doc = trigger.doc
    for previous in reversed(sentences[max(0, number - 2) : number]):
        if _paragraph_break(doc, previous.end, sent.start):
            break
        earlier = [value for value, span in dated if previous.start <= span.start < previous.end]
        if earlier:
            return earlier[-1]
    return None


def _nearest_trigger(span: Span, trigger: Token) -> bool:
    """Whether ``trigger`` is the closest meeting word above the date in the parse."""
    for ancestor in span.root.ancestors:
        if ancestor == trigger:
            return True
        if _is_trigger_word(ancestor):
            return False
    return False


_TRIGGER_VERBS = MEETING_VERBS | GATHERING_VERBS | VISIT_VERBS | HOST_VERBS | ARRIVAL_VERBS


def _is_trigger_word(token: Token) -> bool:
    return token.lemma_.lower() in _TRIGGER_VERBS or token.lower_ in MEETING_NOUNS


def _merge(
    found: list[_Found], entities: DocEntities, sentence_number: dict[int, int]
) -> list[Meeting]:
    """One meeting per event: the same people (or a visit at the same place and date) merge."""
    merged: list[_Found] = []
    evidence: list[list[Span]] = []
    for item in found:
        target = next((i for i, m in enumerate(merged) if _same_event(m, item)), None)
        if target is None:
            if (
                item.kind == "meeting"
                and len(item.people) < 2
                and any(f.kind == "visit" and f.sentence == item.sentence for f in found)
            ):
                item.kind = "visit"  # "traveled to X to meet with the troops"
            merged.append(item)
            evidence.append([item.sentence, *item.also])
            continue
        into = merged[target]
        for person in item.people:
            if person not in into.people:
                into.people.append(person)
        into.groups += [g for g in item.groups if g not in into.groups]
        into.organizations += [o for o in item.organizations if o not in into.organizations]
        into.states += [state for state in item.states if state not in into.states]
        into.location = into.location if into.location is not None else item.location
        into.date = into.date or item.date
        if item.kind == "meeting" and len(item.people) >= 2:
            into.kind = "meeting"
        if "occurred" in {into.status, item.status}:
            into.status = "occurred"
        evidence[target] += [s for s in [item.sentence, *item.also] if s not in evidence[target]]
    meetings = []
    for item, sentences in zip(merged, evidence, strict=True):
        location = entities.locations[item.location] if item.location is not None else None
        meetings.append(
            Meeting(
                kind=item.kind,
                status=item.status,
                participants=[entities.people[p].name for p in item.people],
                participant_groups=item.groups,
                organizations=[entities.organizations[o].name for o in item.organizations],
                parties=[entities.locations[state].name for state in item.states],
                location=location.name if location else None,
                country_code=location.country_code if location else None,
                date=item.date,
                evidence=[
                    Evidence(*trimmed(s), sentence_number[s.start])
                    for s in sorted(sentences, key=lambda s: s.start)
                ],
            )
        )
    return meetings


def trimmed(span: Span) -> tuple[int, int]:
    """The span's character offsets without surrounding white space."""
    text = span.text
    return (
        span.start_char + len(text) - len(text.lstrip()),
        span.end_char - (len(text) - len(text.rstrip())),
    )


def _same_event(a: _Found, b: _Found) -> bool:
    if a.apart is not None and a.apart == b.apart:
        return False
    people_a, people_b = set(a.people), set(b.people)
    if people_a and people_a == people_b and (a.kind == b.kind or a.sentence == b.sentence):
        return True
    if a.sentence == b.sentence and people_a and (people_a <= people_b or people_b <= people_a):
        return True
    same_place = a.location is not None and a.location == b.location
    same_day = a.date is not None and a.date == b.date
    return bool(same_place and same_day and people_a & people_b)
