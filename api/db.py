"""Engine and the one transaction per request.

The request's session is opened by `session_dependency`, which commits when the route returned
without error and rolls back otherwise. Services and routes only flush, never commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

from api.settings import Settings, get_settings


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
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


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


def session_factory() -> Callable[[], Session]:
    """How a request's session is made (tests bind it to a transaction they roll back)."""
    return lambda: Session(get_engine(), expire_on_commit=False)


def session_dependency(
    make_session: Annotated[Callable[[], Session], Depends(session_factory)],
) -> Iterator[Session]:
    """One session and one transaction per request: commit on success, roll back on error."""
    with make_session() as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        else:
            session.commit()


# The request's session. `scope="function"` ends the dependency (and so commits) before the
# response is sent, so a failed commit becomes an error response instead of a lost write.
SessionDep = Annotated[Session, Depends(session_dependency, scope="function")]
