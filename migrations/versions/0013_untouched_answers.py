"""untouched answers: which stored answers she never gave

Until now every new day's form pre-selected "no extra breaks", so a stored "none" may be an
answer she never touched. Those are marked, not changed: the value stays (nothing is lost),
and every reader counts it as not answered.

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('day_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('untouched', sqlmodel.sql.sqltypes.AutoString(length=100), server_default='',
                                      nullable=False))
    op.execute("UPDATE day_entry SET untouched = 'breaks' WHERE breaks = 'none'")


def downgrade() -> None:
    with op.batch_alter_table('day_entry', schema=None) as batch_op:
        batch_op.drop_column('untouched')
