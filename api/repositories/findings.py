"""An event's findings as stored: its judgements, its letter, its priority actions."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from api.tables import Judgement, Letter, PriorityAction


def judgements_of(session: Session, event_id: str) -> dict[str, Judgement]:
    """The event's stored judgements, by area."""
    found = session.exec(select(Judgement).where(col(Judgement.event_id) == event_id)).all()
    return {judgement.area: judgement for judgement in found}


def has_judgements(session: Session, event_id: str) -> bool:
    found = session.exec(select(Judgement.area).where(col(Judgement.event_id) == event_id))
    return found.first() is not None


def letter_of(session: Session, event_id: str) -> Letter | None:
    return session.get(Letter, event_id)


def priority_actions_of(session: Session, event_id: str) -> Sequence[PriorityAction]:
    return session.exec(
        select(PriorityAction)
        .where(col(PriorityAction.event_id) == event_id)
        .order_by(col(PriorityAction.position))
    ).all()
