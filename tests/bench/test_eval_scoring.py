"""The evaluation harness's scoring (bench/eval/scoring.py) on hand-made inputs: no model."""

from __future__ import annotations

import datetime as dt

import pytest

from app.extraction.facts import DateMention, DateRange, Evidence, Location, Meeting
from bench.eval import corpora, scoring
from bench.eval.corpora import detokenize, name_end, name_in, name_parts


def test_counts_precision_recall_f1() -> None:
    counts = scoring.Counts(tp=3, pred=4, gold=6)
    assert counts.precision == pytest.approx(0.75)
    assert counts.recall == pytest.approx(0.5)
    assert counts.f1 == pytest.approx(0.6)
    assert scoring.Counts().f1 is None
    assert scoring.Counts(tp=0, pred=2, gold=2).f1 == 0.0


def test_counts_add_up_over_documents() -> None:
    total = scoring.Counts()
    total += scoring.Counts(1, 2, 3)
    total += scoring.Counts(2, 2, 2)
    assert (total.tp, total.pred, total.gold) == (3, 4, 5)


def test_exact_counts_need_same_span_and_kind() -> None:
    gold = [(0, 4, "person"), (10, 15, "location"), (20, 25, "organization")]
    pred = [(0, 4, "person"), (10, 15, "organization"), (21, 25, "organization")]
    counts = scoring.exact_counts(gold, pred)
    assert (counts.tp, counts.pred, counts.gold) == (1, 3, 3)


def test_exact_counts_are_multisets() -> None:
    counts = scoring.exact_counts([(0, 2, "person")], [(0, 2, "person"), (0, 2, "person")])
    assert (counts.tp, counts.pred, counts.gold) == (1, 2, 1)


def test_exact_counts_ignore_articles_and_possessives() -> None:
    text = "the United States's army met the Boeing board"
    gold = [(0, 19, "location")]  # "the United States's"
    pred = [(4, 17, "location")]  # "United States"
    assert scoring.exact_counts(gold, pred, text).tp == 1
    assert scoring.exact_counts(gold, pred).tp == 0


def test_trim() -> None:
    text = "The US’s and the a"
    assert text[slice(*scoring.trim(text, 0, 8))] == "US"
    assert scoring.trim(text, 17, 18) == (17, 18)  # a lone article stays
    assert text[slice(*scoring.trim(text, 13, 16))] == "the"


def test_overlap_counts_match_one_to_one_largest_first() -> None:
    gold = [(0, 10, "person"), (12, 20, "person")]
    pred = [(5, 14, "person"), (0, 3, "person"), (15, 20, "location")]
    counts = scoring.overlap_counts(gold, pred)
    # (5, 14) overlaps both golds, more of the first; (0, 3) cannot take the first again.
    assert (counts.tp, counts.pred, counts.gold) == (1, 3, 2)
    assert scoring.overlap_counts([(0, 5, "person")], [(5, 9, "person")]).tp == 0


def test_b_cubed_perfect_split_and_merged() -> None:
    gold = ["a", "a", "b"]
    perfect = scoring.b_cubed(gold, [1, 1, 2])
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    singletons = scoring.b_cubed(gold, [1, 2, 3])
    assert singletons.precision == 1.0
    assert singletons.recall == pytest.approx((0.5 + 0.5 + 1) / 3)
    merged = scoring.b_cubed(gold, [1, 1, 1])
    assert merged.precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)
    assert merged.recall == 1.0
    assert scoring.b_cubed([], []).f1 is None


def test_aligned_cluster_takes_the_largest_overlap() -> None:
    pred = [(0, 4, "person", "p:0"), (3, 12, "person", "p:1")]
    assert scoring.aligned_cluster((2, 10), pred) == "p:1"
    assert scoring.aligned_cluster((20, 25), pred) is None


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("1998-02-27", dt.date(1998, 2, 27), dt.date(1998, 2, 27)),
        ("1996-02", dt.date(1996, 2, 1), dt.date(1996, 2, 29)),
        ("1997", dt.date(1997, 1, 1), dt.date(1997, 12, 31)),
        ("1998-W05", dt.date(1998, 1, 26), dt.date(1998, 2, 1)),
        ("1998-W1", dt.date(1997, 12, 29), dt.date(1998, 1, 4)),
    ],
)
def test_timex_range(value: str, start: dt.date, end: dt.date) -> None:
    assert scoring.timex_range(value) == (start, end)


