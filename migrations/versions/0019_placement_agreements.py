"""placement agreements: each printed internship agreement (praktikplan) kept as a dated version with its PDF

A new table only; no existing row changes. A downgrade would throw away agreements that were handed
out and signed, so it refuses while any is stored (delete them on purpose first, as with 0018's plans).
An empty table is dropped, or found dropped already (see downgrade).

Revision ID: 0019
Revises: 0018
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('placement_agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('internship_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('made_by_id', sa.Integer(), nullable=True),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.CheckConstraint("language IN ('da', 'ar', 'ur', 'so')", name='ck_placement_agreement_language'),
    sa.CheckConstraint('version >= 1', name='ck_placement_agreement_version'),
    sa.ForeignKeyConstraint(['internship_id'], ['internship.id'], ),
    sa.ForeignKeyConstraint(['made_by_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('internship_id', 'version', 'language', name='uq_placement_agreement_copy')
    )
    with op.batch_alter_table('placement_agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_agreement_internship_id'), ['internship_id'], unique=False)


def downgrade() -> None:
    bind = op.get_bind()
    if not sa.inspect(bind).has_table('placement_agreement'):
        # SQLite runs DDL outside the migration's transaction: a downgrade past 0018 that 0018 refused has
        # dropped this (empty) table already while the version stayed 0019. Trying again goes on from here.
        return
    stored = bind.execute(sa.text("SELECT count(*) FROM placement_agreement")).scalar_one()
    if stored:
        raise RuntimeError(f"{stored} placement agreements (printed PDFs) would be lost by this downgrade; "
                           "export and delete them first if that is really meant")
    with op.batch_alter_table('placement_agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placement_agreement_internship_id'))
    op.drop_table('placement_agreement')
