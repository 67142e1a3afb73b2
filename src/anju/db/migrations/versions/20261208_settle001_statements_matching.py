"""settle: bank statements (files and pushed lines), matches, explanations of 未达账项, day and month closes,
manual match requests with their events, push keys per bank

Revision ID: settle001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = 'settle001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('bank_day_close',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('account_code', sa.String(length=40), nullable=False),
    sa.Column('close_date', sa.Date(), nullable=False),
    sa.Column('bank_balance', sa.BigInteger(), nullable=False),
    sa.Column('book_balance', sa.BigInteger(), nullable=False),
    sa.Column('adjusted_bank', sa.BigInteger(), nullable=False),
    sa.Column('adjusted_book', sa.BigInteger(), nullable=False),
    sa.Column('explanation', sa.String(length=500), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=False),
    sa.Column('closed_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_day_close')),
    sa.UniqueConstraint('account_code', 'close_date', name=op.f('uq_bank_day_close_account_code_close_date'))
    )
    op.create_table('bank_item_note',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('account_code', sa.String(length=40), nullable=False),
    sa.Column('side', sa.String(length=4), nullable=False),
    sa.Column('ref_id', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_item_note')),
    sa.UniqueConstraint('side', 'ref_id', name=op.f('uq_bank_item_note_side_ref_id'))
    )
    op.create_table('bank_match',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('account_code', sa.String(length=40), nullable=False),
    sa.Column('rule', sa.String(length=10), nullable=False),
    sa.Column('matched_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('book_lines', sa.Text(), nullable=False),
    sa.Column('bank_lines', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.Column('undone_by', sa.String(length=64), nullable=True),
    sa.Column('undo_note', sa.String(length=500), nullable=True),
    sa.Column('run_tag', sa.String(length=32), nullable=True),
    sa.Column('run_seq', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_match'))
    )
    op.create_index('ix_bank_match_account', 'bank_match', ['account_code', 'status'], unique=False)
    op.create_index('ix_bank_match_run', 'bank_match', ['run_tag'], unique=False)
    op.create_table('bank_month_close',
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=False),
    sa.Column('closed_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('month', name=op.f('pk_bank_month_close'))
    )
    op.create_table('bank_recon_start',
    sa.Column('account_code', sa.String(length=40), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('account_code', name=op.f('pk_bank_recon_start'))
    )
    op.create_table('bank_push_key',
    sa.Column('api_key_id', sa.BigInteger(), nullable=False),
    sa.Column('bank_code', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('api_key_id', name=op.f('pk_bank_push_key'))
    )
    op.create_table('bank_statement_file',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('account_code', sa.String(length=40), nullable=False),
    sa.Column('stmt_date', sa.Date(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('line_count', sa.Integer(), nullable=False),
    sa.Column('new_count', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('imported_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_statement_file')),
    sa.UniqueConstraint('account_code', 'stmt_date', 'sha256', name=op.f('uq_bank_statement_file_account_code_stmt_date_sha256'))
    )
    op.create_table('bank_day_item',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('close_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('side', sa.String(length=4), nullable=False),
    sa.Column('ref_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=1), nullable=False),
    sa.Column('item_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['close_id'], ['bank_day_close.id'], name=op.f('fk_bank_day_item_close_id_bank_day_close')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_day_item'))
    )
    op.create_index('ix_bank_day_item_close', 'bank_day_item', ['close_id'], unique=False)
    op.create_table('bank_match_book',
    sa.Column('voucher_line_id', sa.BigInteger(), nullable=False),
    sa.Column('match_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_code', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['match_id'], ['bank_match.id'], name=op.f('fk_bank_match_book_match_id_bank_match')),
    sa.PrimaryKeyConstraint('voucher_line_id', name=op.f('pk_bank_match_book'))
    )
    op.create_index('ix_bank_match_book_match', 'bank_match_book', ['match_id'], unique=False)
    op.create_table('bank_match_request',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('account_code', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('bank_lines', sa.Text(), nullable=False),
    sa.Column('book_lines', sa.Text(), nullable=False),
    sa.Column('match_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('on_day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['match_id'], ['bank_match.id'], name=op.f('fk_bank_match_request_match_id_bank_match')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_match_request'))
    )
    op.create_table('bank_statement_line',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('account_code', sa.String(length=40), nullable=False),
    sa.Column('txn_date', sa.Date(), nullable=False),
    sa.Column('serial', sa.String(length=40), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('balance', sa.BigInteger(), nullable=True),
    sa.Column('txn_time', sa.String(length=8), nullable=True),
    sa.Column('txn_code', sa.String(length=10), nullable=True),
    sa.Column('counterparty_account', sa.String(length=40), nullable=True),
    sa.Column('counterparty_name', sa.String(length=100), nullable=True),
    sa.Column('remark', sa.String(length=100), nullable=True),
    sa.Column('summary', sa.String(length=100), nullable=True),
    sa.Column('reversal', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('file_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('match_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('suspect', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['file_id'], ['bank_statement_file.id'], name=op.f('fk_bank_statement_line_file_id_bank_statement_file')),
    sa.ForeignKeyConstraint(['match_id'], ['bank_match.id'], name=op.f('fk_bank_statement_line_match_id_bank_match')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_statement_line')),
    sa.UniqueConstraint('account_code', 'txn_date', 'serial', name=op.f('uq_bank_statement_line_account_code_txn_date_serial'))
    )
    op.create_index('ix_bank_statement_line_day', 'bank_statement_line', ['account_code', 'txn_date'], unique=False)
    op.create_index('ix_bank_statement_line_match', 'bank_statement_line', ['match_id'], unique=False)
    op.create_table('bank_match_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('request_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('on_day', sa.Date(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('from_status', sa.String(length=12), nullable=True),
    sa.Column('to_status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['bank_match_request.id'], name=op.f('fk_bank_match_event_request_id_bank_match_request')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_match_event'))
    )
    op.create_index('ix_bank_match_event_request_id', 'bank_match_event', ['request_id'], unique=False)


def downgrade() -> None:
    for name in ('bank_match_event', 'bank_statement_line', 'bank_match_request', 'bank_match_book', 'bank_day_item',
                 'bank_statement_file', 'bank_recon_start', 'bank_push_key', 'bank_month_close', 'bank_match', 'bank_item_note',
                 'bank_day_close'):
        op.drop_table(name)
