"""course changes: each course's purpose and end kept as dated versions

Every existing course gets its first version as it stands now, dated on its start.

Revision ID: 0016
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('course_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('planned_end', sa.Date(), nullable=False),
    sa.Column('extended_to', sa.Date(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('made_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("purpose IN ('job', 'clarify')", name='ck_course_change_purpose'),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], ),
    sa.ForeignKeyConstraint(['made_by_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('course_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_change_course_id'), ['course_id'], unique=False)
    op.execute("INSERT INTO course_change (course_id, decided_on, purpose, planned_end, extended_to, reason, created_at)"
               " SELECT id, start, purpose, planned_end, extended_to, '', CURRENT_TIMESTAMP FROM course")


def downgrade() -> None:
    with op.batch_alter_table('course_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_change_course_id'))
    op.drop_table('course_change')
