"""JTAIs' own facts (an open theme, the inspectorates taking part, whether a written statement
is required) and what was said at annual engagement meetings.

A JTAI's theme gets a column of its own: the visit themes' CHECK constraint on `theme` stays
(changing it would copy the event table on SQLite, which the foreign keys of a database that
holds data refuse), and a JTAI theme unknown today must be storable. A JTAI already holding a
visit theme keeps it, moved to the new column. Columns are added in place, as in 0002.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VISIT_THEMES = (
    'front_door', 'children_in_need_or_on_a_plan', 'children_in_care', 'achieving_permanence',
    'care_leavers', 'vulnerable_adolescents', 'placement_decisions', 'assurance_visit',
)


def upgrade() -> None:
    with op.batch_alter_table('event', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('jtai_theme', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True))
        batch_op.add_column(sa.Column('inspectorates', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('written_statement_required', sa.Boolean(), nullable=True))
    op.execute(
        "UPDATE event SET jtai_theme = theme, theme = NULL "
        "WHERE kind = 'jtai' AND theme IS NOT NULL"
    )
    op.create_table('engagement_meeting',
    sa.Column('event_id', sa.String(length=32), nullable=False),
    sa.Column('attendees', sa.JSON(), nullable=False),
    sa.Column('summary_letter', sa.Text(), nullable=False),
    sa.Column('next_steps', sa.JSON(), nullable=False),
    sa.Column('focused_visit_scope', sa.Text(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_engagement_meeting_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_engagement_meeting'))
    )


def downgrade() -> None:
    # What the old schema can hold goes back: a JTAI's visit theme. Other JTAI themes,
    # inspectorates, statements and meeting records have no place in it.
    op.drop_table('engagement_meeting')
    themes = ", ".join(f"'{theme}'" for theme in _VISIT_THEMES)
    op.execute(
        f"UPDATE event SET theme = jtai_theme WHERE kind = 'jtai' AND jtai_theme IN ({themes})"
    )
    with op.batch_alter_table('event', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('written_statement_required')
        batch_op.drop_column('inspectorates')
        batch_op.drop_column('jtai_theme')
