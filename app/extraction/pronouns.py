"""Which person a third-person pronoun names: a small rule-based resolver over the parse.

No coreference model can be installed here, so "he", "her", "his" are linked to the most
salient compatible person: the person a relative clause around the pronoun describes, the
subject of the main clause a fronted phrase's pronoun precedes, else the latest person in
subject position within the last few sentences, else the latest one mentioned. Compatible means
not the subject of the pronoun's own clause when it is the object, and not of the other gender
where the words around a name tell it ("Mrs.", "King", "actress"). Measured on GAP by
``python -m bench.eval --only gap``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from app.extraction.entities import SUBJECTS, DocEntities
from app.extraction.facts import Person
from app.extraction.names import MONARCHS, ROYAL_STYLES

PERSONAL_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
_FEMININE_PRONOUNS = frozenset({"she", "her"})
# Words next to a name that tell its gender: honorifics, kinship, nobility, "-woman" offices.
_FEMININE_WORDS = frozenset(
    {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "madame", "mme", "lady", "dame", "queen"}
    | {"princess", "duchess", "countess", "empress", "baroness", "mother", "wife", "daughter"}
    | {"aunt", "niece", "sister", "grandmother", "granddaughter", "girl", "woman", "actress"}
    | {"widow", "girlfriend", "bride", "heiress", "stepmother", "mum", "mom"}
    | {"businesswoman", "chairwoman", "spokeswoman", "congresswoman", "councilwoman"}
)
_MASCULINE_WORDS = frozenset(
    {"mr", "mr.", "sir", "lord", "king", "prince", "duke", "earl", "emperor", "baron", "count"}
    | {"father", "husband", "son", "uncle", "nephew", "brother", "grandfather", "grandson"}
    | {"boy", "man", "widower", "boyfriend", "groom", "stepfather", "dad"}
    | {"businessman", "chairman", "spokesman", "congressman", "councilman"}
)
_SENTENCES_BACK = 3
# The word a definite description uses for an abbreviated title: "Gen. Milley" ... "the general".
_TITLE_NOUNS = {
    "gen.": "general",
    "adm.": "admiral",
    "col.": "colonel",
    "capt.": "captain",
    "sgt.": "sergeant",
    "lt.": "lieutenant",
    "maj.": "major",
    "gov.": "governor",
    "sen.": "senator",
    "amb.": "ambassador",
    "dr.": "doctor",
    "prof.": "professor",
}
# Descriptions that name an office by another word: "King Hussein" ... "the monarch".
_SYNONYMS = {"monarch": MONARCHS, "chief": frozenset({"chief", "director", "head"})}
# An office held under or beside another: "Vice President X" is not "the president".
_SUBORDINATE = frozenset({"vice", "deputy", "assistant", "under", "acting", "former", "ex"})


def resolve_pronoun(pronoun: Token, entities: DocEntities) -> int | None:
    """The index in ``entities.people`` of the person ``pronoun`` most likely names, or None
    when it is no personal pronoun or no person precedes it closely enough.

    In order: the person a relative clause around the pronoun describes ("Gugino, who credits
    Merrill with getting her interested"); the latest person in subject position within the
    last few sentences; the latest person. Never the subject of the pronoun's own clause when
    the pronoun is its object ("Saier replaced him")."""
    if pronoun.lower_ not in PERSONAL_PRONOUNS:
        return None
    excluded = _clause_subjects(pronoun, entities)
    feminine = pronoun.lower_ in _FEMININE_PRONOUNS
    genders = _genders(pronoun.doc, entities)
    excluded |= {person for person, female in genders.items() if female != feminine}
    described = _described_by_relative_clause(pronoun, entities)
    if described is not None and _subject_of_object_relative(pronoun):
        excluded.add(described)  # "Berg, with whom he met": "he" is someone else
        described = None
    if described is None:
        described = _subject_ahead(pronoun, entities)
    if described is not None and described not in excluded:
        return described
    doc = pronoun.doc
    first_sentence = pronoun.sent.start
    for _ in range(_SENTENCES_BACK):
        if first_sentence == 0:
            break
        first_sentence = doc[first_sentence - 1].sent.start
    latest: int | None = None
    for i in range(pronoun.i - 1, first_sentence - 1, -1):
        person = entities.person_at.get(i)
        if person is None or person in excluded:
            continue
        token = doc[i]
        if token.dep_ == "appos" and token.head.i in entities.person_at:
            continue  # "Dave Roberts (James Murray)": the role, not the actor in brackets
        if token.dep_ in SUBJECTS or (token.dep_ == "appos" and token.head.dep_ in SUBJECTS):
            return person
        if latest is None:
            latest = person
    return latest


def resolve_description(noun: Token, entities: DocEntities) -> int | None:
    """The person a definite description names by their title or office ("the king", "the
    Jordanian monarch", "the general", "the prime minister"): the latest one mentioned before
    it who holds it; None for anything else."""
    if noun.pos_ != "NOUN" or noun.tag_ != "NN":
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return None
    wanted = _SYNONYMS.get(noun.lower_, frozenset({noun.lower_}))
    for i in range(noun.i - 1, -1, -1):
        person = entities.person_at.get(i)
        if person is not None and _offices(entities.people[person]) & wanted:
            return person
    return None


def _offices(person: Person) -> set[str | None]:
    """The nouns descriptions of ``person`` may use: their titles' and offices', and a royal
    style the model kept inside the name ("King Abdullah")."""
    offices = {_office_noun(office) for office in [*person.titles, *person.roles]}
    style = person.name.split()[0].lower()
    return offices | {style} if style in ROYAL_STYLES else offices


def _office_noun(office: str) -> str | None:
    """The noun a description would use for a title or office: "Brig. Gen." -> "general",
    "Prime Minister" -> "minister", "Director of the FBI" -> "director"; None for a
    subordinate one ("Vice President")."""
    words = office.lower().split()
    if not words or _SUBORDINATE & set(words):
        return None
    for connector in ("of", "for"):
        if connector in words[1:]:
            words = words[: words.index(connector, 1)]
    return _TITLE_NOUNS.get(words[-1], words[-1])


def _subject_ahead(pronoun: Token, entities: DocEntities) -> int | None:
    """The person subject of the main clause when the pronoun opens the sentence before it:
    "In his ABC interview, Trump dismissed the claims"."""
    root = pronoun.sent.root
    if pronoun.i > root.i or any(
        i in entities.person_at for i in range(pronoun.sent.start, pronoun.i)
    ):
        return None
    for subject in root.children:
        if subject.dep_ in SUBJECTS and subject.i > pronoun.i:
            return entities.person_at.get(subject.i)
    return None


def _genders(doc: Doc, entities: DocEntities) -> dict[int, bool]:
    """Whether each person whose gender the words around their names tell is female: "Mrs.",
    "Queen", "actress Carla Gugino", "Mary Bell, a farmer girl", "his wife, Anna"."""
    votes: dict[int, set[bool]] = {}
    for i, person in entities.person_at.items():
        token = doc[i]
        words = [token, *doc[max(i - 2, 0) : i]]
        if token.dep_ in {"compound", "appos", "nsubj"}:
            words.append(token.head)
        words += [c for c in token.children if c.dep_ in {"appos", "compound"}]
        if token.dep_ == "nsubj" and token.head.lemma_ == "be":
            words += [c for c in token.head.children if c.dep_ == "attr"]
        for word in words:
            if word.lower_ in _FEMININE_WORDS:
                votes.setdefault(person, set()).add(True)
            elif word.lower_ in _MASCULINE_WORDS:
                votes.setdefault(person, set()).add(False)
        for title in entities.people[person].titles:
            if title.lower() in _FEMININE_WORDS | _MASCULINE_WORDS:
                votes.setdefault(person, set()).add(title.lower() in _FEMININE_WORDS)
    return {person: female for person, (female, *others) in votes.items() if not others}


def _clause_subjects(pronoun: Token, entities: DocEntities) -> set[int]:
    """The people a pronoun that is an object cannot name: the subjects of its own clause."""
    if pronoun.dep_ in {"dobj", "dative"}:
        verb = pronoun.head
    elif pronoun.dep_ == "pobj" and pronoun.head.head.pos_ in {"VERB", "AUX"}:
        verb = pronoun.head.head
    else:
        return set()
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if not subjects and verb.dep_ in {"conj", "xcomp"}:
        subjects = [c for c in verb.head.children if c.dep_ in SUBJECTS]
    if verb.dep_ == "relcl" and any(s.tag_ in {"WP", "WDT"} for s in subjects):
        subjects.append(verb.head)
    people = set()
    for subject in subjects:
        for token in [subject, *subject.conjuncts]:
            if token.i in entities.person_at:
                people.add(entities.person_at[token.i])
    return people


def _subject_of_object_relative(pronoun: Token) -> bool:
    """Whether the pronoun is the subject of a relative clause whose relative pronoun is its
    object ("X, whom he met", "X, with whom he met")."""
    clause = pronoun.head
    if pronoun.dep_ not in SUBJECTS or clause.dep_ != "relcl":
        return False
    return any(t.tag_ in {"WP", "WDT"} and t.dep_ not in SUBJECTS for t in clause.subtree)


def _described_by_relative_clause(pronoun: Token, entities: DocEntities) -> int | None:
    """The person whose relative clause holds the pronoun ("X, who ... her ...")."""
    for ancestor in pronoun.ancestors:
        if ancestor.dep_ == "relcl":
            head = ancestor.head
            if head.i not in entities.person_at and head.dep_ == "appos":
                head = head.head  # "Mary Bell, a farmer girl who made her living"
            return entities.person_at.get(head.i)
        if ancestor.dep_ == "ROOT":
            return None
    return None
