"""Every change to an existing resource names the version it read (API.md, Conventions).

Parametrised over the app's write routes, each made by a caller allowed to make it, on a
resource in a state where it fits: without If-Match it is a 428; with a stale ETag, or the
current one weakened (`W/"..."`: If-Match compares strongly, RFC 9110 13.1.1), a 412; with
`If-Match: *`, which names no version and so protects no one's change, a 428. None of these
changes anything; the current ETag makes the change, and its answer carries the ETag a read
of the resource then returns.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session

from tests.api.edge.routes import (
    PROBLEM,
    WRITE_ROUTES,
    EdgeWorld,
    Operation,
    changes,
    current_etag,
    fitting_write,
    ids,
    write,
)
from tests.api.test_role_matrix import MATRIX, STALE_ETAG

# Changes to something that exists: every write route but the creations (a matrix row with no
# target). A route the matrix does not know stays in, and fails for want of a body.
CHANGES = tuple(op for op in WRITE_ROUTES if getattr(MATRIX.get(op), "target", "?") is not None)


def problem_of(response: Response, status: int, slug: str) -> str | None:
    """What is wrong with `response` as the problem expected, or None."""
    if response.status_code != status:
        return f"{response.status_code} {response.text[:160]}"
    if response.headers.get("content-type") != PROBLEM:
        return f"content-type {response.headers.get('content-type')}"
    if response.json().get("type") != f"/problems/{slug}":
        return f"type {response.json().get('type')}"
    return None


def test_the_changes_are_the_writes_the_spec_lists() -> None:
    # Every PUT and PATCH, and every POST on an id but the self-evaluation (a creation).
    assert ("POST", "/v1/events/{event_id}/start") in CHANGES
    assert ("PUT", "/v1/events/{event_id}/letter") in CHANGES
    assert ("POST", "/v1/priority-actions/{action_id}/close") in CHANGES
    assert ("POST", "/v1/events") not in CHANGES
    assert ("POST", "/v1/authorities/{code}/self-evaluations") not in CHANGES


@pytest.mark.parametrize("operation", CHANGES, ids=ids(CHANGES))
def test_a_change_needs_the_current_etag_as_if_match(
    client: TestClient,
    session: Session,
    tokens: dict[str, dict[str, str]],
    world: EdgeWorld,
    operation: Operation,
) -> None:
    fit = fitting_write(operation, world)
    who = tokens[fit.caller]
    before, logged = current_etag(client, fit, who), changes(session)
    refused: dict[str, tuple[str | None, int, str]] = {
        "no If-Match": (None, 428, "precondition-required"),
        "a stale ETag": (STALE_ETAG, 412, "precondition-failed"),
        "the current ETag, weak": (f"W/{before}", 412, "precondition-failed"),
        "If-Match: *": ("*", 428, "precondition-required"),
    }
    wrong = []
    for name, (if_match, status, slug) in refused.items():
        flaw = problem_of(write(client, fit, who, {"If-Match": if_match}), status, slug)
        if flaw:
            wrong.append(f"{name}: expected {status} /problems/{slug}, got {flaw}")
    if current_etag(client, fit, who) != before or changes(session) != logged:
        wrong.append("a refused attempt changed the resource")
    assert not wrong, f"{fit.method} {fit.url} as {fit.caller}:\n  " + "\n  ".join(wrong)

    response = write(client, fit, who, {"If-Match": before})
    assert 200 <= response.status_code < 300, response.text
    after = current_etag(client, fit, who)
    assert response.headers.get("etag") == after, "the answer's ETag is not the resource's"
    assert after != before
