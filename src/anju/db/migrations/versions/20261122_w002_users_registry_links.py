"""auth: users.employer_id → employer, users.person_id → person (nullable)

The portal users point at real registry rows; the auth branch depends on the registry's first revision.

Revision ID: w002
Revises: w001
Create Date: 2026-11-22 12:00:00
"""
from alembic import op

revision = 'w002'
down_revision = 'w001'
branch_labels = None
depends_on = ('r001',)


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_foreign_key(op.f('fk_users_employer_id_employer'), 'employer', ['employer_id'], ['id'])
        batch_op.create_foreign_key(op.f('fk_users_person_id_person'), 'person', ['person_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_users_person_id_person'), type_='foreignkey')
        batch_op.drop_constraint(op.f('fk_users_employer_id_employer'), type_='foreignkey')
