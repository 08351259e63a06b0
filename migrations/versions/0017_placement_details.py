"""placement details: contact persons, training goals with sub-goals, support at the workplace

Every placement's contact person, one line of text until now, becomes its first contact row (the
name as written). The text column stays and keeps the first contact's name, so a downgrade loses
nothing that the old release could show: it writes the first contact's name back before the tables
go (a second contact, the goals and the support have no place there).

Revision ID: 0017
Revises: 0016
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

_TABLES = ('placement_contact', 'training_goal', 'workplace_support')


def upgrade() -> None:
    op.create_table('placement_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('internship_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.ForeignKeyConstraint(['internship_id'], ['internship.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('training_goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('internship_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('status_on', sa.Date(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'reached', 'dropped')", name='ck_training_goal_status'),
    sa.ForeignKeyConstraint(['changed_by_id'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['internship_id'], ['internship.id'], ),
    sa.ForeignKeyConstraint(['parent_id'], ['training_goal.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('workplace_support',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('internship_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('person', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.CheckConstraint("kind IN ('mentor', 'side_by_side', 'other')", name='ck_workplace_support_kind'),
    sa.ForeignKeyConstraint(['internship_id'], ['internship.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_internship_id'), ['internship_id'], unique=False)
    with op.batch_alter_table('training_goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_goal_parent_id'), ['parent_id'], unique=False)
    op.execute("INSERT INTO placement_contact (internship_id, name, role, phone, email)"
               " SELECT id, TRIM(contact_person), '', '', '' FROM internship WHERE TRIM(contact_person) <> ''"
               " ORDER BY id")


def downgrade() -> None:
    """Back to one contact name per placement. Refused while anything else is stored (goals, support, a second contact,
    a contact's role, phone or e-mail): the older schema cannot hold it, and a downgrade never loses a row silently."""
    bind = op.get_bind()
    later = bind.execute(sa.text(
        "SELECT (SELECT count(*) FROM training_goal) + (SELECT count(*) FROM workplace_support)"
        " + (SELECT count(*) FROM placement_contact c WHERE c.role <> '' OR c.phone <> '' OR c.email <> ''"
        "    OR EXISTS (SELECT 1 FROM placement_contact d WHERE d.internship_id = c.internship_id AND d.id < c.id))")).scalar()
    if later:
        raise RuntimeError(f"{later} goals, support rows and contact details are stored that the older schema cannot hold: "
                           "downgrading would lose them")
    op.execute("UPDATE internship SET contact_person = (SELECT c.name FROM placement_contact c"
               " WHERE c.internship_id = internship.id ORDER BY c.id LIMIT 1)"
               " WHERE EXISTS (SELECT 1 FROM placement_contact c WHERE c.internship_id = internship.id)")
    with op.batch_alter_table('training_goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_goal_parent_id'))
    for table in reversed(_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_internship_id'))
        op.drop_table(table)
