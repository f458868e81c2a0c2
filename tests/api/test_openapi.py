"""The committed OpenAPI document is the one the app serves, and it keeps its promises."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


def _document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    return document


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in _document()["paths"].items()
        for method, operation in item.items()
    ]


def _header_names(response: dict[str, Any]) -> set[str]:
    return set(response.get("headers", {}))


def test_the_document_declares_the_headers_it_sends() -> None:
    for path, method, operation in _operations():
        if not path.startswith("/v1"):
            continue
        responses = operation["responses"]
        where = (method, path)
        if method == "get":
            assert {"ETag", "Cache-Control"} <= _header_names(responses["200"]), where
            assert "ETag" in _header_names(responses["304"]), where
            paged = any(p["name"] == "cursor" for p in operation.get("parameters", []))
            assert ("Link" in _header_names(responses["200"])) == paged, where
        else:
            success = [s for s in responses if s.startswith("2")]
            assert success, where
            for status in success:
                assert "ETag" in _header_names(responses[status]), where
            if "201" in responses:
                assert "Location" in _header_names(responses["201"]), where
        assert "Allow" in _header_names(responses["405"]), where
        assert "Retry-After" in _header_names(responses["503"]), where
        if "409" in responses:
            assert "Retry-After" in _header_names(responses["409"]), where
    headers = _document()["components"]["headers"]
    assert headers["ETag"]["required"] is True
    assert headers["Location"]["required"] is True
    assert not headers["Link"].get("required")  # only when there is a next page


def test_the_document_describes_itself() -> None:
    document = _document()
    info = document["info"]
    assert info["contact"]["name"]
    assert info["license"]["identifier"] == "MIT"
    assert info["x-data-license"]["name"] == "Open Government Licence v3.0"
    assert "Open Government Licence v3.0" in info["description"]
    assert document["servers"] == [
        {"url": "/", "description": document["servers"][0]["description"], "x-internal": False}
    ]
    tags = {t["name"]: t["description"] for t in document["tags"]}
    assert all(tags.values())
    for path, method, operation in _operations():
        assert operation.get("description"), (method, path)
        assert set(operation["tags"]) <= set(tags), (method, path)


def _schemas(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if isinstance(node.get("type"), str):
            yield where, node
        for key, value in node.items():
            yield from _schemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _schemas(value, f"{where}/{index}")


def test_every_string_array_and_integer_is_bounded() -> None:
    for where, schema in _schemas(_document()):
        kind = schema["type"]
        if kind == "string":
            assert {"maxLength", "enum", "const"} & set(schema), where
        elif kind == "array":
            assert "maxItems" in schema, where
        elif kind == "integer":
            assert {"format", "minimum", "maximum"} <= set(schema), where


def test_patterns_mean_the_same_in_every_regex_engine() -> None:
    # \d, \s and \w differ between Python, pydantic-core and ECMA-262 on non-ASCII input.
    for where, schema in _schemas(_document()):
        pattern = schema.get("pattern", "")
        for shorthand in ("\\d", "\\s", "\\w", "\\D", "\\S", "\\W", "\\b"):
            assert shorthand not in pattern, (where, pattern)


def test_ids_and_codes_have_patterns() -> None:
    for where, schema in _schemas(_document()):
        name = where.rsplit("/", 1)[-1]
        if schema["type"] == "string" and (
            name in {"code", "id", "event_id", "authority_code"} or name.endswith("_event_id")
        ):
            assert "pattern" in schema, where
    for path, _, operation in _operations():
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                assert "pattern" in parameter["schema"], (path, parameter["name"])


def test_the_app_serves_its_document_from_its_own_module(client: TestClient) -> None:
    from api.web import openapi

    assert client.app.openapi.__module__ == openapi.__name__  # type: ignore[attr-defined]
