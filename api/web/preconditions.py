"""Lost-update protection: every change to an existing resource names the version it read.

The caller sends the ETag it read as `If-Match` (428 without one, 412 when stale); the row's
version is then claimed with a conditional UPDATE, so of two writers that read the same version
exactly one wins even when both pass the ETag check at the same moment.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col

from api.tables import Event, PriorityAction
from api.web.conditional import etag_matches
from api.web.problems import ApiProblem


class PreconditionRequired(ApiProblem):
    def __init__(self) -> None:
        super().__init__(
            428,
            "precondition-required",
            "Send the ETag you last read as If-Match, so that no one else's change is lost.",
        )


class PreconditionFailed(ApiProblem):
    def __init__(self) -> None:
        super().__init__(
            412,
            "precondition-failed",
            "The resource has changed since you read it: read it again, then retry.",
        )


def require_match(if_match: str | None, current_etag: str) -> None:
    if if_match is None:
        raise PreconditionRequired()
    if not etag_matches(if_match, current_etag):
        raise PreconditionFailed()


def claim(session: Session, row: Event | PriorityAction) -> None:
    """Bump the row's version if nobody else has since it was read; else 412."""
    model = type(row)
    result = session.execute(
        update(model)
        .where(col(model.id) == row.id, col(model.version) == row.version)
        .values(version=row.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise PreconditionFailed()
    set_committed_value(row, "version", row.version + 1)
