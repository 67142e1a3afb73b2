"""account: ix_account_employer covers the monthly amounts (employer_id, status, employer_amount, member_amount)

Revision ID: r004
Revises: r003
"""
from alembic import op

revision = 'r004'
down_revision = 'r003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_index('ix_account_employer')
        batch_op.create_index('ix_account_employer', ['employer_id', 'status', 'employer_amount', 'member_amount'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_index('ix_account_employer')
        batch_op.create_index('ix_account_employer', ['employer_id', 'status'], unique=False)
