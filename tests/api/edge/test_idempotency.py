"""`POST` accepts `Idempotency-Key` (API.md, Conventions).

Over every POST route of the app's route table, as its fitting change: sent again with the same
key and body, the request gets the first answer again (status, body, ETag, Location,
Content-Type) marked `Idempotent-Replayed: true`, and changes nothing a second time; the same
key with another body is a 409 `/problems/idempotency-key-reused`; a key older than 24 hours
is forgotten, and the request is processed anew. A key is 1 to 200 printable ASCII characters;
any other is a 422.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, update
from sqlmodel import Session, select

from api.tables import Event, IdempotencyRecord
from tests.api.edge.routes import (
    POST_ROUTES,
    PROBLEM,
    Body,
    EdgeWorld,
    Fit,
    Operation,
    changes,
    current_etag,
    fitting_write,
    ids,
    write,
)

REPLAYED = ("etag", "location", "content-type")


def events(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Event)).one())


def varied(body: Body) -> Body | None:
    """Another valid body for the same change: a text said differently, or a day earlier."""
    for name, value in body.items():
        if isinstance(value, str) and name in {"reason", "notes", "quality_and_impact"}:
            return {**body, name: value + " Said differently."}
    for name, value in body.items():
        if isinstance(value, str) and name.endswith(("_on", "_start", "_end")):
            return {**body, name: (date.fromisoformat(value) - timedelta(days=1)).isoformat()}
    return None


def send(client: TestClient, fit: Fit, who: dict[str, str], headers: dict[str, str]) -> Response:
    response: Response = client.request(
        fit.method, fit.url, json=dict(fit.body), headers={**who, **headers}
    )
    return response


@pytest.mark.parametrize("operation", POST_ROUTES, ids=ids(POST_ROUTES))
def test_a_retry_with_the_same_key_replays_the_first_answer(
    client: TestClient,
    session: Session,
    tokens: dict[str, dict[str, str]],
    world: EdgeWorld,
    operation: Operation,
) -> None:
    fit = fitting_write(operation, world)
    who = tokens[fit.caller]
    headers = {"Idempotency-Key": "k1"}
    if fit.target:
        headers["If-Match"] = current_etag(client, fit, who)
    first = send(client, fit, who, headers)
    assert 200 <= first.status_code < 300, first.text[:200]
    assert "idempotent-replayed" not in first.headers
    logged, created = changes(session), events(session)

    again = send(client, fit, who, headers)
    assert again.headers.get("idempotent-replayed") == "true"
    assert (again.status_code, again.content) == (first.status_code, first.content)
    for name in REPLAYED:
        assert again.headers.get(name) == first.headers.get(name), name
    assert (changes(session), events(session)) == (logged, created), "changed twice"

    other = varied(fit.body)
    if other is not None:
        reused = client.request(fit.method, fit.url, json=dict(other), headers={**who, **headers})
        assert reused.status_code == 409, reused.text[:200]
        assert reused.headers["content-type"] == PROBLEM
        assert reused.json()["type"] == "/problems/idempotency-key-reused"
        assert (changes(session), events(session)) == (logged, created)

    # A day and an hour later the key is forgotten: the very same request is a new one.
    session.exec(
        update(IdempotencyRecord).values(created_at=datetime.now(UTC) - timedelta(hours=25))
    )
    session.commit()
    anew = send(client, fit, who, headers)
    assert "idempotent-replayed" not in anew.headers, "replayed after 24 hours"
    if fit.target:
        # Its If-Match names the version the first one changed.
        assert anew.status_code == 412, anew.text[:200]
    else:
        assert anew.status_code == first.status_code, anew.text[:200]
        assert anew.headers.get("location") != first.headers.get("location")
        assert changes(session) > logged


def test_every_post_has_another_body_to_reuse_a_key_with(world: EdgeWorld) -> None:
    # Only a change whose body is empty (resume) has no other valid body.
    without = [op for op in POST_ROUTES if varied(fitting_write(op, world).body) is None]
    assert without == [("POST", "/v1/events/{event_id}/resume")]


KEYS: dict[str, tuple[str | bytes, bool]] = {
    "empty": ("", False),
    "201 characters": ("k" * 201, False),
    "not ASCII": ("clé".encode("latin-1"), False),
    "a control character": ("k\x7f1", False),
    "one character": ("!", True),
    "200 printable characters": ("".join(chr(33 + i % 94) for i in range(200)), True),
}


@pytest.mark.parametrize("key", list(KEYS))
@pytest.mark.parametrize("operation", POST_ROUTES, ids=ids(POST_ROUTES))
def test_an_idempotency_key_is_1_to_200_printable_ascii_characters(
    client: TestClient,
    tokens: dict[str, dict[str, str]],
    world: EdgeWorld,
    operation: Operation,
    key: str,
) -> None:
    value, accepted = KEYS[key]
    fit = fitting_write(operation, world)
    response = write(client, fit, tokens[fit.caller], {"Idempotency-Key": value})
    if accepted:
        assert 200 <= response.status_code < 300, response.text[:200]
    else:
        assert response.status_code == 422, response.text[:200]
        assert response.headers["content-type"] == PROBLEM