@pytest.mark.parametrize(
    "value", ["PAST_REF", "PRESENT_REF", "P1Y", "1998-Q1", "1998-SU", "199X", "1998-02-30", "XXXX"]
)
def test_timex_range_skips_what_is_not_a_calendar_unit(value: str) -> None:
    assert scoring.timex_range(value) is None


def _date(start: int, end: int, value: DateRange | None) -> DateMention:
    return DateMention("x", start, end, 0, value)


def test_score_dates() -> None:
    friday = DateRange(dt.date(1998, 2, 27), dt.date(1998, 2, 27))
    gold = [(0, 6, "1998-02-27"), (10, 14, "1998"), (20, 25, "PAST_REF"), (30, 35, "1998-03")]
    predicted = [
        _date(0, 6, friday),  # right
        _date(8, 14, friday),  # detected, wrong range
        _date(20, 25, None),  # PAST_REF is not scored
    ]
    score = scoring.score_dates(gold, predicted)
    assert (score.total, score.detected, score.right) == (3, 2, 1)


def test_haversine() -> None:
    assert scoring.haversine_km(48.85, 2.35, 48.85, 2.35) == 0.0
    assert scoring.haversine_km(0, 0, 1, 0) == pytest.approx(111.2, abs=0.1)
    paris_london = scoring.haversine_km(48.8566, 2.3522, 51.5074, -0.1278)
    assert paris_london == pytest.approx(343.5, abs=1.0)


def test_score_toponyms() -> None:
    paris = Location(name="Paris", country_code="FR", latitude=48.85, longitude=2.35)
    texas_paris = Location(name="Paris", country_code="US", latitude=33.66, longitude=-95.56)
    gold = [
        (0, 5, 48.86, 2.35, "FR", False),  # right
        (10, 15, 33.66, -95.55, "US", False),  # wrong namesake
        (20, 26, 46.0, 2.0, "FR", True),  # a country: right country, far from its centroid
        (30, 35, None, None, None, False),  # not detected
    ]
    predicted = [(0, 5, paris), (10, 15, paris), (20, 26, paris), (40, 45, texas_paris)]
    score = scoring.score_toponyms(gold, predicted)
    assert (score.detection.hit, score.detection.total) == (3, 4)
    assert (score.country.hit, score.country.total) == (2, 3)
    assert (score.near.hit, score.near.total) == (1, 3)
    assert (score.near_local.hit, score.near_local.total) == (1, 2)


def test_event_found_by_surname_in_the_sentence() -> None:
    meeting = Meeting(
        kind="meeting",
        status="occurred",
        participants=["Ina Kirsch", "Paul Manafort"],
        evidence=[Evidence(100, 150, 3)],
    )
    assert scoring.event_found((90, 160), ["Mr. Manafort", "Kirsch"], [meeting])
    assert not scoring.event_found((90, 160), ["Manafort", "Gates"], [meeting])
    assert not scoring.event_found((0, 90), ["Manafort"], [meeting])


def test_detokenize_keeps_offsets() -> None:
    tokens = ["Boeing", "(", "BA", ")", "said", "it", "'s", "up", "5", "%", "."]
    text, starts = detokenize(tokens, breaks=[4])
    assert text == "Boeing (BA)\nsaid it's up 5%."
    assert [text[s : s + len(t)] for s, t in zip(starts, tokens, strict=True)] == tokens


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("Ina Kirsch", "Ina Kirsch"),
        ("The director of the European Centre , Ina Kirsch", "Ina Kirsch"),
        ("McCarthy , a senator from Wisconsin", "McCarthy"),
        ("Mr. Trump", "Mr. Trump"),
        ("FBI officials", None),
        ("she", None),
        ("Russia", None),
        ("Americans", None),
        ("President of South Korea", None),
    ],
)
def test_name_in(words: str, name: str | None) -> None:
    assert name_in(words.split()) == name


