"""Bank fees (手续费): the §1.2 worked example, a re-run that accrues nothing, payment, the bank's own figure, and
two runners at once — on both databases."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, insert, select

from anju.auth.actor import Actor, Channel, Role, cli_actor
from anju.bank import service as bank_service
from anju.bank.codes import FeeBase, FeeType
from anju.core.errors import AnjuError
from anju.db import UnitOfWork
from anju.db.joblock import JobBusy
from anju.ledger import queries as ledger_queries
from anju.ledger import service as ledger
from anju.ledger.rules import Line, Posting
from anju.settle import fees
from anju.settle.bank_tables import bank_assessment, bank_fee
from anju.settle.errors import SettleError
from anju.verify import run_all
from tests.support.threads import together, unexpected

FIN = Actor("fin1", frozenset({Role.FINANCE}), Channel.COUNTER)
SYS = cli_actor("fees-test")
AT = datetime(2026, 1, 1, 8)


def _setup(engine, *, score: str | None = "86"):
    with UnitOfWork(engine) as uow:
        # the sample centre's agreement SLWT-2015-01 has the loan fee: 3% of the interest recovered, bands 90/80/60
        bank_service.add_fee_rule(uow.conn, bank_code="01", fee_type=FeeType.ACCOUNT, base=FeeBase.ACCOUNT_YEAR,
                                  unit_fee=120000, valid_from=date(2026, 1, 1), at=AT, by="t")
        # and bank 01 has two 专户 (归集户, 增值收益户): 2 × 1,200.00 ÷ 12 = 200.00 a month
        if score:
            uow.conn.execute(insert(bank_assessment).values(year=2025, bank_code="01", manual_json="{}",
                                                            items_json="[]", score=score, grade="良", status="final",
                                                            created_at=AT, created_by="t"))
        # March: the bank recovered 2,350,000.00 of loan interest (Dr 10101 / Cr 40103)
        ledger.post(uow, SYS, Posting(key="t:interest:202603", voucher_date=date(2026, 3, 20), kind="manual",
                                      summary="受托银行扣收贷款利息", lines=[Line.dr("10101", 235_000_000),
                                                                      Line.cr("40103", 235_000_000)]),
                    check_permission=False)
        uow.commit()


def test_worked_example_accrued_once_and_paid(db):
    e = db.engine
    _setup(e)
    out = fees.accrue_month(e, FIN, month=202603, as_of=date(2026, 4, 1))
    assert out.rows == 2 and out.total == 6_345_000 + 20_000  # 63,450.00 and 200.00
    again = fees.accrue_month(e, FIN, month=202603, as_of=date(2026, 4, 1))
    assert (again.rows, again.total) == (0, 0)
    with e.connect() as conn:
        rows = {r["fee_type"]: r for r in fees.statement(conn, month=202603)}
        assert rows["loan"]["计提金额"] == "63,450.00" and rows["loan"]["计费金额"] == "70,500.00"
        assert rows["loan"]["考核系数"] == "0.9" and rows["loan"]["考核得分"] == "86"
        assert ledger_queries.account_balance(conn, "41103") == 6_345_000
        assert fees.statement_xlsx(conn, month=202603)[:2] == b"PK"
    with UnitOfWork(e) as uow:
        assert fees.enter_bank_figure(uow, FIN, month=202603, bank_code="01", fee_type="loan",
                                      amount=6_345_100) == 100
        assert fees.pay(uow, FIN, month=202603, bank_code="01", paid_on=date(2026, 4, 10)) == 6_365_000
        uow.commit()
    with UnitOfWork(e) as uow, pytest.raises(AnjuError) as exc:
        fees.pay(uow, FIN, month=202603, bank_code="01", paid_on=date(2026, 4, 11))
    assert exc.value.code is SettleError.FEE_PAID
    with e.connect() as conn:
        assert ledger_queries.account_balance(conn, "219") == 0
        loan = next(r for r in fees.statement(conn, month=202603, bank_code="01") if r["fee_type"] == "loan")
        assert (loan["银行金额"], loan["差额"], loan["状态"]) == ("63,451.00", "1.00", "已支付")
        assert {r.check.name: [v.message for v in r.violations] for r in run_all(conn) if not r.ok} == {}


def test_no_score_means_factor_one(db):
    _setup(db.engine, score=None)
    out = fees.accrue_month(db.engine, FIN, month=202603, as_of=date(2026, 4, 1))
    assert out.total == 7_050_000 + 20_000


def test_two_runners_accrue_once(db):
    e = db.engine
    _setup(e)
    results = together(2, lambda _i: fees.accrue_month(e, FIN, month=202603, as_of=date(2026, 4, 1)))
    assert unexpected(results) == []
    assert all(isinstance(r, fees.Accrued | JobBusy) for r in results)
    assert sum(r.total for r in results if isinstance(r, fees.Accrued)) == 6_365_000
    with e.connect() as conn:
        assert conn.execute(select(func.count()).select_from(bank_fee)).scalar_one() == 2


def test_verify_sees_a_fee_without_its_voucher(db):
    from sqlalchemy import update

    _setup(db.engine)
    fees.accrue_month(db.engine, FIN, month=202603, as_of=date(2026, 4, 1))
    with db.engine.begin() as conn:
        conn.execute(update(bank_fee).where(bank_fee.c.fee_type == "loan").values(amount=1))
    with db.engine.connect() as conn:
        failed = {r.check.name for r in run_all(conn) if not r.ok}
    assert failed == {"settle.fee_vouchers"}
