"""Engine and the one transaction per request.

The request's session is opened by `session_dependency`, which commits when the route returned
without error and rolls back otherwise. Services and routes only flush, never commit.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

from api import data_version
from api.clock import Today
from api.settings import Settings, get_settings

# Set in a session's info by whatever records a change in it.
CHANGED = "ilacs_changed"
# In a session's info: the day its changes are recorded on (the request's today).
RECORDED_ON = "ilacs_recorded_on"


def _make_sqlite_behave(engine: Engine) -> None:
    """Foreign keys on, and transactions (savepoints included) under SQLAlchemy's control.

    pysqlite otherwise leaves foreign keys unenforced and manages BEGIN itself, which breaks
    SAVEPOINT: see SQLAlchemy's "Serializable isolation / Savepoints" notes for pysqlite.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A request that writes takes the write lock up front: otherwise two writers that both
        # read first would have the later one fail on upgrading its lock, instead of waiting
        # and then finding (as on PostgreSQL) that the row moved on.
        writes = connection.get_execution_options().get(WRITES, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def build_engine(url: str, settings: Settings | None = None) -> Engine:
    settings = settings or get_settings()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _make_sqlite_behave(engine)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
    )


_engine: Engine | None = None


def get_engine() -> Engine:
    global _engine
    if _engine is None:
        _engine = build_engine(get_settings().database_url)
    return _engine


def engine_dependency() -> Engine:
    return get_engine()


WRITES = "ilacs_writes"
SessionFactory = Callable[[bool], Session]


@cache
def sessions_of(engine: Engine) -> SessionFactory:
    """Sessions on this engine, for a request that writes or one that only reads."""
    writer = engine.execution_options(**{WRITES: True})

    def make(writes: bool) -> Session:
        return Session(writer if writes else engine, expire_on_commit=False)

    return make


async def session_factory() -> SessionFactory:
    """How a request's session is made (tests bind it to a transaction they roll back)."""
    return sessions_of(get_engine())


async def sessions_of_app(app: Any) -> SessionFactory:
    """The session factory an app's requests use, for code that runs before its routes
    (middleware): the app's own override of `session_factory` when it has one."""
    provide = app.dependency_overrides.get(session_factory, session_factory)
    made = provide()
    factory: SessionFactory = await made if inspect.isawaitable(made) else made
    return factory


def session_dependency(
    request: Request,
    make_session: Annotated[SessionFactory, Depends(session_factory)],
    today: Today,
) -> Iterator[Session]:
    """One session and one transaction per request: commit on success, roll back on error.
    Its changes are recorded on the request's today, the day embargoes are judged by."""
    with make_session(request.method not in ("GET", "HEAD")) as session:
        session.info[RECORDED_ON] = today
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        else:
            session.commit()
            if session.info.get(CHANGED):
                data_version.committed()


# The request's session. `scope="function"` ends the dependency (and so commits) before the
# response is sent, so a failed commit becomes an error response instead of a lost write.
# `max_concurrency` keeps sessions within what the pool holds: requests beyond it wait without
# a worker thread, so the threads that must commit (and release their connections) are never
# all taken by requests waiting for a connection.
SessionDep = Annotated[
    Session,
    Depends(
        session_dependency,
        scope="function",
        max_concurrency=get_settings().db_pool_size + get_settings().db_max_overflow,
    ),
]
