"""Settings from the environment (and an optional `.env` file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("var")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_DATA_DIR / 'ilacs.sqlite3'}",
        description="SQLAlchemy URL; PostgreSQL as postgresql+psycopg://user@host/db",
    )
    # Which date anchors the three-year inspection window (DOMAIN.md §3: derived, default
    # publication date).
    window_anchor: Literal["published_on", "fieldwork_end", "fieldwork_start"] = Field(
        default="published_on", alias="ILACS_WINDOW_ANCHOR"
    )
    window_months: int = Field(default=36, ge=1, le=120, alias="ILACS_WINDOW_MONTHS")
    window_tolerance_months: int = Field(
        default=6, ge=0, le=36, alias="ILACS_WINDOW_TOLERANCE_MONTHS"
    )
    # The schedule's derived cycles (DOMAIN.md §3-4): monitoring visits after an inadequate
    # result, and the yearly self-evaluation and engagement meeting.
    first_monitoring_visit_days: int = Field(
        default=28, ge=0, le=366, alias="ILACS_FIRST_MONITORING_VISIT_DAYS"
    )
    monitoring_visit_interval_months: int = Field(
        default=3, ge=1, le=24, alias="ILACS_MONITORING_VISIT_INTERVAL_MONTHS"
    )
    monitoring_visit_tolerance_days: int = Field(
        default=45, ge=0, le=366, alias="ILACS_MONITORING_VISIT_TOLERANCE_DAYS"
    )
    self_evaluation_months: int = Field(
        default=12, ge=1, le=60, alias="ILACS_SELF_EVALUATION_MONTHS"
    )
    engagement_meeting_months: int = Field(
        default=12, ge=1, le=60, alias="ILACS_ENGAGEMENT_MEETING_MONTHS"
    )
    # How long a worker trusts the data version it read (its own commits refresh it at once).
    data_version_ttl_ms: int = Field(default=50, ge=0, le=60_000, alias="ILACS_DATA_VERSION_TTL_MS")
    # Set by `ilacs serve --workers N` for its workers, not by operators: the file through
    # which a worker's commit tells the others at once (`api.data_version.ChangeSignal`).
    change_signal_file: str | None = Field(default=None, alias="ILACS_CHANGE_SIGNAL_FILE")
    db_pool_size: int = Field(default=5, ge=1, le=50, alias="ILACS_DB_POOL_SIZE")
    db_max_overflow: int = Field(default=5, ge=0, le=50, alias="ILACS_DB_MAX_OVERFLOW")
    # The largest request body accepted; larger ones are a 413 before they are parsed.
    max_body_bytes: int = Field(
        default=1_000_000, ge=1_000, le=100_000_000, alias="ILACS_MAX_BODY_BYTES"
    )
    # Browser origins allowed to send tokens and changes (public reads are open to any origin).
    cors_origins: str = Field(
        default="",
        alias="ILACS_CORS_ORIGINS",
        description="Comma-separated origins, e.g. https://dashboard.example.org",
    )

    @property
    def cors_origin_list(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]


@lru_cache
def get_settings() -> Settings:
    return Settings()
