"""The query API over HTTP: people, organizations, places and meetings found from the seed
article and small articles written for each case, with the real pipeline."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import assert_problem

SEED_TITLE = "US and Ukrainian top generals meet in person"
SEED_URL = "https://news.example.com/2023/01/18/generals-meet-in-person"
API = "http://testserver/"
MILLEY_WILL_MEET_AUSTIN = "Gen. Mark Milley will meet Lloyd Austin in Paris next week."
MILLEY_MET_AUSTIN_UNDATED = "Gen. Mark Milley met Lloyd Austin in Brussels."
MILLEY_VISITED_KYIV_IN_MARCH = "Gen. Mark Milley visited Kyiv in March 2022."
ALVAREZ_MET_MILLEY = "Gen. José Álvarez met Gen. Mark Milley in Madrid on Monday."
LIST_PATHS = ("/people", "/organizations", "/locations", "/meetings", "/articles")

Json = dict[str, Any]
MakeArticle = Callable[..., Json]


# --- helpers ---------------------------------------------------------------------------------


def get(client: TestClient, url: str, **params: Any) -> Json:
    """GET ``url`` with ``params`` added to the query it has, and check it answered 200."""
    response = client.get(str(httpx.URL(url).copy_merge_params(params)))
    assert response.status_code == 200, f"{url} {params}: {response.text}"
    body: Json = response.json()
    return body


def post(client: TestClient, body: Json) -> Json:
    response = client.post("/articles", json=body)
    assert response.status_code == 201, response.text
    article: Json = response.json()
    return article


def names(page: Json) -> list[str]:
    return [item["name"] for item in page["items"]]


def ids(page: Json) -> list[int]:
    return [item["id"] for item in page["items"]]


def pages(client: TestClient, url: str, **params: Any) -> list[Json]:
    """Every page of a list, following `next` from the first."""
    walked = [get(client, url, **params)]
    while walked[-1]["next"] is not None:
        assert len(walked) < 100, "the pages never end"
        walked.append(get(client, walked[-1]["next"]))
    return walked


def everything(client: TestClient, url: str, **params: Any) -> list[Json]:
    return [item for page in pages(client, url, limit=500, **params) for item in page["items"]]


def entity_id(client: TestClient, path: str, name: str) -> int:
    """The id of the one entity at ``path`` called exactly ``name``."""
    found: list[int] = [
        item["id"] for item in get(client, path, q=name)["items"] if item["name"] == name
    ]
    assert len(found) == 1, f"{path}: {name!r} -> {found}"
    return found[0]


def cursor_of(values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def api_urls(value: Any) -> Iterator[str]:
    """Every URL of this API in a response body (not where an article was published)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "source_url":
                yield from api_urls(item)
    elif isinstance(value, list):
        for item in value:
            yield from api_urls(item)
    elif isinstance(value, str) and value.startswith(API):
        yield value


@dataclass(frozen=True)
class Seeded:
    article: Json
    milley: int
    zaluzhnyi: int
    hilbert: int
    butler: int
    austin: int
    poland_meeting: Json
    grafenwoehr_visit: Json


def milley_meeting_with(client: TestClient, milley: int, other: int) -> Json:
    meetings: list[Json] = get(client, "/meetings", person=[milley, other])["items"]
    (meeting,) = meetings
    return meeting


@pytest.fixture
def seeded(client: TestClient, seed_text: str) -> Seeded:
    """The seed article stored, with the ids of the people the tests ask about."""
    article = post(
        client,
        {
            "title": SEED_TITLE,
            "text": seed_text,
            "url": SEED_URL,
            "source": "SOFREP",
            "published_at": "2023-01-18",
        },
    )
    milley = entity_id(client, "/people", "Mark Milley")
    zaluzhnyi = entity_id(client, "/people", "Valerii Zaluzhnyi")
    hilbert = entity_id(client, "/people", "Joseph E. Hilbert")
    return Seeded(
        article=article,
        milley=milley,
        zaluzhnyi=zaluzhnyi,
        hilbert=hilbert,
        butler=entity_id(client, "/people", "Dave Butler"),
        austin=entity_id(client, "/people", "Lloyd Austin"),
        poland_meeting=milley_meeting_with(client, milley, zaluzhnyi),
        grafenwoehr_visit=milley_meeting_with(client, milley, hilbert),
    )


