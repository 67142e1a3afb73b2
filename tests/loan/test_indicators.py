"""Loan indicators on a small loan book whose figures are worked out by hand, on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from anju.indicators import catalogue as cat
from tests.loan.helpers import borrowers, disburse, opening
from tests.support.factory import pay_month

Y2026 = cat.Period.year(2026)


def loan_book(engine):
    """Four members paying 1,200.00 a month from January 2026; three loans in 2026 and one in 2025:
    2025-06-10  200,000.00  60 months  first home  (bank 01)
    2026-01-15  300,000.00 120 months  first home, combined  (bank 01)
    2026-03-20  400,000.00 360 months  second home, 商转公  (bank 02)
    2026-05-08  100,000.00 240 months  first home, 异地  (bank 01)"""
    people = borrowers(engine, 4)
    disburse(engine, opening(*people[0], n=1, amount=20_000_000, months=60, on=date(2025, 6, 10)))
    disburse(engine, opening(*people[1], n=2, amount=30_000_000, months=120, on=date(2026, 1, 15), combined=True,
                             commercial_amount=10_000_000, commercial_bank="示例银行"))
    disburse(engine, opening(*people[2], n=3, amount=40_000_000, months=360, on=date(2026, 3, 20), second_home=True,
                             purpose="05", bank="02"))
    disburse(engine, opening(*people[3], n=4, amount=10_000_000, months=240, on=date(2026, 5, 8), remote=True))
    return people


class TestIssued:
    def test_counts_amounts_and_breakdowns(self, engine):
        loan_book(engine)
        with engine.connect() as conn:
            v = {code: cat.value(conn, code, Y2026) for code in cat.catalogue() if code.startswith(("loan.", "fund."))}
            by_term = cat.by(conn, "loan.issued_amount", Y2026, "term")
            by_home = cat.by(conn, "loan.issued_count", Y2026, "home")
            by_purpose = cat.by(conn, "loan.issued_count", Y2026, "purpose")
            by_bank = cat.by(conn, "loan.balance", Y2026, "bank")
            d = cat.detail(conn, "loan.issued_amount", Y2026)
            headers, rows = d.headers, list(d.rows)
            last_year = cat.value(conn, "loan.issued_amount", Y2026.previous_year())
        assert v["loan.issued_count"] == 3 and v["loan.issued_amount"] == 80_000_000
        assert last_year == 20_000_000 and v["loan.issued_growth"] == Decimal(3)  # 800,000 ÷ 200,000 − 1
        assert (v["loan.combined_count"], v["loan.refinance_count"], v["loan.remote_count"]) == (1, 1, 1)
        assert v["loan.second_home_share"] == Decimal(1) / Decimal(3)
        assert v["loan.issued_to_date_count"] == 4 and v["loan.issued_to_date"] == 100_000_000
        assert by_term == {"5-10年（含）": 30_000_000, "10-20年（含）": 10_000_000, "20年以上": 40_000_000}
        assert by_home == {"首套": 2, "二套": 1}
        assert by_purpose == {"购买新建商品住房": 2, "商业贷款转公积金贷款": 1}
        assert [r[1] for r in rows] == ["JK2026000002", "JK2026000003", "JK2026000004"]
        assert headers[4] == "贷款金额（元）" and [r[4] for r in rows] == [30_000_000, 40_000_000, 10_000_000]
        # Nothing repaid yet: the balance is everything issued, and it equals accounts 121 + 122.
        assert v["loan.balance"] == 100_000_000 and v["loan.recovered"] == 0 and v["loan.written_off"] == 0
        assert sum(by_bank.values()) == 100_000_000 and len(by_bank) == 2
        assert v["loan.overdue_amount"] == 0 and v["loan.overdue_rate"] == 0 and v["loan.overdue_count"] == 0
        assert v["fund.bonds"] == 0

    def test_ratios_against_the_deposit_balance(self, engine):
        people = loan_book(engine)
        from tests.support.factory import open_employer, open_members

        eid = open_employer(engine, name="缴存单位", first_month=202601, on=date(2026, 1, 5))
        open_members(engine, eid, 10, start=50, first_month=202601, on=date(2026, 1, 5))
        pay_month(engine, eid, 202601, date(2026, 1, 12))  # 10 × 1,200.00
        with engine.connect() as conn:
            deposits = cat.value(conn, "deposit.balance", Y2026)
            assert cat.value(conn, "loan.ratio", Y2026) == Decimal(100_000_000) / Decimal(deposits)
            assert cat.value(conn, "fund.use_rate", Y2026) == cat.value(conn, "loan.ratio", Y2026)
            # 住房贡献率 = (housing withdrawals 0 + loans issued 800,000.00) ÷ contributions of the year
            assert cat.value(conn, "loan.housing_contribution", Y2026) == \
                Decimal(80_000_000) / Decimal(cat.value(conn, "deposit.amount", Y2026))
            # Before the first loan there is nothing to divide: the ratio is zero, not undefined.
            assert cat.value(conn, "loan.balance", cat.Period.year(2024)) == 0
        assert len(people) == 4


def test_recovered_overdue_and_written_off(engine):
    """Two loans of 100,000.00 over 60 months disbursed on 2024-01-15 (bank 01): B is settled on 2024-02-10,
    before its first instalment; A never pays — marked overdue on 2024-06-01 (instalments of Feb–May), then
    on 2025-03-01 a loss, written off on 2025-03-03."""
    from anju.db import UnitOfWork
    from anju.loan import service
    from tests.loan.helpers import APPROVER, plan, step

    (pa, acct_a), (pb, acct_b) = borrowers(engine, 2)
    a = disburse(engine, opening(pa, acct_a, n=1, amount=10_000_000, months=60, on=date(2024, 1, 15)))
    b = disburse(engine, opening(pb, acct_b, n=2, amount=10_000_000, months=60, on=date(2024, 1, 15)))
    step(engine, service.settle, loan_no=b, day=date(2024, 2, 10), key="settle-b")
    step(engine, service.mark_overdue, as_of=date(2024, 6, 1))
    overdue = sum(i.principal for i in plan(engine, a)[:4])  # instalments due 02-15, 03-15, 04-15, 05-15
    june = cat.Period.month(202406)
    with engine.connect() as conn:
        v = {code: cat.value(conn, code, june) for code in ("loan.balance", "loan.recovered", "loan.overdue_amount",
                                                            "loan.overdue_count", "loan.overdue_rate")}
        buckets = cat.by(conn, "loan.overdue_amount", june, "bucket")
        recovered_2024 = cat.value(conn, "loan.recovered", cat.Period.year(2024))
        rows = cat.detail(conn, "loan.overdue_amount", june).rows
        in_bucket = cat.detail(conn, "loan.overdue_amount", june, key=("bucket", "3-6个月"))
        other = cat.detail(conn, "loan.overdue_amount", june, key=("bucket", "1-3个月"))
        recovered = list(cat.detail(conn, "loan.recovered", cat.Period.year(2024)).rows)
        overdue_loans = cat.detail(conn, "loan.overdue_count", june, limit=10)
    assert recovered_2024 == 10_000_000 and v["loan.recovered"] == 0  # B's whole principal, in February
    assert v["loan.balance"] == 10_000_000
    assert v["loan.overdue_amount"] == overdue and v["loan.overdue_count"] == 1
    assert v["loan.overdue_rate"] == Decimal(overdue) / Decimal(10_000_000)
    assert buckets == {"3-6个月": overdue}  # 2024-02-15 → 2024-06-30: 136 days
    assert [(r[3], r[4]) for r in rows] == [(overdue, 136)]
    assert [(r[1], r[-1]) for r in recovered] == [(b, 10_000_000)]  # the settlement, in February
    assert overdue_loans.total == 1 and overdue_loans.rows == list(rows)
    assert in_bucket.total == 1 and list(in_bucket.rows) == list(rows) and other.total == 0
    step(engine, service.mark_overdue, as_of=date(2025, 3, 1))
    wid = step(engine, service.request_write_off, loan_no=a, reason="借款人失踪，法院终结执行", as_of=date(2025, 3, 2))
    with UnitOfWork(engine) as uow:
        service.decide_write_off(uow, APPROVER, write_off_id=wid, approve=True, note="同意", as_of=date(2025, 3, 3))
        uow.commit()
    y2025 = cat.Period.year(2025)
    with engine.connect() as conn:
        v = {code: cat.value(conn, code, y2025) for code in cat.catalogue() if code.startswith(("loan.", "finance."))}
        written_off = cat.detail(conn, "loan.written_off", y2025, limit=10)
    assert [(r[1], r[-1]) for r in written_off.rows] == [(a, 10_000_000)] and written_off.total == 1
    assert v["loan.written_off"] == 10_000_000 and v["loan.recovered"] == 0  # a write-off is not a recovery
    assert v["loan.balance"] == v["loan.overdue_amount"] == v["loan.overdue_count"] == 0
    assert v["loan.overdue_rate"] is None  # no loans left to divide by
    assert v["finance.risk_reserve"] == -10_000_000  # written off against a reserve never provided
    assert v["finance.risk_reserve_adequacy"] is None
