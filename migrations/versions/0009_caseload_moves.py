"""caseload moves: every move of a woman to another caseload, some waiting for a second admin

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('caseload_move',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('from_consultant_id', sa.Integer(), nullable=True),
    sa.Column('to_consultant_id', sa.Integer(), nullable=False),
    sa.Column('approval_reason', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.CheckConstraint("state IN ('requested', 'applied', 'rejected')", name='ck_caseload_move_state'),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], ),
    sa.ForeignKeyConstraint(['decided_by_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['from_consultant_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['requested_by_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['to_consultant_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('caseload_move', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caseload_move_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_caseload_move_state'), ['state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('caseload_move', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caseload_move_state'))
        batch_op.drop_index(batch_op.f('ix_caseload_move_citizen_id'))

    op.drop_table('caseload_move')
