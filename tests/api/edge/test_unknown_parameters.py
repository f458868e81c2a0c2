"""An unknown query parameter is a 400 that names it (API.md, Conventions).

On every operation of the OpenAPI document, made as it would succeed (reads by an admin, writes
as their fitting change), `?no_such_param=1` is refused with a problem whose `errors` name the
parameter and whose `detail` lists the query parameters the operation does accept, as the
document declares them: a misspelt filter must never silently answer unfiltered.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.api.edge.routes import (
    DOCUMENTED,
    PROBLEM,
    EdgeWorld,
    Operation,
    fitting_write,
    ids,
    query_parameters,
    write,
)

OPERATIONS = tuple(sorted(DOCUMENTED))


def assert_unknown_parameter(response: Response, name: str, accepted: list[str]) -> None:
    assert response.status_code == 400, response.text[:300]
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["type"] == "/problems/unknown-parameter"
    assert problem["errors"][0]["field"] == name
    unnamed = [p for p in accepted if not re.search(rf"\b{re.escape(p)}\b", problem["detail"])]
    assert not unnamed, f"detail {problem['detail']!r} does not name {unnamed}"


@pytest.mark.parametrize("operation", OPERATIONS, ids=ids(OPERATIONS))
def test_an_unknown_query_parameter_is_a_400_naming_the_accepted_ones(
    client: TestClient,
    tokens: dict[str, dict[str, str]],
    world: EdgeWorld,
    operation: Operation,
) -> None:
    method, path = operation
    if method == "GET":
        url = world.read_url(path)
        assert client.get(url, headers=tokens["admin"]).status_code == 200
        response = client.get(url, params={"no_such_param": "1"}, headers=tokens["admin"])
    else:
        fit = fitting_write(operation, world)
        response = write(client, fit, tokens[fit.caller], query={"no_such_param": "1"})
    assert_unknown_parameter(response, "no_such_param", query_parameters(operation))


@pytest.mark.parametrize(
    ("url", "name", "operation"),
    [
        ("/v1/authorities?regoin=london", "regoin", ("GET", "/v1/authorities")),
        ("/v1/events?authority_code=E09000002", "authority_code", ("GET", "/v1/events")),
    ],
)
def test_a_misspelt_filter_is_refused(
    client: TestClient, url: str, name: str, operation: Operation
) -> None:
    assert_unknown_parameter(client.get(url), name, query_parameters(operation))
