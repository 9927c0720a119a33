"""Ranks and honorifics: the lexicon, the tokenizer special cases they need, and title splitting."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nameparser.config import CONSTANTS
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Token

# The titles and occupations nameparser knows ("rabbi", "principal", "actress"), lowercase:
# a word among them before a surname is no first name.
NAMEPARSER_TITLES = frozenset(CONSTANTS.titles)

# Plural ranks before coordinated names ("Gens. Cavoli and Milley"), and their singular.
PLURAL_TITLES = {
    "Gens.": "Gen.",
    "Adms.": "Adm.",
    "Cols.": "Col.",
    "Sens.": "Sen.",
    "Reps.": "Rep.",
    "Drs.": "Dr.",
    "Sgts.": "Sgt.",
    "Capts.": "Capt.",
}

# Abbreviations spaCy's English tokenizer splits off their period ("Brig" "."), which then
# also ends the sentence: one token each keeps "Brig. Gen. Joseph E. Hilbert" in one piece.
ABBREVIATED_TITLES = (
    "Adm.",
    "Brig.",
    "Capt.",
    "Cmdr.",
    "Col.",
    "Cpl.",
    "Cdr.",
    "Gen.",
    "Gov.",
    "Insp.",
    "Lt.",
    "Maj.",
    "Pres.",
    "Prof.",
    "Pvt.",
    "Rep.",
    "Ret.",
    "Sen.",
    "Sgt.",
    "Supt.",
    "Amb.",
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Rev.",
    *PLURAL_TITLES,
)

# Words that are a title directly before a name or another title. Offices ("President",
# "Secretary") are roles, not titles.
TITLE_WORDS = frozenset(
    {
        *(plural.lower() for plural in PLURAL_TITLES),
        "adm.",
        "admiral",
        "brig.",
        "brigadier",
        "capt.",
        "captain",
        "cmdr.",
        "cdr.",
        "commander",
        "col.",
        "colonel",
        "cpl.",
        "corporal",
        "gen.",
        "gens.",
        "general",
        "lt.",
        "lieutenant",
        "maj.",
        "major",
        "sgt.",
        "sergeant",
        "pvt.",
        "private",
        "dr.",
        "doctor",
        "prof.",
        "professor",
        "marshal",
        "field",
        "air",
        "vice",
        "rear",
        "chief",
        "master",
        "staff",
        "first",
        "second",
        "command",
        "warrant",
        "officer",
        "mr.",
        "mrs.",
        "ms.",
        "mr",  # British style, no period ("Mr Howard")
        "mrs",
        "ms",
        "dr",
        "sir",
        "dame",
        "rev.",
        "reverend",
        "sen.",
        "rep.",
        "gov.",
        "pres.",
        "amb.",
        "sheikh",
    }
)

# Of those, words that are a title only before another title word ("Brigadier General").
_MODIFIER_ONLY = frozenset(
    {
        "field",
        "air",
        "vice",
        "rear",
        "chief",
        "master",
        "staff",
        "first",
        "second",
        "command",
        "warrant",
        "brig.",
        "brigadier",
    }
)
RETIRED_MARKERS = frozenset({"ret.", "retired"})


def add_title_special_cases(nlp: Language) -> None:
    """Make each abbreviated title a single token."""
    tokenizer: Any = nlp.tokenizer
    for abbreviation in ABBREVIATED_TITLES:
        tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])


def is_title_token(token: Token) -> bool:
    """Whether ``token`` can be part of a title."""
    return token.lower_ in TITLE_WORDS and token.text[:1].isupper()


def split_title(tokens: Iterable[Token]) -> tuple[str | None, bool, int]:
    """Split the title off the front of ``tokens`` ("Ret. Major Gen. Repass").

    Returns the title ("Major Gen.") or None, whether a retirement marker was seen, and how
    many tokens the title and markers take. A lone modifier ("Field") is no title.
    """
    words: list[str] = []
    retired = False
    count = 0
    for token in tokens:
        if token.lower_ in RETIRED_MARKERS:
            retired = True
        elif is_title_token(token):
            words.append(token.text)
        else:
            break
        count += 1
    if words and words[-1].lower() in _MODIFIER_ONLY:
        return None, retired, 0
    return (" ".join(words) or None), retired, count


def title_before(token: Token) -> tuple[str | None, bool, int]:
    """The title written directly before the name that starts at ``token``.

    Returns the title or None, whether a retirement marker precedes it, and the index of the
    first token of the title (``token.i`` when there is none).
    """
    doc = token.doc
    first = token.i
    while first > 0 and (
        is_title_token(doc[first - 1]) or doc[first - 1].lower_ in RETIRED_MARKERS
    ):
        first -= 1
    title, retired, count = split_title(doc[first : token.i])
    if count != token.i - first:
        return None, False, token.i
    return title, retired, first
