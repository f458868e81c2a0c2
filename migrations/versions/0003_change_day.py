"""The change log records the London day of each change, by the service's clock.

The change feed orders what each caller may see by the day it became visible to them; for most
changes that is the day the change was made, which `at` (an instant in UTC) does not say
without a time zone, and which must come from the same clock embargoes are judged by. Existing
rows get the London date of their `at`.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 11:00:00.000000
"""

from collections.abc import Sequence
from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op


revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LONDON = ZoneInfo("Europe/London")


def upgrade() -> None:
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("day", sa.Date(), nullable=True))
    change = sa.table(
        "change",
        sa.column("seq", sa.Integer()),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("day", sa.Date()),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(change.c.seq, change.c.at)).all()
    for seq, at in rows:
        if at.tzinfo is None:  # SQLite keeps no offset: stored in UTC
            at = at.replace(tzinfo=UTC)
        connection.execute(
            change.update().where(change.c.seq == seq).values(day=at.astimezone(LONDON).date())
        )
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.alter_column("day", existing_type=sa.Date(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_column("day")