# --- people: prefix search -------------------------------------------------------------------


@pytest.mark.parametrize("q", ["mil", "MARK M", "milley", "Mark Milley", "  mark   MILL "])
def test_people_prefix_of_any_word_finds_mark_milley_once(
    client: TestClient, seeded: Seeded, q: str
) -> None:
    found = get(client, "/people", q=q)

    assert "Mark Milley" in names(found)
    assert [n for n in names(found) if "milley" in n.casefold()] == ["Mark Milley"]
    everyone = [item["name"] for item in everything(client, "/people")]
    assert [n for n in everyone if "milley" in n.casefold()] == ["Mark Milley"]


def test_people_q_matches_word_starts_only(client: TestClient, seeded: Seeded) -> None:
    assert names(get(client, "/people", q="illey")) == []
    assert names(get(client, "/people", q="zal")) == ["Valerii Zaluzhnyi"]
    assert names(get(client, "/people", q="mark z")) == []


def test_people_q_ignores_accents_and_case(client: TestClient, make_article: MakeArticle) -> None:
    post(client, make_article(text=ALVAREZ_MET_MILLEY))

    for q in ("jose alv", "JOSÉ ÁLV", "alvarez", "Álvarez", "jOsE"):
        assert names(get(client, "/people", q=q)) == ["José Álvarez"], q
    alvarez = entity_id(client, "/people", "José Álvarez")
    assert get(client, f"/people/{alvarez}")["name"] == "José Álvarez"


@pytest.mark.parametrize("path", ["/people", "/organizations", "/locations", "/articles"])
def test_q_without_a_letter_or_digit_is_a_422_naming_q(client: TestClient, path: str) -> None:
    problem = assert_problem(client.get(path, params={"q": "%-%"}), 422)
    assert problem.get("parameter") == "q" or "q" in problem["detail"]
    assert_problem(client.get(path, params={"q": ""}), 422)


def test_people_are_listed_in_name_order(client: TestClient, seeded: Seeded) -> None:
    listed = [item["name"] for item in everything(client, "/people")]

    assert listed == sorted(listed, key=str.casefold)
    assert {"Mark Milley", "Valerii Zaluzhnyi", "Dave Butler"} <= set(listed)


def test_people_country_is_the_nationality(client: TestClient, seeded: Seeded) -> None:
    americans = get(client, "/people", country="us")

    assert "Mark Milley" in names(americans)
    assert "Valerii Zaluzhnyi" not in names(americans)
    assert names(get(client, "/people", country="UA")) == ["Valerii Zaluzhnyi"]


# --- people: detail and who met whom ---------------------------------------------------------


def test_person_detail_gathers_aliases_titles_role_and_organization(
    client: TestClient, seeded: Seeded
) -> None:
    person = get(client, f"/people/{seeded.milley}")

    assert person["name"] == "Mark Milley"
    assert "Milley" in person["aliases"]
    assert "Mark Milley" not in person["aliases"]
    assert "Gen." in person["titles"]
    assert "Chairman of the Joint Chiefs of Staff" in person["roles"]
    assert person["nationality"] == "US"
    assert person["retired"] is False
    (joint_chiefs,) = [o for o in person["organizations"] if o["name"] == "Joint Chiefs of Staff"]
    assert get(client, joint_chiefs["url"])["id"] == joint_chiefs["id"]
    assert person["article_count"] == 1
    assert person["mention_count"] > person["article_count"]
    assert [a["id"] for a in person["articles"]] == [seeded.article["id"]]
    assert person["articles"][0]["source_url"] == SEED_URL
    meeting_ids = {m["id"] for m in person["meetings"]}
    assert {seeded.poland_meeting["id"], seeded.grafenwoehr_visit["id"]} <= meeting_ids
    assert person["meeting_count"] == len(person["meetings"])


