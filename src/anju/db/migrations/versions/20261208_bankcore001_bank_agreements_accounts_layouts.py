"""bank: bank_agreement (委托协议), bank_account (专户 register), bank_fee_rule (手续费规则), bank_file_layout

Revision ID: bankcore001
Revises: 0001
Create Date: 2026-12-08 00:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'bankcore001'
down_revision = '0001'
branch_labels = None
depends_on = None

PK = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('bank_agreement',
    sa.Column('id', PK, autoincrement=True, nullable=False),
    sa.Column('bank_code', sa.String(length=2), nullable=False),
    sa.Column('no', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('services', sa.String(length=200), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('fee_terms', sa.Text(), nullable=False),
    sa.Column('assessment_terms', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['bank_code'], ['entrusted_bank.code'],
                            name=op.f('fk_bank_agreement_bank_code_entrusted_bank')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_agreement')),
    sa.UniqueConstraint('no', name=op.f('uq_bank_agreement_no'))
    )
    op.create_index(op.f('ix_bank_agreement_bank_code'), 'bank_agreement', ['bank_code'], unique=False)
    op.create_table('bank_account',
    sa.Column('id', PK, autoincrement=True, nullable=False),
    sa.Column('bank_code', sa.String(length=2), nullable=False),
    sa.Column('purpose', sa.String(length=12), nullable=False),
    sa.Column('account_no', sa.String(length=40), nullable=False),
    sa.Column('account_name', sa.String(length=100), nullable=False),
    sa.Column('ledger_code', sa.String(length=10), nullable=False),
    sa.Column('branch_name', sa.String(length=100), nullable=True),
    sa.Column('customer_no', sa.String(length=40), nullable=True),
    sa.Column('agreement_id', PK, nullable=True),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['bank_agreement.id'],
                            name=op.f('fk_bank_account_agreement_id_bank_agreement')),
    sa.ForeignKeyConstraint(['bank_code'], ['entrusted_bank.code'],
                            name=op.f('fk_bank_account_bank_code_entrusted_bank')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_account')),
    sa.UniqueConstraint('account_no', name=op.f('uq_bank_account_account_no'))
    )
    op.create_index('ix_bank_account_bank', 'bank_account', ['bank_code', 'purpose'], unique=False)
    op.create_index('ix_bank_account_ledger', 'bank_account', ['ledger_code'], unique=False)
    op.create_table('bank_fee_rule',
    sa.Column('id', PK, autoincrement=True, nullable=False),
    sa.Column('bank_code', sa.String(length=2), nullable=False),
    sa.Column('agreement_id', PK, nullable=True),
    sa.Column('fee_type', sa.String(length=12), nullable=False),
    sa.Column('base', sa.String(length=12), nullable=False),
    sa.Column('rate', sa.BigInteger(), nullable=True),
    sa.Column('unit_fee', sa.Integer(), nullable=True),
    sa.Column('bands', sa.Text(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['bank_agreement.id'],
                            name=op.f('fk_bank_fee_rule_agreement_id_bank_agreement')),
    sa.ForeignKeyConstraint(['bank_code'], ['entrusted_bank.code'],
                            name=op.f('fk_bank_fee_rule_bank_code_entrusted_bank')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_fee_rule'))
    )
    op.create_index('ix_bank_fee_rule_bank', 'bank_fee_rule', ['bank_code', 'fee_type'], unique=False)
    op.create_table('bank_file_layout',
    sa.Column('bank_code', sa.String(length=2), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('layout_json', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['bank_code'], ['entrusted_bank.code'],
                            name=op.f('fk_bank_file_layout_bank_code_entrusted_bank')),
    sa.PrimaryKeyConstraint('bank_code', 'kind', name=op.f('pk_bank_file_layout'))
    )


def downgrade() -> None:
    op.drop_table('bank_file_layout')
    op.drop_index('ix_bank_fee_rule_bank', table_name='bank_fee_rule')
    op.drop_table('bank_fee_rule')
    op.drop_index('ix_bank_account_ledger', table_name='bank_account')
    op.drop_index('ix_bank_account_bank', table_name='bank_account')
    op.drop_table('bank_account')
    op.drop_index(op.f('ix_bank_agreement_bank_code'), table_name='bank_agreement')
    op.drop_table('bank_agreement')
