"""The append-only change log, written in the same transaction as the change it records."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from api.tables import Change, utcnow

SYSTEM_ACTOR = "system"


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
    change = Change(
        at=utcnow(),
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