def test_met_lists_zaluzhnyi_with_the_meeting_as_evidence_and_not_the_spokesman(
    client: TestClient, seeded: Seeded
) -> None:
    met = get(client, f"/people/{seeded.milley}/met")

    assert "Valerii Zaluzhnyi" in names(met)
    assert "Dave Butler" not in names(met)
    assert "Mark Milley" not in names(met)
    assert met["total"] == len(met["items"])
    (zaluzhnyi,) = [item for item in met["items"] if item["id"] == seeded.zaluzhnyi]
    assert zaluzhnyi["last_met"] == "2023-01-17"
    assert get(client, zaluzhnyi["url"])["name"] == "Valerii Zaluzhnyi"
    (meeting,) = zaluzhnyi["meetings"]
    assert meeting["id"] == seeded.poland_meeting["id"]
    assert meeting["status"] == "occurred"
    assert meeting["kind"] == "meeting"
    assert meeting["date"] == {"start": "2023-01-17", "end": "2023-01-17"}
    assert meeting["location"]["country_code"] == "PL"
    assert "Poland" in meeting["location"]["name"]
    detail = get(client, meeting["url"])
    assert {p["id"] for p in detail["participants"]} == {seeded.milley, seeded.zaluzhnyi}
    # Meeting is mutual.
    assert "Mark Milley" in names(get(client, f"/people/{seeded.zaluzhnyi}/met"))
    assert "Mark Milley" not in names(get(client, f"/people/{seeded.butler}/met"))


def test_met_counts_plans_only_when_status_asks_for_them(
    client: TestClient, seeded: Seeded, make_article: MakeArticle
) -> None:
    post(client, make_article(text=MILLEY_WILL_MEET_AUSTIN, published_at="2023-01-18"))
    met_url = f"/people/{seeded.milley}/met"

    occurred = get(client, met_url)
    planned = get(client, met_url, status="planned")
    both = get(client, met_url, status=["occurred", "planned"])

    assert "Lloyd Austin" not in names(occurred)
    assert names(planned) == ["Lloyd Austin"]
    (plan,) = planned["items"][0]["meetings"]
    assert plan["status"] == "planned"
    assert plan["date"] == {"start": "2023-01-23", "end": "2023-01-29"}
    assert plan["location"]["name"] == "Paris"
    assert plan["location"]["country_code"] == "FR"
    # The most recently met first: next week's plan before Tuesday's meeting.
    assert names(both)[0] == "Lloyd Austin"
    assert set(names(occurred)) | {"Lloyd Austin"} == set(names(both))
    assert both["total"] == occurred["total"] + 1
    assert_problem(client.get(met_url, params={"status": "rumoured"}), 422)


def test_met_pages_follow_next(client: TestClient, seeded: Seeded) -> None:
    url = f"/people/{seeded.milley}/met"
    full = get(client, url)

    walked = pages(client, url, limit=1)

    assert len(full["items"]) >= 2
    assert [item["id"] for page in walked for item in page["items"]] == ids(full)
    assert all(len(page["items"]) == 1 for page in walked)


def test_met_pages_over_several_statuses_follow_next(
    client: TestClient, seeded: Seeded, make_article: MakeArticle
) -> None:
    post(client, make_article(text=MILLEY_WILL_MEET_AUSTIN, published_at="2023-01-18"))
    url = f"/people/{seeded.milley}/met"
    statuses = ["occurred", "planned"]
    full = get(client, url, status=statuses)

    walked = pages(client, url, limit=1, status=statuses)

    assert len(full["items"]) >= 3
    assert [item["id"] for page in walked for item in page["items"]] == ids(full)
    assert [page["total"] for page in walked] == [full["total"]] * len(walked)


def test_met_total_is_the_same_on_every_page(client: TestClient, seeded: Seeded) -> None:
    full = get(client, f"/people/{seeded.milley}/met")

    walked = pages(client, f"/people/{seeded.milley}/met", limit=1)

    assert [page["total"] for page in walked] == [full["total"]] * len(walked)


