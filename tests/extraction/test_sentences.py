"""Sentence-level rules of the extractor, each shown on a short text of our own.

Everything runs through the real spaCy pipeline (the session ``extractor`` fixture) with the
publication date Wednesday 2023-01-18.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from app.extraction import ArticleFacts, Extractor
from app.extraction.facts import DateRange, Location, Meeting, Person

PUBLISHED = dt.date(2023, 1, 18)  # a Wednesday


def day(month: int, day_of_month: int, year: int = 2023) -> DateRange:
    return DateRange(dt.date(year, month, day_of_month), dt.date(year, month, day_of_month))


def person(facts: ArticleFacts, name: str) -> Person:
    found = [p for p in facts.people if p.name == name]
    assert len(found) == 1, f"no single person {name!r} in {[p.name for p in facts.people]}"
    return found[0]


def location(facts: ArticleFacts, name: str) -> Location:
    found = [loc for loc in facts.locations if loc.name == name]
    assert len(found) == 1, f"no single place {name!r} in {[loc.name for loc in facts.locations]}"
    return found[0]


def only_meeting(facts: ArticleFacts) -> Meeting:
    assert len(facts.meetings) == 1, facts.meetings
    return facts.meetings[0]


Extract = Callable[..., ArticleFacts]


@pytest.fixture(scope="module")
def extract(extractor: Extractor) -> Extract:
    def run(text: str, published: dt.date = PUBLISHED) -> ArticleFacts:
        return extractor.extract(text, published)

    return run


# --- Names and titles -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("Lt. Gen. Ben Hodges spoke to reporters in Warsaw on Friday.", "Ben Hodges", "Lt. Gen."),
        (
            "Sgt. Maj. Laura Evans and Capt. Omar Reyes arrived at the airfield.",
            "Laura Evans",
            "Sgt. Maj.",
        ),
        (
            "Sgt. Maj. Laura Evans and Capt. Omar Reyes arrived at the airfield.",
            "Omar Reyes",
            "Capt.",
        ),
        (
            "Col. Anna Berg met with Maj. Gen. Piotr Nowak in Lublin on Friday.",
            "Piotr Nowak",
            "Maj. Gen.",
        ),
        ("Dr. Helen Park arrived later.", "Helen Park", "Dr."),
        ("Mr. John Smith met Ms. Jane Doe in Oslo on Monday.", "Jane Doe", "Ms."),
    ],
)
def test_rank_is_split_from_the_name(extract: Extract, text: str, name: str, title: str) -> None:
    facts = extract(text)
    hero = person(facts, name)
    assert hero.titles == [title]
    assert f"{title} {name}" in hero.aliases
    assert not any(p.name.startswith(title) for p in facts.people)


def test_abbreviation_periods_do_not_end_sentences(extract: Extract) -> None:
    facts = extract(
        "Brig. Gen. Joseph Hilbert and Lt. Col. Sarah Moore briefed the delegation at the "
        "range on Monday. The U.S. Army's Lt. Gen. John Kolasheski met Col. Anna Berg at "
        "Camp Kosciuszko in Poznan on Monday. Dr. Helen Park arrived later."
    )
    assert len(facts.sentences) == 3
    assert {p.name for p in facts.people} == {
        "Joseph Hilbert",
        "Sarah Moore",
        "John Kolasheski",
        "Anna Berg",
        "Helen Park",
    }
    assert person(facts, "Joseph Hilbert").titles == ["Brig. Gen."]
    assert person(facts, "Sarah Moore").titles == ["Lt. Col."]


def test_a_lone_title_is_never_an_entity(extract: Extract) -> None:
    # The small model tags "Brig." as a place and "Lt." as an organization here.
    facts = extract(
        "Brig. Gen. Joseph Hilbert and Lt. Col. Sarah Moore briefed the delegation at the "
        "range on Monday."
    )
    names = {loc.name for loc in facts.locations} | {o.name for o in facts.organizations}
    assert not names & {"Brig.", "Lt.", "Brig", "Lt"}


def test_a_bare_surname_joins_the_full_name(extract: Extract) -> None:
    facts = extract(
        "Adm. Rachel Ortiz toured the harbor. Later, Ortiz told reporters that the fleet was ready."
    )
    assert [p.name for p in facts.people] == ["Rachel Ortiz"]
    ortiz = facts.people[0]
    assert "Ortiz" in ortiz.aliases
    assert [m.text for m in ortiz.mentions] == ["Rachel Ortiz", "Ortiz"]
    assert [m.sentence for m in ortiz.mentions] == [0, 1]


def test_the_surname_of_a_titled_person_is_that_person_whatever_the_ner_label(
    extract: Extract,
) -> None:
    # The model labels the second "Walker" an organization.
    facts = extract(
        "Maj. Tom Jensen, who speaks for Gen. Mark Walker, said Walker met Gen. Tomasz "
        "Piotrowski in Riga on Tuesday."
    )
    walker = person(facts, "Mark Walker")
    assert "Walker" in walker.aliases
    assert len(walker.mentions) == 2
    assert "Walker" not in {o.name for o in facts.organizations}
    assert "Walker" not in {p.name for p in facts.people}


def test_aliases_include_the_titled_forms(extract: Extract) -> None:
    facts = extract(
        "Gen. Tomasz Piotrowski and Gen. Mark Walker inspected the troops. Gen. Piotrowski "
        "later praised the soldiers."
    )
    piotrowski = person(facts, "Tomasz Piotrowski")
    assert {"Gen. Tomasz Piotrowski", "Gen. Piotrowski"} <= set(piotrowski.aliases)
    assert piotrowski.titles == ["Gen."]
    assert {p.name for p in facts.people} == {"Tomasz Piotrowski", "Mark Walker"}


@pytest.mark.parametrize(
    ("text", "name", "titles"),
    [
        (
            "Ret. Lt. Gen. Mark Hertling said the offensive had stalled.",
            "Mark Hertling",
            ["Lt. Gen."],
        ),
        (
            "Ret. Adm. James Stavridis told reporters that the fleet was ready.",
            "James Stavridis",
            ["Adm."],
        ),
        (
            "Retired Gen. David Petraeus said the offensive would fail.",
            "David Petraeus",
            ["Gen."],
        ),
    ],
)
def test_ret_marks_the_person_retired_and_stays_out_of_the_title(
    extract: Extract, text: str, name: str, titles: list[str]
) -> None:
    veteran = person(extract(text), name)
    assert veteran.retired is True
    assert veteran.titles == titles
    assert not any("Ret" in title for title in veteran.titles)


def test_serving_officers_are_not_retired(extract: Extract) -> None:
    facts = extract("Lt. Gen. Ben Hodges spoke to reporters in Warsaw on Friday.")
    assert person(facts, "Ben Hodges").retired is False


# --- Roles, organizations, nationality -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Foreign Minister Dmytro Kuleba met with Antony Blinken in Washington on Monday.",
            "Dmytro Kuleba",
            "Foreign Minister",
        ),
        (
            "Defense Secretary Lloyd Austin will meet Gen. Tomasz Piotrowski next week.",
            "Lloyd Austin",
            "Defense Secretary",
        ),
        (
            "Prime Minister Rishi Sunak met French President Emmanuel Macron in Paris on Friday.",
            "Rishi Sunak",
            "Prime Minister",
        ),
    ],
)
def test_role_from_the_words_before_the_name(
    extract: Extract, text: str, name: str, role: str
) -> None:
    official = person(extract(text), name)
    assert role in official.roles
    assert official.titles == []  # offices are roles, not titles


@pytest.mark.parametrize(
    ("text", "name", "role", "organization"),
    [
        (
            "Col. John Mitchell, the commanding officer of the 173rd Airborne Brigade, spoke at "
            "the ceremony.",
            "John Mitchell",
            "commanding officer of the 173rd Airborne Brigade",
            "173rd Airborne Brigade",
        ),
        (
            "Col. Anna Berg met with Maj. Gen. Piotr Nowak, the commander of the 18th "
            "Mechanized Division, in Lublin on Friday.",
            "Piotr Nowak",
            "commander of the 18th Mechanized Division",
            "18th Mechanized Division",
        ),
        (
            "Lt. Gen. Ben Hodges, the former commander of U.S. Army Europe, met with Dutch "
            "Defense Minister Kajsa Ollongren in The Hague.",
            "Ben Hodges",
            "former commander of U.S. Army Europe",
            "U.S. Army Europe",
        ),
    ],
)
def test_role_and_organization_from_an_apposition(
    extract: Extract, text: str, name: str, role: str, organization: str
) -> None:
    officer = person(extract(text), name)
    assert role in officer.roles
    assert organization in officer.organizations


def test_a_demonym_before_an_office_is_nationality_not_role(extract: Extract) -> None:
    facts = extract(
        "German Chancellor Olaf Scholz was received by Polish President Andrzej Duda in Warsaw "
        "on Monday."
    )
    scholz, duda = person(facts, "Olaf Scholz"), person(facts, "Andrzej Duda")
    assert (scholz.nationality, scholz.roles) == ("DE", ["Chancellor"])
    assert (duda.nationality, duda.roles) == ("PL", ["President"])


def test_nationality_from_a_demonym(extract: Extract) -> None:
    facts = extract(
        "Polish Gen. Rajmund Andrzejczak met Ukrainian Gen. Oleksandr Syrskyi in Rzeszow on "
        "Thursday."
    )
    assert person(facts, "Rajmund Andrzejczak").nationality == "PL"
    assert person(facts, "Oleksandr Syrskyi").nationality == "UA"
    # Each demonym is also a (demonym) mention of its country.
    for name, code in (("Poland", "PL"), ("Ukraine", "UA")):
        country = location(facts, name)
        assert country.country_code == code
        assert [m.demonym for m in country.mentions] == [True]


def test_nationality_from_an_appositive_counterpart(extract: Extract) -> None:
    facts = extract(
        "Gen. Mark Walker met with Gen. Tomasz Piotrowski, his Polish counterpart, in Warsaw "
        "on Monday."
    )
    assert person(facts, "Tomasz Piotrowski").nationality == "PL"
    assert person(facts, "Mark Walker").nationality is None


# --- Coordination ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("Gen. Piotrowski and Blinken met in Tallinn on Tuesday.", "Piotrowski", "Blinken"),
        (
            "Gen. James Rainey and Wesley Clark inspected the new barracks.",
            "James Rainey",
            "Wesley Clark",
        ),
        (
            "Gen. Tomasz Piotrowski and Lloyd Austin met in Tallinn on Tuesday.",
            "Tomasz Piotrowski",
            "Lloyd Austin",
        ),
    ],
)
def test_a_title_and_two_coordinated_names_are_two_people(
    extract: Extract, text: str, first: str, second: str
) -> None:
    facts = extract(text)
    assert {p.name for p in facts.people} == {first, second}
    assert person(facts, first).titles == ["Gen."]
    assert person(facts, second).titles == []
    assert not any(
        " and " in p.name or " and " in alias for p in facts.people for alias in p.aliases
    )


def test_coordinated_subjects_of_met_meet_each_other(extract: Extract) -> None:
    meeting = only_meeting(extract("Gen. Piotrowski and Blinken met in Tallinn on Tuesday."))
    assert set(meeting.participants) == {"Piotrowski", "Blinken"}
    assert (meeting.location, meeting.country_code, meeting.date) == ("Tallinn", "EE", day(1, 17))


# --- Meetings and visits --------------------------------------------------------------------


def test_met_with_is_a_meeting(extract: Extract) -> None:
    text = "Foreign Minister Dmytro Kuleba met with Antony Blinken in Washington on Monday."
    meeting = only_meeting(extract(text))
    assert (meeting.kind, meeting.status) == ("meeting", "occurred")
    assert set(meeting.participants) == {"Dmytro Kuleba", "Antony Blinken"}
    assert (meeting.location, meeting.country_code) == ("Washington", "US")
    assert meeting.date == day(1, 16)
    assert [(e.start, e.end, e.sentence) for e in meeting.evidence] == [(0, len(text), 0)]


@pytest.mark.parametrize(
    ("text", "guest", "host", "place", "code", "date"),
    [
        (
            "German Chancellor Olaf Scholz was received by Polish President Andrzej Duda in "
            "Warsaw on Monday.",
            "Olaf Scholz",
            "Andrzej Duda",
            "Warsaw",
            "PL",
            day(1, 16),
        ),
        (
            "Gen. Mark Walker was received by Gen. Tomasz Piotrowski at the base in Rzeszow on "
            "Monday.",
            "Mark Walker",
            "Tomasz Piotrowski",
            "Rzeszow",
            "PL",
            day(1, 16),
        ),
        (
            "Gen. Mark Walker traveled to Vilnius, where he was welcomed by Gen. Valdemaras "
            "Rupsys.",
            "Mark Walker",
            "Valdemaras Rupsys",
            "Vilnius",
            "LT",
            None,
        ),
    ],
)
def test_a_visit_with_a_host_counts_the_host_as_participant(
    extract: Extract,
    text: str,
    guest: str,
    host: str,
    place: str,
    code: str,
    date: DateRange | None,
) -> None:
    visit = only_meeting(extract(text))
    assert (visit.kind, visit.status) == ("visit", "occurred")
    assert set(visit.participants) == {guest, host}
    assert (visit.location, visit.country_code, visit.date) == (place, code, date)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (
            "Lloyd Austin will meet Gen. Tomasz Piotrowski in Warsaw next week.",
            DateRange(dt.date(2023, 1, 23), dt.date(2023, 1, 29)),
        ),
        ("Angela Merkel and Theresa May will meet in Berlin on Friday.", day(1, 20)),
        ("Lloyd Austin plans to meet Gen. Tomasz Piotrowski in Warsaw on Friday.", day(1, 20)),
        ("Lloyd Austin is set to meet Gen. Tomasz Piotrowski in Warsaw on Friday.", day(1, 20)),
    ],
)
def test_a_future_meeting_is_planned_and_dated_ahead(
    extract: Extract, text: str, date: DateRange
) -> None:
    meeting = only_meeting(extract(text))
    assert (meeting.kind, meeting.status) == ("meeting", "planned")
    assert len(meeting.participants) == 2
    assert meeting.date == date
    assert meeting.date is not None and meeting.date.start > PUBLISHED


@pytest.mark.parametrize(
    "text",
    [
        "Maria Lopez and John Carter have never met in person.",
        "Sanna Marin and Kaja Kallas have never met.",
        "Gen. Mark Walker did not meet Gen. Tomasz Piotrowski during the trip.",
        "Gen. Mark Walker and Gen. Tomasz Piotrowski had never met before the summit.",
    ],
)
def test_a_denied_meeting_is_negated(extract: Extract, text: str) -> None:
    facts = extract(text)
    meeting = only_meeting(facts)
    assert meeting.status == "negated"
    assert set(meeting.participants) == {p.name for p in facts.people}


def test_a_cancelled_meeting_is_cancelled(extract: Extract) -> None:
    meeting = only_meeting(
        extract("Gen. Mark Walker canceled his meeting with Gen. Tomasz Piotrowski in Warsaw.")
    )
    assert meeting.status == "cancelled"
    assert set(meeting.participants) == {"Mark Walker", "Tomasz Piotrowski"}


@pytest.mark.parametrize(
    ("text", "place", "resolved", "code"),
    [
        (
            "Prime Minister Rishi Sunak met French President Emmanuel Macron in Paris on Friday.",
            "Paris",
            "Paris",
            "FR",
        ),
        (
            "Austrian Chancellor Karl Nehammer met Moldovan President Maia Sandu in Vienna on "
            "Thursday.",
            "Vienna",
            "Vienna",
            "AT",
        ),
        (
            "Col. Anna Berg, the commanding officer of the 2nd Cavalry Regiment, met with Polish "
            "Defense Minister Mariusz Blaszczak in Krakow on Tuesday.",
            "Krakow",
            "Kraków",
            "PL",
        ),
        (
            "Gen. Mark Walker met with Dr. Helen Park of the Red Cross in St. Louis on Monday.",
            "St. Louis",
            "St. Louis",
            "US",
        ),
    ],
)
def test_the_meeting_place_is_the_city_after_in_with_its_country(
    extract: Extract, text: str, place: str, resolved: str, code: str
) -> None:
    facts = extract(text)
    meeting = only_meeting(facts)
    assert (meeting.location, meeting.country_code) == (place, code)
    city = location(facts, place)
    assert (city.resolved_name, city.country_code) == (resolved, code)
    assert city.latitude is not None and city.geonames_id is not None


def test_a_facility_is_the_meeting_place_and_resolves_to_its_town(extract: Extract) -> None:
    facts = extract(
        "Gen. Mark Walker met Col. Anna Berg at Grafenwoehr Training Area in Germany on Monday."
    )
    meeting = only_meeting(facts)
    assert (meeting.location, meeting.country_code) == ("Grafenwoehr Training Area", "DE")
    area = location(facts, "Grafenwoehr Training Area")
    assert (area.resolved_name, area.country_code) == ("Grafenwöhr", "DE")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Gen. Mark Walker and Gen. Tomasz Piotrowski met in Birmingham, Alabama, on Monday. "
            "The United States hosted the talks.",
            "US",
        ),
        (
            "Gen. Mark Walker and Gen. Tomasz Piotrowski met in Birmingham on Monday. They later "
            "flew to London.",
            "GB",
        ),
    ],
)
def test_a_country_named_in_the_article_picks_the_same_name_city(
    extract: Extract, text: str, code: str
) -> None:
    facts = extract(text)
    assert location(facts, "Birmingham").country_code == code
    assert only_meeting(facts).country_code == code


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # A weekday in a past-tense report is the latest such day on or before publication.
        ("Gen. Mark Walker met with Gen. Tomasz Piotrowski in Warsaw on Monday.", day(1, 16)),
        (
            "Polish Gen. Rajmund Andrzejczak met Ukrainian Gen. Oleksandr Syrskyi in Rzeszow on "
            "Thursday.",
            day(1, 12),
        ),
        ("The Ukrainians hosted Gen. Mark Walker in Lviv on Wednesday.", day(1, 18)),
        ("Gen. Mark Walker met with Col. Anna Berg last Wednesday.", day(1, 11)),
        ("Gen. Mark Walker met with Col. Anna Berg on March 3, 2021, in Warsaw.", day(3, 3, 2021)),
    ],
)
def test_the_meeting_date_is_resolved_against_the_publication_date(
    extract: Extract, text: str, date: DateRange
) -> None:
    assert only_meeting(extract(text)).date == date


def test_the_same_text_published_later_dates_the_meeting_later(extract: Extract) -> None:
    text = "Gen. Mark Walker met with Gen. Tomasz Piotrowski in Warsaw on Monday."
    assert only_meeting(extract(text, dt.date(2023, 2, 1))).date == day(1, 30)


def test_a_plural_group_can_be_met(extract: Extract) -> None:
    meeting = only_meeting(extract("Gen. Mark Walker met Ukrainian soldiers in Poland."))
    assert meeting.participants == ["Mark Walker"]
    assert meeting.participant_groups == ["Ukrainian soldiers"]
    assert (meeting.location, meeting.country_code) == ("Poland", "PL")


# --- What is not a meeting, or not its place --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Maj. Tom Jensen, who speaks for Gen. Mark Walker, said the two generals wanted to meet "
        "in person.",
        "Gen. Mark Walker, who speaks for Lloyd Austin, said the two commanders had met twice.",
        "Maj. Tom Jensen, a spokesman for Gen. Mark Walker, said Walker had spoken with Lloyd "
        "Austin.",
    ],
)
def test_speaking_for_someone_is_not_meeting_them(extract: Extract, text: str) -> None:
    assert extract(text).meetings == []


def test_a_spokesman_reporting_a_meeting_is_not_in_it(extract: Extract) -> None:
    meeting = only_meeting(
        extract(
            "Maj. Tom Jensen, who speaks for Gen. Mark Walker, said Walker met Gen. Tomasz "
            "Piotrowski in Riga on Tuesday."
        )
    )
    assert set(meeting.participants) == {"Mark Walker", "Tomasz Piotrowski"}
    assert (meeting.location, meeting.country_code, meeting.date) == ("Riga", "LV", day(1, 17))


@pytest.mark.parametrize(
    "text",
    [
        "Gen. Mark Walker and Col. Anna Berg talked by phone on Monday.",
        "Gen. Mark Walker has spoken with Col. Anna Berg by phone several times.",
    ],
)
def test_talking_is_not_meeting(extract: Extract, text: str) -> None:
    assert extract(text).meetings == []


@pytest.mark.parametrize(
    ("text", "attacked", "place"),
    [
        (
            "Russian missiles struck Kyiv on Tuesday while Lloyd Austin met with Gen. Tomasz "
            "Piotrowski.",
            "Kyiv",
            None,
        ),
        (
            "Russian drones attacked Lviv, hours after Gen. Mark Walker met with Gen. Tomasz "
            "Piotrowski in Krakow.",
            "Lviv",
            "Krakow",
        ),
        (
            "Gen. Tomasz Piotrowski met Lt. Gen. Ben Hodges in Riga on Tuesday. Russian "
            "missiles later struck Lviv.",
            "Lviv",
            "Riga",
        ),
        (
            "Rockets hit Dnipro on Monday. In Warsaw, Gen. Mark Walker met with Col. Anna Berg "
            "on Tuesday.",
            "Dnipro",
            "Warsaw",
        ),
    ],
)
def test_a_place_that_is_only_attacked_is_not_the_meeting_place(
    extract: Extract, text: str, attacked: str, place: str | None
) -> None:
    facts = extract(text)
    assert location(facts, attacked).country_code == "UA"  # still a place of the article
    meeting = only_meeting(facts)
    assert meeting.location == place
    assert meeting.location != attacked


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Gen. Mark Walker met Ukrainian soldiers on Monday.", None),
        (
            "Ukrainian officers praised the new rifles. Gen. Mark Walker met with Gen. Tomasz "
            "Piotrowski on Monday.",
            None,
        ),
        ("The Ukrainians hosted Gen. Mark Walker in Lviv on Wednesday.", "Lviv"),
        (
            "Polish Gen. Rajmund Andrzejczak met Ukrainian Gen. Oleksandr Syrskyi in Rzeszow on "
            "Thursday.",
            "Rzeszow",
        ),
    ],
)
def test_a_demonym_is_never_the_meeting_place(
    extract: Extract, text: str, place: str | None
) -> None:
    facts = extract(text)
    only_demonyms = {
        loc.name for loc in facts.locations if loc.mentions and all(m.demonym for m in loc.mentions)
    }
    assert only_demonyms  # the sentence does name a nationality
    meeting = only_meeting(facts)
    assert meeting.location == place
    assert meeting.location not in only_demonyms


# --- Offsets ------------------------------------------------------------------------------------


def test_every_offset_indexes_the_input_text(extract: Extract) -> None:
    text = (
        "“We are ready,” said Gen. Mark Walker on Monday.\n\n"
        "Gen. Mark Walker visited Grafenwöhr on Monday, where he met Col. Anna Berg of the "
        "173rd Airborne Brigade. Walker’s aides said Berg’s unit — and its Ukrainian "
        "trainees — was ready.\n"
        "Ret. Lt. Gen. Mark Hertling will meet Foreign Minister Dmytro Kuleba in Kyiv next week."
    )
    facts = extract(text)
    assert facts.people and facts.locations and facts.organizations and facts.dates
    assert facts.meetings
    mentions = [
        *(m for p in facts.people for m in p.mentions),
        *(m for o in facts.organizations for m in o.mentions),
        *(m for loc in facts.locations for m in loc.mentions),
    ]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        start, end = facts.sentences[mention.sentence]
        assert start <= mention.start < mention.end <= end
    for date in facts.dates:
        assert text[date.start : date.end] == date.text
        start, end = facts.sentences[date.sentence]
        assert start <= date.start < date.end <= end
    for meeting in facts.meetings:
        for evidence in meeting.evidence:
            assert facts.sentences[evidence.sentence] == (evidence.start, evidence.end)
    # Offsets count characters, not bytes: past the curly quotes and the umlaut they still hold.
    assert location(facts, "Grafenwöhr").country_code == "DE"
    assert max(m.start for m in mentions) > text.index("—")


def test_extract_many_matches_extract(extractor: Extractor) -> None:
    texts = [
        "Gen. Mark Walker met with Gen. Tomasz Piotrowski in Warsaw on Monday.",
        "Lloyd Austin will meet Gen. Tomasz Piotrowski in Warsaw next week.",
    ]
    batch = list(extractor.extract_many([(text, PUBLISHED) for text in texts]))
    assert batch == [extractor.extract(text, PUBLISHED) for text in texts]


# --- Constructions that once failed -------------------------------------------------------


def test_expected_to_meet_is_planned_for_the_coming_weekday(extract: Extract) -> None:
    facts = extract(
        "Lloyd Austin and Gen. Tomasz Piotrowski are expected to meet in Warsaw on Friday."
    )
    meeting = only_meeting(facts)
    assert meeting.status == "planned"
    assert meeting.date == day(1, 20)


def test_a_place_that_was_shelled_is_not_the_next_meetings_place(extract: Extract) -> None:
    facts = extract(
        "Russian forces shelled Kharkiv on Sunday. "
        "Gen. Mark Walker met with Gen. Tomasz Piotrowski on Tuesday."
    )
    assert only_meeting(facts).location is None


def test_counterpart_named_after_a_comma_takes_part(extract: Extract) -> None:
    facts = extract("Gen. Mark Walker met with his counterpart, Gen. Tomasz Piotrowski, in Warsaw.")
    meeting = only_meeting(facts)
    assert set(meeting.participants) == {"Mark Walker", "Tomasz Piotrowski"}
    assert meeting.country_code == "PL"


def test_untagged_surname_of_a_titled_person_is_found(extract: Extract) -> None:
    facts = extract("Lt. Gen. Ben Hodges spoke on Monday. Hodges said the war would last.")
    assert len(person(facts, "Ben Hodges").mentions) == 2


def test_name_coordinated_with_a_titled_person_is_a_person(extract: Extract) -> None:
    facts = extract("Gen. Milley and Austin met in Tallinn on Tuesday.")
    assert set(only_meeting(facts).participants) == {"Milley", "Austin"}
    assert "Austin" not in [loc.name for loc in facts.locations]


def test_facility_takes_the_country_of_the_town_it_is_in(extract: Extract) -> None:
    facts = extract("Lt. Gen. John Kolasheski met Col. Anna Berg at Camp Kosciuszko in Poznan.")
    assert location(facts, "Camp Kosciuszko").country_code == "PL"


def test_plural_rank_applies_to_every_coordinated_name(extract: Extract) -> None:
    facts = extract("Gens. Christopher Cavoli and Mark Milley visited the troops in Latvia.")
    assert person(facts, "Christopher Cavoli").titles == ["Gen."]
    assert person(facts, "Mark Milley").titles == ["Gen."]


def test_office_with_of_phrase_before_a_name_is_a_role(extract: Extract) -> None:
    facts = extract("Secretary of State Antony Blinken met Foreign Minister Dmytro Kuleba.")
    assert person(facts, "Antony Blinken").roles == ["Secretary of State"]
    assert person(facts, "Dmytro Kuleba").roles == ["Foreign Minister"]


def test_office_with_a_bracketed_acronym_before_a_name_is_a_role_with_its_organization(
    extract: Extract,
) -> None:
    facts = extract(
        "Director of the National Police Agency (NPA) Karl Obermann said the inquiry went on."
    )
    officer = person(facts, "Karl Obermann")
    assert officer.roles == ["Director of the National Police Agency (NPA)"]
    assert officer.organizations == ["National Police Agency"]


def test_demonym_before_an_office_gives_nationality_not_role(extract: Extract) -> None:
    facts = extract(
        "Austrian Chancellor Karl Nehammer met Moldovan President Maia Sandu in Vienna."
    )
    sandu = person(facts, "Maia Sandu")
    assert sandu.nationality == "MD"
    assert sandu.roles == ["President"]


def test_city_state_pattern_picks_the_namesake_in_that_state(extract: Extract) -> None:
    facts = extract("Gen. Mark Walker met with Gen. Tomasz Piotrowski in Paris, Texas, on Monday.")
    assert location(facts, "Paris").country_code == "US"


# --- Titles only on people, the model's majority label, surnames that are villages ------


@pytest.mark.parametrize(
    "text",
    [
        "Sandra Lopez will run General Dynamics from next month.",
        "The board of General Electric met on Tuesday.",
    ],
)
def test_a_rank_word_starting_a_company_name_is_no_title(extract: Extract, text: str) -> None:
    facts = extract(text)
    assert not any(p.titles == ["General"] for p in facts.people)
    assert [o.name for o in facts.organizations if o.name.startswith("General ")]


def test_one_person_label_among_organization_labels_does_not_make_a_person(
    extract: Extract,
) -> None:
    # The model tags the third "Northrop Grumman" PERSON and the other three ORG.
    facts = extract(
        "Northrop Grumman won the contract. Northrop Grumman said it would hire 500 workers. "
        "Analysts praised Northrop Grumman. According to Northrop Grumman, the work starts in May."
    )
    assert facts.people == []
    assert [o.name for o in facts.organizations] == ["Northrop Grumman"]
    assert len(facts.organizations[0].mentions) == 4


def test_place_labels_outvote_one_organization_label(extract: Extract) -> None:
    # Tagged FAC, LOC and ORG once each: two of three votes say place.
    facts = extract(
        "Shelling hit Vuhledar overnight. Troops in Vuhledar held their positions, and Vuhledar "
        "remained under Ukrainian control."
    )
    assert facts.organizations == []
    assert len(location(facts, "Vuhledar").mentions) == 3


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Dalton (Georgia) and Obama (Japan) are small towns too.
        ("Dalton said the union would accept the offer.", "Dalton"),
        ("Obama spoke to reporters in Chicago on Monday.", "Obama"),
    ],
)
def test_a_one_word_person_that_is_also_a_small_town_stays_a_person(
    extract: Extract, text: str, name: str
) -> None:
    facts = extract(text)
    assert person(facts, name).mentions
    assert name not in {loc.name for loc in facts.locations}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Tagged PERSON here, GPE in the next sentence.
        (
            "Whitfield lost power on Monday. Crews in Whitfield worked through the night.",
            "Whitfield",
        ),
        # Tagged PERSON, but only a place is visited.
        ("The mayor visited Hartley on Monday.", "Hartley"),
        # Tagged ORG and PERSON, but fighting "near" it makes it a place.
        ("Fighting continued near Soledar. Soledar was shelled again on Monday.", "Soledar"),
    ],
)
def test_a_one_word_person_label_is_a_place_where_the_article_shows_one(
    extract: Extract, text: str, name: str
) -> None:
    facts = extract(text)
    assert location(facts, name).country_code is not None
    assert not facts.people


def test_a_lone_first_name_joins_the_one_full_name_it_begins(extract: Extract) -> None:
    facts = extract("Steve Jobs founded Apple in a garage. Steve later returned to the company.")
    assert [p.name for p in facts.people] == ["Steve Jobs"]
    assert len(facts.people[0].mentions) == 2


@pytest.mark.parametrize(
    "text",
    [
        # Two people called Anna: the lone "Anna" could be either.
        "Anna Novak and Anna Berg spoke. Anna said the plan was ready.",
    ],
)
def test_an_ambiguous_first_name_stays_apart(extract: Extract, text: str) -> None:
    facts = extract(text)
    assert {p.name for p in facts.people} == {"Anna Novak", "Anna Berg", "Anna"}


def test_a_first_name_that_is_someones_surname_joins_the_surname(extract: Extract) -> None:
    facts = extract("Maria Santos met Carlos Maria on Monday. Maria said the talks went well.")
    assert person(facts, "Carlos Maria").aliases == ["Maria"]
    assert len(person(facts, "Maria Santos").mentions) == 1


# --- Places: the article's countries and regions, state abbreviations, facilities --------


def test_a_state_named_like_a_country_is_the_state_in_an_american_article(
    extract: Extract,
) -> None:
    facts = extract(
        "Storms knocked out power across Northeast Georgia on Monday, and crews from Atlanta "
        "were sent north."
    )
    georgia = location(facts, "Northeast Georgia")
    assert (georgia.resolved_name, georgia.country_code) == ("Georgia", "US")


def test_a_country_named_like_a_state_stays_the_country_beside_its_neighbours(
    extract: Extract,
) -> None:
    facts = extract("Georgia and Russia fought a short war in 2008.")
    assert location(facts, "Georgia").country_code == "GE"


def admin1(extractor: Extractor, found: Location) -> str | None:
    """The GeoNames admin1 code ("US.TX") of the place a location resolved to."""
    assert found.resolved_name is not None
    (place,) = [
        p
        for p in extractor.gazetteer.lookup(found.resolved_name)
        if p.geonames_id == found.geonames_id
    ]
    return place.admin1


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Athens, Greece, is five times the size of Athens, Georgia, and fifty times that of
        # Athens, Texas.
        (
            "Fire crews in Athens battled the blaze for hours, officials in Tyler, Texas, said on "
            "Monday.",
            "Athens",
        ),
        # North Carolina's Henderson County is twice the size of the one in Texas.
        (
            "Deputies in Henderson County searched the lake on Sunday. The sheriff in Tyler, "
            "Texas, said divers would return.",
            "Henderson County",
        ),
    ],
)
def test_a_namesake_in_the_state_of_the_other_places_wins(
    extract: Extract, extractor: Extractor, text: str, name: str
) -> None:
    assert admin1(extractor, location(extract(text), name)) == "US.TX"


def test_the_other_places_country_beats_a_bigger_namesake_abroad(extract: Extract) -> None:
    facts = extract(
        "The factory in Paris will close, the company said at its headquarters in Dallas."
    )
    assert location(facts, "Paris").country_code == "US"


def test_a_country_named_in_a_list_is_not_the_container_of_the_place_before_it(
    extract: Extract,
) -> None:
    facts = extract("Leaders in Washington, Britain and France condemned the attack on Monday.")
    assert location(facts, "Washington").country_code == "US"


@pytest.mark.parametrize(
    ("text", "name", "resolved", "code"),
    [
        (
            "North Korea fired a missile on Monday, officials in Seoul said.",
            "North Korea",
            "North Korea",
            "KP",
        ),
        ("Floods hit West Virginia on Sunday.", "West Virginia", "West Virginia", "US"),
    ],
)
def test_a_name_starting_with_a_direction_is_looked_up_whole_first(
    extract: Extract, text: str, name: str, resolved: str, code: str
) -> None:
    place = location(extract(text), name)
    assert (place.resolved_name, place.country_code) == (resolved, code)


@pytest.mark.parametrize(
    ("text", "town", "state", "resolved"),
    [
        (
            "Officials in Springfield, Ill., said the plant would close on Monday.",
            "Springfield",
            "Ill.",
            "Illinois",
        ),
        ("He moved to Burlington, Vt., last year.", "Burlington", "Vt.", "Vermont"),
        (
            "CHARLESTON, W.Va. -- The county board voted on Tuesday.",
            "CHARLESTON",
            "W.Va.",
            "West Virginia",
        ),
    ],
)
def test_an_ap_state_abbreviation_is_the_state_containing_the_town(
    extract: Extract, extractor: Extractor, text: str, town: str, state: str, resolved: str
) -> None:
    facts = extract(text)
    region = location(facts, state)
    assert (region.resolved_name, region.country_code) == (resolved, "US")
    assert admin1(extractor, location(facts, town)) == admin1(extractor, region)


def test_the_longest_facility_suffix_is_removed_to_find_the_town(extract: Extract) -> None:
    facts = extract("The flight from Vancouver International Airport landed safely on Friday.")
    airport = location(facts, "Vancouver International Airport")
    assert (airport.resolved_name, airport.country_code) == ("Vancouver", "CA")


# --- Dates: the clause's tense, months relative to the publication month -----------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A month without a year: the latest on or before publication in a past clause...
        ("Sales fell in March, the company said.", (dt.date(2022, 3, 1), dt.date(2022, 3, 31))),
        # ...the next in a future one...
        ("The plant will reopen in March.", (dt.date(2023, 3, 1), dt.date(2023, 3, 31))),
        # ...and the nearest where the past verb does not place the date: the end of a period,
        # or a date that belongs to a noun.
        ("The offer was extended to March 3.", (dt.date(2023, 3, 3), dt.date(2023, 3, 3))),
        ("The board approved a deadline of March 3.", (dt.date(2023, 3, 3), dt.date(2023, 3, 3))),
        # Months before or after the publication month.
        ("The union went on strike last April.", (dt.date(2022, 4, 1), dt.date(2022, 4, 30))),
        ("The election is this September.", (dt.date(2023, 9, 1), dt.date(2023, 9, 30))),
        ("The mayor resigned in June last year.", (dt.date(2022, 6, 1), dt.date(2022, 6, 30))),
        # TimeML's granularity: the publication week, month and the year before.
        ("Prices rose sharply earlier this week.", (dt.date(2023, 1, 16), dt.date(2023, 1, 22))),
        (
            "Earlier this month, the council voted to raise taxes.",
            (dt.date(2023, 1, 1), dt.date(2023, 1, 31)),
        ),
        ("Last year's harvest was poor.", (dt.date(2022, 1, 1), dt.date(2022, 12, 31))),
        ("A year earlier, profits had doubled.", (dt.date(2022, 1, 1), dt.date(2022, 12, 31))),
        ("The mill closed in mid-1996.", (dt.date(1996, 1, 1), dt.date(1996, 12, 31))),
        # Two days of one month.
        (
            "The summit will be held on April 24 and 25.",
            (dt.date(2023, 4, 24), dt.date(2023, 4, 25)),
        ),
        # The weekday picks the year: August 10 is a Thursday in 2023, not in 2022.
        ("The festival opens on Thursday, Aug. 10.", (dt.date(2023, 8, 10), dt.date(2023, 8, 10))),
    ],
)
def test_dates_in_sentences(extract: Extract, text: str, expected: tuple[dt.date, dt.date]) -> None:
    (date,) = extract(text).dates
    assert date.value == DateRange(*expected)
