"""Loan indicators on a small loan book whose figures are worked out by hand, on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from anju.report import catalogue as cat
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
