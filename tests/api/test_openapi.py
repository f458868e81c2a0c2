"""The committed OpenAPI document is the one the app serves, and it keeps its promises."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

DOCUMENT = Path(__file__).parents[2] / "openapi" / "openapi.json"


def test_committed_document_matches_the_app(client: TestClient) -> None:
    served = client.get("/openapi.json").json()
    committed = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    assert served == committed, "openapi/openapi.json is stale: run `make openapi`"


def test_operation_ids_are_readable_and_unique(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    ids = [op["operationId"] for item in paths.values() for op in item.values()]
    assert len(ids) == len(set(ids))
    assert "authorities-list" in ids
    assert all(i == i.lower() and " " not in i and "_" not in i for i in ids)


def test_every_error_is_declared_as_a_problem(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path, item in paths.items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")) and path.startswith("/v1"):
                    content = response["content"]
                    assert list(content) == ["application/problem+json"], (method, path, status)
            if path.startswith("/v1") and method == "get":
                assert "304" in operation["responses"], (method, path)
