"""Meeting constructions and the pronoun resolver, each shown on short texts of our own.

Everything runs through the real spaCy pipeline with the publication date Wednesday 2023-01-18.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from app.extraction import ArticleFacts, Extractor
from app.extraction.facts import DateRange, Meeting
from app.extraction.pronouns import resolve_pronoun

PUBLISHED = dt.date(2023, 1, 18)  # a Wednesday

Extract = Callable[[str], ArticleFacts]


@pytest.fixture(scope="module")
def extract(extractor: Extractor) -> Extract:
    def run(text: str) -> ArticleFacts:
        return extractor.extract(text, PUBLISHED)

    return run


@pytest.fixture(scope="module")
def parse(extractor: Extractor) -> Callable[[str], Doc]:
    def run(text: str) -> Doc:
        doc = extractor.nlp.make_doc(text)
        doc._.published = PUBLISHED
        return extractor.nlp(doc)

    return run


def only_meeting(facts: ArticleFacts) -> Meeting:
    assert len(facts.meetings) == 1, facts.meetings
    return facts.meetings[0]


# --- Triggers and participants ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Gen. Mark Walker held talks with Gen. Tomasz Piotrowski in Riga on Monday.", "Riga"),
        ("Gen. Mark Walker debated Gen. Tomasz Piotrowski in Riga on Monday.", "Riga"),
        (
            "Gen. Mark Walker discussed the new rifles with Gen. Tomasz Piotrowski in Riga on "
            "Monday.",
            "Riga",
        ),
        (
            "Gen. Mark Walker has held several meetings with Gen. Tomasz Piotrowski in Riga.",
            "Riga",
        ),
    ],
)
def test_talks_debates_and_discussions_are_meetings(
    extract: Extract, text: str, place: str
) -> None:
    meeting = only_meeting(extract(text))
    assert (meeting.kind, meeting.status) == ("meeting", "occurred")
    assert set(meeting.participants) == {"Mark Walker", "Tomasz Piotrowski"}
    assert meeting.location == place


@pytest.mark.parametrize(
    "text",
    [
        "After meeting with Gen. Tomasz Piotrowski in Riga, Gen. Mark Walker said it went well.",
        "After touring the port and meeting Gen. Tomasz Piotrowski in Riga, Gen. Mark Walker "
        "flew home.",
    ],
)
def test_a_participle_clause_meets_through_the_subject_of_the_sentence(
    extract: Extract, text: str
) -> None:
    meeting = only_meeting(extract(text))
    assert sorted(meeting.participants) == ["Mark Walker", "Tomasz Piotrowski"]
    assert meeting.location == "Riga"


def test_a_meeting_between_two_people_that_is_scheduled_is_planned(extract: Extract) -> None:
    meeting = only_meeting(
        extract(
            "A meeting between Gen. Mark Walker and Gen. Tomasz Piotrowski is scheduled for "
            "Friday in Warsaw."
        )
    )
    assert meeting.status == "planned"
    assert set(meeting.participants) == {"Mark Walker", "Tomasz Piotrowski"}
    assert (meeting.location, meeting.country_code) == ("Warsaw", "PL")


@pytest.mark.parametrize(
    "text",
    [
        "In his meeting with Gen. Tomasz Piotrowski, Gen. Mark Walker raised the issue of tanks.",
        "After he met Gen. Tomasz Piotrowski in Warsaw, Gen. Mark Walker flew to Vilnius.",
    ],
)
def test_a_pronoun_before_the_main_subject_names_that_subject(extract: Extract, text: str) -> None:
    meetings = [m for m in extract(text).meetings if "Tomasz Piotrowski" in m.participants]
    assert len(meetings) == 1
    assert set(meetings[0].participants) == {"Mark Walker", "Tomasz Piotrowski"}


def test_a_country_negotiated_with_is_a_party_not_the_place(extract: Extract) -> None:
    meeting = only_meeting(
        extract("Gen. Mark Walker negotiated with Poland for weeks over the new tanks.")
    )
    assert meeting.participants == ["Mark Walker"]
    assert meeting.parties == ["Poland"]
    assert meeting.organizations == []
    assert meeting.location is None


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Gen. Mark Walker held talks on Latvia with Gen. Tomasz Piotrowski.", None),
        ("Gen. Mark Walker held talks on Latvia with Gen. Tomasz Piotrowski in Riga.", "Riga"),
        ("Gen. Mark Walker met Gen. Tomasz Piotrowski on Ramstein Air Base.", "Ramstein Air Base"),
    ],
)
def test_a_country_after_on_is_a_topic_not_the_place(
    extract: Extract, text: str, place: str | None
) -> None:
    meeting = only_meeting(extract(text))
    assert set(meeting.participants) == {"Mark Walker", "Tomasz Piotrowski"}
    assert meeting.location == place


def test_those_who_meet_someone_separately_have_not_met_each_other(extract: Extract) -> None:
    facts = extract(
        "Gen. Mark Walker and Gen. Tomasz Piotrowski will meet separately on Monday with "
        "Gen. Anna Berg in Riga."
    )
    assert sorted(sorted(m.participants) for m in facts.meetings) == [
        ["Anna Berg", "Mark Walker"],
        ["Anna Berg", "Tomasz Piotrowski"],
    ]
    assert {m.location for m in facts.meetings} == {"Riga"}


def test_a_delegation_is_a_group_that_meets(extract: Extract) -> None:
    meeting = only_meeting(
        extract("Gen. Mark Walker and the Polish delegation convened in Krakow on Monday.")
    )
    assert meeting.participants == ["Mark Walker"]
    assert meeting.participant_groups == ["Polish delegation"]
    assert meeting.location == "Krakow"


def test_someone_whose_lawyer_was_met_was_not_met(extract: Extract) -> None:
    meeting = only_meeting(
        extract("Gen. Mark Walker met Col. Anna Berg and Tomasz Piotrowski's lawyer in Riga.")
    )
    assert meeting.participants == ["Mark Walker", "Anna Berg"]


def test_two_who_negotiate_together_have_not_met_each_other(extract: Extract) -> None:
    text = "Gen. Mark Walker and Col. Anna Berg are negotiating a loan from the bank."
    assert extract(text).meetings == []


def test_a_person_arriving_somewhere_visits_it(extract: Extract) -> None:
    visit = only_meeting(extract("Gen. Mark Walker arrived in Riga on Monday."))
    assert (visit.kind, visit.participants, visit.location) == ("visit", ["Mark Walker"], "Riga")
    assert visit.date == DateRange(dt.date(2023, 1, 16), dt.date(2023, 1, 16))


def test_an_unnamed_group_arriving_somewhere_is_no_visit(extract: Extract) -> None:
    assert extract("Dozens of refugees arrived in Riga on Monday.").meetings == []


def test_receiving_a_share_of_the_vote_is_no_visit(extract: Extract) -> None:
    text = "Both Gen. Mark Walker and Col. Anna Berg would receive 38 percent of the vote."
    assert extract(text).meetings == []


def test_a_meeting_that_frames_a_request_is_not_what_was_requested(extract: Extract) -> None:
    facts = extract("In his meeting with Col. Anna Berg, Gen. Mark Walker was asked about pay.")
    assert only_meeting(facts).status == "occurred"
    facts = extract("Gen. Mark Walker asked for a meeting with Col. Anna Berg.")
    assert only_meeting(facts).status == "planned"


def test_they_names_the_plural_subject_above_it(extract: Extract) -> None:
    meeting = only_meeting(extract("Union leaders said they met Gen. Mark Walker in Riga."))
    assert meeting.participants == ["Mark Walker"]
    assert meeting.participant_groups == ["Union leaders"]


def test_an_interview_is_a_meeting_of_interviewer_and_interviewee(extract: Extract) -> None:
    meeting = only_meeting(
        extract("Col. Anna Berg interviewed Gen. Mark Walker in Riga on Monday.")
    )
    assert set(meeting.participants) == {"Anna Berg", "Mark Walker"}
    assert meeting.location == "Riga"


def test_an_organization_addressed_is_met_but_an_issue_addressed_is_not(extract: Extract) -> None:
    meeting = only_meeting(
        extract("Gen. Mark Walker will address NATO in Brussels on Monday about the rifles.")
    )
    assert meeting.participants == ["Mark Walker"]
    assert meeting.organizations == ["NATO"]
    assert meeting.status == "planned"
    assert extract("Gen. Mark Walker addressed the shortage of rifles on Monday.").meetings == []


def test_the_meeting_told_again_is_evidence_of_the_meeting_before_it(extract: Extract) -> None:
    facts = extract(
        "Gen. Mark Walker met Gen. Tomasz Piotrowski in Riga on Monday. Reporters waited "
        "outside. The talks lasted three hours."
    )
    meeting = only_meeting(facts)
    assert [e.sentence for e in meeting.evidence] == [0, 2]


@pytest.mark.parametrize(
    ("later", "status"),
    [
        ("Officials said on Friday that the meeting had been called off.", "cancelled"),
        # a negation that is not the meeting's: it still takes place
        ("Reporters were not allowed to attend the meeting.", "planned"),
    ],
)
def test_a_meeting_called_off_later_in_the_story_is_cancelled(
    extract: Extract, later: str, status: str
) -> None:
    facts = extract(f"Gen. Mark Walker will meet Gen. Tomasz Piotrowski in Riga next week. {later}")
    meeting = only_meeting(facts)
    assert meeting.status == status
    assert [e.sentence for e in meeting.evidence] == [0, 1]


def test_a_reference_naming_a_meeting_place_joins_the_meeting_held_there(
    extract: Extract,
) -> None:
    facts = extract(
        "On Monday Gen. Mark Walker met Gen. Tomasz Piotrowski in Riga. On Tuesday Col. Anna "
        "Berg met Maj. Piotr Nowak in Vilnius. Reporters in Riga could not attend the meeting."
    )
    in_riga = next(m for m in facts.meetings if m.location == "Riga")
    assert [e.sentence for e in in_riga.evidence] == [0, 2]


def test_each_meeting_of_a_sentence_takes_the_dates_closest_to_it(extract: Extract) -> None:
    facts = extract(
        "On Thursday and Friday, the defense chiefs will assemble in Brussels, followed by a "
        "conference of the Nordic Council at Ramstein Air Base on Saturday and Sunday."
    )
    dates = {m.location: m.date for m in facts.meetings}
    assert dates["Brussels"] == DateRange(dt.date(2023, 1, 19), dt.date(2023, 1, 20))
    assert dates["Ramstein Air Base"] == DateRange(dt.date(2023, 1, 21), dt.date(2023, 1, 22))


def test_a_meeting_noun_with_no_meeting_before_it_is_not_a_meeting(extract: Extract) -> None:
    assert extract("The meeting was cancelled after the storm.").meetings == []


def test_a_subordinate_office_is_not_the_office(extract: Extract) -> None:
    facts = extract(
        "Vice President Anna Berg arrived in Riga on Monday. The president met Gen. Mark Walker "
        "at the airport."
    )
    assert [m.participants for m in facts.meetings] == [["Anna Berg"]]  # her arrival only


# --- Status -------------------------------------------------------------------------------------


def test_a_meeting_told_in_the_present_for_a_later_day_is_planned(extract: Extract) -> None:
    meeting = only_meeting(extract("Gen. Mark Walker meets Gen. Tomasz Piotrowski on Monday."))
    assert meeting.status == "planned"
    assert meeting.date == DateRange(dt.date(2023, 1, 23), dt.date(2023, 1, 23))


def test_a_past_meeting_does_not_take_a_later_day_told_before_it(extract: Extract) -> None:
    facts = extract(
        "Col. Anna Berg will fly to Riga on Friday. Gen. Mark Walker met Gen. Tomasz Piotrowski."
    )
    meeting = next(m for m in facts.meetings if "Mark Walker" in m.participants)
    assert meeting.status == "occurred"
    assert meeting.date is None


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Gen. Mark Walker tried to meet Gen. Tomasz Piotrowski in Warsaw.", "planned"),
        ("Gen. Mark Walker would like to meet Gen. Tomasz Piotrowski in Warsaw.", "planned"),
        ("Gen. Mark Walker refused to meet Gen. Tomasz Piotrowski in Warsaw.", "negated"),
        ("Gen. Mark Walker had never debated Gen. Tomasz Piotrowski.", "negated"),
        ("Gen. Mark Walker has to meet Gen. Tomasz Piotrowski in Warsaw.", "planned"),
        ("Gen. Mark Walker must meet Gen. Tomasz Piotrowski in Warsaw.", "planned"),
        ("Gen. Mark Walker had to meet Gen. Tomasz Piotrowski in Warsaw.", "occurred"),
        ("Gen. Mark Walker looks forward to meeting Gen. Tomasz Piotrowski in Warsaw.", "planned"),
    ],
)
def test_attempts_wishes_obligations_and_refusals_are_not_meetings_that_happened(
    extract: Extract, text: str, status: str
) -> None:
    assert only_meeting(extract(text)).status == status


# --- Not face to face ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Gen. Mark Walker discussed the new rifles with Gen. Tomasz Piotrowski by telephone.",
        "Gen. Mark Walker and Gen. Tomasz Piotrowski held talks by videoconference on Monday.",
        "Gen. Mark Walker wrote a letter to Gen. Tomasz Piotrowski on Monday.",
        "Gen. Mark Walker discussed Gen. Tomasz Piotrowski's plan on Monday.",
        "Gen. Mark Walker discussed the new rifles on Monday.",
        "Gen. Mark Walker and Gen. Tomasz Piotrowski watched the talks in Riga on Monday.",
        "Gen. Mark Walker and Gen. Tomasz Piotrowski welcomed the talks on Monday.",
    ],
)
def test_calls_letters_topics_and_onlookers_are_not_meetings(extract: Extract, text: str) -> None:
    assert extract(text).meetings == []


# --- Pronouns -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        pytest.param(
            "Gen. Mark Walker arrived in Riga on Monday. Col. Anna Berg met him at the airport.",
            {"Mark Walker", "Anna Berg"},
            id="an object pronoun is not the subject of its own clause",
        ),
        pytest.param(
            "Mrs. Helen Park arrived in Riga on Monday. Mr. Tom Jensen and Gen. Mark Walker "
            "welcomed her at the airport.",
            {"Helen Park", "Tom Jensen", "Mark Walker"},
            id="a feminine pronoun skips people known to be men",
        ),
        pytest.param(
            "Gen. Mark Walker arrived in Riga on Monday. Reporters waited outside. The general "
            "met Col. Anna Berg at the airport.",
            {"Mark Walker", "Anna Berg"},
            id="a description by office names the person holding it",
        ),
        pytest.param(
            "King Abdullah of Jordan arrived in Riga on Monday. The monarch met Col. Anna Berg "
            "at the airport.",
            {"King Abdullah", "Anna Berg"},
            id="a synonym of the office names its holder",
        ),
        pytest.param(
            "Director of the National Police Agency Karl Obermann arrived in Riga on Monday. "
            "After touring the port, the police chief met Col. Anna Berg at the airport.",
            {"Karl Obermann", "Anna Berg"},
            id="a chief is the director or the head",
        ),
        pytest.param(
            "Gen. Mark Walker carried a letter from Col. Anna Berg, with whom he met on Monday.",
            {"Mark Walker", "Anna Berg"},
            id="whom names the person before it",
        ),
    ],
)
def test_a_reference_names_the_person_it_stands_for(
    extract: Extract, text: str, participants: set[str]
) -> None:
    assert set(only_meeting(extract(text)).participants) == participants


@pytest.mark.parametrize(
    "text",
    [
        "Gen. Mark Walker thanked Col. Anna Berg, who had brought her unit to Riga.",
        "Gen. Mark Walker thanked Col. Anna Berg, who said that her unit had reached Riga.",
    ],
)
def test_a_pronoun_in_a_relative_clause_names_the_person_it_describes(
    parse: Callable[[str], Doc], text: str
) -> None:
    doc = parse(text)
    entities = doc._.entities
    her = next(t for t in doc if t.lower_ == "her")
    person = resolve_pronoun(her, entities)
    assert person is not None and entities.people[person].name == "Anna Berg"


def test_only_personal_pronouns_are_resolved(parse: Callable[[str], Doc]) -> None:
    doc = parse("Gen. Mark Walker said it was ready and they agreed.")
    assert all(resolve_pronoun(t, doc._.entities) is None for t in doc if t.pos_ == "PRON")
