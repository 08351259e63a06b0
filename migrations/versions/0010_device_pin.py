"""device sessions: last activity, wrong PIN tries and why a phone was signed out (her PIN, issue 17)

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('device_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revoked_reason', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch_op.add_column(sa.Column('last_active_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('pin_failures', sa.Integer(), nullable=False, server_default='0'))
    # Phones signed in before: their last use is at best their last-seen time (the PIN is asked from there).
    op.execute("UPDATE device_session SET last_active_at = last_seen_at")


def downgrade() -> None:
    with op.batch_alter_table('device_session', schema=None) as batch_op:
        batch_op.drop_column('pin_failures')
        batch_op.drop_column('last_active_at')
        batch_op.drop_column('revoked_reason')
