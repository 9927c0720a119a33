"""People and organizations on sentences written for each rule, with the real model."""

from __future__ import annotations

import datetime as dt

import pytest

from app.extraction import ArticleFacts, Extractor

PUBLISHED = dt.date(2015, 6, 1)


def facts(extractor: Extractor, text: str) -> ArticleFacts:
    return extractor.extract(text, PUBLISHED)


def organizations(result: ArticleFacts) -> set[str]:
    return {m.text for o in result.organizations for m in o.mentions}


def people(result: ArticleFacts) -> set[str]:
    return {p.name for p in result.people}


@pytest.mark.parametrize(
    "text",
    [
        "The airline ordered twelve Airbus A330 jets last year.",
        "Two Boeing 787 planes were delivered on Monday.",
        "The Rolls-Royce Trent 900 engines were inspected.",
    ],
)
def test_a_maker_named_with_a_model_is_a_product_not_an_organization(
    extractor: Extractor, text: str
) -> None:
    assert not organizations(facts(extractor, text)) & {"Airbus", "Boeing", "Rolls-Royce Trent 900"}


def test_a_maker_on_its_own_stays_an_organization(extractor: Extractor) -> None:
    result = facts(extractor, "Boeing said on Tuesday that Airbus had lost the contract.")
    assert {"Boeing", "Airbus"} <= organizations(result)


def test_a_year_after_a_company_is_no_model(extractor: Extractor) -> None:
    assert "Ford" in organizations(facts(extractor, "Ford said 2008 was a hard year."))


def test_a_flight_number_is_cut_off_the_airline(extractor: Extractor) -> None:
    result = facts(
        extractor, "Investigators searched for the black boxes of Air France Flight 447."
    )
    assert "Air France" in organizations(result)
    assert not any("Flight" in name for name in organizations(result))


def test_a_first_name_the_model_left_out_is_taken_back(extractor: Extractor) -> None:
    result = facts(extractor, "The show had portraits of singer-songwriter Carly Simon.")
    assert "Carly Simon" in people(result)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("He met U.S. President Barack Obama at the White House.", "Barack Obama"),
        ("The court heard Judge Martin Mann on the case.", "Martin Mann"),
    ],
)
def test_an_office_before_a_name_is_not_taken_as_a_first_name(
    extractor: Extractor, text: str, name: str
) -> None:
    found = people(facts(extractor, text))
    assert name in found
    assert not any(p.split()[0] in {"President", "Judge"} for p in found)


def test_an_unpunctuated_honorific_is_a_title(extractor: Extractor) -> None:
    result = facts(extractor, "Mr Howard said the talks had failed. Howard left on Friday.")
    names = {p.name for p in result.people}
    assert "Howard" in names
    assert not any(name.startswith("Mr") for name in names)
