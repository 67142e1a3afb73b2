"""settle (bankcore): bank_change + bank_change_event (专户 and agreement requests, maker-checker), bank_fee
(手续费 accrued and paid), bank_assessment (受托银行考核)

Revision ID: bankcore002
Revises: bankcore001
Create Date: 2026-12-08 00:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'bankcore002'
down_revision = 'bankcore001'
branch_labels = None
depends_on = None

PK = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('bank_change',
    sa.Column('id', PK, autoincrement=True, nullable=False),
    sa.Column('no', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('bank_code', sa.String(length=2), nullable=False),
    sa.Column('payload_json', sa.Text(), nullable=False),
    sa.Column('target_id', PK, nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('approval_id', PK, nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_change')),
    sa.UniqueConstraint('no', name=op.f('uq_bank_change_no'))
    )
    op.create_table('bank_change_event',
    sa.Column('id', PK, autoincrement=True, nullable=False),
    sa.Column('change_id', PK, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('on_day', sa.Date(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('from_status', sa.String(length=12), nullable=True),
    sa.Column('to_status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['change_id'], ['bank_change.id'], name=op.f('fk_bank_change_event_change_id_bank_change')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_change_event'))
    )
    op.create_index('ix_bank_change_event_change_id', 'bank_change_event', ['change_id'], unique=False)
    op.create_table('bank_fee',
    sa.Column('id', PK, autoincrement=True, nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('bank_code', sa.String(length=2), nullable=False),
    sa.Column('fee_type', sa.String(length=12), nullable=False),
    sa.Column('rule_id', PK, nullable=False),
    sa.Column('base', sa.String(length=12), nullable=False),
    sa.Column('base_amount', sa.BigInteger(), nullable=False),
    sa.Column('rate', sa.BigInteger(), nullable=True),
    sa.Column('unit_fee', sa.Integer(), nullable=True),
    sa.Column('score', sa.String(length=12), nullable=True),
    sa.Column('factor', sa.BigInteger(), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('voucher_id', PK, nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('pay_voucher_id', PK, nullable=True),
    sa.Column('bank_figure', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_fee')),
    sa.UniqueConstraint('month', 'bank_code', 'fee_type', name=op.f('uq_bank_fee_month_bank_code_fee_type'))
    )
    op.create_table('bank_assessment',
    sa.Column('id', PK, autoincrement=True, nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('bank_code', sa.String(length=2), nullable=False),
    sa.Column('manual_json', sa.Text(), nullable=False),
    sa.Column('items_json', sa.Text(), nullable=False),
    sa.Column('score', sa.String(length=12), nullable=True),
    sa.Column('grade', sa.String(length=8), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('finalised_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_assessment')),
    sa.UniqueConstraint('year', 'bank_code', name=op.f('uq_bank_assessment_year_bank_code'))
    )


def downgrade() -> None:
    op.drop_table('bank_assessment')
    op.drop_table('bank_fee')
    op.drop_index('ix_bank_change_event_change_id', table_name='bank_change_event')
    op.drop_table('bank_change_event')
    op.drop_table('bank_change')
