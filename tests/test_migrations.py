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


def test_0002_traces_existing_facts_and_keeps_admins_corrections(
    database_url: str, tmp_path: Path
) -> None:
    """A deployment at 0001 holds imported events and an admin's correction: after 0002 each
    fact names its source, the corrected grade its correction, so no import undoes it."""
    from sqlalchemy import text

    url = _scratch_url(database_url, tmp_path)
    migrate.upgrade(url, "0001")
    engine = build_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO authority (code, name, ofsted_name, dfe_number, la_type, region, "
                "status) VALUES ('E10000016', 'Kent', 'Kent', '886', 'county', 'south_east', "
                "'current')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO framework (id, name, starts_on) VALUES ('ilacs-2018', 'x', "
                "'2018-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO event (id, authority_code, kind, status, framework_id, "
                "fieldwork_start, published_on, source, source_release, version, created_at, "
                "updated_at) VALUES ('evt_1', 'E10000016', 'short_inspection', 'published', "
                "'ilacs-2018', '2022-05-16', '2022-07-08', 'import', '2025-03-31', 2, "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
        for area, grade in (("overall_effectiveness", "good"), ("help_and_protection", "good")):
            connection.execute(
                text("INSERT INTO judgement (event_id, area, grade) VALUES ('evt_1', :a, :g)"),
                {"a": area, "g": grade},
            )
        connection.execute(
            text(
                "INSERT INTO change (at, actor, resource_type, resource_id, action, event_id, "
                "before, after) VALUES ('2026-01-02 00:00:00', 'key_admin', 'event', 'evt_1', "
                "'judgements_corrected', 'evt_1', :before, :after)"
            ),
            {
                "before": '{"grades": {"overall_effectiveness": "outstanding", '
                '"help_and_protection": "good"}}',
                "after": '{"grades": {"overall_effectiveness": "good", '
                '"help_and_protection": "good"}}',
            },
        )
    migrate.upgrade(url)
    with engine.connect() as connection:
        facts = {
            row[0]: row[1]
            for row in connection.execute(text("SELECT field, source_kind FROM event_fact"))
        }
    assert facts == {
        "kind": "release",
        "fieldwork_start": "release",
        "published_on": "release",
        "grades.help_and_protection": "release",
        "grades.overall_effectiveness": "correction",
    }
    migrate.downgrade(url, "0001")
    migrate.upgrade(url)
    engine.dispose()
