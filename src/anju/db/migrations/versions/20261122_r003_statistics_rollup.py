"""statistics roll-up of the member sub-ledger: stat_txn_day, stat_member_year, stat_watermark

Revision ID: r003
Revises: r002
"""
import sqlalchemy as sa
from alembic import op

revision = 'r003'
down_revision = 'r002'
branch_labels = None
depends_on = None

PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        'stat_txn_day',
        sa.Column('txn_date', sa.Date(), nullable=False),
        sa.Column('type', sa.String(length=2), nullable=False),
        sa.Column('reason', sa.String(length=4), nullable=False),
        sa.Column('employer_id', PK, nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('rows', sa.BigInteger(), nullable=False),
        sa.Column('positive', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('txn_date', 'type', 'reason', 'employer_id', 'month', name=op.f('pk_stat_txn_day')),
    )
    op.create_table(
        'stat_member_year',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('account_id', PK, nullable=False),
        sa.Column('employer_id', PK, nullable=False),
        sa.Column('paid_mask', sa.Integer(), nullable=False),
        sa.Column('open_mask', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('year', 'account_id', 'employer_id', name=op.f('pk_stat_member_year')),
    )
    op.create_table(
        'stat_watermark',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('last_id', PK, nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_stat_watermark')),
    )


def downgrade() -> None:
    op.drop_table('stat_watermark')
    op.drop_table('stat_member_year')
    op.drop_table('stat_txn_day')
