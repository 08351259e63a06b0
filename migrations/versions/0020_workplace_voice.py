"""workplace voice: the workplace contact person's access, their account of her days, pace and tasks, and attendance
a consultant recorded for a day she did not log

New tables only; no existing row changes. A downgrade would throw away the workplace's account (one of the three
sources the report rests on) and attendance that counts as entries for R1-R3, so it refuses while any row is stored in
these tables, naming the counts (delete them on purpose first, as with 0018's plans and 0019's agreements). Empty
tables are dropped, or found dropped already (see downgrade).

Revision ID: 0020
Revises: 0019
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attendance_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('attendance', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('hours', sa.Float(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=14), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('resolution_note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.CheckConstraint("attendance IN ('full', 'early', 'absent')", name='ck_attendance_record_attendance'),
    sa.CheckConstraint("source IN ('workplace', 'consultant', 'her_by_phone')", name='ck_attendance_record_source'),
    sa.CheckConstraint('hours IS NULL OR (hours >= 0 AND hours <= 16)', name='ck_attendance_record_hours'),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], ),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('citizen_id', 'day', name='uq_attendance_record_day')
    )
    with op.batch_alter_table('attendance_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_record_citizen_id'), ['citizen_id'], unique=False)

    op.create_table('workplace_access',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('internship_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('session_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('last_seen_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['placement_contact.id'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['internship_id'], ['internship.id'], ),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('session_hash'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('workplace_access', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workplace_access_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_workplace_access_internship_id'), ['internship_id'], unique=False)

    op.create_table('workplace_day',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('internship_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("status IN ('came', 'late', 'left_early', 'absent', 'day_off')", name='ck_workplace_day_status'),
    sa.ForeignKeyConstraint(['internship_id'], ['internship.id'], ),
    sa.ForeignKeyConstraint(['written_by_id'], ['workplace_access.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('internship_id', 'day', name='uq_workplace_day')
    )
    with op.batch_alter_table('workplace_day', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workplace_day_internship_id'), ['internship_id'], unique=False)

    op.create_table('workplace_pace',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('internship_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=True),
    sa.Column('went_well', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('was_hard', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('suggested_task', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('percent IS NULL OR percent IN (10, 25, 50, 75, 100)', name='ck_workplace_pace_percent'),
    sa.ForeignKeyConstraint(['internship_id'], ['internship.id'], ),
    sa.ForeignKeyConstraint(['written_by_id'], ['workplace_access.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('internship_id', 'idempotency_key', name='uq_workplace_pace_key'),
    sa.UniqueConstraint('internship_id', 'week', name='uq_workplace_pace_week')
    )
    with op.batch_alter_table('workplace_pace', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workplace_pace_internship_id'), ['internship_id'], unique=False)

    op.create_table('workplace_task_rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('internship_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("level IN ('alone', 'some_help', 'not_yet')", name='ck_workplace_task_rating_level'),
    sa.ForeignKeyConstraint(['internship_id'], ['internship.id'], ),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], ),
    sa.ForeignKeyConstraint(['written_by_id'], ['workplace_access.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('internship_id', 'week', 'task_id', name='uq_workplace_task_rating')
    )
    with op.batch_alter_table('workplace_task_rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workplace_task_rating_internship_id'), ['internship_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_workplace_task_rating_task_id'), ['task_id'], unique=False)

    op.create_table('workplace_day_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workplace_day_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("status IN ('came', 'late', 'left_early', 'absent', 'day_off')", name='ck_workplace_day_revision_status'),
    sa.ForeignKeyConstraint(['changed_by_id'], ['workplace_access.id'], ),
    sa.ForeignKeyConstraint(['workplace_day_id'], ['workplace_day.id'], ),
    sa.ForeignKeyConstraint(['written_by_id'], ['workplace_access.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('workplace_day_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workplace_day_revision_workplace_day_id'), ['workplace_day_id'], unique=False)


#: The new tables, each before the tables it points to, and how the refusal names their rows.
_TABLES = (
    ("workplace_day_revision", "workplace day revisions"),
    ("workplace_task_rating", "workplace task ratings"),
    ("workplace_pace", "workplace weekly rows (pace)"),
    ("workplace_day", "workplace days"),
    ("workplace_access", "workplace contact accesses"),
    ("attendance_record", "consultant-recorded attendance days"),
)


def downgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    # SQLite runs DDL outside the migration's transaction: a downgrade past 0019 that 0019 refused has dropped these
    # (empty) tables already while the version stayed 0020. Trying again goes on from the tables that are left.
    present = [(table, words) for table, words in _TABLES if inspector.has_table(table)]
    stored = [(bind.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one(), words)  # nosec B608: names from _TABLES
              for table, words in present]
    if any(count for count, _words in stored):
        counts = ", ".join(f"{count} {words}" for count, words in stored if count)
        raise RuntimeError(f"{counts} would be lost by this downgrade; export and delete them first if that is really meant")
    for table, _words in present:
        op.drop_table(table)
