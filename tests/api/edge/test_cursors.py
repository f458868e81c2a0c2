"""A cursor this API did not issue is invalid input, never a server error.

On every list route (every GET whose operation takes a `cursor`, from the OpenAPI document),
cursors that decode to the wrong shape, the wrong types or impossible values, and text that is
not base64url at all, are each a 422 problem naming the `cursor` parameter.
"""

from __future__ import annotations

import base64
import json

import pytest
from fastapi.testclient import TestClient

from tests.api.edge.routes import LISTS, PROBLEM, Operation, ids
from tests.conftest import OWN_AUTHORITY


def encoded(value: object) -> str:
    raw = json.dumps(value, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


FORGED = {
    "[null, 'a']": "W251bGwsImEiXQ",
    "['2024-01-01', null]": "WyIyMDI0LTAxLTAxIixudWxsXQ",
    "[1, 2]": encoded([1, 2]),
    "{}": encoded({}),
    "'x'": encoded("x"),
    "[]": encoded([]),
    "['9999-99-99', 'a']": encoded(["9999-99-99", "a"]),
    "[true]": encoded([True]),
    "not base64": "not base64!",
    "not base64url of anything": "A",
    "base64 of no JSON": base64.urlsafe_b64encode(b"\xff\xfe").decode().rstrip("="),
}


def test_the_forged_cursors_are_the_ones_meant() -> None:
    assert encoded([None, "a"]) == FORGED["[null, 'a']"]
    assert encoded(["2024-01-01", None]) == FORGED["['2024-01-01', null]"]
    assert ("GET", "/v1/events") in LISTS
    assert ("GET", "/v1/authorities") in LISTS


@pytest.mark.parametrize("cursor", list(FORGED.values()), ids=list(FORGED))
@pytest.mark.parametrize("operation", LISTS, ids=ids(LISTS))
def test_a_forged_cursor_is_a_422_naming_it(
    client: TestClient, operation: Operation, cursor: str
) -> None:
    url = operation[1].format_map({"code": OWN_AUTHORITY})
    response = client.get(url, params={"cursor": cursor})
    assert response.status_code == 422, response.text[:200]
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["errors"][0]["field"] == "cursor"
