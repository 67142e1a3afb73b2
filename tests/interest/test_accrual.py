"""Monthly accrual of members' interest (计提, Dr 41101 / Cr 211) on both databases: a hand-computed month, a
movement booked after the month end, re-runs, runners at once, closings that take accrued interest back, and
June 30 moving everything accrued from 211 to 201 with the year's expense unchanged (issue 17, item 4)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from anju.core.errors import AnjuError
from anju.db import UnitOfWork
from anju.interest import monthly
from anju.interest import service as interest
from anju.interest.calc import Movement, compute_interest, rates_from_policy
from anju.interest.errors import InterestError
from anju.interest.tables import interest_accrual
from anju.ledger.queries import account_balance
from anju.ledger.tables import voucher, voucher_line
from anju.policy.store import load_store
from anju.registry import service as registry
from anju.registry.codes import TxnType
from anju.registry.tables import member_txn
from anju.transfer.service import transfer_out
from tests.interest.test_settlement import failures, flexible, pay
from tests.support.factory import CLERK, open_employer, open_members, pay_month
from tests.support.threads import race

START = date(2024, 7, 1)  # interest year 2025: [2024-07-01, 2025-07-01); 1.50% a year on 360 days


def accrue(engine, month: int, as_of: date | None = None):
    from anju.core.dates import last_day

    return monthly.accrue_month(engine, CLERK, month=month, as_of=as_of or last_day(month))


def lines_of(engine, voucher_id: int) -> list[tuple[str, int, int]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(voucher_line.c.account_code, voucher_line.c.debit,
                                                       voucher_line.c.credit)
                                                .where(voucher_line.c.voucher_id == voucher_id)
                                                .order_by(voucher_line.c.line_no))]


def reference(engine, opening: int, moves: list[Movement], end: date) -> int:
    """The pure calculator's interest for [START, end) — the second opinion."""
    with engine.connect() as conn:
        rates = rates_from_policy(load_store(conn), START, end)
    return compute_interest(opening=opening, movements=moves, start=START, end=end, rates=rates).interest


def accrual_vouchers(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(voucher)
                            .where(voucher.c.kind == monthly.ACCRUAL_KIND)).scalar_one()


def two_accounts(engine) -> tuple[int, int]:
    """A: 20,000.00 from 2024-07-01. B: 3,000.00 from 2024-07-16, +1,000.00 on 2024-08-10."""
    a = flexible(engine, 1, base=1_000_000, on=START)  # 10,000.00 × 20% = 2,000.00 a month
    pay(engine, a, 10, START)
    b = flexible(engine, 2, base=500_000, on=date(2024, 7, 16))  # 1,000.00 a month
    pay(engine, b, 3, date(2024, 7, 16))
    pay(engine, b, 1, date(2024, 8, 10))  # booked before July is accrued: B's 积数 runs to August 10 already
    return a, b


