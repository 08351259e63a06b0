"""plan modes: start times, two-week rotation, monthly budget, paid hours; hours beyond the plan

Every existing plan version becomes a weekly plan with the same id, dates and hours; no start times,
no paid hours. Every existing entry keeps its hours and has no extra hours.

Revision ID: 0018
Revises: 0017
"""
from alembic import op
import sqlalchemy as sa

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def upgrade() -> None:
    with op.batch_alter_table('schedule_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.String(length=10), nullable=False, server_default='weekly'))
        for day in WEEKDAYS:
            batch_op.add_column(sa.Column(f'start_{day}', sa.Time(), nullable=True))
        for day in WEEKDAYS:
            batch_op.add_column(sa.Column(f'even_hours_{day}', sa.Float(), nullable=False, server_default='0'))
        for day in WEEKDAYS:
            batch_op.add_column(sa.Column(f'even_start_{day}', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('monthly_hours', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('paid_hours', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('paid_review_on', sa.Date(), nullable=True))
        batch_op.create_check_constraint('ck_schedule_mode', "mode IN ('weekly', 'rotation', 'monthly')")
        batch_op.create_check_constraint('ck_schedule_monthly', "mode <> 'monthly' OR (monthly_hours > 0 AND monthly_hours <= 160)")
        batch_op.create_check_constraint('ck_schedule_paid', "paid_hours IS NULL OR paid_hours >= 0")
    with op.batch_alter_table('day_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extra_hours', sa.Float(), nullable=True))
        batch_op.create_check_constraint('ck_entry_extra_hours', "extra_hours IS NULL OR (extra_hours > 0 AND extra_hours <= 16)")


def downgrade() -> None:
    """Back to weekly plans: a rotation keeps its odd weeks, a monthly budget becomes a plan of no fixed hours.

    The later modes cannot be said in the old shape; a downgrade is for a release rolled back before
    any such plan was made (docs/deploy.md), and it refuses to lose one silently.
    """
    bind = op.get_bind()
    later = bind.execute(sa.text("SELECT count(*) FROM schedule_version WHERE mode <> 'weekly' OR paid_hours IS NOT NULL"
                                 " OR start_mon IS NOT NULL OR start_tue IS NOT NULL OR start_wed IS NOT NULL"
                                 " OR start_thu IS NOT NULL OR start_fri IS NOT NULL OR start_sat IS NOT NULL"
                                 " OR start_sun IS NOT NULL")).scalar()
    extra = bind.execute(sa.text("SELECT count(*) FROM day_entry WHERE extra_hours IS NOT NULL")).scalar()
    if later or extra:
        raise RuntimeError(f"{later} plan versions and {extra} entries use what the older schema cannot hold: "
                           "downgrading would lose them")
    with op.batch_alter_table('day_entry', schema=None) as batch_op:
        batch_op.drop_constraint('ck_entry_extra_hours', type_='check')
        batch_op.drop_column('extra_hours')
    with op.batch_alter_table('schedule_version', schema=None) as batch_op:
        batch_op.drop_constraint('ck_schedule_paid', type_='check')
        batch_op.drop_constraint('ck_schedule_monthly', type_='check')
        batch_op.drop_constraint('ck_schedule_mode', type_='check')
        for column in ('paid_review_on', 'paid_hours', 'monthly_hours'):
            batch_op.drop_column(column)
        for prefix in ('even_start_', 'even_hours_', 'start_'):
            for day in WEEKDAYS:
                batch_op.drop_column(f'{prefix}{day}')
        batch_op.drop_column('mode')
