"""transfer: transfers between centres (letters both sides, messages), account merges, loan certificates, and
the registry's carried months (history of contributions at another centre)

Revision ID: transfer001
Revises: r001
Create Date: 2026-12-08 00:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'transfer001'
down_revision = 'r001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('transfer_centre',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('account_no', sa.String(length=40), nullable=False),
    sa.Column('account_name', sa.String(length=100), nullable=False),
    sa.Column('bank_name', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_transfer_centre'))
    )
    op.create_table('transfer_message',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('centre', sa.String(length=16), nullable=False),
    sa.Column('type', sa.String(length=24), nullable=False),
    sa.Column('letter_no', sa.String(length=24), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('delivered_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_message')),
    sa.UniqueConstraint('direction', 'digest', name='uq_transfer_message_digest')
    )
    op.create_index('ix_transfer_message_out', 'transfer_message', ['direction', 'delivered_at'], unique=False)
    op.create_table('account_merge',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('no', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('keep_account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('merge_account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('interest', sa.BigInteger(), nullable=True),
    sa.Column('voucher_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('decision_note', sa.String(length=200), nullable=True),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['keep_account_id'], ['account.id'], name=op.f('fk_account_merge_keep_account_id_account')),
    sa.ForeignKeyConstraint(['merge_account_id'], ['account.id'], name=op.f('fk_account_merge_merge_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_merge')),
    sa.UniqueConstraint('no', name=op.f('uq_account_merge_no'))
    )
    op.create_table('carried_month',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('centre', sa.String(length=16), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_carried_month_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_carried_month')),
    sa.UniqueConstraint('account_id', 'month', 'centre', name='uq_carried_month')
    )
    op.create_table('loan_certificate',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('no', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('centre', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('id_number', sa.String(length=30), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('data_json', sa.Text(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_loan_certificate_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loan_certificate')),
    sa.UniqueConstraint('kind', 'no', name='uq_loan_certificate_no')
    )
    op.create_table('transfer_in',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('no', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('from_centre', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('id_type', sa.String(length=2), nullable=False),
    sa.Column('id_number', sa.String(length=30), nullable=False),
    sa.Column('from_account_no', sa.String(length=40), nullable=False),
    sa.Column('from_employer_name', sa.String(length=200), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('bank_code', sa.String(length=2), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('principal', sa.BigInteger(), nullable=True),
    sa.Column('interest', sa.BigInteger(), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('payment_ref', sa.String(length=64), nullable=True),
    sa.Column('info_json', sa.Text(), nullable=True),
    sa.Column('refusal_reason', sa.String(length=200), nullable=True),
    sa.Column('credited_on', sa.Date(), nullable=True),
    sa.Column('voucher_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_transfer_in_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_in')),
    sa.UniqueConstraint('no', name=op.f('uq_transfer_in_no'))
    )
    op.create_index('ix_transfer_in_status', 'transfer_in', ['status', 'deadline'], unique=False)
    op.create_table('transfer_out',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('no', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('to_centre', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('id_type', sa.String(length=2), nullable=False),
    sa.Column('id_number', sa.String(length=30), nullable=False),
    sa.Column('old_account_no', sa.String(length=40), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('new_account_no', sa.String(length=40), nullable=False),
    sa.Column('new_employer_name', sa.String(length=200), nullable=False),
    sa.Column('receiving_account_no', sa.String(length=40), nullable=False),
    sa.Column('receiving_account_name', sa.String(length=100), nullable=False),
    sa.Column('receiving_bank_name', sa.String(length=100), nullable=False),
    sa.Column('letter_json', sa.Text(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('bank_code', sa.String(length=2), nullable=True),
    sa.Column('principal', sa.BigInteger(), nullable=True),
    sa.Column('interest', sa.BigInteger(), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('voucher_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('refusal_reason', sa.String(length=200), nullable=True),
    sa.Column('confirmed_on', sa.Date(), nullable=True),
    sa.Column('reviewed_by', sa.String(length=64), nullable=True),
    sa.Column('approved_by', sa.String(length=64), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_transfer_out_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_out')),
    sa.UniqueConstraint('no', name=op.f('uq_transfer_out_no'))
    )
    op.create_index('ix_transfer_out_status', 'transfer_out', ['status', 'deadline'], unique=False)
    op.create_table('transfer_in_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('transfer_in_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('on_day', sa.Date(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('from_status', sa.String(length=12), nullable=True),
    sa.Column('to_status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['transfer_in_id'], ['transfer_in.id'], name=op.f('fk_transfer_in_event_transfer_in_id_transfer_in')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_in_event'))
    )
    op.create_index('ix_transfer_in_event_transfer_in_id', 'transfer_in_event', ['transfer_in_id'], unique=False)
    op.create_table('transfer_out_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('transfer_out_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('on_day', sa.Date(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('from_status', sa.String(length=12), nullable=True),
    sa.Column('to_status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['transfer_out_id'], ['transfer_out.id'], name=op.f('fk_transfer_out_event_transfer_out_id_transfer_out')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_out_event'))
    )
    op.create_index('ix_transfer_out_event_transfer_out_id', 'transfer_out_event', ['transfer_out_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_transfer_out_event_transfer_out_id', table_name='transfer_out_event')
    op.drop_table('transfer_out_event')
    op.drop_index('ix_transfer_in_event_transfer_in_id', table_name='transfer_in_event')
    op.drop_table('transfer_in_event')
    op.drop_index('ix_transfer_out_status', table_name='transfer_out')
    op.drop_table('transfer_out')
    op.drop_index('ix_transfer_in_status', table_name='transfer_in')
    op.drop_table('transfer_in')
    op.drop_table('loan_certificate')
    op.drop_table('carried_month')
    op.drop_table('account_merge')
    op.drop_index('ix_transfer_message_out', table_name='transfer_message')
    op.drop_table('transfer_message')
    op.drop_table('transfer_centre')