class TestHandComputed:
    def test_july_and_august_of_two_accounts(self, engine):
        two_accounts(engine)
        # July (days before 2024-08-01), at 1.50% on 360 days, rounded half-up per account:
        #   A: 20,000.00 × 31 days = 620,000.00 yuan·days × 1.5% ÷ 360 = 25.8333… → 25.83
        #   B:  3,000.00 × 16 days (16–31 July) = 48,000.00 yuan·days → 2.0000 → 2.00
        # The 1,000.00 of August 10 is already on B's row; it must not count in July.
        july = accrue(engine, 202407, as_of=date(2024, 8, 12))
        assert (july.total, july.amount, july.created) == (2783, 2783, True)
        assert lines_of(engine, july.voucher_id) == [("41101", 2783, 0), ("211", 0, 2783)]
        assert july.total == (reference(engine, 2_000_000, [], date(2024, 8, 1))
                              + reference(engine, 0, [Movement(date(2024, 7, 16), 300_000)], date(2024, 8, 1)))
        # August (days before 2024-09-01):
        #   A: 20,000.00 × 62 days = 1,240,000.00 → 51.6666… → 51.67
        #   B: 3,000.00 × 16 + 3,000.00 × 9 (1–9 Aug) + 4,000.00 × 22 (10–31 Aug) = 163,000.00 → 6.7916… → 6.79
        # accrued 58.46, of which 27.83 in July: August posts 30.63.
        august = accrue(engine, 202408)
        assert (august.total, august.amount) == (5846, 3063)
        assert august.total == (reference(engine, 2_000_000, [], date(2024, 9, 1))
                                + reference(engine, 0, [Movement(date(2024, 7, 16), 300_000),
                                                        Movement(date(2024, 8, 10), 100_000)], date(2024, 9, 1)))
        with engine.connect() as conn:
            assert account_balance(conn, "211") == 5846 == account_balance(conn, "41101")
        assert failures(engine) == {}

    def test_a_rerun_posts_nothing_and_earlier_or_unfinished_months_are_refused(self, engine):
        two_accounts(engine)
        first = accrue(engine, 202408)
        again = accrue(engine, 202408, as_of=date(2024, 9, 20))
        assert again.created is False and (again.total, again.amount, again.voucher_id) == (
            first.total, first.amount, first.voucher_id)
        assert accrual_vouchers(engine) == 1
        with pytest.raises(AnjuError) as exc:  # July was skipped; August accrued both months already
            accrue(engine, 202407)
        assert exc.value.code is InterestError.ACCRUE_LATER_MONTH and exc.value.params["later"] == "2024年08月"
        with pytest.raises(AnjuError) as exc:
            accrue(engine, 202409, as_of=date(2024, 9, 29))
        assert exc.value.code is InterestError.ACCRUE_MONTH_OPEN
        september = accrue(engine, 202409)  # nothing moved: the month's share of interest
        assert september.amount == september.total - first.total > 0
        assert failures(engine) == {}


class TestRunnersAtOnce:
    def test_one_month_started_four_times_accrues_once(self, engine):
        two_accounts(engine)
        results, busy, errors = race(4, lambda i: accrue(engine, 202408))
        assert errors == []
        assert len(results) + len(busy) == 4 and [r.created for r in results].count(True) == 1
        assert all("已有2024年08月利息计提作业在运行" in b.message for b in busy)
        assert accrual_vouchers(engine) == 1
        with engine.connect() as conn:
            assert account_balance(conn, "211") == 5846
        assert failures(engine) == {}

    def test_two_months_at_once_never_accrue_twice(self, engine):
        two_accounts(engine)
        results, busy, errors = race(2, lambda i: accrue(engine, 202407 + i, as_of=date(2024, 9, 1)))
        assert busy == [] and all(isinstance(e, AnjuError) and "已计提至2024年08月" in e.message for e in errors)
        with engine.connect() as conn:  # whichever order they ran in, 211 holds August's total once
            assert account_balance(conn, "211") == 5846
        assert failures(engine) == {}


