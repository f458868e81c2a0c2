"""Test fixtures: the same suite on SQLite and on PostgreSQL, schema built by the migrations.

Every database test runs inside a transaction that is rolled back afterwards: requests commit
into a SAVEPOINT of it (SQLAlchemy's "join an external transaction" recipe), so each test sees
the seeded database and leaves nothing behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from api import migrate
from api.app import create_app
from api.changes import record_on
from api.clock import today
from api.db import build_engine, engine_dependency, session_factory
from api.reference import DATA_DIR, load_reference_data
from api.services.imports import import_files
from api.web import pages as cache

PG_URL = os.environ.get(
    "ILACS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/ilacs_test"
)
OFSTED_DATA = DATA_DIR / "ofsted"
# The day the tests live on: fixed, so that embargoes and deadlines give the same answers
# every day the suite runs.
TEST_TODAY = date(2026, 11, 23)


def _recreate_postgres(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


OFSTED_RELEASES = sorted(OFSTED_DATA.glob("*.ods"))


def seed(engine: Engine) -> None:
    """What `make run` loads: the reference data and Ofsted's two published releases, loaded
    on the day the tests live on (so the change feed finds them before today's changes)."""
    with Session(engine) as session, session.begin():
        record_on(session, TEST_TODAY)
        load_reference_data(session)
        import_files(session, OFSTED_RELEASES)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'ilacs.sqlite3'}"
    _recreate_postgres(PG_URL)
    return PG_URL


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    migrate.upgrade(database_url)
    engine = build_engine(database_url)
    seed(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        outer = connection.begin()
        try:
            yield connection
        finally:
            outer.rollback()


def _bound_session(connection: Connection) -> Session:
    return Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    with _bound_session(connection) as session:
        yield session


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Rolled-back tests can reuse a data version with other data; never carry pages over.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def app(engine: Engine, connection: Connection) -> FastAPI:
    application = create_app()
    application.dependency_overrides[session_factory] = lambda: (
        lambda _writes: _bound_session(connection)
    )
    application.dependency_overrides[engine_dependency] = lambda: engine
    application.dependency_overrides[today] = lambda: TEST_TODAY
    return application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def count_statements(connection: Connection) -> Callable[[], Iterator[list[str]]]:
    """A context manager listing the SQL statements run on the test's connection."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting() -> Iterator[list[str]]:
        statements: list[str] = []

        def note(_conn: object, _cursor: object, statement: str, *_: object) -> None:
            statements.append(statement)

        event.listen(connection, "before_cursor_execute", note)
        try:
            yield statements
        finally:
            event.remove(connection, "before_cursor_execute", note)

    return counting


FIXTURES = Path(__file__).parent / "fixtures"


# Who calls, in the tests: one key per kind of caller the contract distinguishes. Barking and
# Dagenham (E09000002) and Barnet (E09000003) are both in London.
OWN_AUTHORITY = "E09000002"
OTHER_AUTHORITY = "E09000003"
CALLERS = (
    "public",
    "authority",  # of OWN_AUTHORITY
    "other_authority",  # of OTHER_AUTHORITY
    "inspector",  # of London
    "other_inspector",  # of the North West
    "admin",
)


@pytest.fixture
def tokens(session: Session) -> dict[str, dict[str, str]]:
    """Authorization headers for each caller of CALLERS (the public sends none)."""
    from api.domain.vocabulary import Region, Role
    from api.keys import create_key

    made = {
        "authority": create_key(session, Role.AUTHORITY, authority_code=OWN_AUTHORITY),
        "other_authority": create_key(session, Role.AUTHORITY, authority_code=OTHER_AUTHORITY),
        "inspector": create_key(session, Role.INSPECTOR, region=Region.LONDON),
        "other_inspector": create_key(session, Role.INSPECTOR, region=Region.NORTH_WEST),
        "admin": create_key(session, Role.ADMIN),
    }
    session.commit()
    headers = {name: {"Authorization": f"Bearer {token}"} for name, (_, token) in made.items()}
    return {"public": {}, **headers}
