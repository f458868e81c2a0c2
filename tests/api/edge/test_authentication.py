"""A caller who meant to authenticate is never served as the public, on any route; the
operators' metrics are for operators.

Every route of the app's route table (the API, the platform's probes, the document and its
viewers) refuses a malformed token, a well-formed unknown one and a revoked one with a 401
problem and a `WWW-Authenticate: Bearer` challenge. Writes are sent as their fitting change,
so that the token is the only thing wrong with them.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session

from api.domain.vocabulary import Role
from tests.api.edge.routes import (
    PROBLEM,
    ROUTES,
    WRITE_METHODS,
    EdgeWorld,
    Operation,
    create_key,
    fitting_write,
    ids,
    revoke_key,
    write,
)
from tests.api.test_role_matrix import TOKEN_PREFIX
from tests.conftest import CALLERS


def _revoked(session: Session) -> str:
    key, token = create_key(session, Role.ADMIN)
    revoke_key(session, key.id)
    session.commit()
    return token


TOKENS = {
    "garbage": lambda _session: "not-one-of-ours",
    "unknown": lambda _session: f"{TOKEN_PREFIX}{'A' * 43}",
    "revoked": _revoked,
}


def _refusal(response: Response) -> str | None:
    if response.status_code != 401:
        return f"{response.status_code} {response.text[:120]}"
    if response.headers.get("content-type") != PROBLEM:
        return f"401 as {response.headers.get('content-type')}"
    if not response.headers.get("www-authenticate", "").startswith("Bearer"):
        return f"401 with WWW-Authenticate {response.headers.get('www-authenticate')!r}"
    return None


@pytest.mark.parametrize("operation", ROUTES, ids=ids(ROUTES))
def test_a_bad_token_is_refused_on_every_route(
    client: TestClient,
    session: Session,
    tokens: dict[str, dict[str, str]],
    world: EdgeWorld,
    operation: Operation,
) -> None:
    method, path = operation
    wrong = []
    for kind, make in TOKENS.items():
        bearer = {"Authorization": f"Bearer {make(session)}"}
        if method in WRITE_METHODS:
            fit = fitting_write(operation, world)
            # Read with the writer's own token: only the Authorization of the write is bad.
            response = write(client, fit, tokens[fit.caller], bearer)
        else:
            response = client.request(method, world.read_url(path), headers=bearer)
        flaw = _refusal(response)
        if flaw:
            wrong.append(f"{kind} token: {flaw}")
    assert not wrong, f"{method} {path}:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("caller", CALLERS)
def test_metrics_are_for_operators(
    client: TestClient, tokens: dict[str, dict[str, str]], caller: str
) -> None:
    response = client.get("/metrics", headers=tokens[caller])
    if caller == "public":
        assert _refusal(response) is None, _refusal(response)
    elif caller != "admin":
        assert response.status_code == 403, response.text[:200]
        assert response.headers["content-type"] == PROBLEM
    else:
        assert response.status_code == 200, response.text[:200]
        assert response.headers["content-type"].startswith("text/plain")
        assert "# TYPE ilacs_http_requests_total counter" in response.text
