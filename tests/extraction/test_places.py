"""Place detection rules, each on sentences of our own with the real spaCy pipeline, and the
cases each rule must leave alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from app.extraction import ArticleFacts, Extractor

PUBLISHED = dt.date(2023, 1, 18)
Extract = Callable[[str], ArticleFacts]


@pytest.fixture(scope="module")
def extract(extractor: Extractor) -> Extract:
    return lambda text: extractor.extract(text, PUBLISHED)


def places(facts: ArticleFacts) -> dict[str, str | None]:
    return {location.name: location.country_code for location in facts.locations}


def test_a_dateline_opens_with_its_place(extract: Extract) -> None:
    facts = extract("TOLEDO -- Crews repaired a water main that broke overnight, officials said.")
    assert places(facts) == {"TOLEDO": "US"}


def test_a_capitalized_word_before_a_dash_that_is_no_place_is_no_dateline(
    extract: Extract,
) -> None:
    assert places(extract("NOTICE -- The library will close early on Friday for inventory.")) == {}


@pytest.mark.parametrize(
    ("text", "organization", "place", "code"),
    [
        (
            "The Texas Department of Transportation closed two lanes for repairs.",
            "Texas Department of Transportation",
            "Texas",
            "US",
        ),
        (
            "She studied economics at the University of Cincinnati before moving away.",
            "University of Cincinnati",
            "Cincinnati",
            "US",
        ),
    ],
)
def test_an_organization_named_after_a_place_mentions_it(
    extract: Extract, text: str, organization: str, place: str, code: str
) -> None:
    facts = extract(text)
    assert [o.name for o in facts.organizations] == [organization]
    assert places(facts) == {place: code}


def test_an_organization_named_with_a_demonym_mentions_the_country_as_a_demonym(
    extract: Extract,
) -> None:
    facts = extract("Workers from British Waterways cleared the canal on Monday.")
    (country,) = facts.locations
    assert country.country_code == "GB"
    assert [m.demonym for m in country.mentions] == [True]


@pytest.mark.parametrize(
    "text",
    [
        "Analysts at Morgan Stanley expect rates to fall.",  # Morgan is only small towns
        "The Central State Hospital board met on Monday.",  # a direction, not a region
    ],
)
def test_an_organization_named_after_a_person_or_a_direction_names_no_place(
    extract: Extract, text: str
) -> None:
    assert places(extract(text)) == {}


def test_a_regular_demonym_names_its_country(extract: Extract) -> None:
    facts = extract("Tunisian officials said the ferry would resume service next week.")
    (country,) = facts.locations
    assert country.country_code == "TN"
    assert [m.demonym for m in country.mentions] == [True]


def test_a_party_adjective_is_no_demonym(extract: Extract) -> None:
    assert places(extract("The Republican senator voted against the bill.")) == {}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("A Gainesville man was arrested after a short chase on Monday.", "Gainesville"),
        ("Mayor Lisa Grant of Dayton said the plan would save money.", "Dayton"),
        ("Police searched homes in Indianapolis and Evansville on Monday.", "Evansville"),
    ],
)
def test_a_town_the_model_calls_an_organization_is_a_place_where_only_a_place_fits(
    extract: Extract, text: str, place: str
) -> None:
    facts = extract(text)
    assert places(facts)[place] == "US"
    assert place not in {o.name for o in facts.organizations}


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Officers closed Marystown Road after the crash.", "Marystown Road"),
        ("The crash happened on Bearkat Boulevard late Sunday.", "Bearkat Boulevard"),
    ],
)
def test_a_street_is_a_place_never_a_person_or_organization(
    extract: Extract, text: str, street: str
) -> None:
    facts = extract(text)
    assert street in places(facts)
    assert not facts.people and not facts.organizations


def test_a_surname_that_is_also_a_landform_stays_a_person(extract: Extract) -> None:
    facts = extract("Anita Hill testified before the committee in 1991.")
    assert [p.name for p in facts.people] == ["Anita Hill"]
    assert places(facts) == {}
