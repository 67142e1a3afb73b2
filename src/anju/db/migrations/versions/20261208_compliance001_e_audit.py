"""compliance: e-audit scans, hits (疑点) and evidence, other centres' lists, fraud and enforcement cases with
their documents, complaints, dormant-account notices and batches

Revision ID: compliance001
Revises: 0001
Create Date: 2026-12-08 00:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'compliance001'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_hit',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('rule_code', sa.String(length=40), nullable=False),
    sa.Column('subject_key', sa.String(length=80), nullable=False),
    sa.Column('open_key', sa.String(length=121), nullable=True),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('employer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('scan_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('last_scan_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('found_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('assigned_to', sa.String(length=64), nullable=True),
    sa.Column('conclusion', sa.String(length=500), nullable=True),
    sa.Column('disposed_by', sa.String(length=64), nullable=True),
    sa.Column('disposed_on', sa.Date(), nullable=True),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_hit')),
    sa.UniqueConstraint('open_key', name=op.f('uq_audit_hit_open_key'))
    )
    with op.batch_alter_table('audit_hit', schema=None) as batch_op:
        batch_op.create_index('ix_audit_hit_person', ['person_id'], unique=False)
        batch_op.create_index('ix_audit_hit_scan', ['scan_id'], unique=False)
        batch_op.create_index('ix_audit_hit_status', ['status', 'deadline'], unique=False)

    op.create_table('audit_hit_evidence',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('hit_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ref_type', sa.String(length=20), nullable=False),
    sa.Column('ref_id', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('on_day', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_hit_evidence'))
    )
    with op.batch_alter_table('audit_hit_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_hit_evidence_hit_id'), ['hit_id'], unique=False)

    op.create_table('audit_scan',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('checked', sa.BigInteger(), nullable=False),
    sa.Column('found', sa.BigInteger(), nullable=False),
    sa.Column('new_hits', sa.BigInteger(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_scan'))
    )
    op.create_table('audit_scan_row',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('scan_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('rule_code', sa.String(length=40), nullable=False),
    sa.Column('subject_key', sa.String(length=80), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('employer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('ref_type', sa.String(length=20), nullable=False),
    sa.Column('ref_id', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('on_day', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_scan_row'))
    )
    with op.batch_alter_table('audit_scan_row', schema=None) as batch_op:
        batch_op.create_index('ix_audit_scan_row_scan', ['scan_id', 'rule_code', 'subject_key'], unique=False)

    op.create_table('audit_scan_rule',
    sa.Column('scan_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('rule_code', sa.String(length=40), nullable=False),
    sa.Column('checked', sa.BigInteger(), nullable=False),
    sa.Column('found', sa.BigInteger(), nullable=False),
    sa.Column('new_hits', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('scan_id', 'rule_code', name=op.f('pk_audit_scan_rule'))
    )
    op.create_table('case_document',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('case_type', sa.String(length=12), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('no', sa.String(length=30), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('served_on', sa.Date(), nullable=True),
    sa.Column('served_how', sa.String(length=20), nullable=True),
    sa.Column('served_to', sa.String(length=50), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_document')),
    sa.UniqueConstraint('no', name=op.f('uq_case_document_no'))
    )
    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.create_index('ix_case_document_case', ['case_type', 'case_id'], unique=False)

    op.create_table('complaint',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('no', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('complainant', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('employer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('assigned_to', sa.String(length=64), nullable=True),
    sa.Column('replied_on', sa.Date(), nullable=True),
    sa.Column('reply', sa.Text(), nullable=True),
    sa.Column('satisfaction', sa.String(length=12), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint')),
    sa.UniqueConstraint('no', name=op.f('uq_complaint_no'))
    )
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.create_index('ix_complaint_received', ['received_on'], unique=False)

    op.create_table('dormant_batch',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('no', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('accounts', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dormant_batch')),
    sa.UniqueConstraint('no', name=op.f('uq_dormant_batch_no'))
    )
    op.create_table('dormant_item',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('balance', sa.BigInteger(), nullable=False),
    sa.Column('target_account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dormant_item'))
    )
    with op.batch_alter_table('dormant_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dormant_item_batch_id'), ['batch_id'], unique=False)

    op.create_table('dormant_notice',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dormant_notice')),
    sa.UniqueConstraint('account_id', 'sent_on', 'channel', name=op.f('uq_dormant_notice_account_id_sent_on_channel'))
    )
    op.create_table('enforcement_case',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('no', sa.String(length=20), nullable=False),
    sa.Column('employer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reason', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('owed', sa.BigInteger(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enforcement_case')),
    sa.UniqueConstraint('no', name=op.f('uq_enforcement_case_no'))
    )
    with op.batch_alter_table('enforcement_case', schema=None) as batch_op:
        batch_op.create_index('ix_enforcement_case_employer', ['employer_id'], unique=False)

    op.create_table('fraud_case',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('no', sa.String(length=20), nullable=False),
    sa.Column('hit_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('employer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('confirmed_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('recovered', sa.BigInteger(), nullable=False),
    sa.Column('recovered_on', sa.Date(), nullable=True),
    sa.Column('recovery_voucher_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('penalty', sa.BigInteger(), nullable=False),
    sa.Column('penalty_on', sa.Date(), nullable=True),
    sa.Column('referred_on', sa.Date(), nullable=True),
    sa.Column('referred_to', sa.String(length=100), nullable=True),
    sa.Column('ban_from', sa.Date(), nullable=True),
    sa.Column('ban_until', sa.Date(), nullable=True),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fraud_case')),
    sa.UniqueConstraint('hit_id', name=op.f('uq_fraud_case_hit_id')),
    sa.UniqueConstraint('no', name=op.f('uq_fraud_case_no'))
    )
    op.create_table('remote_list',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('centre', sa.String(length=100), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remote_list'))
    )
    op.create_table('remote_member',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('list_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('status', sa.String(length=2), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remote_member'))
    )
    with op.batch_alter_table('remote_member', schema=None) as batch_op:
        batch_op.create_index('ix_remote_member_id_number', ['id_number'], unique=False)

    op.create_table('audit_hit_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('hit_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('on_day', sa.Date(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('from_status', sa.String(length=12), nullable=True),
    sa.Column('to_status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['hit_id'], ['audit_hit.id'], name=op.f('fk_audit_hit_event_hit_id_audit_hit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_hit_event'))
    )
    with op.batch_alter_table('audit_hit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_hit_event_hit_id', ['hit_id'], unique=False)

    op.create_table('complaint_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('complaint_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('on_day', sa.Date(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('from_status', sa.String(length=12), nullable=True),
    sa.Column('to_status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_complaint_event_complaint_id_complaint')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_event'))
    )
    with op.batch_alter_table('complaint_event', schema=None) as batch_op:
        batch_op.create_index('ix_complaint_event_complaint_id', ['complaint_id'], unique=False)

    op.create_table('dormant_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('on_day', sa.Date(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('from_status', sa.String(length=12), nullable=True),
    sa.Column('to_status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['dormant_batch.id'], name=op.f('fk_dormant_event_batch_id_dormant_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dormant_event'))
    )
    with op.batch_alter_table('dormant_event', schema=None) as batch_op:
        batch_op.create_index('ix_dormant_event_batch_id', ['batch_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dormant_event', schema=None) as batch_op:
        batch_op.drop_index('ix_dormant_event_batch_id')

    op.drop_table('dormant_event')
    with op.batch_alter_table('complaint_event', schema=None) as batch_op:
        batch_op.drop_index('ix_complaint_event_complaint_id')

    op.drop_table('complaint_event')
    with op.batch_alter_table('audit_hit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_hit_event_hit_id')

    op.drop_table('audit_hit_event')
    with op.batch_alter_table('remote_member', schema=None) as batch_op:
        batch_op.drop_index('ix_remote_member_id_number')

    op.drop_table('remote_member')
    op.drop_table('remote_list')
    op.drop_table('fraud_case')
    with op.batch_alter_table('enforcement_case', schema=None) as batch_op:
        batch_op.drop_index('ix_enforcement_case_employer')

    op.drop_table('enforcement_case')
    op.drop_table('dormant_notice')
    with op.batch_alter_table('dormant_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dormant_item_batch_id'))

    op.drop_table('dormant_item')
    op.drop_table('dormant_batch')
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index('ix_complaint_received')

    op.drop_table('complaint')
    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.drop_index('ix_case_document_case')

    op.drop_table('case_document')
    op.drop_table('audit_scan_rule')
    with op.batch_alter_table('audit_scan_row', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_scan_row_scan')

    op.drop_table('audit_scan_row')
    op.drop_table('audit_scan')
    with op.batch_alter_table('audit_hit_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_hit_evidence_hit_id'))

    op.drop_table('audit_hit_evidence')
    with op.batch_alter_table('audit_hit', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_hit_status')
        batch_op.drop_index('ix_audit_hit_scan')
        batch_op.drop_index('ix_audit_hit_person')

    op.drop_table('audit_hit')
