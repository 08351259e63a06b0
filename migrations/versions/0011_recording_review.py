"""recording review: interpreters' languages, pending audio clips

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('languages', sqlmodel.sql.sqltypes.AutoString(length=40), server_default='', nullable=False))
    # Clips kept so far are the ones women hear: they become live.
    with op.batch_alter_table('audio_clip', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), server_default='live', nullable=False))
        batch_op.add_column(sa.Column('approved_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('approved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.drop_constraint('uq_audio_prompt_language', type_='unique')
        batch_op.create_unique_constraint('uq_audio_prompt_language_status', ['prompt', 'language', 'status'])
        batch_op.create_check_constraint('ck_audio_status', "status IN ('live', 'pending')")
        batch_op.create_foreign_key('fk_audio_clip_approved_by_staff_user', 'staff_user', ['approved_by'], ['id'])


def downgrade() -> None:
    op.execute("DELETE FROM audio_clip WHERE status = 'pending'")
    with op.batch_alter_table('audio_clip', schema=None) as batch_op:
        batch_op.drop_constraint('fk_audio_clip_approved_by_staff_user', type_='foreignkey')
        batch_op.drop_constraint('ck_audio_status', type_='check')
        batch_op.drop_constraint('uq_audio_prompt_language_status', type_='unique')
        batch_op.create_unique_constraint('uq_audio_prompt_language', ['prompt', 'language'])
        batch_op.drop_column('approved_at')
        batch_op.drop_column('approved_by')
        batch_op.drop_column('status')
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_column('languages')
