"""An offline gazetteer: place names to GeoNames places, with the country aliases and
demonyms newspapers use. The index is an SQLite file built once at install time."""

from __future__ import annotations

import math
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

# Bumped whenever the index's tables or contents change; an older index is rebuilt.
FORMAT_VERSION = "2"
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
# shortens, with the District of Columbia: names of the US admin1 regions (GeoNames codes).
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "Ala.": "US.AL",
    "Alaska": "US.AK",
    "Ariz.": "US.AZ",
    "Ark.": "US.AR",
    "Calif.": "US.CA",
    "Colo.": "US.CO",
    "Conn.": "US.CT",
    "Del.": "US.DE",
    "D.C.": "US.DC",
    "Fla.": "US.FL",
    "Ga.": "US.GA",
    "Hawaii": "US.HI",
    "Idaho": "US.ID",
    "Ill.": "US.IL",
    "Ind.": "US.IN",
    "Iowa": "US.IA",
    "Kan.": "US.KS",
    "Ky.": "US.KY",
    "La.": "US.LA",
    "Maine": "US.ME",
    "Md.": "US.MD",
    "Mass.": "US.MA",
    "Mich.": "US.MI",
    "Minn.": "US.MN",
    "Miss.": "US.MS",
    "Mo.": "US.MO",
    "Mont.": "US.MT",
    "Neb.": "US.NE",
    "Nev.": "US.NV",
    "N.H.": "US.NH",
    "N.J.": "US.NJ",
    "N.M.": "US.NM",
    "N.Y.": "US.NY",
    "N.C.": "US.NC",
    "N.D.": "US.ND",
    "Ohio": "US.OH",
    "Okla.": "US.OK",
    "Ore.": "US.OR",
    "Pa.": "US.PA",
    "R.I.": "US.RI",
    "S.C.": "US.SC",
    "S.D.": "US.SD",
    "Tenn.": "US.TN",
    "Texas": "US.TX",
    "Utah": "US.UT",
    "Vt.": "US.VT",
    "Va.": "US.VA",
    "Wash.": "US.WA",
    "W.Va.": "US.WV",
    "Wis.": "US.WI",
    "Wyo.": "US.WY",
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
        code = DEMONYMS.get(key) or (DEMONYMS.get(key[:-1]) if key.endswith("s") else None)
        return self._countries.get(code) if code else None

    def is_country(self, name: str) -> bool:
        """Whether ``name`` names a country."""
        return any(place.feature == "country" for place in self.lookup(name))

    def knows(self, name: str) -> bool:
        """Whether ``name`` is the main name of some place."""
        return any(place.main_name for place in self.lookup(name))

    def resolve(
        self,
        name: str,
        context_countries: frozenset[str] = frozenset(),
        within: Place | None = None,
    ) -> Place | None:
        """The most likely place called ``name``: a country if one is, else the best of
        population (log scale), a main-name match, and lying in the article's countries.
        ``within`` (from "Paris, Texas") keeps only places inside it, when there are any."""
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
        if not candidates:
            return None
        return max(candidates, key=lambda place: _score(place, context_countries))


def _score(place: Place, context_countries: frozenset[str]) -> float:
    score = math.log10(place.population + 1)
    if place.feature == "country":
        score += 100
    if place.main_name:
        score += 1
    if place.country_code in context_countries:
        score += 2
    if place.feature in {"admin1", "admin2"}:
        score -= 0.5
    return score
