"""workplace reminders and resolutions: the weekday a contact person is reminded by e-mail, the day it last went, and
the consultant's note that resolves a day where the workplace's account and hers differ

New nullable columns (the note defaults to empty): no row changes meaning. A downgrade refuses while a resolution
note or a reminder day is stored, as 0017-0020 refuse to lose a row silently.

Revision ID: 0021
Revises: 0020
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('placement_contact') as batch:
        batch.add_column(sa.Column('reminder_weekday', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('reminded_on', sa.Date(), nullable=True))
        batch.create_check_constraint('ck_placement_contact_reminder_weekday',
                                      'reminder_weekday IS NULL OR (reminder_weekday >= 0 AND reminder_weekday <= 6)')
    with op.batch_alter_table('workplace_day') as batch:
        batch.add_column(sa.Column('resolved_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('resolved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column('resolution_note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False,
                                   server_default=''))
        batch.create_foreign_key('fk_workplace_day_resolved_by_id_staff_user', 'staff_user', ['resolved_by_id'], ['id'])


def downgrade() -> None:
    bind = op.get_bind()
    stored = [
        (bind.execute(sa.text("SELECT count(*) FROM placement_contact WHERE reminder_weekday IS NOT NULL")).scalar_one(),
         "contact persons' reminder days"),
        (bind.execute(sa.text("SELECT count(*) FROM workplace_day WHERE resolved_at IS NOT NULL")).scalar_one(),
         "resolved workplace days"),
    ]
    if any(count for count, _words in stored):
        counts = ", ".join(f"{count} {words}" for count, words in stored if count)
        raise RuntimeError(f"{counts} would be lost by this downgrade; export and delete them first if that is really meant")
    # SQLite runs a batch's CREATE of its copy outside the migration's transaction: a downgrade further down that a
    # later step refused leaves the empty copy behind while the version stays 0021 (the copied rows, the drop and the
    # rename are rolled back). Trying again drops the leftover copy and goes on from the columns that are there.
    inspector = sa.inspect(bind)
    for table in ('workplace_day', 'placement_contact'):
        if inspector.has_table(f'_alembic_tmp_{table}'):
            op.drop_table(f'_alembic_tmp_{table}')
    columns = {table: {column['name'] for column in inspector.get_columns(table)}
               for table in ('workplace_day', 'placement_contact')}
    if 'resolution_note' in columns['workplace_day']:
        with op.batch_alter_table('workplace_day') as batch:
            batch.drop_constraint('fk_workplace_day_resolved_by_id_staff_user', type_='foreignkey')
            batch.drop_column('resolution_note')
            batch.drop_column('resolved_at')
            batch.drop_column('resolved_by_id')
    if 'reminder_weekday' in columns['placement_contact']:
        with op.batch_alter_table('placement_contact') as batch:
            batch.drop_constraint('ck_placement_contact_reminder_weekday', type_='check')
            batch.drop_column('reminded_on')
            batch.drop_column('reminder_weekday')
