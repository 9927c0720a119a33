"""Which kind a name is, and where it starts and ends, on sentences written for each rule,
with the real model. Where the model happens to tag a sentence right, ``forced`` gives the
pipeline the wrong tags the rule is there to repair."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Span

from app.extraction import ArticleFacts, Extractor
from app.extraction.entities import DocEntities, extract_entities

PUBLISHED = dt.date(2015, 6, 1)


def facts(extractor: Extractor, text: str) -> ArticleFacts:
    return extractor.extract(text, PUBLISHED)


def forced(extractor: Extractor, text: str, tags: list[tuple[str, str]]) -> DocEntities:
    """Our entities for ``text`` when the model parses it as it does but tags exactly
    ``tags``: (words, label), each at the first occurrence of the words that no earlier tag
    holds."""
    doc = extractor.nlp.make_doc(text)
    doc._.published = PUBLISHED
    doc = extractor.nlp(doc)
    spans: list[Span] = []
    for words, label in tags:
        start = text.index(words)
        while any(s.start_char <= start < s.end_char for s in spans):
            start = text.index(words, start + 1)
        span = doc.char_span(start, start + len(words), label=label)
        assert span is not None, words
        spans.append(span)
    doc.ents = sorted(spans)
    return extract_entities(doc, extractor.gazetteer)


def people(result: ArticleFacts | DocEntities) -> list[str]:
    return [m.text for p in result.people for m in p.mentions]


def organizations(result: ArticleFacts | DocEntities) -> list[str]:
    return [m.text for o in result.organizations for m in o.mentions if not m.nested]


def locations(result: ArticleFacts | DocEntities) -> list[str]:
    return [m.text for loc in result.locations for m in loc.mentions if not m.nested]


# --- where a name starts and ends -------------------------------------------------------


def test_quotation_marks_are_not_part_of_a_name(extractor: Extractor) -> None:
    result = facts(extractor, "Analysts said ``Skyline Airways'' would add four routes next year.")
    assert organizations(result) == ["Skyline Airways"]


def test_an_apostrophe_inside_a_name_stays(extractor: Extractor) -> None:
    result = facts(extractor, "Analysts at O'Neill Partners said the deal was fair.")
    assert organizations(result) == ["O'Neill Partners"]


def test_a_legal_form_after_a_company_is_part_of_its_name(extractor: Extractor) -> None:
    result = facts(extractor, "Investors cheered after Norvik LLC posted record profits.")
    assert organizations(result) == ["Norvik LLC"]


def test_a_legal_form_makes_a_person_tagged_name_a_company(extractor: Extractor) -> None:
    text = "The shares of Halvorsen AG rose on Monday."
    result = forced(extractor, text, [("Halvorsen", "PERSON")])
    assert organizations(result) == ["Halvorsen AG"]
    assert not people(result)


def test_a_legal_form_after_a_comma_is_left_to_the_model(extractor: Extractor) -> None:
    result = facts(extractor, "Investors said Norvik, Inc. and others gained.")
    assert organizations(result) == ["Norvik, Inc."]


def test_a_possessive_ends_a_name_the_article_also_writes_alone(extractor: Extractor) -> None:
    text = "Critics liked Vela Computer's Nova OS. Vela Computer said it was pleased."
    result = forced(extractor, text, [("Vela Computer's Nova OS", "ORG"), ("Vela Computer", "ORG")])
    assert "Vela Computer" in organizations(result)
    assert not any("Nova" in name for name in organizations(result))


def test_a_possessive_stays_in_a_name_whose_owner_is_not_named_alone(
    extractor: Extractor,
) -> None:
    text = "Officials from the People's Republic of Zembla arrived on Monday."
    result = forced(extractor, text, [("People's Republic of Zembla", "ORG")])
    assert organizations(result) == ["People's Republic of Zembla"]


def test_an_office_after_an_organization_is_not_part_of_its_name(extractor: Extractor) -> None:
    result = facts(
        extractor, "Jane Morrow, the Foreign Ministry Spokesperson, declined to comment."
    )
    assert organizations(result) == ["Foreign Ministry"]
    assert people(result) == ["Jane Morrow"]


def test_an_office_that_is_the_whole_name_stays(extractor: Extractor) -> None:
    result = facts(extractor, "The Office of the President said the visit was cancelled.")
    assert organizations(result) == ["Office of the President"]


def test_an_office_before_a_full_name_is_not_part_of_it(extractor: Extractor) -> None:
    result = facts(extractor, "Spokeswoman Carla Brennan said the plant would close next year.")
    assert people(result) == ["Carla Brennan"]


def test_an_office_tagged_with_a_name_as_an_organization_leaves_a_person(
    extractor: Extractor,
) -> None:
    text = "Spokeswoman Carla Brennan said the plant would close next year."
    result = forced(extractor, text, [("Spokeswoman Carla Brennan", "ORG")])
    assert people(result) == ["Carla Brennan"]
    assert not organizations(result)


def test_a_company_named_general_keeps_its_first_word(extractor: Extractor) -> None:
    result = facts(extractor, "General Motors Corp. said it would cut jobs.")
    assert organizations(result) == ["General Motors Corp."]


def test_an_acronym_in_brackets_after_an_organization_is_that_organization(
    extractor: Extractor,
) -> None:
    text = "The Ghana Broadcasting Corporation (GBC) aired the speech. GBC said it was proud."
    result = facts(extractor, text)
    assert organizations(result) == ["Ghana Broadcasting Corporation", "GBC", "GBC"]
    (organization,) = result.organizations
    assert (organization.name, organization.aliases) == ("Ghana Broadcasting Corporation", ["GBC"])


def test_capitals_in_brackets_that_are_not_the_initials_are_no_acronym(
    extractor: Extractor,
) -> None:
    text = "The speech was aired by the Ghana Broadcasting Corporation (AP)."
    result = forced(extractor, text, [("Ghana Broadcasting Corporation", "ORG")])
    assert organizations(result) == ["Ghana Broadcasting Corporation"]


def test_air_before_a_country_names_its_airline(extractor: Extractor) -> None:
    text = "The jets will go to three airlines - Air Zembla, Norvik and Vela."
    result = forced(extractor, text, [("Zembla", "GPE")])
    assert organizations(result) == ["Air Zembla"]
    assert not locations(result)


def test_a_country_after_an_ordinary_word_stays_a_country(extractor: Extractor) -> None:
    result = facts(extractor, "Fresh air in Norway drew many tourists.")
    assert locations(result) == ["Norway"]
    assert not organizations(result)


# --- offices ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "portfolio"),
    [
        ("Defense Secretary Lloyd Austin met the troops.", "Defense"),
        ("Secretary of State Antony Blinken met the troops.", "State"),
    ],
)
def test_the_portfolio_in_an_office_is_no_organization(
    extractor: Extractor, text: str, portfolio: str
) -> None:
    person = text.split(" met")[0].split()[-2:]
    result = forced(extractor, text, [(portfolio, "ORG"), (" ".join(person), "PERSON")])
    assert not organizations(result)


@pytest.mark.parametrize(
    ("text", "organization", "person"),
    [
        ("Secretary of the Navy Carlos Del Toro met the crew.", "Navy", "Carlos Del Toro"),
        ("White House secretary Betty Currie met the crew.", "White House", "Betty Currie"),
    ],
)
def test_an_organization_named_in_full_before_an_office_stays_one(
    extractor: Extractor, text: str, organization: str, person: str
) -> None:
    result = forced(extractor, text, [(organization, "ORG"), (person, "PERSON")])
    assert organizations(result) == [organization]


# --- names the model missed -------------------------------------------------------------


def test_a_name_coordinated_with_organizations_is_one(extractor: Extractor) -> None:
    text = "The outage hit Norvane and Keltmar on Monday."
    result = forced(extractor, text, [("Norvane", "ORG")])
    assert organizations(result) == ["Norvane", "Keltmar"]


def test_a_name_coordinated_with_a_person_is_no_organization(extractor: Extractor) -> None:
    text = "The outage hit Norvane, Paul Harkin and Keltmar on Monday."
    result = forced(extractor, text, [("Norvane", "ORG"), ("Paul Harkin", "PERSON")])
    assert organizations(result) == ["Norvane"]


def test_an_untagged_facility_is_a_place(extractor: Extractor) -> None:
    text = "The jet was rolled out at their Halvik Factory near the coast."
    result = forced(extractor, text, [])
    assert locations(result) == ["Halvik Factory"]


@pytest.mark.parametrize("name", ["AT&T", "S&P"])
def test_a_full_stop_after_an_ampersand_name_is_no_part_of_it(
    extractor: Extractor, name: str
) -> None:
    doc = extractor.nlp.make_doc(f"The deal was announced by {name}. Shares rose.")
    assert [t.text for t in doc][-5:-3] == [name, "."]


# --- words that are no names ------------------------------------------------------------


def test_a_word_without_a_capital_letter_is_no_name(extractor: Extractor) -> None:
    result = facts(extractor, "Workers get a bonus of $30,000 with healthcare and $45,000 without.")
    assert not organizations(result)


def test_a_brand_with_an_inner_capital_is_a_name(extractor: Extractor) -> None:
    assert organizations(facts(extractor, "eBay said profits rose.")) == ["eBay"]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Pilgrims travel to Mecca, Islam's holiest site.", "Islam"),
        ("She said the attack was driven by Islamophobia.", "Islamophobia"),
        ("The president wrote on his @POTUS account on Monday.", "@POTUS"),
    ],
)
def test_a_faith_an_ideology_or_a_handle_is_no_name(
    extractor: Extractor, text: str, word: str
) -> None:
    result = forced(extractor, text, [(word, "ORG")])
    assert word not in organizations(result) + people(result) + locations(result)


def test_a_currency_code_after_an_amount_is_no_organization(extractor: Extractor) -> None:
    result = facts(extractor, "The tablet will cost $199 and $249 USD respectively.")
    assert not organizations(result)


def test_a_unit_written_against_a_number_is_no_name(extractor: Extractor) -> None:
    text = "The new player comes in a 30GB edition."
    assert not organizations(forced(extractor, text, [("GB", "ORG")]))


def test_capitals_after_a_year_are_a_company(extractor: Extractor) -> None:
    assert organizations(facts(extractor, "In 2010 IBM said it would hire.")) == ["IBM"]


def test_an_event_is_neither_an_organization_nor_a_place_but_its_town_is_a_place(
    extractor: Extractor,
) -> None:
    result = facts(extractor, "Thousands attended the Bristol Gaming Convention in May.")
    assert not organizations(result)
    assert locations(result) == ["Bristol"]


def test_the_organizer_an_event_is_named_after_is_an_organization(extractor: Extractor) -> None:
    text = "Zentek said on Monday it would open the Zentek Developers Summit in Oslo."
    result = facts(extractor, text)
    assert organizations(result) == ["Zentek", "Zentek"]


def test_a_venue_named_after_an_event_is_a_place(extractor: Extractor) -> None:
    result = facts(extractor, "The Toronto Convention Centre was closed for repairs.")
    assert locations(result) == ["Toronto Convention Centre"]


def test_a_factory_is_a_place(extractor: Extractor) -> None:
    result = facts(extractor, "Workers at the Linwood Factory went on strike.")
    assert locations(result) == ["Linwood Factory"]
    assert not organizations(result)


# --- organizations the model took for people --------------------------------------------


def test_a_name_after_an_organization_noun_is_an_organization(extractor: Extractor) -> None:
    result = facts(extractor, "The German magazine Der Beobachter cited confidential documents.")
    assert organizations(result) == ["Der Beobachter"]
    assert not people(result)


def test_a_name_after_a_possessive_noun_of_company_stays_a_person(extractor: Extractor) -> None:
    text = "Despite warnings from her friends that he only wanted her company Sally married him."
    assert people(facts(extractor, text)) == ["Sally"]


def test_an_untagged_name_in_apposition_to_an_organization_noun_is_one_everywhere(
    extractor: Extractor,
) -> None:
    text = (
        "Norvane said it would cut 900 jobs at its European division, Keltmar. "
        "Costs at Keltmar rose by a third."
    )
    result = forced(extractor, text, [("Norvane", "ORG")])
    assert organizations(result) == ["Norvane", "Keltmar", "Keltmar"]


def test_an_untagged_office_after_an_organization_noun_is_no_organization(
    extractor: Extractor,
) -> None:
    text = "During the event, company CEO Martha Quill answered questions."
    result = forced(extractor, text, [("Martha Quill", "PERSON")])
    assert not organizations(result)
    assert people(result) == ["Martha Quill"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Members of the Harrow Circle live a strict life.", "Harrow Circle"),
        ("Lam Kwok-fai of HKPD was re-elected on Sunday.", "HKPD"),
    ],
)
def test_a_name_with_members_or_an_acronym_a_person_is_of_is_an_organization(
    extractor: Extractor, text: str, name: str
) -> None:
    person = [("Lam Kwok-fai", "PERSON")] if "Lam" in text else []
    result = forced(extractor, text, [*person, (name, "GPE")])
    assert organizations(result) == [name]
    assert not locations(result)


def test_a_place_a_person_is_of_stays_a_place(extractor: Extractor) -> None:
    text = "Jane Morrow of Texas was re-elected on Sunday."
    result = forced(extractor, text, [("Jane Morrow", "PERSON"), ("Texas", "GPE")])
    assert locations(result) == ["Texas"]


def test_a_name_before_a_noun_only_companies_have_is_a_company(extractor: Extractor) -> None:
    text = "Skyjet CEO, Paul Harkin, defended the deal. Skyjet is the largest carrier."
    result = forced(extractor, text, [("Skyjet", "PERSON"), ("Paul Harkin", "PERSON")])
    assert organizations(result) == ["Skyjet", "Skyjet"]  # the second one untagged
    assert people(result) == ["Paul Harkin"]


def test_a_name_before_an_office_anyone_may_have_stays_a_person(extractor: Extractor) -> None:
    text = "Obama spokesman Josh Earnest said the plan would pass. Obama agreed."
    tags = [("Obama", "PERSON"), ("Josh Earnest", "PERSON"), ("Obama", "PERSON")]
    result = forced(extractor, text, tags)
    assert "Obama" in people(result)
    assert not organizations(result)


def test_a_company_named_after_its_founder_is_a_company(extractor: Extractor) -> None:
    text = (
        "Sales at Ferris Motor Company rose. Ferris said its profits doubled. "
        "Ferris's chief executive, Tom Ferris Jr., welcomed the results."
    )
    result = facts(extractor, text)
    assert organizations(result) == ["Ferris Motor Company", "Ferris", "Ferris"]
    assert people(result) == ["Tom Ferris Jr."]


def test_a_surname_the_model_tags_a_person_stays_a_person_beside_its_company(
    extractor: Extractor,
) -> None:
    text = (
        "The Trump Organization owns the tower. Donald Trump said the sale was fair. "
        "Trump told reporters he was pleased."
    )
    result = facts(extractor, text)
    assert people(result) == ["Donald Trump", "Trump"]
    assert organizations(result) == ["Trump Organization"]


def test_a_name_a_longer_organization_begins_with_is_that_organization(
    extractor: Extractor,
) -> None:
    text = "The Kestrel Foundation gave the school a grant, Kestrel said."
    result = facts(extractor, text)
    assert organizations(result) == ["Kestrel Foundation", "Kestrel"]
    assert not people(result)


def test_a_name_ending_in_an_organization_word_is_an_organization(extractor: Extractor) -> None:
    result = facts(extractor, "The first plane was built by Douglas Aircraft in 1935.")
    assert organizations(result) == ["Douglas Aircraft"]
    assert not people(result)


def test_a_place_ending_in_an_organization_word_stays_a_place(extractor: Extractor) -> None:
    result = facts(extractor, "Troops entered the West Bank on Friday.")
    assert locations(result) == ["West Bank"]


def test_a_plural_name_after_the_is_a_band_or_a_team(extractor: Extractor) -> None:
    result = facts(extractor, "The fans cheered for the Kinks, and the band played on.")
    assert organizations(result) == ["Kinks"]
    assert not people(result)


def test_a_family_named_after_a_person_in_the_article_stays_people(
    extractor: Extractor,
) -> None:
    result = facts(extractor, "The Kennedys gathered at the home of John Kennedy.")
    assert "Kennedys" in people(result)
    assert not organizations(result)


def test_an_acronym_the_model_tags_an_organization_is_no_surname(extractor: Extractor) -> None:
    text = "Pro-reform ZDP's Alan Ma lost. Gary Lam of ZDP won, and ZDP gained a seat."
    tags = [("Pro-reform ZDP", "PERSON"), ("Alan Ma", "PERSON"), ("Gary Lam", "PERSON")]
    result = forced(extractor, text, [*tags, ("ZDP", "ORG"), ("ZDP", "ORG")])
    assert organizations(result).count("ZDP") == 2
    assert "ZDP" not in people(result)


# --- people the model took for places ---------------------------------------------------


def test_a_town_that_is_a_persons_surname_is_the_person_when_it_speaks(
    extractor: Extractor,
) -> None:
    text = "Mark Houston became chief executive in May. Houston said the company would cut costs."
    assert people(facts(extractor, text)) == ["Mark Houston", "Houston"]


def test_a_country_that_is_a_persons_surname_stays_a_country(extractor: Extractor) -> None:
    text = "Egypt said on Monday that the talks had failed, according to Omar Egypt."
    result = facts(extractor, text)
    assert people(result) == ["Omar Egypt"]
    assert "Egypt" in locations(result) + organizations(result)


@pytest.mark.parametrize("met", ["will meet Bush", "will confer with Bush"])
def test_a_one_word_person_who_meets_someone_is_a_person_though_a_city_is_named_so(
    extractor: Extractor, met: str
) -> None:
    # Egypt's Būsh has 136,000 people; the model tags Bush a person, and places meet no one.
    text = f"The king carried a letter to Bush. The king {met} on Thursday in Geneva."
    tags = [("Bush", "PERSON"), ("Bush", "PERSON"), ("Geneva", "GPE")]
    result = forced(extractor, text, tags)
    assert people(result) == ["Bush", "Bush"]
    assert locations(result) == ["Geneva"]


def test_a_name_in_apposition_to_a_relative_is_a_person_everywhere(extractor: Extractor) -> None:
    text = (
        "The couple were convicted over the death of their daughter, Gloria. "
        "Gloria developed eczema at four months."
    )
    result = forced(extractor, text, [("Gloria", "GPE"), ("Gloria", "ORG")])
    assert people(result) == ["Gloria", "Gloria"]
    assert not locations(result) + organizations(result)


def test_a_one_word_person_tag_on_a_large_city_that_meets_no_one_stays_a_city(
    extractor: Extractor,
) -> None:
    text = "Thousands of farmers marched through Bush on Thursday."
    result = forced(extractor, text, [("Bush", "PERSON")])
    assert not people(result)
    assert locations(result) == ["Bush"]


# --- products ---------------------------------------------------------------------------


def test_a_name_after_a_product_noun_is_a_product(extractor: Extractor) -> None:
    result = facts(extractor, "Users can try the web browser Falcon and the e-mail client Swift.")
    assert not organizations(result)


def test_a_name_after_a_noun_for_a_person_stays_a_person(extractor: Extractor) -> None:
    result = facts(extractor, "He played tennis with tennis player Stephen Shaw in 1986.")
    assert people(result) == ["Stephen Shaw"]


def test_a_name_with_a_product_noun_in_apposition_is_a_product(extractor: Extractor) -> None:
    text = "The software giant released Orca, the newest version of its operating system."
    assert not organizations(facts(extractor, text))


def test_a_person_with_a_successor_in_apposition_stays_a_person(extractor: Extractor) -> None:
    result = facts(
        extractor, "Bill Carter, the successor of Tom Hale, was fired after four seasons."
    )
    assert people(result) == ["Bill Carter", "Tom Hale"]


def test_a_product_line_is_no_organization(extractor: Extractor) -> None:
    text = "Vela will sell new Nimbus laptops next month. The Nimbus will cost $999."
    assert "Nimbus" not in organizations(facts(extractor, text))


def test_a_company_before_its_products_stays_a_company(extractor: Extractor) -> None:
    text = (
        "Buyers turned to manufacturers such as Airbus. Airbus said it would deliver Airbus jets."
    )
    assert organizations(facts(extractor, text)) == ["Airbus", "Airbus", "Airbus"]


def test_a_person_before_a_work_stays_a_person(extractor: Extractor) -> None:
    assert people(facts(extractor, "The singer released a Bob Dylan song on Friday.")) == [
        "Bob Dylan"
    ]


def test_a_makers_model_and_the_models_beside_it_are_products(extractor: Extractor) -> None:
    text = "Kestrel will drop the Kestrel Meridian, Roamer, and Sedona from production."
    result = facts(extractor, text)
    assert organizations(result) == ["Kestrel"]
    assert not people(result)


def test_companies_coordinated_with_each_other_stay_companies(extractor: Extractor) -> None:
    text = "Kestrel Motors and Vela Motors said they would merge."
    assert organizations(facts(extractor, text)) == ["Kestrel Motors", "Vela Motors"]


@pytest.mark.parametrize(
    "text",
    [
        "The contract was fought for between Boeing and Halden Marwick.",
        "Boeing held pages of documents from Halden Marwick, Boeing's rival in the contest.",
    ],
)
def test_a_word_tagged_a_product_that_ends_a_companys_name_is_part_of_it(
    extractor: Extractor, text: str
) -> None:
    tags = [("Boeing", "ORG"), ("Halden", "ORG"), ("Marwick", "PRODUCT")]
    assert "Halden Marwick" in organizations(forced(extractor, text, tags))


def test_a_makers_model_tagged_a_product_stays_apart_from_the_maker(
    extractor: Extractor,
) -> None:
    text = "They replace the existing Halden Marwick and Vickers aircraft."
    tags = [("Halden", "ORG"), ("Marwick", "PRODUCT"), ("Vickers", "ORG")]
    assert "Halden Marwick" not in organizations(forced(extractor, text, tags))


@pytest.mark.parametrize(
    ("text", "tags", "expected"),
    [
        ("It runs twice as fast on the SkyBook.", [("SkyBook", "ORG")], []),
        ("Kestrel's SkyBook sold well.", [("Kestrel", "ORG"), ("SkyBook", "ORG")], ["Kestrel"]),
        ("SkyBook said profits rose.", [("SkyBook", "ORG")], ["SkyBook"]),
        (
            "The DeKalb County Commission met.",
            [("DeKalb County Commission", "ORG")],
            ["DeKalb County Commission"],
        ),
    ],
)
def test_a_capitalized_brand_after_an_article_or_an_owner_is_a_product(
    extractor: Extractor, text: str, tags: list[tuple[str, str]], expected: list[str]
) -> None:
    assert organizations(forced(extractor, text, tags)) == expected


def test_a_lowercase_brand_the_model_left_out_makes_the_name_a_product(
    extractor: Extractor,
) -> None:
    text = "Apple Corps claims that Vela's iStream Music Store violates the agreement."
    result = forced(extractor, text, [("Vela", "ORG"), ("Music Store", "PERSON")])
    assert organizations(result) == ["Vela"]
    assert not people(result)


def test_two_words_glued_by_a_typo_are_no_brand(extractor: Extractor) -> None:
    text = "Elliot Ferguson photoJim Harrison of the chamber said the budget was fair."
    tags = [("Elliot Ferguson", "PERSON"), ("Harrison", "PERSON")]
    assert "Harrison" in people(forced(extractor, text, tags))


def test_a_company_owning_a_product_beside_another_product_stays_a_company(
    extractor: Extractor,
) -> None:
    text = "It competes with rivals like Vela's SkyBerry and Kestrel's Windows Mobile."
    tags = [("Vela", "ORG"), ("SkyBerry", "ORG"), ("Kestrel", "ORG")]
    assert organizations(forced(extractor, text, tags)) == ["Vela", "Kestrel"]


def test_a_plural_model_number_names_a_product(extractor: Extractor) -> None:
    assert organizations(facts(extractor, "Norvik ordered six Boeing 747s on Monday.")) == [
        "Norvik"
    ]


def test_a_code_the_model_takes_for_a_place_is_a_product(extractor: Extractor) -> None:
    text = "Web developers face big problems with IE6 along the M25 corridor."
    result = forced(extractor, text, [("IE6", "GPE"), ("M25", "FAC")])
    assert locations(result) == ["M25"]


def test_a_decade_is_no_model_number(extractor: Extractor) -> None:
    assert organizations(facts(extractor, "In the 1990s Boeing grew quickly.")) == ["Boeing"]


@pytest.mark.parametrize(
    "text", ["The new iPod comes in two colours.", "Apple said the new iPod sold well."]
)
def test_a_brand_after_an_article_and_an_adjective_is_a_product(
    extractor: Extractor, text: str
) -> None:
    assert "iPod" not in organizations(facts(extractor, text))


def test_one_word_tagged_a_person_after_an_article_is_no_person(extractor: Extractor) -> None:
    text = "The new notebook replaces the Veltro, which sold poorly. Marcus Veil designed it."
    result = forced(extractor, text, [("Veltro", "PERSON"), ("Marcus Veil", "PERSON")])
    assert people(result) == ["Marcus Veil"]


def test_one_word_tagged_a_person_without_an_article_stays_a_person(extractor: Extractor) -> None:
    text = "The new notebook replaces one that Veltro designed. Veltro said it sold poorly."
    result = forced(extractor, text, [("Veltro", "PERSON"), ("Veltro", "PERSON")])
    assert people(result) == ["Veltro", "Veltro"]


@pytest.mark.parametrize(
    ("text", "index"),
    [
        (
            "The Dow Jones Industrial Average lost 3 percent on Monday.",
            "Dow Jones Industrial Average",
        ),
        ("In Hong Kong the Hang Seng index dropped 2 percent.", "Hang Seng"),
        ("In Paris the CAC 40 fell 2.8 percent.", "CAC"),
        ("Stocks slid and the Dow fell 300 points on Monday.", "Dow"),
        ("Markets opened lower, with Frankfurt's Xetra Dax down 1.5 percent.", "Xetra Dax"),
    ],
)
def test_a_stock_market_index_is_no_organization(
    extractor: Extractor, text: str, index: str
) -> None:
    result = forced(extractor, text, [(index, "ORG")])
    assert not organizations(result)


@pytest.mark.parametrize(
    ("text", "organization"),
    [
        ("Nasdaq said it would buy the Stockholm exchange.", "Nasdaq"),
        (
            "Shares of Vela rose in New York Stock Exchange composite trading.",
            "New York Stock Exchange",
        ),
    ],
)
def test_an_exchange_is_an_organization_even_beside_index_words(
    extractor: Extractor, text: str, organization: str
) -> None:
    assert organizations(forced(extractor, text, [(organization, "ORG")])) == [organization]


# --- a one-word name the model tags an organization that acts as a person ---------------


@pytest.mark.parametrize(
    "text",
    [
        "Halloran insisted that he would win the primary.",
        "Halloran's wife spoke to the crowd on Monday.",
        "In his television interview, Halloran dismissed the claims.",
        "Halloran, the senator from Vermont, spoke on Monday.",
        "Investigators expect to interview Halloran again next week.",
        "Critics of the Halloran administration said the plan would fail.",
    ],
)
def test_one_word_tagged_an_organization_that_acts_as_a_person_is_one(
    extractor: Extractor, text: str
) -> None:
    result = forced(extractor, text, [("Halloran", "ORG")])
    assert people(result) == ["Halloran"]
    assert not organizations(result)


@pytest.mark.parametrize(
    "text",
    [
        "Halloran said that it would cut 300 jobs.",
        "Halloran's shareholders met on Monday.",
        "In its annual report, Halloran said sales fell.",
    ],
)
def test_one_word_tagged_an_organization_that_acts_as_one_stays_one(
    extractor: Extractor, text: str
) -> None:
    result = forced(extractor, text, [("Halloran", "ORG")])
    assert organizations(result) == ["Halloran"]
    assert not people(result)


@pytest.mark.parametrize(
    "sentence",
    [
        "Houston was born in Zurich in 1978.",
        "Houston, who had chaired the board, resigned.",
        "Houston, a retired teacher, wrote the letter.",
        "Houston's father ran a bakery.",
        "Houston claims she was never paid.",
    ],
)
def test_a_city_name_that_only_a_person_fits_is_a_person_everywhere(
    extractor: Extractor, sentence: str
) -> None:
    # Houston is a city of two million, and the model tags every mention a place.
    text = f"{sentence} Reporters reached Houston at home on Friday."
    result = forced(extractor, text, [("Houston", "GPE"), ("Houston", "GPE")])
    assert people(result) == ["Houston", "Houston"]
    assert not locations(result) + organizations(result)


@pytest.mark.parametrize(
    "text",
    [
        "Gregory Crolley, 42, of Houston, who was shot twice, was jailed.",
        "Poland forever returns where she has always belonged, the minister said.",
        '"She had left the team," Houston said on Monday.',
    ],
)
def test_a_place_beside_words_about_a_person_stays_a_place(extractor: Extractor, text: str) -> None:
    place = "Poland" if "Poland" in text else "Houston"
    tags = [("Gregory Crolley", "PERSON")] if "Crolley" in text else []
    result = forced(extractor, text, [*tags, (place, "GPE")])
    assert place not in people(result)


def test_a_brand_described_with_who_stays_a_company(extractor: Extractor) -> None:
    text = "The jets will be owned by SkyTanker, who retains the leasing rights."
    result = forced(extractor, text, [("SkyTanker", "ORG")])
    assert organizations(result) == ["SkyTanker"]
    assert not people(result)


def test_a_subject_that_his_refers_back_to_is_a_person_everywhere(extractor: Extractor) -> None:
    text = "Halloran posted the files to his blog on Monday. Critics said Halloran lied."
    result = forced(extractor, text, [("Halloran", "ORG"), ("Halloran", "ORG")])
    assert people(result) == ["Halloran", "Halloran"]
    assert not organizations(result)


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("Velmora gave money to the Kessler Foundation and to her campaign.", "Velmora", "ORG"),
        ("Velmora is his employer and pays him well.", "Velmora", "ORG"),
        ("He has seen his new Velmora attacked outside his home.", "Velmora", "ORG"),
        ("The MoD said that during his service Sgt. Tonroe deployed twice.", "MoD", "ORG"),
    ],
)
def test_his_that_names_someone_else_makes_no_person(
    extractor: Extractor, text: str, name: str, label: str
) -> None:
    assert name not in people(forced(extractor, text, [(name, label)]))


def test_a_first_name_tagged_apart_joins_the_surname(extractor: Extractor) -> None:
    text = "Valeska Paris, an Australian woman, said she was held aboard the ship."
    result = forced(extractor, text, [("Valeska", "GPE"), ("Paris", "GPE")])
    assert people(result) == ["Valeska Paris"]
    assert not locations(result)


@pytest.mark.parametrize(
    ("text", "tags", "person"),
    [
        (
            "The bill angered House Speaker Paul Ryan on Monday.",
            [("House", "ORG"), ("Speaker Paul Ryan", "PERSON")],
            "Paul Ryan",
        ),
        (
            "Among them was Litchfield Selectman Marsha Bernstein.",
            [("Litchfield", "GPE"), ("Selectman Marsha Bernstein", "PERSON")],
            "Marsha Bernstein",
        ),
        (
            "He tried to hit Trooper Drew Ledbetter with the car.",
            [("Trooper", "ORG"), ("Drew Ledbetter", "PERSON")],
            "Drew Ledbetter",
        ),
    ],
)
def test_an_organization_or_a_place_before_a_name_is_no_first_name(
    extractor: Extractor, text: str, tags: list[tuple[str, str]], person: str
) -> None:
    (mention,) = people(forced(extractor, text, tags))
    assert mention.endswith(person)
    assert not mention.startswith(tags[0][0])


def test_a_name_joined_by_a_dash_to_a_person_is_a_person_everywhere(
    extractor: Extractor,
) -> None:
    text = (
        "Cuban has sparred with Halloran this year. "
        "Crowds gathered to watch the first Kessler - Halloran debate on Monday."
    )
    result = forced(extractor, text, [("Halloran", "ORG"), ("Kessler", "PERSON")])
    assert sorted(people(result)) == ["Halloran", "Halloran", "Kessler"]
    assert not organizations(result)


def test_a_party_initial_joined_by_a_dash_is_no_partner(extractor: Extractor) -> None:
    text = "The bill's sponsor, Brent Boggs, D-Braxton, spoke first."
    result = forced(extractor, text, [("Brent Boggs", "PERSON")])
    assert people(result) == ["Brent Boggs"]


def test_a_demonym_that_is_someones_surname_is_that_person(extractor: Extractor) -> None:
    text = (
        "She brought Mark Cuban, the team's owner. Cuban said he would not apologize. "
        "A Cuban said the Cuban embassy was closed."
    )
    result = facts(extractor, text)
    assert people(result) == ["Mark Cuban", "Cuban"]
    cuba = next(loc for loc in result.locations if loc.country_code == "CU")
    assert [m.text for m in cuba.mentions] == ["Cuban", "Cuban"]


def test_a_name_with_officials_that_is_no_known_place_is_an_organization(
    extractor: Extractor,
) -> None:
    text = "Velmora officials said the church would appeal. Velmora lawyers agreed."
    result = forced(extractor, text, [("Velmora", "GPE"), ("Velmora", "GPE")])
    assert organizations(result) == ["Velmora", "Velmora"]
    assert not locations(result)


def test_a_share_class_is_no_organization(extractor: Extractor) -> None:
    text = "Magna cut its dividend and the company's Class A shares fell."
    assert "Class A" not in organizations(forced(extractor, text, [("Magna", "ORG")]))


def test_untagged_mentions_of_a_name_shown_to_be_an_organization_are_it(
    extractor: Extractor,
) -> None:
    text = "Veltrand officials declined to comment. He had been a member of Veltrand for years."
    result = forced(extractor, text, [("Veltrand", "ORG")])
    assert organizations(result) == ["Veltrand", "Veltrand"]


def test_a_known_place_with_officials_stays_a_place(extractor: Extractor) -> None:
    text = "Hopkinton officials said the road would reopen."
    result = forced(extractor, text, [("Hopkinton", "GPE")])
    assert locations(result) == ["Hopkinton"]
    assert not organizations(result)


def test_a_caption_label_is_no_part_of_a_name(extractor: Extractor) -> None:
    text = "Fans queued outside the hall on Friday. Image: Nick Moreau. The doors opened at noon."
    result = forced(extractor, text, [("Image", "PERSON"), ("Nick Moreau", "PERSON")])
    assert people(result) == ["Nick Moreau"]
    text = "US President Barack Obama wrote to student Ahmed Kamal Image: Twitter."
    result = forced(extractor, text, [("Barack Obama", "PERSON"), ("Ahmed Kamal Image", "PERSON")])
    assert people(result) == ["Barack Obama", "Ahmed Kamal"]


def test_a_label_word_without_a_colon_stays_in_a_name(extractor: Extractor) -> None:
    text = "Image Comics said on Monday that sales rose."
    result = forced(extractor, text, [("Image Comics", "ORG")])
    assert organizations(result) == ["Image Comics"]
