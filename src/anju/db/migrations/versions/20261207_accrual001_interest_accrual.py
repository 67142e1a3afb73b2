"""interest: interest_accrual — the monthly accrual of members' interest (计提 Dr 41101 / Cr 211), one row a month

Revision ID: accrual001
Revises: writer001
Create Date: 2026-12-07 21:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'accrual001'
down_revision = 'writer001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('interest_accrual',
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('voucher_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('month', name=op.f('pk_interest_accrual'))
    )


def downgrade() -> None:
    op.drop_table('interest_accrual')