# --- locations -------------------------------------------------------------------------------


def test_locations_in_germany_are_only_german_places(client: TestClient, seeded: Seeded) -> None:
    german = everything(client, "/locations", country="DE")

    assert {item["country_code"] for item in german} == {"DE"}
    listed = {item["name"] for item in german}
    assert {"Grafenwoehr Training Area", "Ramstein Air Base"} <= listed
    assert "Poland" not in listed
    all_german = {i["name"] for i in everything(client, "/locations") if i["country_code"] == "DE"}
    assert listed == all_german


def test_locations_country_code_is_case_insensitive(client: TestClient, seeded: Seeded) -> None:
    upper = get(client, "/locations", country="PL")
    lower = get(client, "/locations", country="pl")

    assert "Poland" in names(upper)
    assert {item["country_code"] for item in upper["items"]} == {"PL"}
    assert lower == upper


@pytest.mark.parametrize("path", ["/locations", "/people", "/meetings"])
def test_unknown_country_code_is_a_422_naming_country(
    client: TestClient, seeded: Seeded, path: str
) -> None:
    for code in ("XX", "Poland", "P"):
        problem = assert_problem(client.get(path, params={"country": code}), 422)
        assert problem.get("parameter") == "country", problem
        assert code in problem["detail"]


def test_locations_q_matches_the_gazetteer_name_too(client: TestClient, seeded: Seeded) -> None:
    (grafenwoehr,) = get(client, "/locations", q="grafenw")["items"]

    assert grafenwoehr["name"] == "Grafenwoehr Training Area"
    assert grafenwoehr["resolved_name"] == "Grafenwöhr"
    assert grafenwoehr["country_code"] == "DE"
    assert grafenwoehr["geonames_id"] is not None
    assert 49 < grafenwoehr["latitude"] < 50 and 11 < grafenwoehr["longitude"] < 12.5
    assert ids(get(client, "/locations", q="GRAFENWÖHR")) == [grafenwoehr["id"]]
    assert names(get(client, "/locations", q="ramstein mies")) == ["Ramstein Air Base"]
    assert names(get(client, "/locations", q="ram", country="DE")) == ["Ramstein Air Base"]
    assert names(get(client, "/locations", q="ram", country="PL")) == []


def test_location_detail_lists_the_meetings_held_there(client: TestClient, seeded: Seeded) -> None:
    place = seeded.grafenwoehr_visit["location"]
    detail = get(client, place["url"])

    assert detail["name"] == "Grafenwoehr Training Area"
    assert [m["id"] for m in detail["meetings"]] == [seeded.grafenwoehr_visit["id"]]
    assert detail["meeting_count"] == 1
    assert ids(get(client, "/meetings", location=place["id"])) == [seeded.grafenwoehr_visit["id"]]


# --- meetings --------------------------------------------------------------------------------


def test_meeting_items_name_their_participants_and_place(
    client: TestClient, seeded: Seeded
) -> None:
    meetings = get(client, "/meetings")["items"]

    assert seeded.poland_meeting["id"] in [m["id"] for m in meetings]
    for meeting in meetings:
        for person in meeting["participants"]:
            assert set(person) == {"id", "name", "url"}
            assert get(client, person["url"])["name"] == person["name"]
        if meeting["location"] is not None:
            assert set(meeting["location"]) == {"id", "name", "country_code", "url"}
            assert get(client, meeting["location"]["url"])["id"] == meeting["location"]["id"]
        assert get(client, meeting["article_url"])["id"] == meeting["article_id"]
    poland = seeded.poland_meeting
    assert [p["name"] for p in poland["participants"]] == ["Mark Milley", "Valerii Zaluzhnyi"]
    assert poland["location"]["country_code"] == "PL"
    assert poland["kind"] == "meeting" and poland["status"] == "occurred"
    visit = seeded.grafenwoehr_visit
    assert visit["kind"] == "visit"
    assert visit["location"]["name"] == "Grafenwoehr Training Area"
    assert visit["location"]["country_code"] == "DE"


