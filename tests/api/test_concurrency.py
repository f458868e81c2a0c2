"""Nothing committed is lost or half-applied: concurrent writers and failing requests, against
a database that really commits (not the rolled-back transaction of the other tests)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlmodel import Session, col, select

from api import migrate
from api.app import create_app
from api.clock import today
from api.db import build_engine, engine_dependency, session_factory, sessions_of
from api.domain.vocabulary import Region, Role
from api.keys import create_key
from api.reference import load_reference_data
from api.tables import Change, Event
from tests.conftest import OWN_AUTHORITY, TEST_TODAY, _recreate_postgres

CLIENTS = 50


@pytest.fixture
def committed(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    """A database of its own, migrated and loaded with the authorities, that commits."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'committed.sqlite3'}"
    else:
        main = make_url(database_url)
        url = main.set(database=f"{main.database}_committed").render_as_string(hide_password=False)
        _recreate_postgres(url)
    migrate.upgrade(url)
    engine = build_engine(url)
    with Session(engine) as session, session.begin():
        load_reference_data(session)
    yield engine
    engine.dispose()


@pytest.fixture
def live_app(committed: Engine) -> FastAPI:
    app = create_app()
    app.dependency_overrides[session_factory] = lambda: sessions_of(committed)
    app.dependency_overrides[engine_dependency] = lambda: committed
    app.dependency_overrides[today] = lambda: TEST_TODAY
    return app


@pytest.fixture
def inspector(committed: Engine) -> dict[str, str]:
    with Session(committed) as session, session.begin():
        _, token = create_key(session, Role.INSPECTOR, region=Region.LONDON)
    return {"Authorization": f"Bearer {token}"}


async def _notified_event(client: httpx.AsyncClient, who: dict[str, str]) -> tuple[str, str]:
    planned = await client.post(
        "/v1/events",
        json={
            "authority_code": OWN_AUTHORITY,
            "kind": "standard_inspection",
            "fieldwork_start": "2026-11-02",
            "fieldwork_end": "2026-11-13",
        },
        headers=who,
    )
    assert planned.status_code == 201, planned.text
    event_id = planned.json()["id"]
    notified = await client.post(
        f"/v1/events/{event_id}/notify",
        json={"notified_on": "2026-10-26"},
        headers={**who, "If-Match": planned.headers["etag"]},
    )
    assert notified.status_code == 200, notified.text
    return event_id, notified.headers["etag"]


def _changes(engine: Engine, event_id: str) -> list[str]:
    with Session(engine) as session:
        rows = session.exec(
            select(Change.action).where(col(Change.event_id) == event_id).order_by(col(Change.seq))
        ).all()
    return list(rows)


def test_of_concurrent_identical_steps_exactly_one_wins(
    live_app: FastAPI, committed: Engine, inspector: dict[str, str]
) -> None:
    async def scenario() -> tuple[str, Counter[int]]:
        transport = httpx.ASGITransport(app=live_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            event_id, etag = await _notified_event(client, inspector)

            async def start() -> int:
                response = await client.post(
                    f"/v1/events/{event_id}/start",
                    json={"fieldwork_start": "2026-11-02"},
                    headers={**inspector, "If-Match": etag},
                )
                return response.status_code

            statuses = await asyncio.gather(*(start() for _ in range(CLIENTS)))
            return event_id, Counter(statuses)

    event_id, statuses = asyncio.run(scenario())
    assert statuses[200] == 1, statuses
    assert set(statuses) <= {200, 409, 412}, statuses
    assert _changes(committed, event_id) == ["planned", "notify", "start"]
    with Session(committed) as session:
        event = session.get(Event, event_id)
        assert event is not None
        assert event.status == "on_site"
        assert event.version == 3


def test_a_request_failing_half_way_leaves_nothing_behind(
    live_app: FastAPI, committed: Engine, inspector: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.services import event_writes

    async def scenario() -> tuple[str, httpx.Response]:
        transport = httpx.ASGITransport(app=live_app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            event_id, etag = await _notified_event(client, inspector)

            def fail_after_writing(*_: object, **__: object) -> object:
                raise RuntimeError("the disk caught fire after the change was written")

            # The step changes the event and writes its change log entry, then fails.
            monkeypatch.setattr(event_writes, "changed", fail_after_writing)
            response = await client.post(
                f"/v1/events/{event_id}/start",
                json={"fieldwork_start": "2026-11-02"},
                headers={**inspector, "If-Match": etag},
            )
            return event_id, response

    event_id, response = asyncio.run(scenario())
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "fire" not in response.text  # no internals leak
    assert _changes(committed, event_id) == ["planned", "notify"]
    with Session(committed) as session:
        event = session.get(Event, event_id)
        assert event is not None
        assert (event.status, event.version, event.fieldwork_start.isoformat()) == (
            "notified",
            2,
            "2026-11-02",
        )
