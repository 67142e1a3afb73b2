"""budget: classification codes, final-account lines and facts, staff texts, performance indicators

The budget area's own branch, rooted on the foundation. Rate columns are integer millionths (BIGINT).

Revision ID: b001
Revises:
Create Date: 2026-11-22 10:29:28.889801
"""
import sqlalchemy as sa
from alembic import op

revision = 'b001'
down_revision = None
branch_labels = ('budget',)
depends_on = ('0001',)


def upgrade() -> None:
    op.create_table('budget_econ_code',
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('parent_code', sa.String(length=5), nullable=True),
    sa.CheckConstraint('length(code) in (3, 5)', name=op.f('ck_budget_econ_code_code_length')),
    sa.ForeignKeyConstraint(['parent_code'], ['budget_econ_code.code'], name=op.f('fk_budget_econ_code_parent_code_budget_econ_code')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_budget_econ_code'))
    )
    op.create_table('budget_func_code',
    sa.Column('code', sa.String(length=7), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('parent_code', sa.String(length=7), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.CheckConstraint('length(code) in (3, 5, 7)', name=op.f('ck_budget_func_code_code_length')),
    sa.ForeignKeyConstraint(['parent_code'], ['budget_func_code.code'], name=op.f('fk_budget_func_code_parent_code_budget_func_code')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_budget_func_code'))
    )
    op.create_table('budget_perf_indicator',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('level1', sa.String(length=60), nullable=False),
    sa.Column('level2', sa.String(length=60), nullable=False),
    sa.Column('level3', sa.String(length=200), nullable=False),
    sa.Column('target', sa.String(length=100), nullable=False),
    sa.Column('weight', sa.BigInteger(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('fund_code', sa.String(length=60), nullable=True),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('actual', sa.String(length=100), nullable=True),
    sa.Column('evidence', sa.String(length=100), nullable=False),
    sa.Column('score', sa.BigInteger(), nullable=True),
    sa.Column('score_reason', sa.String(length=500), nullable=False),
    sa.Column('cause', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint("method in ('auto', 'execution', 'manual')", name=op.f('ck_budget_perf_indicator_method')),
    sa.CheckConstraint("source in ('manual', 'execution', 'fund')", name=op.f('ck_budget_perf_indicator_source')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_perf_indicator')),
    sa.UniqueConstraint('year', 'seq', name=op.f('uq_budget_perf_indicator_year_seq'))
    )
    op.create_table('budget_perf_rules',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('rules_json', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_budget_perf_rules'))
    )
    op.create_table('budget_text',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('year', 'key', name=op.f('pk_budget_text'))
    )
    op.create_table('budget_year',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('dept_name', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_budget_year'))
    )
    op.create_table('budget_carry',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('func_code', sa.String(length=7), nullable=False),
    sa.Column('fund', sa.String(length=16), nullable=False),
    sa.Column('carry_in', sa.BigInteger(), nullable=False),
    sa.Column('carry_out', sa.BigInteger(), nullable=False),
    sa.CheckConstraint("fund in ('general', 'gov_fund', 'soe', 'other')", name=op.f('ck_budget_carry_fund')),
    sa.CheckConstraint('carry_in >= 0 AND carry_out >= 0', name=op.f('ck_budget_carry_amounts')),
    sa.ForeignKeyConstraint(['func_code'], ['budget_func_code.code'], name=op.f('fk_budget_carry_func_code_budget_func_code')),
    sa.ForeignKeyConstraint(['year'], ['budget_year.year'], name=op.f('fk_budget_carry_year_budget_year')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_carry')),
    sa.UniqueConstraint('year', 'func_code', 'fund', name=op.f('uq_budget_carry_year_func_code_fund'))
    )
    op.create_table('budget_fact',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['year'], ['budget_year.year'], name=op.f('fk_budget_fact_year_budget_year')),
    sa.PrimaryKeyConstraint('year', 'key', name=op.f('pk_budget_fact'))
    )
    op.create_table('budget_income',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('func_code', sa.String(length=7), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.CheckConstraint("source in ('general', 'gov_fund', 'soe', 'superior', 'business', 'operating', 'affiliate', 'other')", name=op.f('ck_budget_income_source')),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_budget_income_amount')),
    sa.ForeignKeyConstraint(['func_code'], ['budget_func_code.code'], name=op.f('fk_budget_income_func_code_budget_func_code')),
    sa.ForeignKeyConstraint(['year'], ['budget_year.year'], name=op.f('fk_budget_income_year_budget_year')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_income')),
    sa.UniqueConstraint('year', 'func_code', 'source', name=op.f('uq_budget_income_year_func_code_source'))
    )
    op.create_table('budget_plan',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('func_code', sa.String(length=7), nullable=False),
    sa.Column('fund', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('project', sa.String(length=100), nullable=False),
    sa.Column('initial', sa.BigInteger(), nullable=False),
    sa.Column('adjustment', sa.BigInteger(), nullable=False),
    sa.CheckConstraint("fund in ('general', 'gov_fund', 'soe', 'other')", name=op.f('ck_budget_plan_fund')),
    sa.CheckConstraint("kind in ('basic', 'project', 'remit', 'operating', 'subsidy')", name=op.f('ck_budget_plan_kind')),
    sa.ForeignKeyConstraint(['func_code'], ['budget_func_code.code'], name=op.f('fk_budget_plan_func_code_budget_func_code')),
    sa.ForeignKeyConstraint(['year'], ['budget_year.year'], name=op.f('fk_budget_plan_year_budget_year')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_plan')),
    sa.UniqueConstraint('year', 'func_code', 'fund', 'kind', 'project', name=op.f('uq_budget_plan_year_func_code_fund_kind_project'))
    )
    op.create_table('budget_spend',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('func_code', sa.String(length=7), nullable=False),
    sa.Column('fund', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('project', sa.String(length=100), nullable=False),
    sa.Column('econ_code', sa.String(length=5), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.CheckConstraint("fund in ('general', 'gov_fund', 'soe', 'other')", name=op.f('ck_budget_spend_fund')),
    sa.CheckConstraint("kind in ('basic', 'project', 'remit', 'operating', 'subsidy')", name=op.f('ck_budget_spend_kind')),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_budget_spend_amount')),
    sa.ForeignKeyConstraint(['econ_code'], ['budget_econ_code.code'], name=op.f('fk_budget_spend_econ_code_budget_econ_code')),
    sa.ForeignKeyConstraint(['func_code'], ['budget_func_code.code'], name=op.f('fk_budget_spend_func_code_budget_func_code')),
    sa.ForeignKeyConstraint(['year'], ['budget_year.year'], name=op.f('fk_budget_spend_year_budget_year')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_spend')),
    sa.UniqueConstraint('year', 'func_code', 'fund', 'kind', 'project', 'econ_code', name=op.f('uq_budget_spend_year_func_code_fund_kind_project_econ_code'))
    )


def downgrade() -> None:
    op.drop_table('budget_spend')
    op.drop_table('budget_plan')
    op.drop_table('budget_income')
    op.drop_table('budget_fact')
    op.drop_table('budget_carry')
    op.drop_table('budget_year')
    op.drop_table('budget_text')
    op.drop_table('budget_perf_rules')
    op.drop_table('budget_perf_indicator')
    op.drop_table('budget_func_code')
    op.drop_table('budget_econ_code')
