"""Articles over HTTP: ingest (idempotent), read back, mentions, listing, deletion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from tests.api.conftest import assert_problem

SEED_URL = "https://news.example.com/2023/01/18/us-ukraine-generals-meet"
ENTITY_TYPES = {"person", "organization", "location"}
MILLEY_AND_ZALUZHNYI = "Gen. Mark Milley met Gen. Valerii Zaluzhnyi in Poland on Tuesday."
MILLEY_AND_AUSTIN = "Gen. Mark Milley visited Lloyd Austin in Brussels on Wednesday."


def seed_body(seed_text: str) -> dict[str, Any]:
    return {
        "title": "US and Ukrainian top generals meet in person",
        "text": seed_text,
        "url": SEED_URL,
        "source": "SOFREP",
        "published_at": "2023-01-18",
    }


def post(client: TestClient, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
    response = client.post("/articles", json=body)
    assert response.status_code == status, response.text
    article: dict[str, Any] = response.json()
    return article


def mentions(client: TestClient, article_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/articles/{article_id}/mentions")
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def entity_ids(items: list[dict[str, Any]], name: str) -> set[int]:
    return {item["entity_id"] for item in items if item["entity_name"] == name}


def listed_ids(client: TestClient, query: str = "") -> list[int]:
    response = client.get(f"/articles{query}")
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


# --- ingest and idempotency ------------------------------------------------------------------


def test_seed_article_is_created_and_a_repeat_returns_it_unchanged(
    client: TestClient, seed_text: str
) -> None:
    created = client.post("/articles", json=seed_body(seed_text))

    assert created.status_code == 201, created.text
    article = created.json()
    assert isinstance(article["id"], int)
    assert created.headers["location"].endswith(f"/articles/{article['id']}")
    assert client.get(created.headers["location"]).json()["id"] == article["id"]
    assert article["url"] == SEED_URL
    assert article["summary"]["people"] > 0
    assert article["summary"]["locations"] > 0
    assert article["summary"]["meetings"] > 0

    repeat = client.post("/articles", json=seed_body(seed_text))

    assert repeat.status_code == 200, repeat.text
    assert repeat.json() == article
    assert "location" not in repeat.headers
    assert listed_ids(client) == [article["id"]]


def test_same_url_with_a_different_text_is_a_conflict_naming_the_stored_article(
    client: TestClient, make_article: Callable[..., dict[str, Any]]
) -> None:
    url = "https://news.example.com/world/generals"
    stored = post(client, make_article(url=url))

    changed = client.post("/articles", json=make_article(url=url, text=MILLEY_AND_AUSTIN))
    # The URL is the key after normalization: host case, trailing slash, tracking parameters.
    disguised = client.post(
        "/articles",
        json=make_article(
            url="https://NEWS.example.com/world/generals/?utm_source=feed", text=MILLEY_AND_AUSTIN
        ),
    )

    for response in (changed, disguised):
        problem = assert_problem(response, 409)
        assert problem["article_id"] == stored["id"]
        assert str(stored["id"]) in problem["detail"]
    assert listed_ids(client) == [stored["id"]]
    assert client.get(f"/articles/{stored['id']}").json()["text"] == stored["text"]


def test_without_url_the_text_is_the_key_whatever_its_white_space(
    client: TestClient, make_article: Callable[..., dict[str, Any]]
) -> None:
    first = post(client, make_article(url=None, text=MILLEY_AND_ZALUZHNYI))
    respaced = "  Gen.  Mark Milley met\nGen. Valerii   Zaluzhnyi\n\nin Poland on Tuesday.  "

    same = post(client, make_article(url=None, text=MILLEY_AND_ZALUZHNYI), status=200)
    reflowed = post(client, make_article(url=None, text=respaced), status=200)
    other = post(client, make_article(url=None, text=MILLEY_AND_AUSTIN), status=201)

    assert first["url"] is None
    assert same["id"] == reflowed["id"] == first["id"]
    assert reflowed["text"] == MILLEY_AND_ZALUZHNYI
    assert other["id"] != first["id"]
    assert sorted(listed_ids(client)) == sorted([first["id"], other["id"]])


# --- reading back ----------------------------------------------------------------------------


def test_stored_text_and_mentions_agree_on_every_offset(client: TestClient, seed_text: str) -> None:
    article_id = post(client, seed_body(seed_text))["id"]

    stored = client.get(f"/articles/{article_id}")
    items = mentions(client, article_id)

    assert stored.status_code == 200
    article_text = stored.json()["text"]
    assert article_text == seed_text
    assert items
    for item in items:
        assert item["text"] == article_text[item["start"] : item["end"]], item
        assert item["entity_type"] in ENTITY_TYPES
    assert [(m["start"], m["end"]) for m in items] == sorted((m["start"], m["end"]) for m in items)
    people = {item["entity_name"] for item in items if item["entity_type"] == "person"}
    assert "Mark Milley" in people
    (milley_id,) = entity_ids(items, "Mark Milley")
    surname_only = [item for item in items if item["text"] == "Milley"]
    assert surname_only, "the seed article calls him 'Milley' after first mention"
    assert {item["entity_id"] for item in surname_only} == {milley_id}


def test_html_is_stored_as_clean_text_the_offsets_point_into(client: TestClient) -> None:
    html = (
        "<html><head><title>Generals meet</title>"
        "<script>var tracker = 'Lloyd Austin in Berlin';</script>"
        "<style>p { color: red; }</style></head><body>"
        "<p>Gen. Mark Milley met Gen. Valerii <b>Zaluzhnyi</b> in Poland on Tuesday.</p>"
        "<p>They talked   for a few hours in Rzeszow.</p>"
        "<script>document.write('Kyiv');</script></body></html>"
    )

    article = post(
        client,
        {"title": "Generals meet", "html": html, "published_at": "2023-01-18"},
    )
    items = mentions(client, article["id"])

    stored = article["text"]
    assert "<" not in stored and ">" not in stored
    for leaked in ("tracker", "Lloyd Austin", "Berlin", "document.write", "Kyiv", "color"):
        assert leaked not in stored
    assert "Gen. Mark Milley met Gen. Valerii Zaluzhnyi in Poland on Tuesday." in stored
    assert "They talked for a few hours in Rzeszow." in stored
    assert client.get(f"/articles/{article['id']}").json()["text"] == stored
    for item in items:
        assert item["text"] == stored[item["start"] : item["end"]], item
    assert {"Mark Milley", "Valerii Zaluzhnyi", "Poland"} <= {item["entity_name"] for item in items}


def test_published_at_with_an_offset_is_stored_in_utc(
    client: TestClient, make_article: Callable[..., dict[str, Any]]
) -> None:
    article = post(client, make_article(published_at="2023-01-18T23:30:00-05:00"))

    expected = dt.datetime(2023, 1, 19, 4, 30, tzinfo=dt.UTC)
    assert article["published_at"].startswith("2023-01-19T04:30:00")
    assert dt.datetime.fromisoformat(article["published_at"]) == expected
    stored = client.get(f"/articles/{article['id']}").json()
    assert dt.datetime.fromisoformat(stored["published_at"]) == expected


def test_unknown_article_is_404_for_text_and_mentions(client: TestClient) -> None:
    for path in ("/articles/999999", "/articles/999999/mentions"):
        problem = assert_problem(client.get(path), 404)
        assert "999999" in problem["detail"]


# --- listing and paging ----------------------------------------------------------------------


def test_articles_list_newest_published_first_and_pages_follow_next(
    client: TestClient, make_article: Callable[..., dict[str, Any]]
) -> None:
    oldest = post(client, make_article(published_at="2023-01-10"))["id"]
    newest = post(client, make_article(published_at="2023-01-20"))["id"]
    middle_first = post(client, make_article(published_at="2023-01-15T12:00:00Z"))["id"]
    middle_second = post(client, make_article(published_at="2023-01-15T12:00:00Z"))["id"]
    expected = [newest, middle_second, middle_first, oldest]

    everything = client.get("/articles").json()
    assert [item["id"] for item in everything["items"]] == expected
    assert everything["next"] is None
    assert "text" not in everything["items"][0]

    seen: list[int] = []
    url: str | None = "/articles?limit=1"
    pages = 0
    while url is not None:
        page = client.get(url)
        assert page.status_code == 200, page.text
        body = page.json()
        assert len(body["items"]) == 1
        seen.extend(item["id"] for item in body["items"])
        url = body["next"]
        pages += 1
        assert pages <= len(expected), "next never became null"
    assert seen == expected


def test_bad_paging_parameters_are_422_naming_the_parameter(client: TestClient) -> None:
    for cursor in ("not-a-cursor", "WyJ5ZXN0ZXJkYXkiLDFd", "e30"):
        problem = assert_problem(client.get("/articles", params={"cursor": cursor}), 422)
        assert problem["parameter"] == "cursor"
        assert "cursor" in problem["detail"]
    for limit in (0, 501):
        problem = assert_problem(client.get("/articles", params={"limit": limit}), 422)
        assert "limit" in problem["detail"]
    assert client.get("/articles", params={"limit": 500}).status_code == 200


# --- deletion --------------------------------------------------------------------------------


def test_delete_removes_the_article_and_only_the_entities_no_other_article_mentions(
    client: TestClient, engine: Engine, make_article: Callable[..., dict[str, Any]]
) -> None:
    deleted = post(client, make_article(text=MILLEY_AND_ZALUZHNYI))["id"]
    kept = post(client, make_article(text=MILLEY_AND_AUSTIN))["id"]
    deleted_mentions = mentions(client, deleted)
    (milley_id,) = entity_ids(deleted_mentions, "Mark Milley")
    (zaluzhnyi_id,) = entity_ids(deleted_mentions, "Valerii Zaluzhnyi")
    (poland_id,) = entity_ids(deleted_mentions, "Poland")
    assert entity_ids(mentions(client, kept), "Mark Milley") == {milley_id}

    response = client.delete(f"/articles/{deleted}")

    assert response.status_code == 204
    assert response.content == b""
    assert_problem(client.get(f"/articles/{deleted}"), 404)
    assert_problem(client.get(f"/articles/{deleted}/mentions"), 404)
    assert listed_ids(client) == [kept]
    assert entity_ids(mentions(client, kept), "Mark Milley") == {milley_id}
    assert client.get(f"/people/{milley_id}").status_code == 200
    assert_problem(client.get(f"/people/{zaluzhnyi_id}"), 404)
    assert_problem(client.get(f"/locations/{poland_id}"), 404)
    assert [p["id"] for p in client.get("/people", params={"q": "zaluzhnyi"}).json()["items"]] == []
    with engine.connect() as connection:
        for table in ("mentions", "meetings", "entity_attributes", "date_mentions"):
            left = connection.scalar(
                text(f"SELECT count(*) FROM {table} WHERE article_id = :id"), {"id": deleted}
            )
            assert left == 0, f"{table} still holds rows of the deleted article"
        orphans = connection.scalar(
            text(
                "SELECT count(*) FROM entities e"
                " WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = e.id)"
                " AND NOT EXISTS (SELECT 1 FROM meeting_participants p WHERE p.entity_id = e.id)"
                " AND NOT EXISTS (SELECT 1 FROM meetings g WHERE g.location_id = e.id)"
            )
        )
        assert orphans == 0
        assert connection.scalar(text("SELECT count(*) FROM articles")) == 1

    assert_problem(client.delete(f"/articles/{deleted}"), 404)


def test_delete_of_an_unknown_article_is_404(client: TestClient) -> None:
    problem = assert_problem(client.delete("/articles/999999"), 404)
    assert "999999" in problem["detail"]
