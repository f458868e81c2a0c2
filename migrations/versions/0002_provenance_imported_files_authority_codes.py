"""Where each fact of an event came from, the files already imported, the lead inspector;
authorities' Ofsted URN, aliases and statistical neighbours.

Existing events get the sources their facts can be traced to: an imported event's facts come
from the release it was last imported from, anything else from the API, and a field an admin
corrected (the change log says which) from that correction, so that no later import undoes it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 10:46:02.923802
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FIELDS = (
    'kind', 'theme', 'notified_on', 'fieldwork_start', 'fieldwork_end', 'published_on',
    'report_url',
)
_CORRECTIONS = ('corrected', 'judgements_corrected')


# Columns are added and dropped in place (SQLite's ALTER TABLE, 3.35 and later), never by
# copying the table: a copy drops the old table, which the foreign keys of a database that
# holds data refuse.


def upgrade() -> None:
    op.create_table('imported_file',
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('release', 'report')", name=op.f('ck_imported_file_kind')),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_imported_file'))
    )
    op.create_table('event_fact',
    sa.Column('event_id', sa.String(length=32), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('source_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('source_reference', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('source_as_at', sa.Date(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("source_kind IN ('correction', 'release', 'api', 'report', 'manifest', 'estimate')", name=op.f('ck_event_fact_source_kind')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_fact_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'field', name=op.f('pk_event_fact'))
    )
    with op.batch_alter_table('authority', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('urn', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))
        batch_op.add_column(sa.Column('aliases', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('statistical_neighbours', sa.JSON(), nullable=True))

    with op.batch_alter_table('event', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('lead_inspector', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))

    _trace_existing_facts()


def _trace_existing_facts() -> None:
    bind = op.get_bind()
    now = datetime.now(UTC)
    facts: dict[tuple[str, str], dict[str, Any]] = {}
    events = bind.execute(sa.text(
        'SELECT id, source, source_release, kind, theme, notified_on, fieldwork_start, '
        'fieldwork_end, published_on, report_url FROM event'
    )).mappings().all()
    source_of: dict[str, dict[str, Any]] = {}
    for event in events:
        imported = event['source'] == 'import'
        as_at = event['source_release']
        if isinstance(as_at, str):
            as_at = date.fromisoformat(as_at)
        if imported:
            reference = f'release as at {as_at.isoformat()}' if as_at else 'an Ofsted release'
        else:
            reference = 'recorded before sources were kept'
        source_of[event['id']] = {
            'source_kind': 'release' if imported else 'api',
            'source_reference': reference,
            'source_as_at': as_at if imported else None,
        }
        for field in _FIELDS:
            if event[field] is not None:
                facts[(event['id'], field)] = {
                    'event_id': event['id'], 'field': field, **source_of[event['id']]
                }
    for event_id, area in bind.execute(sa.text('SELECT event_id, area FROM judgement')):
        field = f'grades.{area}'
        facts[(event_id, field)] = {'event_id': event_id, 'field': field, **source_of[event_id]}
    corrections = bind.execute(sa.text(
        'SELECT event_id, actor, action, before, after FROM change '
        "WHERE resource_type = 'event' AND actor <> 'import' AND action IN :actions "
        'ORDER BY seq'
    ).bindparams(sa.bindparam('actions', expanding=True)), {'actions': list(_CORRECTIONS)})
    for event_id, _actor, _action, before, after in corrections:
        for field in _corrected_fields(_json(before), _json(after)):
            facts[(event_id, field)] = {
                'event_id': event_id,
                'field': field,
                'source_kind': 'correction',
                'source_reference': 'admin',
                'source_as_at': None,
            }
    if facts:
        table = sa.table(
            'event_fact',
            sa.column('event_id'), sa.column('field'), sa.column('source_kind'),
            sa.column('source_reference'), sa.column('source_as_at'), sa.column('recorded_at'),
        )
        op.bulk_insert(table, [{**row, 'recorded_at': now} for row in facts.values()])


def _json(value: Any) -> dict[str, Any]:
    import json

    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


def _corrected_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    fields = [f for f in _FIELDS if f in after and before.get(f) != after.get(f)]
    old, new = before.get('grades') or {}, after.get('grades') or {}
    fields += [f'grades.{area}' for area, grade in new.items() if old.get(area) != grade]
    return fields


def downgrade() -> None:
    with op.batch_alter_table('event', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('lead_inspector')

    with op.batch_alter_table('authority', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('statistical_neighbours')
        batch_op.drop_column('aliases')
        batch_op.drop_column('urn')

    op.drop_table('event_fact')
    op.drop_table('imported_file')
