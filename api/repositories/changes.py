"""The change log as the change feed reads it: one statement, however long the log."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from api.domain.feed import AUTHORITY, EVENT, PRIORITY_ACTION, Entry
from api.tables import Authority, Change


def feed_entries(session: Session) -> list[Entry]:
    """Every change to an event, a priority action or an authority, in sequence order."""
    rows = session.execute(
        select(
            col(Change.seq),
            col(Change.day),
            col(Change.resource_type),
            col(Change.resource_id),
            col(Change.action),
            col(Change.event_id),
            col(Change.authority_code),
            col(Change.after),
        )
        .where(col(Change.resource_type).in_((EVENT, PRIORITY_ACTION, AUTHORITY)))
        .order_by(col(Change.seq))
    )
    return [Entry(*row) for row in rows]


def regions(session: Session) -> dict[str, str]:
    """Every authority's region, by code."""
    rows = session.execute(select(col(Authority.code), col(Authority.region)))
    return {code: region for code, region in rows}  # noqa: C416 (rows are Row objects)


# Changes that name the one authority they touch; any other (reference data: an authority, a
# framework, a reorganisation link) may touch every authority.
_LOCAL = (EVENT, PRIORITY_ACTION)


def authorities_changed(session: Session, after: int, upto: int, at_most: int) -> set[str] | None:
    """The authorities that the changes after `after`, up to and including `upto`, touch; None
    when one of them may touch every authority, or when there are more than `at_most` of them
    (then reading everything again costs about the same)."""
    # Sequence numbers have gaps (PostgreSQL's rolled-back inserts): count rows, not numbers.
    rows = session.execute(
        select(col(Change.resource_type), col(Change.authority_code))
        .where(col(Change.seq) > after, col(Change.seq) <= upto)
        .limit(at_most + 1)
    ).all()
    if len(rows) > at_most:
        return None
    touched: set[str] = set()
    for resource_type, code in rows:
        if resource_type not in _LOCAL or code is None:
            return None
        touched.add(code)
    return touched
