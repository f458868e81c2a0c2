"""The route table the edge tests run over, and a world to run them in.

Operations come from the app itself (`app.routes`, and `/openapi.json` for their parameters),
so a new route joins every test here without anyone remembering. What a route cannot tell,
how to make a change it accepts, comes from the role matrix: each of its `Write` rows names
who may write, a body, and the states where the change fits; the matrix's world is built here
with a few more states where its rows fit nowhere (an event on site, a paused one, one whose
fieldwork is complete and graded). A write route that neither the matrix nor `MORE_STATES`
knows how to make fails `fitting_write`, and so fails every test that needs it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Connection, Engine, func
from sqlmodel import Session, select

from api.app import create_app
from api.clock import today
from api.db import engine_dependency, session_factory
from api.domain.vocabulary import Region, Role
from api.tables import Change
from tests.api.test_role_matrix import (
    CLOSING,
    INSPECTIONS,
    MATRIX,
    OWN_PATHS,
    REASON,
    SELF_EVALUATION,
    VISITS,
    Body,
    Operation,
    Recipe,
    State,
    Target,
    World,
    _action_ids,
    bring_about,
    graded,
    record_meeting,
    served_routes,
)
from tests.conftest import CALLERS, OWN_AUTHORITY, TEST_TODAY, _bound_session

try:
    from api.keys import create_key, revoke_key
except ImportError:  # before the keys moved out of the web package
    from api.web.authentication import create_key, revoke_key

__all__ = ["create_key", "revoke_key"]

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
# A problem answer's media type.
PROBLEM = "application/problem+json"


def make_app(engine: Engine, connection: Connection) -> FastAPI:
    """What the suite's `app` fixture makes, for tests that create theirs under other settings."""
    application = create_app()
    application.dependency_overrides[session_factory] = lambda: (
        lambda _writes: _bound_session(connection)
    )
    application.dependency_overrides[engine_dependency] = lambda: engine
    application.dependency_overrides[today] = lambda: TEST_TODAY
    return application


# --- The route table ---------------------------------------------------------------------------

# Read once at collection, from an app that touches no database: the tests are parametrised on it.
ROUTES: tuple[Operation, ...] = tuple(sorted(served_routes(create_app())))
GET_ROUTES = tuple(op for op in ROUTES if op[0] == "GET")
WRITE_ROUTES = tuple(op for op in ROUTES if op[0] in WRITE_METHODS)
POST_ROUTES = tuple(op for op in WRITE_ROUTES if op[0] == "POST")
DOCUMENT: dict[str, Any] = create_app().openapi()
DOCUMENTED: dict[Operation, dict[str, Any]] = {
    (method.upper(), path): operation
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
    if method in HTTP_METHODS
}
# Whose body changes with every request, each request being counted in it: no two answers are
# the same, so no ETag of one can match another.
VOLATILE = frozenset({("GET", "/metrics")})
LISTS = tuple(
    op
    for op, operation in DOCUMENTED.items()
    if op[0] == "GET"
    and any(p["in"] == "query" and p["name"] == "cursor" for p in operation.get("parameters", []))
)


def ids(operations: tuple[Operation, ...]) -> list[str]:
    return [f"{method} {path}" for method, path in operations]


def query_parameters(operation: Operation) -> list[str]:
    return [p["name"] for p in DOCUMENTED[operation].get("parameters", []) if p["in"] == "query"]


# --- The world ---------------------------------------------------------------------------------

# States the matrix's rows fit nowhere in its world, with the operations that need them.
ON_SITE = Recipe("standard_inspection", ("2026-11-16", "2026-11-27"), notified_on="2026-11-09")
FIELDWORK_COMPLETE = Recipe(
    "standard_inspection",
    ("2026-11-02", "2026-11-13"),
    notified_on="2026-10-26",
    finding=graded("good"),
)
MORE_STATES: dict[Operation, str] = {
    ("POST", "/v1/events/{event_id}/complete"): "on_site",
    ("POST", "/v1/events/{event_id}/pause"): "on_site",
    ("POST", "/v1/events/{event_id}/resume"): "paused",
    ("POST", "/v1/events/{event_id}/publish"): "fieldwork_complete",
}


@dataclass(frozen=True)
class EdgeWorld:
    """The role matrix's world, and the ids of events in the states it lacks."""

    matrix: World
    more: Mapping[str, str]  # "on_site", "paused", "fieldwork_complete" -> event id
    evaluation: str = ""  # a self-evaluation of Barking and Dagenham

    def read_params(self) -> dict[str, str]:
        """Path parameters for the reads, naming resources everyone may see."""
        return {
            "code": OWN_AUTHORITY,
            "event_id": self.matrix.inspections["published"],
            "action_id": self.matrix.actions["published"][0],
            # Private records: an edge test reads them as an admin or finds them missing.
            "evaluation_id": self.evaluation,
            "meeting_id": self.matrix.meeting,
        }

    def read_url(self, path: str) -> str:
        return path.format_map(self.read_params())


def _step(
    client: TestClient, who: Mapping[str, str], event_id: str, etag: str, step: str, body: Body
) -> str:
    response = client.post(
        f"/v1/events/{event_id}/{step}", json=dict(body), headers={**who, "If-Match": etag}
    )
    assert response.status_code == 200, f"{step}: {response.text}"
    return response.headers["etag"]


