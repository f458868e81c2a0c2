"""Schema for the whole ILACS domain: authorities, frameworks, events, judgements, letters,
priority actions, self-evaluations, API keys, the change log and idempotency records.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 13:00:44.673553
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('authority',
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=9), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('ofsted_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('dfe_number', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('la_type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('region', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('abolished_on', sa.Date(), nullable=True),
    sa.Column('ofsted_page_url', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.CheckConstraint("la_type IN ('county', 'london_borough', 'metropolitan', 'unitary', 'other')", name=op.f('ck_authority_la_type')),
    sa.CheckConstraint("region IN ('north_east_yorkshire_and_the_humber', 'north_west', 'east_midlands', 'west_midlands', 'east_of_england', 'london', 'south_east', 'south_west')", name=op.f('ck_authority_region')),
    sa.CheckConstraint("status IN ('current', 'abolished')", name=op.f('ck_authority_status')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_authority'))
    )
    with op.batch_alter_table('authority', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authority_la_type'), ['la_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_authority_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_authority_status'), ['status'], unique=False)

    op.create_table('change',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('resource_type', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('resource_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('authority_code', sqlmodel.sql.sqltypes.AutoString(length=9), nullable=True),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_change'))
    )
    with op.batch_alter_table('change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_authority_code'), ['authority_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_change_event_id'), ['event_id'], unique=False)

    op.create_table('framework',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_framework'))
    )
    op.create_table('idempotency_record',
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('request_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('actor', 'key', name=op.f('pk_idempotency_record'))
    )
    op.create_table('api_key',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('authority_code', sqlmodel.sql.sqltypes.AutoString(length=9), nullable=True),
    sa.Column('region', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("region IS NULL OR region IN ('north_east_yorkshire_and_the_humber', 'north_west', 'east_midlands', 'west_midlands', 'east_of_england', 'london', 'south_east', 'south_west')", name=op.f('ck_api_key_region')),
    sa.CheckConstraint("role IN ('admin', 'inspector', 'authority')", name=op.f('ck_api_key_role')),
    sa.ForeignKeyConstraint(['authority_code'], ['authority.code'], name=op.f('fk_api_key_authority_code_authority')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_key')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_key_token_hash'))
    )
    op.create_table('authority_succession',
    sa.Column('predecessor_code', sqlmodel.sql.sqltypes.AutoString(length=9), nullable=False),
    sa.Column('successor_code', sqlmodel.sql.sqltypes.AutoString(length=9), nullable=False),
    sa.ForeignKeyConstraint(['predecessor_code'], ['authority.code'], name=op.f('fk_authority_succession_predecessor_code_authority')),
    sa.ForeignKeyConstraint(['successor_code'], ['authority.code'], name=op.f('fk_authority_succession_successor_code_authority')),
    sa.PrimaryKeyConstraint('predecessor_code', 'successor_code', name=op.f('pk_authority_succession'))
    )
    op.create_table('event',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('authority_code', sqlmodel.sql.sqltypes.AutoString(length=9), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('framework_id', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('theme', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('notified_on', sa.Date(), nullable=True),
    sa.Column('fieldwork_start', sa.Date(), nullable=False),
    sa.Column('fieldwork_end', sa.Date(), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('report_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('status_reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('source_release', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('short_inspection', 'standard_inspection', 'focused_visit', 'monitoring_visit', 'jtai', 'annual_engagement_meeting', 'self_evaluation', 'sif_inspection')", name=op.f('ck_event_kind')),
    sa.CheckConstraint("source IN ('import', 'api')", name=op.f('ck_event_source')),
    sa.CheckConstraint("status IN ('planned', 'notified', 'on_site', 'fieldwork_complete', 'published', 'cancelled', 'deferred', 'paused')", name=op.f('ck_event_status')),
    sa.CheckConstraint("theme IS NULL OR theme IN ('front_door', 'children_in_need_or_on_a_plan', 'children_in_care', 'achieving_permanence', 'care_leavers', 'vulnerable_adolescents', 'placement_decisions', 'assurance_visit')", name=op.f('ck_event_theme')),
    sa.CheckConstraint('fieldwork_end IS NULL OR fieldwork_start <= fieldwork_end', name=op.f('ck_event_fieldwork_ordered')),
    sa.ForeignKeyConstraint(['authority_code'], ['authority.code'], name=op.f('fk_event_authority_code_authority')),
    sa.ForeignKeyConstraint(['framework_id'], ['framework.id'], name=op.f('fk_event_framework_id_framework')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_authority_start', ['authority_code', 'fieldwork_start'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_published_on'), ['published_on'], unique=False)
        batch_op.create_index('ix_event_start_id', ['fieldwork_start', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_status'), ['status'], unique=False)

    op.create_table('framework_judgement',
    sa.Column('framework_id', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('area', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.CheckConstraint("area IN ('overall_effectiveness', 'impact_of_leaders', 'help_and_protection', 'children_in_care_and_care_leavers', 'children_in_care', 'care_leavers', 'children_looked_after', 'adoption', 'leadership_management_governance')", name=op.f('ck_framework_judgement_area')),
    sa.ForeignKeyConstraint(['framework_id'], ['framework.id'], name=op.f('fk_framework_judgement_framework_id_framework')),
    sa.PrimaryKeyConstraint('framework_id', 'area', name=op.f('pk_framework_judgement'))
    )
    op.create_table('judgement',
    sa.Column('event_id', sa.String(length=32), nullable=False),
    sa.Column('area', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('grade', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.CheckConstraint("area IN ('overall_effectiveness', 'impact_of_leaders', 'help_and_protection', 'children_in_care_and_care_leavers', 'children_in_care', 'care_leavers', 'children_looked_after', 'adoption', 'leadership_management_governance')", name=op.f('ck_judgement_area')),
    sa.CheckConstraint("grade IN ('outstanding', 'good', 'requires_improvement', 'inadequate')", name=op.f('ck_judgement_grade')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_judgement_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'area', name=op.f('pk_judgement'))
    )
    op.create_table('letter',
    sa.Column('event_id', sa.String(length=32), nullable=False),
    sa.Column('strengths', sa.JSON(), nullable=False),
    sa.Column('areas_for_improvement', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_letter_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_letter'))
    )
    op.create_table('priority_action',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('authority_code', sqlmodel.sql.sqltypes.AutoString(length=9), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('draft_plan_due', sa.Date(), nullable=False),
    sa.Column('final_plan_due', sa.Date(), nullable=False),
    sa.Column('draft_plan_submitted_on', sa.Date(), nullable=True),
    sa.Column('final_plan_submitted_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closed_by_event_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('open', 'action_plan_submitted', 'closed')", name=op.f('ck_priority_action_status')),
    sa.ForeignKeyConstraint(['authority_code'], ['authority.code'], name=op.f('fk_priority_action_authority_code_authority')),
    sa.ForeignKeyConstraint(['closed_by_event_id'], ['event.id'], name=op.f('fk_priority_action_closed_by_event_id_event')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_priority_action_event_id_event')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_priority_action')),
    sa.UniqueConstraint('event_id', 'position', name='uq_priority_action_event_position')
    )
    with op.batch_alter_table('priority_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_priority_action_authority_code'), ['authority_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_priority_action_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_priority_action_status'), ['status'], unique=False)

    op.create_table('self_evaluation',
    sa.Column('event_id', sa.String(length=32), nullable=False),
    sa.Column('quality_and_impact', sa.Text(), nullable=False),
    sa.Column('how_we_know', sa.Text(), nullable=False),
    sa.Column('plans_next_12_months', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_self_evaluation_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_self_evaluation'))
    )


def downgrade() -> None:
    op.drop_table('self_evaluation')
    with op.batch_alter_table('priority_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_priority_action_status'))
        batch_op.drop_index(batch_op.f('ix_priority_action_event_id'))
        batch_op.drop_index(batch_op.f('ix_priority_action_authority_code'))

    op.drop_table('priority_action')
    op.drop_table('letter')
    op.drop_table('judgement')
    op.drop_table('framework_judgement')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_status'))
        batch_op.drop_index('ix_event_start_id')
        batch_op.drop_index(batch_op.f('ix_event_published_on'))
        batch_op.drop_index('ix_event_authority_start')

    op.drop_table('event')
    op.drop_table('authority_succession')
    op.drop_table('api_key')
    op.drop_table('idempotency_record')
    op.drop_table('framework')
    with op.batch_alter_table('change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_event_id'))
        batch_op.drop_index(batch_op.f('ix_change_authority_code'))

    op.drop_table('change')
    with op.batch_alter_table('authority', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authority_status'))
        batch_op.drop_index(batch_op.f('ix_authority_region'))
        batch_op.drop_index(batch_op.f('ix_authority_la_type'))

    op.drop_table('authority')
