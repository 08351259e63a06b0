"""a stored flag reading keeps what the caseload shows beside her flags (issue 18: a warm review list runs no
statement for it): her open "accounts differ" days and her word of today for the "today" lane, as JSON

`flag_reading.beside` is a new nullable column. A reading without it is stale (app/services/readings.py), so every
reading is recomputed once after the upgrade. The downgrade drops it: it is a cache, recomputed from the log, so
nothing is lost; a refused or interrupted SQLite batch copy left behind by an earlier try is dropped first (see 0021).

Revision ID: 0024
Revises: 0023
"""
from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('flag_reading', schema=None) as batch_op:
        batch_op.add_column(sa.Column('beside', sa.Text(), nullable=True))


def downgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if inspector.has_table('_alembic_tmp_flag_reading'):
        op.drop_table('_alembic_tmp_flag_reading')
    if 'beside' in {column['name'] for column in inspector.get_columns('flag_reading')}:
        with op.batch_alter_table('flag_reading', schema=None) as batch_op:
            batch_op.drop_column('beside')