class TestClosingsAndSettlement:
    def test_june_30_moves_the_accrued_interest_to_201_and_the_expense_is_what_members_earned(self, engine):
        eid = open_employer(engine)
        a, b = open_members(engine, eid, 2)
        pay_month(engine, eid, 202501, date(2025, 1, 12))
        accrue(engine, 202501)
        accrue(engine, 202502)
        with UnitOfWork(engine) as uow:  # A leaves: interest to the day (Dr 41101 / Cr 211, Dr 211 / Cr 201)
            registry.seal(uow, CLERK, account_id=a, reason="离职", as_of=date(2025, 3, 1))
            transfer_out(uow, CLERK, account_id=a, day=date(2025, 3, 10), to_centre="长沙住房公积金管理中心",
                         letter_no="LXH2025009", bank_code="01")
            uow.commit()
        with engine.connect() as conn:
            paid_to_day = conn.execute(select(func.sum(member_txn.c.amount)).where(
                member_txn.c.account_id == a, member_txn.c.type == TxnType.INTEREST.value)).scalar_one()
        assert paid_to_day > 0
        # March: B earns 31 more days, A's interest accrued for January and February (paid with the transfer) is
        # taken back — less than before, so March posts the reverse direction.
        march = accrue(engine, 202503)
        assert march.amount < 0
        assert lines_of(engine, march.voucher_id) == [("211", -march.amount, 0), ("41101", 0, -march.amount)]
        assert failures(engine) == {}
        for month in (202504, 202505):
            accrue(engine, month)
        with engine.connect() as conn:
            accrued = account_balance(conn, "211")
            assert accrued == conn.execute(select(func.sum(interest_accrual.c.amount))).scalar_one() > 0
        run = interest.settle_year(engine, CLERK, year=2025, as_of=date(2025, 6, 30))
        with engine.connect() as conn:
            assert account_balance(conn, "211") == 0
            # the expense of the year is what members were credited, accrued or not
            assert account_balance(conn, "41101") == run.total + paid_to_day
            settle_voucher = conn.execute(select(voucher.c.id).where(voucher.c.idempotency_key
                                                                     == "interest:settle:2025")).scalar_one()
        assert lines_of(engine, settle_voucher) == [("41101", run.total - accrued, 0), ("211", 0, run.total - accrued),
                                                    ("211", run.total, 0), ("201", 0, run.total)]
        assert failures(engine) == {}
        with pytest.raises(AnjuError) as exc:  # the year is settled: its months take no more accruals
            accrue(engine, 202506)
        assert exc.value.code is InterestError.ACCRUE_YEAR_SETTLED

    def test_a_june_accrual_before_settlement_leaves_nothing_to_charge_on_june_30(self, engine):
        eid = open_employer(engine)
        open_members(engine, eid, 2)
        pay_month(engine, eid, 202501, date(2025, 1, 12))
        june = accrue(engine, 202506)
        run = interest.settle_year(engine, CLERK, year=2025, as_of=date(2025, 6, 30))
        assert june.total == run.total  # accrued to the year's end is what the settlement credits
        with engine.connect() as conn:
            assert account_balance(conn, "211") == 0 and account_balance(conn, "41101") == run.total
            key = conn.execute(select(voucher.c.id).where(voucher.c.idempotency_key == "interest:settle:2025")
                               ).scalar_one()
        assert lines_of(engine, key) == [("211", run.total, 0), ("201", 0, run.total)]
        assert failures(engine) == {}

    def test_verify_finds_211_apart_from_the_accruals(self, engine):
        eid = open_employer(engine)
        open_members(engine, eid, 1)
        pay_month(engine, eid, 202501, date(2025, 1, 12))
        accrue(engine, 202501)
        with UnitOfWork(engine) as uow:  # 211 moved behind the accruals' back
            uow.conn.execute(interest_accrual.update().values(amount=interest_accrual.c.amount + 1))
            uow.commit()
        assert any("应付利息（211）" in m for m in failures(engine).get("interest.settlement", []))


class TestCommandLine:
    def test_anju_interest_accrue_prints_the_month_and_a_rerun_posts_nothing(self, engine):
        from tests.support.cli import invoke

        two_accounts(engine)
        first = invoke(engine, "interest", "accrue", "--month", "202407", "--date", "2024-08-12")
        assert first.exit_code == 0, first.output
        assert "2024年07月利息计提完成" in first.output and "27.83" in first.output
        again = invoke(engine, "interest", "accrue", "--month", "2024-07", "--date", "2024-08-13")
        assert again.exit_code == 0 and "已计提" in again.output and "未重复记账" in again.output
        early = invoke(engine, "interest", "accrue", "--month", "202408", "--date", "2024-08-13")
        assert early.exit_code == 1 and "尚未结束" in early.output and "Traceback" not in early.output
        assert accrual_vouchers(engine) == 1
