"""same-day absence (issue 23): her "I can't come today" is that day's entry before she knows her pain, and her
course says what she lives on (so her phone can remind her to call the job centre)

`day_entry.pain` may be NULL, but only on an absence (its check constraint says so); `course.benefit` is a new
nullable column. A downgrade refuses while an entry waits for its pain or a course holds a benefit, naming the
counts (as 0017-0022 do): nothing is lost silently. SQLite runs a batch's copy outside the migration's
transaction, so a refused or interrupted downgrade leaves `_alembic_tmp_*` copies that a retry drops (see 0021).

Revision ID: 0023
Revises: 0022
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('day_entry', schema=None) as batch_op:
        batch_op.drop_constraint('ck_entry_pain', type_='check')
        batch_op.alter_column('pain', existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint('ck_entry_pain', "(pain IS NOT NULL AND pain BETWEEN 0 AND 10) OR (pain IS NULL AND COALESCE(attendance, '') = 'absent')")
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.add_column(sa.Column('benefit', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch_op.create_check_constraint(
            'ck_course_benefit', "benefit IS NULL OR benefit IN ('kontanthjaelp', 'integrationsydelse', 'sygedagpenge', 'other')")


def downgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    columns = {column['name'] for column in inspector.get_columns('course')}
    stored = [(bind.execute(sa.text("SELECT count(*) FROM day_entry WHERE pain IS NULL")).scalar_one(),
               "entries waiting for her pain")]
    if 'benefit' in columns:
        stored.append((bind.execute(sa.text("SELECT count(*) FROM course WHERE benefit IS NOT NULL")).scalar_one(),
                       "courses' benefit types"))
    if any(count for count, _words in stored):
        counts = ", ".join(f"{count} {words}" for count, words in stored if count)
        raise RuntimeError(f"{counts} would be lost by this downgrade; export and delete them first if that is really meant")
    for table in ('_alembic_tmp_day_entry', '_alembic_tmp_course'):
        if inspector.has_table(table):
            op.drop_table(table)
    if 'benefit' in columns:
        with op.batch_alter_table('course', schema=None) as batch_op:
            batch_op.drop_constraint('ck_course_benefit', type_='check')
            batch_op.drop_column('benefit')
    with op.batch_alter_table('day_entry', schema=None) as batch_op:
        batch_op.drop_constraint('ck_entry_pain', type_='check')
        batch_op.alter_column('pain', existing_type=sa.Integer(), nullable=False)
        batch_op.create_check_constraint('ck_entry_pain', 'pain BETWEEN 0 AND 10')
