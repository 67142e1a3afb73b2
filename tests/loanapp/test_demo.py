"""``loan.demo.originate``: one loan from application to disbursement in one unit of work, on both databases;
``fit`` cuts the amount and term down to the limits; a refused application raises like the counter."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from anju.core.errors import ValidationFailed
from anju.db import UnitOfWork
from anju.loan.tables import loan, loan_instalment
from anju.loanapp import demo
from anju.loanapp.codes import Status
from anju.loanapp.tables import loan_application
from tests.loanapp.helpers import couple

DAY = date(2026, 10, 17)  # a Saturday: disbursed on Monday the 19th


def test_originate_one_loan(engine):
    me, wife = couple(engine)
    with UnitOfWork(engine) as uow:
        done = demo.originate(uow, me["id"], 30_000_000, 120, as_of=DAY)
        uow.commit()
    assert done.disbursed_on == date(2026, 10, 19) and done.loan_no.startswith("DK")
    with engine.connect() as conn:
        app = conn.execute(select(loan_application).where(loan_application.c.id == done.application_id)).one()
        row = conn.execute(select(loan).where(loan.c.loan_no == done.loan_no)).one()
        principal = sum(conn.execute(select(loan_instalment.c.principal)
                                     .where(loan_instalment.c.loan_id == row.id)).scalars())
    assert app.status == Status.DISBURSED.value and app.co_person_id == wife["id"]
    assert row.amount == 30_000_000 and principal == 30_000_000 and row.co_borrower_person_id == wife["id"]


def test_fit_and_refusal(engine):
    me, wife = couple(engine)
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed):
        demo.originate(uow, me["id"], 200_000_000, 360, as_of=DAY, price=300_000_000)
    with UnitOfWork(engine) as uow:
        done = demo.originate(uow, me["id"], 200_000_000, 360, as_of=DAY, price=300_000_000, fit=True)
        uow.commit()
    # balances 43,200 × 15 = 648,000 bind; the borrower's age bounds the term
    assert done.amount == 64_800_000 and done.months < 360
    # above approval.loan_second_above (500,000): two approvers signed
    with engine.connect() as conn:
        from anju.auth.tables import approval_decision

        assert conn.execute(select(approval_decision.c.username)).scalars().all() == ["sim_approver1",
                                                                                      "sim_approver2"]


def test_contracts_in_jgj_field_codes(engine):
    me, wife = couple(engine)
    with UnitOfWork(engine) as uow:
        done = demo.originate(uow, me["id"], 30_000_000, 120, as_of=DAY)
        uow.commit()
    from anju.loanapp.jgj import co_borrowers, contracts

    with engine.connect() as conn:
        headers, rows = contracts(conn)
        (row,) = list(rows)
        co_headers, co_rows = co_borrowers(conn)
        (co,) = list(co_rows)
    got = dict(zip(headers, row, strict=True))
    assert (got["JKHTBH"], got["DKZH"], got["HTDKJE"], got["DKQS"], got["DKHKFS"], got["DKDBLX"], got["JKHTLL"]) == (
        done.contract_no, done.loan_no, "300000.00", 120, "01", "01", "0.026")
    assert got["GFSFK"] == "129000.00"  # price 429,000 (300,000 ÷ 0.7 up to the thousand) − 300,000
    assert dict(zip(co_headers, co, strict=True))["GTJKRZJH"] == wife["id_number"]
