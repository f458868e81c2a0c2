"""The migrations build exactly the schema the models describe, and undo it, on both databases."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import api.tables  # noqa: F401
from api import migrate
from api.db import build_engine
from tests.conftest import _recreate_postgres


def _scratch_url(database_url: str, directory: Path) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite:///{directory / 'migrations.sqlite3'}"
    main = make_url(database_url)
    url = main.set(database=f"{main.database}_migrations")
    rendered = url.render_as_string(hide_password=False)
    _recreate_postgres(rendered)
    return rendered


def test_upgrade_downgrade_upgrade(database_url: str, tmp_path: Path) -> None:
    url = _scratch_url(database_url, tmp_path)
    migrate.upgrade(url)
    engine = build_engine(url)
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables

    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == [], "the models and the migrations disagree"

    migrate.downgrade(url, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    migrate.upgrade(url)
    assert migrate.at_head(engine)
    engine.dispose()
