"""Every GET also answers HEAD (API.md, Conventions): the same status and the same headers,
and no body.

Over every GET route of the app's route table, with real ids from the world, for the public and
for an admin: a HEAD is what a client uses to learn a resource's ETag or size without reading
it, so its headers must be the GET's.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.edge.routes import GET_ROUTES, VOLATILE, EdgeWorld, Operation, ids

HEADERS = ("etag", "cache-control", "vary", "content-type", "content-length")


@pytest.mark.parametrize("caller", ["public", "admin"])
@pytest.mark.parametrize("operation", GET_ROUTES, ids=ids(GET_ROUTES))
def test_head_answers_like_get_without_a_body(
    client: TestClient,
    tokens: dict[str, dict[str, str]],
    world: EdgeWorld,
    operation: Operation,
    caller: str,
) -> None:
    url = world.read_url(operation[1])
    got = client.get(url, headers=tokens[caller])
    head = client.head(url, headers=tokens[caller])
    assert head.status_code == got.status_code, head.text[:200]
    assert head.content == b""
    # What changes with every request (each one is counted) cannot keep its ETag or length.
    compared = ("cache-control", "vary", "content-type") if operation in VOLATILE else HEADERS
    differ = {
        name: (got.headers.get(name), head.headers.get(name))
        for name in compared
        if got.headers.get(name) != head.headers.get(name)
    }
    assert not differ, f"(GET, HEAD) headers differ: {differ}"
