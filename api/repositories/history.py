"""The change log as histories are read from it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlmodel import Session, col, select

from api.tables import ApiKey, Change


def changes_of_event(session: Session, event_id: str) -> Sequence[Change]:
    return session.exec(
        select(Change).where(col(Change.event_id) == event_id).order_by(col(Change.seq))
    ).all()


def roles_of_keys(session: Session, key_ids: Iterable[str]) -> dict[str, str]:
    rows = session.exec(select(ApiKey.id, ApiKey.role).where(col(ApiKey.id).in_(list(key_ids))))
    return dict(rows.all())
