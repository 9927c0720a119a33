"""The tables queries read instead of scanning (an entity's articles, attribute counts,
who-met-whom counts, meeting dates and countries) agree with the facts they summarize after
every ingest and delete, and migration 0004 derives the same from a database that predates
them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, create_engine, select

from app import models
from tests.conftest import REPO

MakeArticle = Callable[..., dict[str, Any]]
ARTICLES = (
    "Gen. Mark Milley met Gen. Valerii Zaluzhnyi in Poland on Tuesday.",
    "Gen. Mark Milley met Gen. Valerii Zaluzhnyi in Kyiv on Monday.",
    "Gen. Mark Milley will meet Lloyd Austin in Paris next week.",
    "Defense Secretary Lloyd Austin met Gen. Mark Milley in Brussels on Friday.",
)


def rows(connection: Connection, *columns: Any) -> list[tuple[Any, ...]]:
    """Every row of ``columns``, as plain tuples, sorted."""
    return sorted(tuple(row) for row in connection.execute(select(*columns)))


def summaries(engine: Engine) -> dict[str, Any]:
    """What the summary tables hold."""
    ae, ac, mp = models.ArticleEntity, models.AttributeCount, models.MetPair
    with engine.connect() as connection:
        return {
            "article_entities": rows(
                connection, ae.article_id, ae.entity_id, ae.published_at, ae.mention_count
            ),
            "attribute_counts": rows(
                connection, ac.entity_id, ac.kind, ac.value, ac.value_entity_id, ac.article_count
            ),
            "met_pairs": rows(
                connection,
                mp.person_id,
                mp.other_id,
                mp.status,
                mp.meeting_count,
                mp.latest,
                mp.latest_meeting_id,
            ),
            "participant_dates": rows(
                connection,
                models.MeetingParticipant.meeting_id,
                models.MeetingParticipant.entity_id,
                models.MeetingParticipant.sort_date,
            ),
            "meeting_countries": rows(connection, models.Meeting.id, models.Meeting.country_code),
            "search_key_entities": rows(
                connection,
                models.EntitySearchKey.entity_id,
                models.EntitySearchKey.kind,
                models.EntitySearchKey.entity_key,
            ),
        }


def recomputed(engine: Engine) -> dict[str, Any]:
    """The same, computed in Python from the facts themselves."""
    with engine.connect() as connection:
        published = dict(rows(connection, models.Article.id, models.Article.published_at))
        mentions = Counter(rows(connection, models.Mention.article_id, models.Mention.entity_id))
        attributes = rows(
            connection,
            models.EntityAttribute.entity_id,
            models.EntityAttribute.kind,
            models.EntityAttribute.value,
            models.EntityAttribute.value_entity_id,
        )
        entities = dict(rows(connection, models.Entity.id, models.Entity.kind))
        entity_keys = dict(rows(connection, models.Entity.id, models.Entity.key))
        searched = rows(connection, models.EntitySearchKey.entity_id)
        countries = dict(rows(connection, models.Entity.id, models.Entity.country_code))
        meetings = {
            m.id: m
            for m in connection.execute(
                select(
                    models.Meeting.id,
                    models.Meeting.status,
                    models.Meeting.sort_date,
                    models.Meeting.location_id,
                )
            )
        }
        members = rows(
            connection, models.MeetingParticipant.meeting_id, models.MeetingParticipant.entity_id
        )
    pairs: dict[tuple[int, int, str], list[Any]] = {}
    for meeting_id, person in members:
        for other_meeting, other in members:
            if (
                other_meeting == meeting_id
                and other != person
                and entities[person] == entities[other] == "person"
            ):
                meeting = meetings[meeting_id]
                pair = pairs.setdefault((person, other, meeting.status), [0, None])
                pair[0] += 1
                pair[1] = max(filter(None, (pair[1], (meeting.sort_date, meeting_id))))
    return {
        "article_entities": sorted(
            (article, entity, published[article], count)
            for (article, entity), count in mentions.items()
        ),
        "attribute_counts": sorted((*key, count) for key, count in Counter(attributes).items()),
        "met_pairs": sorted((*key, count, *latest) for key, (count, latest) in pairs.items()),
        "participant_dates": sorted(
            (meeting_id, entity, meetings[meeting_id].sort_date) for meeting_id, entity in members
        ),
        "meeting_countries": sorted(
            (m.id, countries.get(m.location_id) if m.location_id else None)
            for m in meetings.values()
        ),
        "search_key_entities": sorted(
            (entity_id, entities[entity_id], entity_keys[entity_id]) for (entity_id,) in searched
        ),
    }


def post_all(client: TestClient, make_article: MakeArticle) -> list[int]:
    ids = []
    for number, text in enumerate(ARTICLES):
        response = client.post(
            "/articles", json=make_article(text=text, published_at=f"2023-01-{18 + number}")
        )
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


def test_summaries_follow_every_ingest_and_delete(
    client: TestClient, make_article: MakeArticle, database_url: str
) -> None:
    engine = create_engine(database_url)
    ids = post_all(client, make_article)
    stored = summaries(engine)
    assert stored == recomputed(engine)
    assert stored["met_pairs"], "the articles report meetings between people"
    assert stored["attribute_counts"], "the articles give people titles"

    milley = client.get("/people", params={"q": "Mark Milley"}).json()["items"][0]
    met = client.get(f"/people/{milley['id']}/met").json()["items"]
    assert {p["name"]: p["meeting_count"] for p in met} == {
        "Valerii Zaluzhnyi": 2,
        "Lloyd Austin": 1,
    }
    zaluzhnyi = next(p for p in met if p["name"] == "Valerii Zaluzhnyi")
    both = client.get(zaluzhnyi["meetings_url"]).json()["items"]
    assert len(both) == 2
    assert [m["id"] for m in zaluzhnyi["meetings"]] == [both[0]["id"]], "the latest of the two"
    assert zaluzhnyi["last_met"] == both[0]["date"]["start"]
    detail = client.get(f"/people/{milley['id']}").json()
    assert detail["article_count"] == len(ARTICLES)

    for deleted, article_id in enumerate(ids, start=1):
        assert client.delete(f"/articles/{article_id}").status_code == 204
        assert summaries(engine) == recomputed(engine), f"after {deleted} deletes"
        if deleted == 1:
            met = client.get(f"/people/{milley['id']}/met").json()["items"]
            assert {p["name"]: p["meeting_count"] for p in met} == {
                "Valerii Zaluzhnyi": 1,
                "Lloyd Austin": 1,
            }
    assert not any(summaries(engine).values())
    engine.dispose()


def test_a_place_named_as_a_party_is_stored_and_listed_with_the_meeting(
    client: TestClient, make_article: MakeArticle
) -> None:
    text = "Gen. Mark Walker negotiated with Poland for weeks over the new tanks."
    assert client.post("/articles", json=make_article(text=text)).status_code == 201

    [meeting] = client.get("/meetings").json()["items"]

    assert [p["name"] for p in meeting["participants"]] == ["Mark Walker"]
    assert [(p["name"], p["country_code"]) for p in meeting["parties"]] == [("Poland", "PL")]
    assert meeting["location"] is None
    poland = client.get(meeting["parties"][0]["url"]).json()
    assert poland["name"] == "Poland"


def test_migration_derives_the_summaries_of_stored_articles(
    app: Any, extractor: Any, make_article: MakeArticle, database_url: str
) -> None:
    with TestClient(app) as client:
        post_all(client, make_article)
    engine = create_engine(database_url)
    written_by_ingest = summaries(engine)
    engine.dispose()
    config = Config(str(REPO / "alembic.ini"))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logger"] = False
    command.downgrade(config, "0003")
    command.upgrade(config, "head")
    engine = create_engine(database_url)
    assert summaries(engine) == written_by_ingest
    engine.dispose()
