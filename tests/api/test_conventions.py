"""The conventions every route inherits: problems, health, metrics."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.db import build_engine, engine_dependency


def test_unknown_route_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "/problems/not-found",
        "title": "Not Found",
        "status": 404,
        "detail": "No resource exists at this address.",
    }


def test_wrong_method_is_a_405_problem_with_allow(client: TestClient) -> None:
    response = client.delete("/v1/authorities")
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["allow"] == "GET, HEAD"
    assert response.json()["type"] == "/problems/method-not-allowed"


def test_huge_query_string_is_refused_cleanly(client: TestClient) -> None:
    response = client.get("/v1/authorities?region=" + "x" * 20_000)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_live_and_ready(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok", "revision": "0004"}


def test_not_ready_when_migrations_are_behind(tmp_path: Path) -> None:
    app = create_app()
    empty = build_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    app.dependency_overrides[engine_dependency] = lambda: empty
    response = TestClient(app).get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "behind"


def test_not_ready_when_the_database_is_unreachable() -> None:
    app = create_app()
    down = build_engine("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    app.dependency_overrides[engine_dependency] = lambda: down
    response = TestClient(app).get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_metrics_count_requests_by_route_template(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    client.get("/v1/authorities/E10000016")
    client.get("/v1/authorities/E09000001")
    text = client.get("/metrics", headers=tokens["admin"]).text
    assert 'route="/v1/authorities/{code}"' in text
    assert "E10000016" not in text


@pytest.mark.parametrize("path", ["/openapi.json", "/docs"])
def test_document_and_docs_are_served(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200
