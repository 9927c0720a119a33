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


def locations(result: ArticleFacts) -> set[str]:
    return {m.text for loc in result.locations for m in loc.mentions}


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Apple introduced a new iPod on Wednesday.", "iPod"),
        ("The firm said the iPhone would cost less this year.", "iPhone"),
        ("Analysts expect iPod users to buy more songs.", "iPod"),
        ("Shoppers queued for hours to buy new iPhones in London.", "iPhones"),
    ],
)
def test_a_lowercase_initial_brand_used_as_a_noun_is_a_product(
    extractor: Extractor, text: str, product: str
) -> None:
    assert product not in organizations(facts(extractor, text))


@pytest.mark.parametrize(
    "text",
    [
        "The auction site eBay said on Monday that its profit rose.",
        "Shares of eBay fell on Tuesday.",
    ],
)
def test_a_company_with_a_lowercase_initial_name_stays_a_company(
    extractor: Extractor, text: str
) -> None:
    assert "eBay" in organizations(facts(extractor, text))


@pytest.mark.parametrize(
    "text",
    [
        "The announcement came at 16:15 UTC on Monday, the company said.",
        "The phone will cost $199 USD in the shops.",
    ],
)
def test_a_currency_or_time_zone_code_is_no_organization(extractor: Extractor, text: str) -> None:
    assert not organizations(facts(extractor, text)) & {"UTC", "USD"}


def test_a_company_after_a_year_is_kept(extractor: Extractor) -> None:
    assert "BMW" in organizations(facts(extractor, "In 2008 BMW sold more cars than Audi."))


def test_a_country_that_acts_is_an_organization_and_still_a_place(extractor: Extractor) -> None:
    result = facts(
        extractor,
        "North Korea fired artillery shells at the border on Thursday. North Korea said it "
        "would attack again.",
    )
    assert "North Korea" in organizations(result)
    assert "North Korea" in locations(result)  # still geocoded, as a place the state names
    assert all(
        m.nested for loc in result.locations for m in loc.mentions if m.text == "North Korea"
    )


def test_a_country_a_contest_is_against_is_a_team(extractor: Extractor) -> None:
    result = facts(extractor, "In the first game, Belgium faced Panama at the stadium in Sochi.")
    assert {"Belgium", "Panama"} <= set(organizations(result))
    assert "Sochi" in locations(result)


def test_a_country_described_or_visited_stays_a_place(extractor: Extractor) -> None:
    result = facts(
        extractor,
        "The talks were held in Sweden last week. Sweden is one of the coldest countries.",
    )
    assert "Sweden" not in organizations(result)
    assert "Sweden" in locations(result)


def test_a_given_name_after_a_royal_style_is_not_anothers_surname(extractor: Extractor) -> None:
    facts = extractor.extract(
        "Saddam Hussein met envoys in Baghdad. Later King Hussein flew to Washington, and "
        "Hussein said the king would return on Friday.",
        dt.date(1990, 8, 15),
    )
    roles = {p.name: p.roles for p in facts.people}
    assert roles["King Hussein"] == ["King"]
    assert roles["Saddam Hussein"] == []
