"""An offline gazetteer: place names to GeoNames places, with the country aliases and
demonyms newspapers use. The index is an SQLite file built once at install time."""

from __future__ import annotations

import math
import sqlite3
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

# Bumped whenever the index's tables or contents change; an older index is rebuilt.
FORMAT_VERSION = "3"
_COLUMNS = (
    "p.id, p.name, p.country_code, p.latitude, p.longitude, p.feature, p.population, p.admin1"
)

# Names newspapers use for countries that GeoNames spells otherwise.
COUNTRY_ALIASES: dict[str, str] = {
    "us": "US",
    "u.s.": "US",
    "u.s": "US",
    "usa": "US",
    "u.s.a.": "US",
    "united states": "US",
    "the united states": "US",
    "america": "US",
    "united states of america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "united kingdom": "GB",
    "the united kingdom": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "uae": "AE",
    "u.a.e.": "AE",
    "the netherlands": "NL",
    "holland": "NL",
    "russia": "RU",
    "russian federation": "RU",
    "south korea": "KR",
    "north korea": "KP",
    "czech republic": "CZ",
    "czechia": "CZ",
    "ivory coast": "CI",
    "the philippines": "PH",
    "vatican": "VA",
    "burma": "MM",
    "taiwan": "TW",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "vietnam": "VN",
    "the gambia": "GM",
    "dr congo": "CD",
    "congo": "CG",
    "palestine": "PS",
    "turkey": "TR",
    "türkiye": "TR",
    "macedonia": "MK",
    "moldova": "MD",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "brunei": "BN",
    "east timor": "TL",
}

# The AP stylebook's state abbreviations ("Springfield, Ill.") and the eight names it never
# shortens, with the District of Columbia: more names of the US states.
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "Ala.": "Alabama",
    "Alaska": "Alaska",
    "Ariz.": "Arizona",
    "Ark.": "Arkansas",
    "Calif.": "California",
    "Colo.": "Colorado",
    "Conn.": "Connecticut",
    "Del.": "Delaware",
    "D.C.": "District of Columbia",
    "Fla.": "Florida",
    "Ga.": "Georgia",
    "Hawaii": "Hawaii",
    "Idaho": "Idaho",
    "Ill.": "Illinois",
    "Ind.": "Indiana",
    "Iowa": "Iowa",
    "Kan.": "Kansas",
    "Ky.": "Kentucky",
    "La.": "Louisiana",
    "Maine": "Maine",
    "Md.": "Maryland",
    "Mass.": "Massachusetts",
    "Mich.": "Michigan",
    "Minn.": "Minnesota",
    "Miss.": "Mississippi",
    "Mo.": "Missouri",
    "Mont.": "Montana",
    "Neb.": "Nebraska",
    "Nev.": "Nevada",
    "N.H.": "New Hampshire",
    "N.J.": "New Jersey",
    "N.M.": "New Mexico",
    "N.Y.": "New York",
    "N.C.": "North Carolina",
    "N.D.": "North Dakota",
    "Ohio": "Ohio",
    "Okla.": "Oklahoma",
    "Ore.": "Oregon",
    "Pa.": "Pennsylvania",
    "R.I.": "Rhode Island",
    "S.C.": "South Carolina",
    "S.D.": "South Dakota",
    "Tenn.": "Tennessee",
    "Texas": "Texas",
    "Utah": "Utah",
    "Vt.": "Vermont",
    "Va.": "Virginia",
    "Wash.": "Washington",
    "W.Va.": "West Virginia",
    "Wis.": "Wisconsin",
    "Wyo.": "Wyoming",
}

