"""Preconditions and idempotency hold under concurrency, on a database that really commits.

Fifty clients at once (as in `tests/api/test_concurrency.py`), on SQLite and PostgreSQL: the
same `start` with the same current If-Match wins exactly once, the other 49 are 412s; with
`If-Match: *` all 50 are 428s and nothing changes; fifty retries of one Idempotency-Key with the
same body get fifty identical answers, one original and 49 replays, and the change is made once.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable

import httpx
from fastapi import FastAPI
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from api.tables import Event
from tests.api.test_concurrency import CLIENTS, _changes, _notified_event
from tests.conftest import OWN_AUTHORITY

START = {"fieldwork_start": "2026-11-02"}
Answer = tuple[int, bytes, str | None]  # status, body, Idempotent-Replayed


def concurrently(
    app: FastAPI,
    who: dict[str, str],
    request: Callable[[httpx.AsyncClient, str, str], Awaitable[httpx.Response]],
) -> tuple[str, list[Answer]]:
    """Notify a new event, then send `request(client, event_id, etag)` CLIENTS times at once."""

    async def scenario() -> tuple[str, list[Answer]]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            event_id, etag = await _notified_event(client, who)
            responses = await asyncio.gather(
                *(request(client, event_id, etag) for _ in range(CLIENTS))
            )
        return event_id, [
            (r.status_code, r.content, r.headers.get("idempotent-replayed")) for r in responses
        ]

    return asyncio.run(scenario())


def test_of_fifty_identical_starts_one_wins_and_49_are_stale(
    live_app: FastAPI, committed: Engine, inspector: dict[str, str]
) -> None:
    def start(client: httpx.AsyncClient, event_id: str, etag: str) -> Awaitable[httpx.Response]:
        return client.post(
            f"/v1/events/{event_id}/start", json=START, headers={**inspector, "If-Match": etag}
        )

    event_id, answers = concurrently(live_app, inspector, start)
    statuses = Counter(status for status, _, _ in answers)
    assert statuses == Counter({200: 1, 412: CLIENTS - 1}), statuses
    assert _changes(committed, event_id) == ["planned", "notify", "start"]


def test_fifty_starts_with_if_match_star_are_all_428(
    live_app: FastAPI, committed: Engine, inspector: dict[str, str]
) -> None:
    def start(client: httpx.AsyncClient, event_id: str, _etag: str) -> Awaitable[httpx.Response]:
        return client.post(
            f"/v1/events/{event_id}/start", json=START, headers={**inspector, "If-Match": "*"}
        )

    event_id, answers = concurrently(live_app, inspector, start)
    statuses = Counter(status for status, _, _ in answers)
    assert statuses == Counter({428: CLIENTS}), statuses
    assert _changes(committed, event_id) == ["planned", "notify"]


def _one_answer_replayed(answers: list[Answer]) -> None:
    assert len({(status, body) for status, body, _ in answers}) == 1, Counter(
        status for status, _, _ in answers
    )
    assert 200 <= answers[0][0] < 300, answers[0][1][:200]
    replayed = Counter(flag for _, _, flag in answers)
    assert replayed == Counter({None: 1, "true": CLIENTS - 1}), replayed


def test_fifty_retries_of_one_start_are_answered_alike_and_start_once(
    live_app: FastAPI, committed: Engine, inspector: dict[str, str]
) -> None:
    def start(client: httpx.AsyncClient, event_id: str, etag: str) -> Awaitable[httpx.Response]:
        return client.post(
            f"/v1/events/{event_id}/start",
            json=START,
            headers={**inspector, "If-Match": etag, "Idempotency-Key": "retry-start"},
        )

    event_id, answers = concurrently(live_app, inspector, start)
    _one_answer_replayed(answers)
    assert _changes(committed, event_id) == ["planned", "notify", "start"]


def test_fifty_retries_of_one_plan_are_answered_alike_and_plan_once(
    live_app: FastAPI, committed: Engine, inspector: dict[str, str]
) -> None:
    plan = {
        "authority_code": OWN_AUTHORITY,
        "kind": "focused_visit",
        "theme": "front_door",
        "fieldwork_start": "2026-12-07",
        "fieldwork_end": "2026-12-08",
    }

    def post(client: httpx.AsyncClient, _id: str, _etag: str) -> Awaitable[httpx.Response]:
        return client.post(
            "/v1/events", json=plan, headers={**inspector, "Idempotency-Key": "retry-plan"}
        )

    _, answers = concurrently(live_app, inspector, post)
    _one_answer_replayed(answers)
    with Session(committed) as session:
        visits = session.exec(
            select(func.count()).select_from(Event).where(Event.kind == "focused_visit")
        ).one()
    assert visits == 1