def test_coref_counts_score_each_candidate_as_gap_does() -> None:
    right = scoring.coref_counts((True, False), (True, False))
    assert (right.tp, right.pred, right.gold) == (1, 1, 1)
    wrong = scoring.coref_counts((True, False), (False, True))
    assert (wrong.tp, wrong.pred, wrong.gold) == (0, 1, 1)
    abstained = scoring.coref_counts((False, True), (False, False))
    assert (abstained.tp, abstained.pred, abstained.gold) == (0, 0, 1)
    neither = scoring.coref_counts((False, False), (True, False))
    assert (neither.tp, neither.pred, neither.gold) == (0, 1, 0)


def test_coref_counts_add_up_to_gap_precision_and_recall() -> None:
    total = scoring.Counts()
    for gold, predicted in [
        ((True, False), (True, False)),
        ((False, True), (True, False)),
        ((False, True), (False, False)),
        ((False, False), (False, False)),
    ]:
        total += scoring.coref_counts(gold, predicted)
    assert total.precision == pytest.approx(0.5)
    assert total.recall == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("phrase", "kind", "names"),
    [
        ("European airframer Airbus", "organization", ["Airbus"]),
        ("U.S. President Barack Obama", "person", ["Barack Obama"]),
        ("Stephen Harper , Prime Minister of Canada", "person", ["Stephen Harper"]),
        ("Prime Minister of Canada", "person", []),
        (
            "Moscone Center in San Francisco , California",
            "location",
            ["Moscone Center", "California"],
        ),
        ("Boeing and Lockheed Martin", "organization", ["Boeing", "Lockheed Martin"]),
        ("Irish low cost airline , Ryanair", "organization", ["Ryanair"]),
        ("the Royal Courts of Justice", "organization", ["Royal Courts of Justice"]),
        ("Leung Kwok - hung of LSD", "person", ["Leung Kwok - hung"]),
        ("Afghanistan 's", "location", ["Afghanistan"]),
        ("the company", "organization", []),
        ("He", "person", []),
        ("US", "location", ["US"]),
        ("Americans", "person", []),
    ],
)
def test_name_parts_take_the_name_out_of_a_noun_phrase(
    phrase: str, kind: str, names: list[str]
) -> None:
    words = phrase.split()
    assert [" ".join(words[a : b + 1]) for a, b in name_parts(words, kind)] == names


def test_name_end_drops_a_participle_suffix_only() -> None:
    assert name_end("EADS-led", 0, 8) == 4
    assert name_end("Apple Inc.,", 0, 11) == 10
    assert name_end("Kwok Ka-ki", 0, 10) == 10


def test_a_gum_name_inside_nested_mentions_is_one_gold_name_of_the_innermost() -> None:
    """ "[the HQ in [Mountain View], [California]]": "California" once, as the state."""
    forms = ["the", "HQ", "in", "Mountain", "View", ",", "California"]
    entities = ["(1-place", "", "", "(2-place", "2)", "", "(3-place-x)1)"]
    tokens, start = [], 0
    for number, (form, entity) in enumerate(zip(forms, entities, strict=True), 1):
        upos = "PROPN" if form[0].isupper() else "X"
        misc = f"Entity={entity}" if entity else "_"
        tokens.append(corpora._Token(number, start, start + len(form), 0, upos, "NNP", form, misc))
        start += len(form) + 1
    mentions = corpora._gum_mentions(tokens, "doc")
    california = [m for m in mentions if (m.start, m.end) == (tokens[6].start, tokens[6].end)]
    assert [m.cluster for m in california] == ["doc:3"]
