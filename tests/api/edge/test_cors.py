"""Browsers on other origins may read public data (API.md, Conventions); only the origins an
operator configures (`ILACS_CORS_ORIGINS`, comma-separated) may send tokens or write.

Over the app's route table: a public GET from any origin is readable (`*`), its ETag and Link
headers exposed; a preflight for a plain GET from any origin is allowed; a preflight asking to
send Authorization, or to POST, PUT or PATCH, from an origin not configured gets no
`Access-Control-Allow-Origin`; from the configured origin it gets that origin back (with
`Vary: Origin`) and the headers and methods a dashboard's client writes with.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine

from api.settings import get_settings
from tests.api.edge.routes import (
    GET_ROUTES,
    WRITE_ROUTES,
    EdgeWorld,
    Operation,
    directives,
    ids,
    make_app,
)

DASHBOARD = "https://dash.example.org"
STRANGER = "https://anything.example"
WRITING_HEADERS = ("authorization", "if-match", "idempotency-key", "content-type")


@pytest.fixture
def cors(
    monkeypatch: pytest.MonkeyPatch, engine: Engine, connection: Connection
) -> Iterator[TestClient]:
    monkeypatch.setenv("ILACS_CORS_ORIGINS", f"{DASHBOARD},https://other.example.org")
    get_settings.cache_clear()
    try:
        with TestClient(make_app(engine, connection), raise_server_exceptions=False) as client:
            yield client
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def preflight(
    client: TestClient, url: str, origin: str, method: str, headers: tuple[str, ...] = ()
) -> dict[str, str]:
    asked = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        asked["Access-Control-Request-Headers"] = ", ".join(headers)
    response = client.options(url, headers=asked)
    return {"status": str(response.status_code), **response.headers}


@pytest.mark.parametrize("operation", GET_ROUTES, ids=ids(GET_ROUTES))
def test_public_reads_are_readable_from_any_origin(
    cors: TestClient, world: EdgeWorld, operation: Operation
) -> None:
    url = world.read_url(operation[1])
    response = cors.get(url, headers={"Origin": STRANGER})
    if response.status_code != 200:
        pytest.skip(f"answers {response.status_code} to the public")  # /metrics
    assert response.headers.get("access-control-allow-origin") == "*"
    exposed = directives(response.headers.get("access-control-expose-headers"))
    assert {"etag", "link"} <= exposed, exposed

    allowed = preflight(cors, url, STRANGER, "GET")
    assert allowed["status"] == "200", allowed
    assert allowed.get("access-control-allow-origin") == "*", allowed


@pytest.mark.parametrize("origin", [STRANGER, "null"])
@pytest.mark.parametrize("operation", GET_ROUTES + WRITE_ROUTES, ids=ids(GET_ROUTES + WRITE_ROUTES))
def test_other_origins_may_not_send_tokens_or_write(
    cors: TestClient, world: EdgeWorld, operation: Operation, origin: str
) -> None:
    method, path = operation
    url = world.read_url(path)
    asks = [("GET", ("authorization",))] if method == "GET" else [(method, ("content-type",))]
    for asked_method, asked_headers in asks:
        answer = preflight(cors, url, origin, asked_method, asked_headers)
        assert "access-control-allow-origin" not in answer, answer


@pytest.mark.parametrize("operation", GET_ROUTES + WRITE_ROUTES, ids=ids(GET_ROUTES + WRITE_ROUTES))
def test_the_configured_origin_may_send_tokens_and_write(
    cors: TestClient, world: EdgeWorld, operation: Operation
) -> None:
    method, path = operation
    answer = preflight(cors, world.read_url(path), DASHBOARD, method, WRITING_HEADERS)
    assert answer["status"] == "200", answer
    assert answer.get("access-control-allow-origin") == DASHBOARD, answer
    assert "origin" in directives(answer.get("vary")), answer
    assert set(WRITING_HEADERS) <= directives(answer.get("access-control-allow-headers")), answer
    methods = directives(answer.get("access-control-allow-methods"))
    assert {"post", "put", "patch"} <= methods, answer
