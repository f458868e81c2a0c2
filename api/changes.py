"""The append-only change log, written in the same transaction as the change it records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlmodel import Session

from api.clock import LONDON
from api.db import CHANGED, RECORDED_ON
from api.tables import Change, utcnow

SYSTEM_ACTOR = "system"


def _serialise_writers(session: Session) -> None:
    """Hold the change log's lock until commit, once per transaction, on PostgreSQL.

    Sequence numbers are handed out at insert time but become visible at commit; without
    this, a change could commit after one with a higher number and a client syncing by
    sequence number would skip it. With it, the log's order is the commit order. (SQLite
    writers are serialised by its own write lock.)
    """
    transaction = session.get_transaction()
    if session.get_bind().dialect.name != "postgresql":
        return
    if transaction is None or session.info.get("change_lock") is transaction:
        return
    session.execute(text("LOCK TABLE change IN SHARE ROW EXCLUSIVE MODE"))
    session.info["change_lock"] = transaction


def recorded_on(session: Session, at: datetime) -> date:
    """The day a change in this session is recorded on: the request's today (the clock that
    embargoes are judged by), or the London date of the change for work outside a request."""
    day = session.info.get(RECORDED_ON)
    return day if isinstance(day, date) else at.astimezone(LONDON).date()


def record_on(session: Session, day: date) -> None:
    """Record this session's changes on `day` (a request's today; tests' fixed day)."""
    session.info[RECORDED_ON] = day


def record(
    session: Session,
    *,
    actor: str,
    resource_type: str,
    resource_id: str,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    version: int | None = None,
    authority_code: str | None = None,
    event_id: str | None = None,
    reason: str | None = None,
) -> Change:
    _serialise_writers(session)
    session.info[CHANGED] = True
    at = utcnow()
    change = Change(
        at=at,
        day=recorded_on(session, at),
        actor=actor,
        resource_type=resource_type,
        resource_id=resource_id,
        action=action,
        before=before,
        after=after,
        version=version,
        authority_code=authority_code,
        event_id=event_id,
        reason=reason,
    )
    session.add(change)
    return change


def data_version(session: Session) -> int:
    """The sequence number of the last committed change: what every list is built on."""
    return int(session.execute(select(func.coalesce(func.max(Change.seq), 0))).scalar_one())
