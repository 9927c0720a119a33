"""The offline gazetteer: countries, cities, demonyms and same-name cities told apart by the
countries an article mentions."""

from __future__ import annotations

import math

import pytest

from app.extraction.gazetteer import US_STATE_ABBREVIATIONS, Context, Gazetteer, normalize
from app.extraction.gazetteer_build import _settled_centre


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """Loaded once: reading the GeoNames tables takes a few seconds."""
    return Gazetteer()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Poland", "PL"),
        ("Germany", "DE"),
        ("Ukraine", "UA"),
        ("U.S.", "US"),
        ("US", "US"),
        ("USA", "US"),
        ("America", "US"),
        ("United States", "US"),
        ("Britain", "GB"),
        ("U.K.", "GB"),
        ("Netherlands", "NL"),
        ("the Netherlands", "NL"),
        ("Holland", "NL"),
        ("Russia", "RU"),
    ],
)
def test_country_names_and_newspaper_aliases(gazetteer: Gazetteer, name: str, code: str) -> None:
    place = gazetteer.resolve(name)
    assert place is not None
    assert (place.feature, place.country_code) == ("country", code)
    assert gazetteer.is_country(name)
    assert place == gazetteer.country(code)


@pytest.mark.parametrize(
    ("name", "resolved", "code"),
    [
        ("Brussels", "Brussels", "BE"),
        ("Kyiv", "Kyiv", "UA"),
        ("Kiev", "Kyiv", "UA"),  # an alternate spelling finds the main name
        ("Grafenwoehr", "Grafenwöhr", "DE"),  # the transliterated umlaut
        ("Grafenwöhr", "Grafenwöhr", "DE"),
        ("Warsaw", "Warsaw", "PL"),
        ("Krakow", "Kraków", "PL"),
        ("Donetsk", "Donetsk", "UA"),
        ("Moscow", "Moscow", "RU"),
    ],
)
def test_cities(gazetteer: Gazetteer, name: str, resolved: str, code: str) -> None:
    place = gazetteer.resolve(name)
    assert place is not None
    assert (place.name, place.country_code, place.feature) == (resolved, code, "city")
    assert place.latitude is not None and place.longitude is not None
    assert place.geonames_id > 0
    assert not gazetteer.is_country(name)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    phi1, phi2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _point(gazetteer: Gazetteer, name: str) -> tuple[float, float]:
    place = gazetteer.resolve(name)
    assert place is not None and place.latitude is not None and place.longitude is not None
    return place.latitude, place.longitude


def test_a_country_lies_at_the_middle_of_its_land_not_at_its_capital(
    gazetteer: Gazetteer,
) -> None:
    # Lebanon, Kansas, the centre of the contiguous states, is where GeoNames puts the US.
    assert _km(_point(gazetteer, "United States"), (39.83, -98.58)) < 161
    assert _km(_point(gazetteer, "Poland"), _point(gazetteer, "Warsaw")) > 50
    assert _point(gazetteer, "Russia")[1] > 60  # beyond the Urals, not at Moscow


def test_a_country_across_the_date_line_stays_on_it(gazetteer: Gazetteer) -> None:
    latitude, longitude = _point(gazetteer, "Fiji")
    assert -21 < latitude < -12 and abs(longitude) > 175


def test_a_region_lies_inside_its_land_not_at_its_largest_city(gazetteer: Gazetteer) -> None:
    texas = _point(gazetteer, "Texas")
    assert 26 < texas[0] < 36 and -106 < texas[1] < -94
    assert _km(texas, _point(gazetteer, "Houston")) > 161


def test_settled_centre_counts_each_occupied_cell_once() -> None:
    crowded_coast = [(0.1 + i / 1000, 0.1) for i in range(500)]
    assert _settled_centre([*crowded_coast, (0.5, 4.5)], 1.0) == pytest.approx((0.5, 2.5), abs=0.01)
    assert _settled_centre([], 1.0) is None


def test_unknown_names_resolve_to_nothing(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Nowhereville Junction") is None
    assert not gazetteer.knows("Milley")
    assert not gazetteer.is_country("Kyiv")


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Ukrainian", "UA"),
        ("Ukrainians", "UA"),
        ("Dutch", "NL"),
        ("American", "US"),
        ("Americans", "US"),
        ("British", "GB"),
        ("Britons", "GB"),
        ("Pole", "PL"),
        ("Poles", "PL"),
        ("Polish", "PL"),
        ("Germans", "DE"),
        ("Russians", "RU"),
        ("Swiss", "CH"),
        ("UKRAINIAN", "UA"),
        # Made by the regular rules from the country's name.
        ("Tunisian", "TN"),
        ("Zimbabweans", "ZW"),
        ("Hungarian", "HU"),
        ("Moroccan", "MA"),
        ("Iraqi", "IQ"),
        ("Sudanese", "SD"),
        ("Cameroonian", "CM"),
    ],
)
def test_demonyms_and_their_plurals_name_a_country(
    gazetteer: Gazetteer, word: str, code: str
) -> None:
    country = gazetteer.demonym_country(word)
    assert country is not None
    assert (country.country_code, country.feature) == (code, "country")


