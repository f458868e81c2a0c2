"""A body over the limit is a 413 (API.md, Conventions), `ILACS_MAX_BODY_BYTES` (default
1 000 000 bytes).

Over every write route of the app's route table, as its fitting change, by a caller allowed to
make it: a body over the limit is refused with a `/problems/body-too-large` problem and changes
nothing, whether it declares its length or streams without one (chunked); while the fitting
body, under the limit, is accepted. Who is calling is decided before the body is read: an
anonymous write with a huge body is a 401. Most of it runs on an app limited to 2000 bytes,
to stay fast; one check sends about 2 MB to an app with the default limit.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine
from sqlmodel import Session

from api.settings import get_settings
from tests.api.edge.routes import (
    PROBLEM,
    WRITE_ROUTES,
    EdgeWorld,
    Operation,
    changes,
    current_etag,
    fitting_write,
    ids,
    make_app,
    write,
)

LIMIT = 2000


@pytest.fixture
def limited(
    monkeypatch: pytest.MonkeyPatch, engine: Engine, connection: Connection
) -> Iterator[TestClient]:
    monkeypatch.setenv("ILACS_MAX_BODY_BYTES", str(LIMIT))
    get_settings.cache_clear()
    try:
        with TestClient(make_app(engine, connection), raise_server_exceptions=False) as client:
            yield client
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def oversized(size: int) -> bytes:
    """A JSON object of `size` bytes."""
    body = json.dumps({"padding": "x" * size}).encode()
    return body[: size - 2] + b'"}'


def chunks(body: bytes, size: int = 500) -> Iterator[bytes]:
    """The body as a stream: sent chunked, with no Content-Length."""
    for start in range(0, len(body), size):
        yield body[start : start + size]


def assert_too_large(status: int, content_type: str | None, problem: dict[str, object]) -> None:
    assert status == 413, problem
    assert content_type == PROBLEM
    assert problem["type"] == "/problems/body-too-large"


@pytest.mark.parametrize("operation", WRITE_ROUTES, ids=ids(WRITE_ROUTES))
def test_a_body_over_the_limit_is_a_413_and_changes_nothing(
    limited: TestClient,
    session: Session,
    tokens: dict[str, dict[str, str]],
    world: EdgeWorld,
    operation: Operation,
) -> None:
    fit = fitting_write(operation, world)
    who = tokens[fit.caller]
    before = current_etag(limited, fit, who) if fit.target else None
    logged = changes(session)
    for name, content in {
        "with Content-Length": oversized(LIMIT + 1),
        "chunked": chunks(oversized(4 * LIMIT)),
    }.items():
        response = write(limited, fit, who, content=content)
        if name == "chunked":
            assert "content-length" not in response.request.headers
        assert_too_large(
            response.status_code, response.headers.get("content-type"), _json(response.content)
        )
    assert changes(session) == logged, "a refused body changed something"
    if fit.target:
        assert current_etag(limited, fit, who) == before
    accepted = write(limited, fit, who)
    assert 200 <= accepted.status_code < 300, f"the fitting body: {accepted.text[:200]}"


def _json(content: bytes) -> dict[str, object]:
    try:
        value = json.loads(content)
    except ValueError:
        return {"not JSON": content[:200].decode(errors="replace")}
    return value if isinstance(value, dict) else {"not an object": value}


@pytest.mark.parametrize("operation", WRITE_ROUTES, ids=ids(WRITE_ROUTES))
def test_who_is_calling_is_decided_before_the_body_is_read(
    limited: TestClient, world: EdgeWorld, operation: Operation
) -> None:
    fit = fitting_write(operation, world)
    headers = {"If-Match": '"00000000000000000000000000000000"'} if fit.target else None
    response = write(limited, fit, {}, headers, content=oversized(50 * LIMIT))
    assert response.status_code == 401, response.text[:200]
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_the_default_limit_refuses_2_mb(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    response = client.post(
        "/v1/events",
        content=oversized(2_000_000),
        headers={**tokens["inspector"], "Content-Type": "application/json"},
    )
    assert_too_large(
        response.status_code, response.headers.get("content-type"), _json(response.content)
    )
