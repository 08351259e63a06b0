"""placement history: what a placement is, where, its planned end and why it ended

Every existing internship is kept as it is (its id, dates, tasks and schedule versions) and
becomes a placement at an outside workplace; an internship that already has an end date ended
"as planned" as far as anyone recorded.

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('internship', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), server_default='outside', nullable=False))
        batch_op.add_column(sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('trade', sqlmodel.sql.sqltypes.AutoString(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('planned_end', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('end_reason', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch_op.add_column(sa.Column('end_reason_text', sqlmodel.sql.sqltypes.AutoString(length=500), server_default='',
                                      nullable=False))
        batch_op.create_check_constraint('ck_internship_kind', "kind IN ('internal', 'outside', 'paid_job')")
        batch_op.create_check_constraint('ck_internship_end_reason', "end_reason IS NULL OR end_reason IN ('as_planned', "
                                         "'moved', 'workplace_closed', 'absence', 'got_job', 'her_wish', 'other')")
    op.execute("UPDATE internship SET end_reason = 'as_planned' WHERE \"end\" IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('internship', schema=None) as batch_op:
        batch_op.drop_constraint('ck_internship_end_reason', type_='check')
        batch_op.drop_constraint('ck_internship_kind', type_='check')
        for column in ('end_reason_text', 'end_reason', 'planned_end', 'trade', 'address', 'kind'):
            batch_op.drop_column(column)