def test_meetings_latest_first(client: TestClient, seeded: Seeded) -> None:
    meetings = get(client, "/meetings")["items"]
    starts = [m["date"]["start"] for m in meetings if m["date"]]

    assert starts == sorted(starts, reverse=True)
    listed = [m["id"] for m in meetings]
    assert listed.index(seeded.poland_meeting["id"]) < listed.index(seeded.grafenwoehr_visit["id"])


def test_meetings_of_a_person_in_a_country(client: TestClient, seeded: Seeded) -> None:
    in_poland = get(client, "/meetings", person=seeded.milley, country="PL")
    in_germany = get(client, "/meetings", person=seeded.milley, country="de")

    assert ids(in_poland) == [seeded.poland_meeting["id"]]
    assert ids(in_germany) == [seeded.grafenwoehr_visit["id"]]
    assert ids(get(client, "/meetings", person=seeded.zaluzhnyi, country="DE")) == []


def test_repeated_person_means_they_all_took_part(client: TestClient, seeded: Seeded) -> None:
    milley_alone = ids(get(client, "/meetings", person=seeded.milley))
    together = get(client, "/meetings", person=[seeded.milley, seeded.zaluzhnyi])
    never_met = get(client, "/meetings", person=[seeded.hilbert, seeded.zaluzhnyi])

    assert {seeded.poland_meeting["id"], seeded.grafenwoehr_visit["id"]} <= set(milley_alone)
    assert ids(together) == [seeded.poland_meeting["id"]]
    assert never_met["items"] == []
    assert get(client, "/meetings", person=[seeded.butler, seeded.milley])["items"] == []


def test_meeting_filters_by_status_kind_and_article(
    client: TestClient, seeded: Seeded, make_article: MakeArticle
) -> None:
    other = post(client, make_article(text=MILLEY_WILL_MEET_AUSTIN))

    visits = get(client, "/meetings", kind="visit")["items"]
    planned = get(client, "/meetings", status="planned")["items"]
    from_other = get(client, "/meetings", article=other["id"])["items"]

    assert visits and {m["kind"] for m in visits} == {"visit"}
    assert seeded.grafenwoehr_visit["id"] in [m["id"] for m in visits]
    assert {m["status"] for m in planned} == {"planned"}
    assert [m["participants"] for m in from_other] == [
        [
            {"id": seeded.milley, "name": "Mark Milley", "url": f"{API}people/{seeded.milley}"},
            {"id": seeded.austin, "name": "Lloyd Austin", "url": f"{API}people/{seeded.austin}"},
        ]
    ]
    assert from_other[0]["id"] in [m["id"] for m in planned]


def test_dates_keep_the_meetings_whose_range_overlaps(
    client: TestClient, make_article: MakeArticle
) -> None:
    kyiv = post(client, make_article(text=MILLEY_VISITED_KYIV_IN_MARCH))
    undated = post(client, make_article(text=MILLEY_MET_AUSTIN_UNDATED))
    (march,) = get(client, "/meetings", article=kyiv["id"])["items"]
    (no_date,) = get(client, "/meetings", article=undated["id"])["items"]
    assert march["date"] == {"start": "2022-03-01", "end": "2022-03-31"}
    assert no_date["date"] is None

    def listed(**dates: str) -> list[int]:
        return ids(get(client, "/meetings", **dates))

    assert set(listed()) == {march["id"], no_date["id"]}
    assert listed(date_from="2022-03-15", date_to="2022-03-15") == [march["id"]]
    assert listed(date_from="2022-02-01", date_to="2022-03-01") == [march["id"]]
    assert listed(date_from="2022-03-31") == [march["id"]]
    assert listed(date_to="2022-03-01") == [march["id"]]
    assert listed(date_to="2022-02-28") == []
    assert listed(date_from="2022-04-01") == []
    assert listed(date_from="2022-04-01", date_to="2022-12-31") == []


