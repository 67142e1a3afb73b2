"""compliance: hits imported from the provincial 疑点 file have no scan; their evidence is found by 疑点编号

Revision ID: svimport001
Revises: compliance001
Create Date: 2026-12-08 01:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'svimport001'
down_revision = 'compliance001'
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    with op.batch_alter_table('audit_hit', schema=None) as batch_op:
        batch_op.alter_column('scan_id', existing_type=_ID, nullable=True)
        batch_op.alter_column('last_scan_id', existing_type=_ID, nullable=True)
    with op.batch_alter_table('audit_hit_evidence', schema=None) as batch_op:
        batch_op.create_index('ix_audit_hit_evidence_ref', ['ref_type', 'ref_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_hit_evidence', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_hit_evidence_ref')
    with op.batch_alter_table('audit_hit', schema=None) as batch_op:
        batch_op.alter_column('last_scan_id', existing_type=_ID, nullable=False)
        batch_op.alter_column('scan_id', existing_type=_ID, nullable=False)