def build_world(engine: Engine, connection: Connection) -> EdgeWorld:
    with _bound_session(connection) as session:
        _, token = create_key(session, Role.INSPECTOR, region=Region.LONDON)
        _, council_token = create_key(session, Role.AUTHORITY, authority_code=OWN_AUTHORITY)
        session.commit()
    who = {"Authorization": f"Bearer {token}"}
    council = {"Authorization": f"Bearer {council_token}"}
    with TestClient(make_app(engine, connection), raise_server_exceptions=False) as client:
        inspections = {s: bring_about(client, who, r) for s, r in INSPECTIONS.items()}
        visits = {s: bring_about(client, who, r) for s, r in VISITS.items()}
        matrix = World(
            inspections={state: str(view["id"]) for state, view in inspections.items()},
            visits={state: str(view["id"]) for state, view in visits.items()},
            actions={state: _action_ids(view) for state, view in visits.items()},
            closing=str(bring_about(client, who, CLOSING)["id"]),
            meeting=record_meeting(client, who),
        )
        more: dict[str, str] = {}
        for name in ("on_site", "paused"):
            event_id = str(bring_about(client, who, ON_SITE)["id"])
            etag = client.get(f"/v1/events/{event_id}", headers=who).headers["etag"]
            etag = _step(client, who, event_id, etag, "start", {"fieldwork_start": "2026-11-16"})
            if name == "paused":
                _step(client, who, event_id, etag, "pause", REASON)
            more[name] = event_id
        more["fieldwork_complete"] = str(bring_about(client, who, FIELDWORK_COMPLETE)["id"])
        submitted = client.post(
            f"/v1/authorities/{OWN_AUTHORITY}/self-evaluations",
            json=dict(SELF_EVALUATION),
            headers=council,
        )
        assert submitted.status_code == 201, submitted.text
    return EdgeWorld(matrix=matrix, more=more, evaluation=str(submitted.json()["id"]))


# --- A change each write route accepts ---------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    """A write its caller may make, on a resource in a state where it fits."""

    operation: Operation
    caller: str
    target: Target | None  # None: a creation
    params: Mapping[str, str]
    body: Body

    @property
    def method(self) -> str:
        return self.operation[0]

    @property
    def url(self) -> str:
        return self.operation[1].format_map(self.params)

    @property
    def read_url(self) -> str | None:
        """Where the resource the write changes is read (and its ETag with it)."""
        return None if self.target is None else OWN_PATHS[self.target].format_map(self.params)


def fitting_write(operation: Operation, world: EdgeWorld) -> Fit:
    check = MATRIX.get(operation)
    if check is None or not hasattr(check, "writers"):
        pytest.fail(f"{operation}: no Write row in the role matrix, so no body to send")
    params: dict[str, str] = {"code": OWN_AUTHORITY}
    state: State | None
    if check.fits:
        state = check.fits[0]
        if state is not None and check.target is not None:
            params |= world.matrix.path_params(state, check.target)
    elif operation in MORE_STATES:
        state = None
        params["event_id"] = world.more[MORE_STATES[operation]]
    else:
        pytest.fail(f"{operation}: fits no state of the matrix's world, and none of MORE_STATES")
    callers = [c for c in CALLERS if check.audience(c, state) and check.writers(c, state)]
    assert callers, f"{operation}: nobody may make this change"
    body = check.body
    if callable(body):
        body = body(world.matrix, state or "published")
    return Fit(operation, callers[0], check.target, params, dict(body))


def changes(session: Session) -> int:
    """How many entries the change log has: every change writes one."""
    return int(session.exec(select(func.count()).select_from(Change)).one())


def current_etag(client: TestClient, fit: Fit, headers: Mapping[str, str]) -> str:
    assert fit.read_url is not None
    response = client.get(fit.read_url, headers=dict(headers))
    assert response.status_code == 200, response.text
    return response.headers["etag"]


def write(
    client: TestClient,
    fit: Fit,
    headers: Mapping[str, str],
    extra: Mapping[str, str | bytes | None] | None = None,
    *,
    query: Mapping[str, str] | None = None,
    content: bytes | Iterable[bytes] | None = None,
) -> Response:
    """Send the fitting write with the caller's headers and, when it changes something that
    exists, the resource's current ETag as If-Match (`extra` adds headers, or drops them with
    None); `content` replaces the JSON body."""
    sent: dict[str, str | bytes | None] = dict(headers)
    if fit.target is not None and "If-Match" not in (extra or {}):
        sent["If-Match"] = current_etag(client, fit, headers)
    sent.update(extra or {})
    kept = {name: value for name, value in sent.items() if value is not None}
    if content is None:
        content = json.dumps(dict(fit.body)).encode()
    kept.setdefault("Content-Type", "application/json")
    response: Response = client.request(
        fit.method, fit.url, params=dict(query or {}), content=content, headers=kept
    )
    return response


def directives(header: str | None) -> set[str]:
    """The directives of a Cache-Control header, or the names of a Vary / list header."""
    return {part.strip().lower() for part in (header or "").split(",") if part.strip()}
