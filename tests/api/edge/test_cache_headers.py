"""What a cache may do with each answer (API.md, Conventions).

Over every GET route of the app's route table: a 200 or 304 without Authorization is
`Cache-Control: public, no-cache` (a shared cache may keep it, revalidating each time); with a
token it is `private, no-cache`; both say `Vary: Authorization`, since the same URL answers
differently by caller. Errors are `no-store`, and so is every answer to a write.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.api.edge.routes import (
    GET_ROUTES,
    VOLATILE,
    WRITE_ROUTES,
    EdgeWorld,
    Operation,
    directives,
    fitting_write,
    ids,
    write,
)

# Ids of nothing, in the shape each path parameter takes.
NOTHING = {
    "code": "E09999999",
    "event_id": "evt_nothing",
    "action_id": "pa_nothing",
    "evaluation_id": "evt_nothing",
    "meeting_id": "evt_nothing",
}


def _no_store(response: Response) -> str | None:
    said = directives(response.headers.get("cache-control"))
    if "no-store" not in said or "public" in said:
        return f"{response.status_code} with Cache-Control {response.headers.get('cache-control')}"
    return None


@pytest.mark.parametrize("caller", ["public", "admin"])
@pytest.mark.parametrize("operation", GET_ROUTES, ids=ids(GET_ROUTES))
def test_reads_may_be_cached_and_revalidated(
    client: TestClient,
    tokens: dict[str, dict[str, str]],
    world: EdgeWorld,
    operation: Operation,
    caller: str,
) -> None:
    url, who = world.read_url(operation[1]), tokens[caller]
    expected = {"public", "no-cache"} if caller == "public" else {"private", "no-cache"}
    first = client.get(url, headers=who)
    if first.status_code != 200:
        pytest.skip(f"answers {first.status_code} to the {caller}")  # e.g. /metrics
    answers = [first]
    if operation not in VOLATILE and "etag" in first.headers:
        answers.append(client.get(url, headers={**who, "If-None-Match": first.headers["etag"]}))
    for answer in answers:
        status = answer.status_code
        assert directives(answer.headers.get("cache-control")) == expected, (
            f"{status}: Cache-Control {answer.headers.get('cache-control')!r}"
        )
        assert "authorization" in directives(answer.headers.get("vary")), (
            f"{status}: Vary {answer.headers.get('vary')!r}"
        )


@pytest.mark.parametrize("operation", GET_ROUTES, ids=ids(GET_ROUTES))
def test_errors_are_not_stored(client: TestClient, world: EdgeWorld, operation: Operation) -> None:
    path = operation[1]
    errors = [client.get(world.read_url(path), headers={"Authorization": "Bearer nonsense"})]
    if "{" in path:
        errors.append(client.get(path.format_map(NOTHING)))
    wrong = [flaw for flaw in map(_no_store, errors) if flaw]
    assert [e.status_code for e in errors] == [401, 404][: len(errors)]
    assert not wrong, wrong


@pytest.mark.parametrize("operation", WRITE_ROUTES, ids=ids(WRITE_ROUTES))
def test_write_answers_are_not_stored(
    client: TestClient, tokens: dict[str, dict[str, str]], world: EdgeWorld, operation: Operation
) -> None:
    fit = fitting_write(operation, world)
    done = write(client, fit, tokens[fit.caller])
    assert 200 <= done.status_code < 300, done.text[:200]
    refused = write(client, fit, {}, {"If-Match": '"x"'} if fit.target else None)
    assert refused.status_code == 401
    wrong = [flaw for flaw in (_no_store(done), _no_store(refused)) if flaw]
    assert not wrong, wrong
