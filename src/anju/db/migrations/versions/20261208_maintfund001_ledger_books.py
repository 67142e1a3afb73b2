"""ledger: account books (账套) — ledger_book; gl_account, voucher, voucher_seq and accounting_period gain a book
(default 'hpf', the provident fund's); voucher numbers and periods are per book

Revision ID: maintfund001
Revises: 0001
Create Date: 2026-12-08 00:20:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'maintfund001'
down_revision = '0001'
branch_labels = ('maintfund',)
depends_on = None


def _book() -> sa.Column:
    return sa.Column('book', sa.String(length=8), server_default='hpf', nullable=False)


def upgrade() -> None:
    book = op.create_table('ledger_book',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('prefix', sa.String(length=4), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_ledger_book'))
    )
    op.bulk_insert(book, [{'code': 'hpf', 'name': '住房公积金', 'prefix': '记'},
                          {'code': 'mf', 'name': '住宅专项维修资金', 'prefix': '维'}])
    with op.batch_alter_table('gl_account', schema=None) as batch_op:
        batch_op.add_column(_book())
    with op.batch_alter_table('voucher', schema=None) as batch_op:
        batch_op.add_column(_book())
        batch_op.drop_constraint('uq_voucher_period_number', type_='unique')
        batch_op.create_unique_constraint(op.f('uq_voucher_book_period_number'), ['book', 'period', 'number'])
    for table in ('voucher_seq', 'accounting_period'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(_book())
            batch_op.drop_constraint(f'pk_{table}', type_='primary')
            batch_op.create_primary_key(f'pk_{table}', ['book', 'period'])


def downgrade() -> None:
    for table in ('accounting_period', 'voucher_seq'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'pk_{table}', type_='primary')
            batch_op.create_primary_key(f'pk_{table}', ['period'])
            batch_op.drop_column('book')
    with op.batch_alter_table('voucher', schema=None) as batch_op:
        batch_op.drop_constraint('uq_voucher_book_period_number', type_='unique')
        batch_op.create_unique_constraint('uq_voucher_period_number', ['period', 'number'])
        batch_op.drop_column('book')
    with op.batch_alter_table('gl_account', schema=None) as batch_op:
        batch_op.drop_column('book')
    op.drop_table('ledger_book')
