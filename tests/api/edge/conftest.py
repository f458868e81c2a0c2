"""One world per test module, each test in a savepoint of it.

The suite's `connection` is replaced here by one that lives as long as the module, so the
events of `world` are built once; every test then runs inside a savepoint of it that is rolled
back afterwards (the suite's `session`, `app`, `client` and `tokens` all use this connection).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine

from tests.api.edge.routes import EdgeWorld, build_world
from tests.api.test_concurrency import committed, inspector, live_app
from tests.api.test_role_matrix import undone

__all__ = ["committed", "inspector", "live_app"]


@pytest.fixture(scope="module")
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        outer = connection.begin()
        try:
            yield connection
        finally:
            outer.rollback()


@pytest.fixture(autouse=True)
def _each_test_undone(connection: Connection) -> Iterator[None]:
    with undone(connection):
        yield


@pytest.fixture(scope="module")
def world(engine: Engine, connection: Connection) -> EdgeWorld:
    return build_world(engine, connection)