@pytest.mark.parametrize(
    # "Dominican" could be Dominica's or the Dominican Republic's; "Central" begins a name.
    "word",
    ["Ukraine", "Poland", "Kyiv", "Milley", "soldiers", "Republican", "Dominican", "Central"],
)
def test_place_names_and_other_words_are_not_demonyms(gazetteer: Gazetteer, word: str) -> None:
    assert gazetteer.demonym_country(word) is None


@pytest.mark.parametrize(
    ("name", "context", "code"),
    [
        # GeoNames has a large Paris in France and a Paris in Texas (US); a large Birmingham
        # in England and one in Alabama; a London in England and one in Ontario.
        ("Paris", frozenset(), "FR"),
        ("Paris", frozenset({"US"}), "US"),
        ("Paris", frozenset({"FR"}), "FR"),
        ("Birmingham", frozenset(), "GB"),
        ("Birmingham", frozenset({"US"}), "US"),
        ("Birmingham", frozenset({"GB", "DE"}), "GB"),
        ("London", frozenset({"CA"}), "CA"),
    ],
)
def test_context_countries_pick_the_same_name_city(
    gazetteer: Gazetteer, name: str, context: frozenset[str], code: str
) -> None:
    place = gazetteer.resolve(name, Context.of(context))
    assert place is not None
    assert (place.name, place.feature, place.country_code) == (name, "city", code)


def test_context_never_turns_a_country_into_a_city(gazetteer: Gazetteer) -> None:
    place = gazetteer.resolve("Poland", Context.of(["US"]))
    assert place is not None and place.feature == "country" and place.country_code == "PL"


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("Grafenwöhr", "grafenwohr"),
        ("GRAFENWÖHR", "grafenwohr"),
        ("  Kyiv  ", "kyiv"),
        ("São   Paulo", "sao paulo"),
        ("Zürich", "zurich"),
        ("Ukraine’s", "ukraine's"),
    ],
)
def test_normalize_is_case_accent_and_space_insensitive(variant: str, canonical: str) -> None:
    assert normalize(variant) == canonical


@pytest.mark.parametrize("variant", ["brussels", "BRUSSELS", "Brussels ", "kyiv", "GRAFENWÖHR"])
def test_lookup_is_case_and_accent_insensitive(gazetteer: Gazetteer, variant: str) -> None:
    place = gazetteer.resolve(variant)
    assert place is not None
    assert place == gazetteer.resolve(variant.strip().title())


@pytest.mark.parametrize(
    ("abbreviation", "state"),
    [
        ("Ill.", "Illinois"),
        ("W.Va.", "West Virginia"),
        ("Calif.", "California"),
        ("Mass.", "Massachusetts"),
        ("N.Y.", "New York"),
        ("D.C.", "District of Columbia"),
        ("Texas", "Texas"),
    ],
)
def test_ap_state_abbreviations_name_the_us_states(
    gazetteer: Gazetteer, abbreviation: str, state: str
) -> None:
    place = gazetteer.resolve(abbreviation)
    assert place is not None
    assert (place.name, place.feature, place.country_code) == (state, "admin1", "US")


def test_every_ap_state_abbreviation_is_known() -> None:
    assert len(US_STATE_ABBREVIATIONS) == 51  # 50 states and the District of Columbia
    assert len(set(US_STATE_ABBREVIATIONS.values())) == 51


def test_a_county_carries_its_state(gazetteer: Gazetteer) -> None:
    counties = {p.admin1 for p in gazetteer.lookup("Henderson County") if p.feature == "admin2"}
    assert {"US.TX", "US.NC", "US.KY"} <= counties


def test_the_regions_of_the_other_places_pick_the_namesake_in_them(gazetteer: Gazetteer) -> None:
    athens = gazetteer.resolve("Athens", Context.of(["US"], ["US.TX"]))
    assert athens is not None and (athens.country_code, athens.admin1) == ("US", "US.TX")


def test_a_region_of_the_articles_country_beats_a_country_it_does_not_name(
    gazetteer: Gazetteer,
) -> None:
    state = gazetteer.resolve("Georgia", Context.of(["US"]))
    assert state is not None and (state.feature, state.country_code) == ("admin1", "US")
    country = gazetteer.resolve("Georgia", Context.of(["US", "GE"]))
    assert country is not None and (country.feature, country.country_code) == ("country", "GE")
    assert gazetteer.resolve("Georgia") == country


def test_a_country_mentioned_among_others_weighs_less_than_the_articles_only_country(
    gazetteer: Gazetteer,
) -> None:
    # Paris, France, is eighty times the size of Paris, Texas: a wholly American article picks
    # it, one that names the US once among other countries does not.
    alone = gazetteer.resolve("Paris", Context.of(["US"]))
    among = gazetteer.resolve("Paris", Context.of(["US", "GB", "DE"]))
    assert alone is not None and alone.country_code == "US"
    assert among is not None and among.country_code == "FR"