# Demonyms (and their plurals) give a mention of the country and a person's nationality.
DEMONYMS: dict[str, str] = {
    "american": "US",
    "british": "GB",
    "briton": "GB",
    "english": "GB",
    "scottish": "GB",
    "ukrainian": "UA",
    "russian": "RU",
    "german": "DE",
    "polish": "PL",
    "pole": "PL",
    "french": "FR",
    "dutch": "NL",
    "belgian": "BE",
    "italian": "IT",
    "spanish": "ES",
    "portuguese": "PT",
    "chinese": "CN",
    "japanese": "JP",
    "korean": "KR",
    "north korean": "KP",
    "south korean": "KR",
    "indian": "IN",
    "pakistani": "PK",
    "afghan": "AF",
    "iranian": "IR",
    "iraqi": "IQ",
    "syrian": "SY",
    "israeli": "IL",
    "palestinian": "PS",
    "egyptian": "EG",
    "saudi": "SA",
    "turkish": "TR",
    "greek": "GR",
    "swedish": "SE",
    "swede": "SE",
    "norwegian": "NO",
    "danish": "DK",
    "dane": "DK",
    "finnish": "FI",
    "finn": "FI",
    "austrian": "AT",
    "swiss": "CH",
    "hungarian": "HU",
    "czech": "CZ",
    "slovak": "SK",
    "romanian": "RO",
    "bulgarian": "BG",
    "serbian": "RS",
    "croatian": "HR",
    "belarusian": "BY",
    "lithuanian": "LT",
    "latvian": "LV",
    "estonian": "EE",
    "georgian": "GE",
    "armenian": "AM",
    "canadian": "CA",
    "mexican": "MX",
    "brazilian": "BR",
    "argentine": "AR",
    "argentinian": "AR",
    "chilean": "CL",
    "colombian": "CO",
    "venezuelan": "VE",
    "cuban": "CU",
    "australian": "AU",
    "irish": "IE",
    "nigerian": "NG",
    "kenyan": "KE",
    "ethiopian": "ET",
    "south african": "ZA",
    "vietnamese": "VN",
    "thai": "TH",
    "indonesian": "ID",
    "filipino": "PH",
    "malaysian": "MY",
    "taiwanese": "TW",
    "moldovan": "MD",
    "lebanese": "LB",
    "jordanian": "JO",
    "qatari": "QA",
    "emirati": "AE",
    "yemeni": "YE",
    "libyan": "LY",
    "sudanese": "SD",
    "somali": "SO",
    "kazakh": "KZ",
}


# The regular ways English makes a demonym of a country's name, by its last letter:
# Tunisia-n, Zimbabwe-an, Fiji-an, Ital(y)-ian, Morocc(o)-an; after a consonant Brazil-ian,
# Iraq-i, Sudan-ese. DEMONYMS holds the irregular ones and wins over these.
_DEMONYM_ENDINGS: dict[str, tuple[str, ...]] = {
    "a": ("an",),
    "e": ("ean",),
    "i": ("ian",),
    "y": ("ian",),
    "o": ("an",),
}
_CONSONANT_DEMONYM_SUFFIXES = ("ian", "i", "ese")


def _derived_demonyms(countries: Iterable[Place]) -> dict[str, str]:
    """Demonyms of one-word country names by the regular rules, each mapped to its country;
    a form two countries could make, or that begins another country's name ("Dominican"
    of Dominica and the Dominican Republic), is left out."""
    claims: dict[str, set[str]] = {}
    first_words = set()
    for country in countries:
        name = normalize(country.name)
        if not name.isalpha():
            first_words.add(name.split()[0])
            continue
        endings = _DEMONYM_ENDINGS.get(name[-1])
        forms = (
            [name[:-1] + ending for ending in endings]
            if endings
            else [name + suffix for suffix in _CONSONANT_DEMONYM_SUFFIXES]
        )
        for form in forms:
            claims.setdefault(form, set()).add(country.country_code)
    return {
        form: next(iter(codes))
        for form, codes in claims.items()
        if len(codes) == 1 and form not in first_words
    }


