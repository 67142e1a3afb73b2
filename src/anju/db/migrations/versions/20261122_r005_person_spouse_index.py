"""person: ix_person_spouse, so finding who names a person as spouse is a look-up, not a scan of every person

Revision ID: r005
Revises: r004
"""
from alembic import op

revision = 'r005'
down_revision = 'r004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index('ix_person_spouse', ['spouse_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_person_spouse')