def test_reversed_date_range_is_a_422_naming_date_from(client: TestClient) -> None:
    for path in ("/meetings", "/articles"):
        response = client.get(path, params={"date_from": "2023-01-20", "date_to": "2023-01-01"})
        problem = assert_problem(response, 422)
        assert problem.get("parameter") == "date_from", problem
    assert_problem(client.get("/meetings", params={"date_from": "2023-02-30"}), 422)


def test_meeting_evidence_is_the_article_text_at_its_offsets(
    client: TestClient, seeded: Seeded
) -> None:
    meeting = get(client, seeded.poland_meeting["url"])
    text = get(client, meeting["article_url"])["text"]

    assert meeting["evidence"]
    for evidence in meeting["evidence"]:
        assert evidence["article_id"] == seeded.article["id"]
        assert 0 <= evidence["start"] < evidence["end"] <= len(text)
        assert evidence["text"] == text[evidence["start"] : evidence["end"]]
        assert evidence["sentence"] >= 0
    joined = " ".join(e["text"] for e in meeting["evidence"])
    assert "face-to-face conversation with his Ukrainian counterpart" in joined
    assert {p["name"] for p in meeting["participants"]} == {"Mark Milley", "Valerii Zaluzhnyi"}
    brief = {key: value for key, value in meeting.items() if key != "evidence"}
    assert brief == seeded.poland_meeting


# --- organizations ---------------------------------------------------------------------------


def test_organizations_include_nato(client: TestClient, seeded: Seeded) -> None:
    listed = [item["name"] for item in everything(client, "/organizations")]

    assert "NATO" in listed
    assert "Joint Chiefs of Staff" in listed
    assert names(get(client, "/organizations", q="nato")) == ["NATO"]
    assert listed == sorted(listed, key=str.casefold)


def test_organization_lists_the_people_linked_to_it(client: TestClient, seeded: Seeded) -> None:
    joint_chiefs = entity_id(client, "/organizations", "Joint Chiefs of Staff")
    nato = entity_id(client, "/organizations", "NATO")

    detail = get(client, f"/organizations/{joint_chiefs}")

    assert [p["name"] for p in detail["people"]] == ["Mark Milley"]
    assert detail["people"][0]["id"] == seeded.milley
    assert names(get(client, "/people", organization=joint_chiefs)) == ["Mark Milley"]
    assert get(client, "/people", organization=nato)["items"] == []
    assert get(client, "/people", organization=joint_chiefs, q="zal")["items"] == []


def test_links_list_exactly_the_entitys_articles_and_meetings(
    client: TestClient, seeded: Seeded, make_article: MakeArticle
) -> None:
    post(client, make_article(text=MILLEY_VISITED_KYIV_IN_MARCH))
    contact_group = entity_id(client, "/organizations", "Ukraine Contact Group")
    details = [
        f"/people/{seeded.zaluzhnyi}",
        seeded.grafenwoehr_visit["location"]["url"],
        f"/organizations/{contact_group}",
    ]
    for url in details:
        detail = get(client, url)
        listed_meetings = everything(client, detail["links"]["meetings"])
        listed_articles = everything(client, detail["links"]["articles"])
        assert [m["id"] for m in listed_meetings] == [m["id"] for m in detail["meetings"]], url
        assert [a["id"] for a in listed_articles] == [a["id"] for a in detail["articles"]], url


# --- paging ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", LIST_PATHS)
def test_pages_of_two_cover_the_list_without_overlap(
    client: TestClient, seeded: Seeded, make_article: MakeArticle, path: str
) -> None:
    post(client, make_article(text=MILLEY_WILL_MEET_AUSTIN, title="Plans for Paris"))
    post(client, make_article(text=MILLEY_VISITED_KYIV_IN_MARCH, title="Kyiv in March"))
    full = get(client, path, limit=500, count="true")

    walked = pages(client, path, limit=2)

    assert len(full["items"]) > 2
    assert full["total"] == len(full["items"])
    assert full["next"] is None
    assert all(1 <= len(page["items"]) <= 2 for page in walked)
    assert all(page["total"] is None for page in walked)
    paged = [item["id"] for page in walked for item in page["items"]]
    assert len(paged) == len(set(paged))
    assert paged == ids(full)
    assert len(walked) == (len(full["items"]) + 1) // 2


