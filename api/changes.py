"""The append-only change log, written in the same transaction as the change it records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, text
from sqlmodel import Session, col

from api.clock import LONDON
from api.db import CHANGED, RECORDED_ON
from api.domain.vocabulary import EventStatus
from api.tables import Change, Event, utcnow
from api.visibility import PUBLIC_KINDS

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


def record_event(
    session: Session,
    event: Event,
    *,
    actor: str,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str | None = None,
) -> Change:
    """A change to an event, at the version it now has (API writes and imports alike)."""
    return record(
        session,
        actor=actor,
        resource_type="event",
        resource_id=event.id,
        action=action,
        before=before,
        after=after,
        version=event.version,
        authority_code=event.authority_code,
        event_id=event.id,
        reason=reason,
    )


def data_version(session: Session) -> int:
    """The sequence number of the last committed change: what every list is built on."""
    return int(session.execute(select(func.coalesce(func.max(Change.seq), 0))).scalar_one())


def public_data_version(session: Session) -> int:
    """The sequence number of the last change that can touch what the public reads: reference
    data, or an event that is published (embargoed or not) and of a public kind.

    Public pages and standings are built on it, so a change the public cannot see (planning,
    notice, fieldwork, a meeting) costs public readers nothing. An embargoed publication counts
    from its commit (its page is rebuilt then with the same content: nothing shows early),
    and the day a page is built for is part of its key, so the embargo lifts on its day.
    """
    published = and_(
        col(Event.status) == EventStatus.PUBLISHED.value, col(Event.kind).in_(PUBLIC_KINDS)
    )
    seq = session.execute(
        select(col(Change.seq))
        .outerjoin(Event, col(Event.id) == col(Change.event_id))
        .where(or_(col(Change.event_id).is_(None), published))
        .order_by(col(Change.seq).desc())
        .limit(1)
    ).scalar()
    return int(seq or 0)
