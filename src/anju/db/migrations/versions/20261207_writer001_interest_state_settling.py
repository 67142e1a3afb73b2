"""interest_state.settling: a settlement in progress is recorded on the registry's interest-year row, so the
balance-change guard (anju.registry.guard) reads only the registry's own table

Revision ID: writer001
Revises: i001
"""
import sqlalchemy as sa
from alembic import op

revision = 'writer001'
down_revision = 'i001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('interest_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('settling', sa.Boolean(), nullable=False, server_default=sa.false()))
    # a run computed but not finished for the open year is a settlement in progress
    op.execute("UPDATE interest_state SET settling = EXISTS (SELECT 1 FROM interest_run "
               "WHERE interest_run.year = interest_state.open_year AND interest_run.status <> 'done')")


def downgrade() -> None:
    with op.batch_alter_table('interest_state', schema=None) as batch_op:
        batch_op.drop_column('settling')
