"""activities: the course beyond the internship (issue 22): groups of women with members and leaders, activities
as series with versions and exceptions, their attendance registers (with revisions), a course's referred hours, and
the teacher role

New tables and a new nullable column; no existing row changes meaning. A downgrade refuses while any activity, group,
register or teacher account is stored, or a course holds its referred hours, naming the counts (as 0017-0021 do):
nothing is lost silently. Empty tables are dropped, or found dropped already (SQLite runs DDL outside the migration's
transaction: see 0020).

Revision ID: 0022
Revises: 0021
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

#: Tables in drop order, with what their rows are called in a refusal.
_TABLES = (("activity_register_revision", "register revisions"), ("activity_mark", "register marks"),
           ("activity_register", "registers"), ("activity_exception", "activity exceptions"),
           ("activity_version", "activity versions"), ("activity_series", "activities"), ("group_member", "group members"),
           ("group_leader", "group leaders"), ("activity_group", "groups"))


def upgrade() -> None:
    op.create_table('activity_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('start_week', sa.Date(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('activity_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('citizen_id', sa.Integer(), nullable=True),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('teaching', 'workshop', 'danish', 'treatment', 'talk', 'other')", name='ck_activity_series_kind'),
    sa.CheckConstraint('(group_id IS NULL) <> (citizen_id IS NULL)', name='ck_activity_series_owner'),
    sa.CheckConstraint('last_day >= first_day', name='ck_activity_series_days'),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['group_id'], ['activity_group.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('activity_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_series_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_series_group_id'), ['group_id'], unique=False)

    op.create_table('group_leader',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['activity_group.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('group_id', 'staff_id', name='uq_group_leader')
    )
    with op.batch_alter_table('group_leader', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_leader_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_leader_staff_id'), ['staff_id'], unique=False)

    op.create_table('group_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.CheckConstraint('left_on IS NULL OR left_on >= joined_on', name='ck_group_member_days'),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], ),
    sa.ForeignKeyConstraint(['group_id'], ['activity_group.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('group_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_member_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_member_group_id'), ['group_id'], unique=False)

    op.create_table('activity_exception',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['series_id'], ['activity_series.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('series_id', 'day', name='uq_activity_exception_day')
    )
    with op.batch_alter_table('activity_exception', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_exception_series_id'), ['series_id'], unique=False)

    op.create_table('activity_register',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['series_id'], ['activity_series.id'], ),
    sa.ForeignKeyConstraint(['written_by_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('series_id', 'day', name='uq_activity_register_session'),
    sa.UniqueConstraint('series_id', 'idempotency_key', name='uq_activity_register_key')
    )
    with op.batch_alter_table('activity_register', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_register_series_id'), ['series_id'], unique=False)

    op.create_table('activity_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('weekdays', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('end_time > start_time', name='ck_activity_version_times'),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['leader_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['series_id'], ['activity_series.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('series_id', 'valid_from', name='uq_activity_version_from')
    )
    with op.batch_alter_table('activity_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_version_leader_id'), ['leader_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_version_series_id'), ['series_id'], unique=False)

    op.create_table('activity_mark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('register_id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('mark', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.CheckConstraint("mark IN ('present', 'late', 'absent')", name='ck_activity_mark_mark'),
    sa.CheckConstraint("reason IN ('', 'ill', 'child_ill', 'appointment', 'transport', 'other')", name='ck_activity_mark_reason'),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], ),
    sa.ForeignKeyConstraint(['register_id'], ['activity_register.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('register_id', 'citizen_id', name='uq_activity_mark')
    )
    with op.batch_alter_table('activity_mark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_mark_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_mark_register_id'), ['register_id'], unique=False)

    op.create_table('activity_register_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('register_id', sa.Integer(), nullable=False),
    sa.Column('marks', sa.Text(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['register_id'], ['activity_register.id'], ),
    sa.ForeignKeyConstraint(['written_by_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('activity_register_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_register_revision_register_id'), ['register_id'], unique=False)

    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.add_column(sa.Column('referred_hours', sa.Float(), nullable=True))
        batch_op.create_check_constraint('ck_course_referred_hours',
                                         'referred_hours IS NULL OR (referred_hours > 0 AND referred_hours <= 37)')
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_constraint('ck_staff_role', type_='check')
        batch_op.create_check_constraint('ck_staff_role', "role IN ('consultant', 'interpreter', 'admin', 'teacher')")



def downgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    present = [(table, words) for table, words in _TABLES if inspector.has_table(table)]
    stored = [(bind.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one(), words)  # nosec B608: names from _TABLES
              for table, words in present]
    stored.append((bind.execute(sa.text("SELECT count(*) FROM staff_user WHERE role = 'teacher'")).scalar_one(), "teacher accounts"))
    if 'referred_hours' in {column['name'] for column in inspector.get_columns('course')}:
        stored.append((bind.execute(sa.text("SELECT count(*) FROM course WHERE referred_hours IS NOT NULL")).scalar_one(),
                       "courses' referred hours"))
    if any(count for count, _words in stored):
        counts = ", ".join(f"{count} {words}" for count, words in stored if count)
        raise RuntimeError(f"{counts} would be lost by this downgrade; export and delete them first if that is really meant")
    for table in ('_alembic_tmp_staff_user', '_alembic_tmp_course'):
        if inspector.has_table(table):
            op.drop_table(table)
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_constraint('ck_staff_role', type_='check')
        batch_op.create_check_constraint('ck_staff_role', "role IN ('consultant', 'interpreter', 'admin')")
    if 'referred_hours' in {column['name'] for column in inspector.get_columns('course')}:
        with op.batch_alter_table('course', schema=None) as batch_op:
            batch_op.drop_constraint('ck_course_referred_hours', type_='check')
            batch_op.drop_column('referred_hours')
    for table, _words in present:
        op.drop_table(table)
