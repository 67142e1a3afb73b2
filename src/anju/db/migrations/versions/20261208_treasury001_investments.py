"""treasury: the investments register (investment, investment_event, investment_accrual) and 资金调度 (fund_transfer)

Revision ID: treasury001
Revises: 0001
Create Date: 2026-12-08 00:01:38.927962
"""
import sqlalchemy as sa
from alembic import op

revision = 'treasury001'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fund_transfer',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('no', sa.String(length=20), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('from_account', sa.String(length=16), nullable=False),
    sa.Column('to_account', sa.String(length=16), nullable=False),
    sa.Column('from_account_no', sa.String(length=40), nullable=False),
    sa.Column('to_account_no', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('transfer_date', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('approval_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('voucher_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_transfer')),
    sa.UniqueConstraint('no', name=op.f('uq_fund_transfer_no'))
    )
    op.create_table('investment',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('no', sa.String(length=20), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('bank_code', sa.String(length=2), nullable=True),
    sa.Column('issuer', sa.String(length=60), nullable=True),
    sa.Column('name', sa.String(length=60), nullable=True),
    sa.Column('from_account', sa.String(length=16), nullable=False),
    sa.Column('hold_account', sa.String(length=16), nullable=False),
    sa.Column('from_account_no', sa.String(length=40), nullable=True),
    sa.Column('hold_account_no', sa.String(length=40), nullable=True),
    sa.Column('principal', sa.BigInteger(), nullable=False),
    sa.Column('face_value', sa.BigInteger(), nullable=True),
    sa.Column('rate', sa.BigInteger(), nullable=False),
    sa.Column('base_amount', sa.BigInteger(), nullable=True),
    sa.Column('base_rate', sa.BigInteger(), nullable=True),
    sa.Column('term_months', sa.Integer(), nullable=True),
    sa.Column('notice_days', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('maturity_date', sa.Date(), nullable=True),
    sa.Column('rollover', sa.String(length=16), nullable=False),
    sa.Column('accrued', sa.BigInteger(), nullable=False),
    sa.Column('accrued_to', sa.Date(), nullable=True),
    sa.Column('interest_received', sa.BigInteger(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('parent_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('approval_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('voucher_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('close_voucher_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_investment')),
    sa.UniqueConstraint('no', name=op.f('uq_investment_no'))
    )
    with op.batch_alter_table('investment', schema=None) as batch_op:
        batch_op.create_index('ix_investment_status', ['status'], unique=False)

    op.create_table('investment_accrual',
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('voucher_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('month', name=op.f('pk_investment_accrual'))
    )
    op.create_table('investment_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('investment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('on_day', sa.Date(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('from_status', sa.String(length=12), nullable=True),
    sa.Column('to_status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['investment_id'], ['investment.id'], name=op.f('fk_investment_event_investment_id_investment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_investment_event'))
    )
    with op.batch_alter_table('investment_event', schema=None) as batch_op:
        batch_op.create_index('ix_investment_event_investment_id', ['investment_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('investment_event', schema=None) as batch_op:
        batch_op.drop_index('ix_investment_event_investment_id')

    op.drop_table('investment_event')
    op.drop_table('investment_accrual')
    with op.batch_alter_table('investment', schema=None) as batch_op:
        batch_op.drop_index('ix_investment_status')

    op.drop_table('investment')
    op.drop_table('fund_transfer')