def test_next_keeps_the_filters(client: TestClient, seeded: Seeded) -> None:
    ukrainian = everything(client, "/locations", country="UA")

    walked = pages(client, "/locations", country="UA", limit=2, count="true")

    assert len(ukrainian) > 2
    assert [item["id"] for page in walked for item in page["items"]] == [i["id"] for i in ukrainian]
    assert {page["total"] for page in walked} == {len(ukrainian)}


def test_total_only_when_counted(client: TestClient, seeded: Seeded) -> None:
    counted = get(client, "/people", count="true", limit=1)
    uncounted = get(client, "/people", limit=1)

    assert counted["total"] == len(everything(client, "/people"))
    assert uncounted["total"] is None
    assert get(client, "/people", count="true", q="mil")["total"] == 1


@pytest.mark.parametrize(
    "cursor",
    [
        "forged",
        "!!!",
        cursor_of({"key": "mark milley", "id": 1}),
        cursor_of(["mark milley"]),
        cursor_of([1, "mark milley"]),
        cursor_of(["2023-01-01", 2**40]),
        cursor_of(["2023-01-01", True]),
    ],
)
def test_forged_cursor_is_a_422_naming_cursor(
    client: TestClient, seeded: Seeded, cursor: str
) -> None:
    for path in (*LIST_PATHS, f"/people/{seeded.milley}/met"):
        problem = assert_problem(client.get(path, params={"cursor": cursor}), 422)
        assert problem.get("parameter") == "cursor", (path, problem)


def test_a_cursor_from_one_list_is_refused_by_another(client: TestClient, seeded: Seeded) -> None:
    people_next = get(client, "/people", limit=1)["next"]
    cursor = people_next.split("cursor=")[1]

    problem = assert_problem(client.get("/meetings", params={"cursor": cursor}), 422)

    assert problem.get("parameter") == "cursor"


@pytest.mark.parametrize("path", LIST_PATHS)
@pytest.mark.parametrize("limit", ["0", "501", "-1", "ten"])
def test_limit_outside_1_to_500_is_a_422(client: TestClient, path: str, limit: str) -> None:
    problem = assert_problem(client.get(path, params={"limit": limit}), 422)

    assert "limit" in problem["detail"]


def assert_nothing_found_or_refused(response: httpx.Response) -> None:
    """A query no stored row can match: an empty page, or a 422, never a server error."""
    if response.status_code == 200:
        assert response.json()["items"] == []
    else:
        assert_problem(response, 422)


def test_nul_in_a_text_filter_finds_nothing_rather_than_failing(
    client: TestClient, seeded: Seeded
) -> None:
    # PostgreSQL refuses NUL in text, so it must not reach the query.
    assert_nothing_found_or_refused(client.get("/articles", params={"source": "SOFREP\x00"}))
    assert ids(get(client, "/articles", source="SOFREP")) == [seeded.article["id"]]


@pytest.mark.parametrize("path", ["/people", "/organizations", "/locations"])
def test_nul_in_a_cursor_finds_nothing_rather_than_failing(
    client: TestClient, seeded: Seeded, path: str
) -> None:
    after_everything = cursor_of(["\uffff\u0000", 2**31 - 1])

    assert_nothing_found_or_refused(client.get(path, params={"cursor": after_everything}))


# --- unknown ids -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/people/999999",
        "/people/999999/met",
        "/organizations/999999",
        "/locations/999999",
        "/meetings/999999",
    ],
)
def test_unknown_id_is_a_404_problem(client: TestClient, seeded: Seeded, path: str) -> None:
    problem = assert_problem(client.get(path), 404)

    assert "999999" in problem["detail"]


