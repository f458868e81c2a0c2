"""Queries over an authority's private records (self-evaluations, engagement meetings): events
of a private kind that have happened, newest first, always through the visibility policy.

Each function runs a fixed number of statements, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col, select

from api.domain.vocabulary import EventKind, EventStatus
from api.tables import EngagementMeeting, Event, SelfEvaluation
from api.visibility import Caller, visible_events

Key = tuple[date, str]  # (the day it happened, the event id): newest first


def _held(
    caller: Caller, day: date, authority_code: str, kind: EventKind
) -> list[ColumnElement[bool]]:
    return [
        visible_events(caller, day),
        col(Event.authority_code) == authority_code,
        col(Event.kind) == kind.value,
        # What happened: planned, deferred or cancelled meetings are in /v1/events.
        col(Event.status) == EventStatus.FIELDWORK_COMPLETE.value,
    ]


def _before(after: Key | None) -> list[ColumnElement[bool]]:
    if after is None:
        return []
    start, event_id = after
    return [
        or_(
            col(Event.fieldwork_start) < start,
            and_(col(Event.fieldwork_start) == start, col(Event.id) < event_id),
        )
    ]


def self_evaluations(
    session: Session, caller: Caller, day: date, authority_code: str, after: Key | None, limit: int
) -> Sequence[tuple[Event, SelfEvaluation]]:
    """A page of the authority's self-evaluations the caller may see (limit + 1 rows)."""
    query = (
        select(Event, SelfEvaluation)
        .join(SelfEvaluation, col(SelfEvaluation.event_id) == col(Event.id))
        .where(*_held(caller, day, authority_code, EventKind.SELF_EVALUATION), *_before(after))
        .order_by(col(Event.fieldwork_start).desc(), col(Event.id).desc())
        .limit(limit + 1)
    )
    return session.exec(query).all()


def self_evaluation(
    session: Session, caller: Caller, day: date, authority_code: str, event_id: str
) -> tuple[Event, SelfEvaluation] | None:
    query = (
        select(Event, SelfEvaluation)
        .join(SelfEvaluation, col(SelfEvaluation.event_id) == col(Event.id))
        .where(
            *_held(caller, day, authority_code, EventKind.SELF_EVALUATION),
            col(Event.id) == event_id,
        )
    )
    return session.exec(query).first()


def engagement_meetings(
    session: Session, caller: Caller, day: date, authority_code: str, after: Key | None, limit: int
) -> Sequence[tuple[Event, EngagementMeeting | None]]:
    """A page of the authority's engagement meetings the caller may see (limit + 1 rows),
    with their records (None for a meeting kept only as a bare event)."""
    query = (
        select(Event, EngagementMeeting)
        .outerjoin(EngagementMeeting, col(EngagementMeeting.event_id) == col(Event.id))
        .where(
            *_held(caller, day, authority_code, EventKind.ANNUAL_ENGAGEMENT_MEETING),
            *_before(after),
        )
        .order_by(col(Event.fieldwork_start).desc(), col(Event.id).desc())
        .limit(limit + 1)
    )
    return session.exec(query).all()


def engagement_meeting(
    session: Session, caller: Caller, day: date, authority_code: str, event_id: str
) -> tuple[Event, EngagementMeeting | None] | None:
    query = (
        select(Event, EngagementMeeting)
        .outerjoin(EngagementMeeting, col(EngagementMeeting.event_id) == col(Event.id))
        .where(
            *_held(caller, day, authority_code, EventKind.ANNUAL_ENGAGEMENT_MEETING),
            col(Event.id) == event_id,
        )
    )
    return session.exec(query).first()


def meeting_records(session: Session, event_ids: Sequence[str]) -> dict[str, EngagementMeeting]:
    if not event_ids:
        return {}
    query = select(EngagementMeeting).where(col(EngagementMeeting.event_id).in_(list(event_ids)))
    return {record.event_id: record for record in session.exec(query).all()}
