"""auth: audit_log.hash_v — 1 for the plain SHA-256 chain written so far, 2 for HMAC-keyed records

Existing rows keep version 1 and still verify as before; records written from now on are keyed.

Revision ID: w004
Revises: w003
Create Date: 2026-12-07 18:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'w004'
down_revision = 'w003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hash_v', sa.Integer(), nullable=False, server_default='1'))


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('hash_v')
