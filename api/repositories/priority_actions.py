"""Priority actions the caller may see: every read joins the event that raised them, so they
go where their event goes (api.visibility)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from api.domain.vocabulary import PriorityActionStatus
from api.tables import Authority, Event, PriorityAction
from api.visibility import Caller, visible_events


@dataclass(frozen=True)
class PriorityActionFilters:
    authority_code: str | None = None
    region: str | None = None
    status: PriorityActionStatus | None = None


def visible_actions(
    session: Session,
    caller: Caller,
    day: date,
    filters: PriorityActionFilters,
    after: str | None = None,
) -> Sequence[PriorityAction]:
    statement = (
        select(PriorityAction)
        .join(Event, col(Event.id) == col(PriorityAction.event_id))
        .where(visible_events(caller, day))
        .order_by(col(PriorityAction.id))
    )
    if filters.authority_code:
        statement = statement.where(col(PriorityAction.authority_code) == filters.authority_code)
    if filters.region:
        statement = statement.join(
            Authority, col(Authority.code) == col(PriorityAction.authority_code)
        ).where(col(Authority.region) == filters.region)
    if filters.status:
        statement = statement.where(col(PriorityAction.status) == filters.status.value)
    if after:
        statement = statement.where(col(PriorityAction.id) > after)
    return session.exec(statement).all()


def visible_action(
    session: Session, caller: Caller, day: date, action_id: str
) -> PriorityAction | None:
    found: PriorityAction | None = session.exec(
        select(PriorityAction)
        .join(Event, col(Event.id) == col(PriorityAction.event_id))
        .where(col(PriorityAction.id) == action_id, visible_events(caller, day))
    ).first()
    return found


def visible_by_ids(
    session: Session, caller: Caller, day: date, action_ids: Sequence[str]
) -> Sequence[PriorityAction]:
    """Those of these priority actions the caller may see (in no particular order)."""
    if not action_ids:
        return []
    return session.exec(
        select(PriorityAction)
        .join(Event, col(Event.id) == col(PriorityAction.event_id))
        .where(col(PriorityAction.id).in_(list(action_ids)), visible_events(caller, day))
    ).all()
