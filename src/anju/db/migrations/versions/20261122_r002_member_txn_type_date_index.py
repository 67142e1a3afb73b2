"""member_txn: index on (type, txn_date) for statistics of the rarer business types

Revision ID: r002
Revises: r001
"""
from alembic import op

revision = 'r002'
down_revision = 'r001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('member_txn', schema=None) as batch_op:
        batch_op.create_index('ix_member_txn_type_date', ['type', 'txn_date'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('member_txn', schema=None) as batch_op:
        batch_op.drop_index('ix_member_txn_type_date')