@lru_cache(maxsize=131072)
def normalize(text: str) -> str:
    """Case- and accent-insensitive lookup key: NFKD, no combining marks, casefolded, one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().replace("’", "'").split())


@dataclass(frozen=True)
class Place:
    """A gazetteer entry."""

    name: str
    country_code: str
    latitude: float | None
    longitude: float | None
    geonames_id: int
    feature: str  # continent, country, admin1, admin2 or city
    population: int
    admin1: str | None = None
    main_name: bool = True  # whether it was found by its main name


@dataclass(frozen=True)
class Context:
    """Where the rest of an article is, which decides between namesakes."""

    # The share of its place mentions (countries, places in them, demonyms) in each country.
    countries: Mapping[str, float] = field(default_factory=dict)
    # The GeoNames admin1 codes ("US.TX") of its places.
    admin1: frozenset[str] = frozenset()

    @classmethod
    def of(cls, country_codes: Iterable[str], admin1: Iterable[str] = ()) -> Context:
        """The context of mentions in these countries (one code per mention) and regions."""
        counts = Counter(country_codes)
        total = sum(counts.values())
        shares = {code: count / total for code, count in counts.items()}
        return cls(shares, frozenset(admin1))


NO_CONTEXT = Context()


class GazetteerMissingError(RuntimeError):
    """The gazetteer index has not been built."""


DEFAULT_PATH = Path(__file__).parent / "data" / "gazetteer.sqlite"


class Gazetteer:
    """Place lookup by name over the prebuilt SQLite index (see gazetteer_build): nothing is
    loaded into memory but what lookups touch, so a process opens it in milliseconds."""

    def __init__(self, path: Path = DEFAULT_PATH) -> None:
        if not path.exists():
            raise GazetteerMissingError(
                f"gazetteer index {path} is missing; build it with `newsgraph build-gazetteer`"
            )
        self.path = path
        self._local = threading.local()
        format_version = self._query("SELECT value FROM meta WHERE key = 'format'")
        if not format_version or format_version[0][0] != FORMAT_VERSION:
            raise GazetteerMissingError(
                f"gazetteer index {path} is outdated; rebuild it with `newsgraph build-gazetteer`"
            )
        self.candidates = lru_cache(maxsize=65536)(self._candidates)
        self._countries = {
            place.country_code: place
            for place in (
                self._place(row)
                for row in self._query(
                    f"SELECT {_COLUMNS}, 1 FROM places p WHERE feature = 'country'"
                )
            )
        }
        self._derived_demonyms = _derived_demonyms(self._countries.values())

    def _query(self, sql: str, *parameters: object) -> list[tuple[Any, ...]]:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False
            )
            self._local.connection = connection
        return connection.execute(sql, parameters).fetchall()

    @staticmethod
    def _place(row: tuple[Any, ...]) -> Place:
        return Place(
            geonames_id=row[0],
            name=row[1],
            country_code=row[2],
            latitude=row[3],
            longitude=row[4],
            feature=row[5],
            population=row[6],
            admin1=row[7],
            main_name=bool(row[8]),
        )

    def _candidates(self, key: str) -> tuple[Place, ...]:
        rows = self._query(
            f"SELECT {_COLUMNS}, MAX(n.main) FROM names n JOIN places p ON p.id = n.place_id "
            "WHERE n.key = ? GROUP BY p.id",
            key,
        )
        return tuple(self._place(row) for row in rows)

    def lookup(self, name: str) -> tuple[Place, ...]:
        """Every place called ``name`` (case- and accent-insensitive)."""
        return self.candidates(normalize(name))

    def country(self, code: str) -> Place | None:
        """The country with ISO alpha-2 ``code``."""
        return self._countries.get(code)

    def demonym_country(self, word: str) -> Place | None:
        """The country of a demonym ("Ukrainian", "Ukrainians"), if it is one."""
        key = normalize(word)
        for form in (key, key[:-1]) if key.endswith("s") else (key,):
            code = DEMONYMS.get(form) or self._derived_demonyms.get(form)
            if code:
                return self._countries.get(code)
        return None

    def is_country(self, name: str) -> bool:
        """Whether ``name`` names a country."""
        return any(place.feature == "country" for place in self.lookup(name))

    def knows(self, name: str) -> bool:
        """Whether ``name`` is the main name of some place."""
        return any(place.main_name for place in self.lookup(name))

    def resolve(
        self, name: str, context: Context = NO_CONTEXT, within: Place | None = None
    ) -> Place | None:
        """The most likely place called ``name``: a country if one is (unless the article is
        elsewhere and a region of that elsewhere has the name: "Georgia" beside "Atlanta"),
        else the best by ``_score``. ``within`` (from "Paris, Texas") keeps only places inside
        it, when there are any."""
        candidates = self.lookup(name)
        if within is not None and within.feature in {"country", "admin1"}:
            inside = [
                place
                for place in candidates
                if place.country_code == within.country_code
                and place.geonames_id != within.geonames_id
                and (within.feature == "country" or place.admin1 == within.admin1)
            ]
            candidates = tuple(inside) or candidates
        if any(
            p.feature == "country" and p.country_code not in context.countries for p in candidates
        ) and any(
            p.feature == "admin1" and p.country_code in context.countries for p in candidates
        ):
            candidates = tuple(p for p in candidates if p.feature != "country")
        if not candidates:
            return None
        return max(candidates, key=lambda place: _score(place, context))


# The score's unit is a tenfold population: a bonus of 1 is worth ten times the people.
# An article wholly in one country gives its places 2, so its own Paris (Texas) beats a
# namesake abroad up to a hundred times its size; a country it names beside others gives
# less ("Washington" beside "Britain and France" stays the American one). Places in the
# regions of its other places get 2 more ("Athens" near "Tyler, Texas"). Measured on the
# LGL, GeoWebNews and GeoVirus samples, results change little for values from 1.5 to 2.5.
MAIN_NAME_BONUS = 1.0
COUNTRY_BONUS = 2.0
ADMIN1_BONUS = 2.0
REGION_PENALTY = 0.5


def _score(place: Place, context: Context) -> float:
    """log10 of the population, plus bonuses for a main-name match (not an old or foreign
    name), for the article's share of mentions in the place's country and for lying in the
    region of one of its other places; a region loses a little to the city of its name and
    size; a country beats anything."""
    score = math.log10(place.population + 1)
    if place.feature == "country":
        score += 100
    if place.main_name:
        score += MAIN_NAME_BONUS
    score += COUNTRY_BONUS * context.countries.get(place.country_code, 0.0)
    if place.admin1 is not None and place.admin1 in context.admin1:
        score += ADMIN1_BONUS
    if place.feature in {"admin1", "admin2"}:
        score -= REGION_PENALTY
    return score