def test_an_id_of_another_kind_is_a_404(client: TestClient, seeded: Seeded) -> None:
    place = seeded.poland_meeting["location"]["id"]
    nato = entity_id(client, "/organizations", "NATO")

    for path in (
        f"/locations/{seeded.milley}",
        f"/organizations/{seeded.milley}",
        f"/people/{place}",
        f"/people/{nato}",
        f"/people/{nato}/met",
        f"/locations/{nato}",
    ):
        assert_problem(client.get(path), 404)
    assert get(client, f"/locations/{place}")["id"] == place


# --- links -----------------------------------------------------------------------------------


def test_every_url_in_the_responses_resolves(
    client: TestClient, seeded: Seeded, make_article: MakeArticle
) -> None:
    post(client, make_article(text=MILLEY_WILL_MEET_AUSTIN))
    start = [
        f"/people/{seeded.milley}",
        f"/people/{seeded.milley}/met?status=occurred&status=planned",
        seeded.poland_meeting["url"],
        seeded.poland_meeting["location"]["url"],
        f"/organizations/{entity_id(client, '/organizations', 'Joint Chiefs of Staff')}",
        "/people?limit=2",
        "/meetings?limit=2",
        "/locations?limit=2",
        "/organizations?limit=2",
        "/articles",
    ]

    linked: set[str] = set()
    for url in start:
        linked.update(api_urls(get(client, url)))

    assert len(linked) > len(start)
    for url in sorted(linked):
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.text}"
        is_entity_or_meeting = "?" not in url and "/articles" not in url and "/met" not in url
        if is_entity_or_meeting:
            assert response.json()["url"] == url
    person = get(client, f"/people/{seeded.milley}")
    assert person["url"] == f"{API}people/{seeded.milley}"
    assert person["links"]["self"] == person["url"]
    assert get(client, person["links"]["met"])["items"]


# --- articles --------------------------------------------------------------------------------


def test_articles_by_title_word_prefix(
    client: TestClient, seeded: Seeded, make_article: MakeArticle
) -> None:
    other = post(
        client, make_article(text=MILLEY_WILL_MEET_AUSTIN, title="Summit planned in Paris")
    )

    assert ids(get(client, "/articles", q="ukrain")) == [seeded.article["id"]]
    assert ids(get(client, "/articles", q="GENERALS MEET")) == [seeded.article["id"]]
    assert ids(get(client, "/articles", q="summ")) == [other["id"]]
    assert sorted(ids(get(client, "/articles", q="in"))) == sorted(
        [seeded.article["id"], other["id"]]
    )
    assert ids(get(client, "/articles", q="erals")) == []


def test_articles_mentioning_an_entity(
    client: TestClient, seeded: Seeded, make_article: MakeArticle
) -> None:
    other = post(client, make_article(text=MILLEY_WILL_MEET_AUSTIN))
    paris = entity_id(client, "/locations", "Paris")

    assert ids(get(client, "/articles", entity=seeded.zaluzhnyi)) == [seeded.article["id"]]
    assert sorted(ids(get(client, "/articles", entity=seeded.milley))) == sorted(
        [seeded.article["id"], other["id"]]
    )
    assert ids(get(client, "/articles", entity=paris)) == [other["id"]]
    assert get(client, "/articles", entity=999999)["items"] == []


# --- across articles -------------------------------------------------------------------------


def test_two_articles_naming_mark_milley_make_one_person(
    client: TestClient, make_article: MakeArticle
) -> None:
    first = post(client, make_article())
    second = post(client, make_article(text=MILLEY_WILL_MEET_AUSTIN))

    (milley,) = get(client, "/people", q="milley")["items"]
    person = get(client, milley["url"])

    assert person["name"] == "Mark Milley"
    assert person["article_count"] == 2
    assert {a["id"] for a in person["articles"]} == {first["id"], second["id"]}
    assert person["meeting_count"] == 2
    assert [n for n in names(get(client, "/people")) if "Milley" in n] == ["Mark Milley"]
    met = get(client, f"{milley['url']}/met", status=["occurred", "planned"])
    assert names(met) == ["Lloyd Austin", "Valerii Zaluzhnyi"]
