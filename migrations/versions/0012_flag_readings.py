"""flag readings: each woman's stored flags and caseload figures

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Starts empty: every reading is computed on the first view that needs it.
    op.create_table('flag_reading',
    sa.Column('citizen_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('generation', sa.Integer(), server_default='0', nullable=False),
    sa.Column('as_of', sa.Date(), nullable=True),
    sa.Column('engine', sqlmodel.sql.sqltypes.AutoString(length=16), server_default='', nullable=False),
    sa.Column('computed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('flags', sa.Text(), nullable=True),
    sa.Column('figures', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], ),
    sa.PrimaryKeyConstraint('citizen_id')
    )


def downgrade() -> None:
    op.drop_table('flag_reading')
