"""services.ingest.ingest_batch over a stream longer than its look-up window: outcomes in
order, repeats and conflicts across windows, every new article stored once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from app.db import Database
from app.extraction import Extractor
from app.services.ingest import NewArticle, ingest_batch

PUBLISHED = dt.datetime(2023, 1, 18, 12)


def article(number: int, text: str | None = None) -> NewArticle:
    return NewArticle(
        title=f"Article {number}",
        text=text or f"Gen. Mark Milley met Lloyd Austin in Brussels ({number}).",
        published_at=PUBLISHED,
        published_date=PUBLISHED.date(),
        url=f"https://news.example.com/stream/{number}",
    )


def test_a_stream_is_stored_in_order_with_repeats_and_conflicts_across_windows(
    database_url: str, extractor: Extractor
) -> None:
    database = Database.from_url(database_url)
    pulled: list[int] = []

    def stream() -> Iterator[NewArticle]:
        for number, item in enumerate(
            [
                article(1),
                article(2),
                article(3),
                article(1),  # a repeat, two windows after the first copy
                article(2, text="Another text under the same URL."),  # a conflict
                article(4),
                article(3),
            ]
        ):
            pulled.append(number)
            yield item

    results = list(ingest_batch(database, extractor, stream(), window=2))

    assert [r.index for r in results] == list(range(7))
    outcomes = [
        "error" if r.error else ("created" if r.result and r.result.created else "existing")
        for r in results
    ]
    assert outcomes == ["created", "created", "created", "existing", "error", "created", "existing"]
    assert results[4].error is not None and results[4].error.status == 409
    ids = [r.result.article.id if r.result else None for r in results]
    assert ids[3] == ids[0] and ids[6] == ids[2]
    assert len({i for i in ids if i is not None}) == 4
    assert pulled == list(range(7))
    database.dispose()
