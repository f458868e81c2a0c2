"""Lost-update protection in the database: a row's version is claimed with a conditional
UPDATE, so of two writers that read the same version exactly one wins, even when both passed
the ETag check at the same moment."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col

from api.domain.errors import StaleVersion
from api.tables import Event, PriorityAction


def claim(session: Session, row: Event | PriorityAction) -> None:
    """Bump the row's version if nobody else has since it was read; else StaleVersion."""
    model = type(row)
    result = session.execute(
        update(model)
        .where(col(model.id) == row.id, col(model.version) == row.version)
        .values(version=row.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleVersion("The resource has changed since you read it: read it again, then retry.")
    set_committed_value(row, "version", row.version + 1)
