"""The investments register on both databases, with interest computed by hand (hpf-reference-2 §2.3):
placement with maker-checker and its voucher, monthly accrual, maturity, renewal, early withdrawal, bonds, the
limits refused with their reasons, 资金调度, and the accrual job run by two runners at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from anju.core.errors import AnjuError, ValidationFailed
from anju.db import UnitOfWork
from anju.ledger.queries import account_balance
from anju.treasury import service
from anju.treasury.codes import Status
from anju.treasury.errors import TreasuryError
from anju.treasury.tables import fund_transfer, investment
from anju.verify import run_all
from tests.support.threads import race
from tests.treasury.helpers import CHECKER, CHECKER2, COLLECT_01, COLLECT_02, MAKER, SYSTEM, Y, fund, lines_of


def _do(engine, fn, **kw):
    with UnitOfWork(engine) as uow:
        out = fn(uow, **kw)
        uow.commit()
    return out


def place(engine, *, amount: int, start: date = date(2025, 1, 10), kind: str = "time", months: int | None = 12,
          rate: str = "1.65%", approvers=(CHECKER,), **kw) -> int:
    p = service.Placement(kind=kind, from_account_no=kw.pop("from_no", COLLECT_01), amount=amount,
                          rate=Decimal(rate.rstrip("%")) / 100, start=start, bank_code=kw.pop("bank", "01"),
                          term_months=months, **kw)
    iid = _do(engine, lambda uow: service.place(uow, MAKER, p, as_of=start))
    for who in approvers:
        _do(engine, lambda uow, who=who: service.approve(uow, who, investment_id=iid, as_of=start))
    return iid


def row(engine, iid: int):
    with engine.connect() as conn:
        return conn.execute(select(investment).where(investment.c.id == iid)).one()


def accrue(engine, *months: int) -> list:
    out = []
    for m in months:
        y, mm = divmod(m, 100)
        as_of = date(y + (mm == 12), mm % 12 + 1, 1)
        out.append(service.accrue_month(engine, SYSTEM, month=m, as_of=as_of))
    return out


def failures(engine) -> dict:
    """The treasury's checks and the bonds' sub-ledger (the test fund's 201 has no member accounts behind it)."""
    with engine.connect() as conn:
        found = {r.check.name: [v.message for v in r.violations if "职工个人账户" not in v.message]
                 for r in run_all(conn, only=["treasury.register", "treasury.accrued", "ledger.subledger_control"])}
    return {k: v for k, v in found.items() if v}


def test_a_year_deposit_two_approvers_monthly_accrual_and_maturity(engine):
    """2025-01-10: 100,000,000.00 for one year at 1.65%. January 21 days: 96,250.00; February 28 days: 128,333.33
    (running total 224,583.33); through December 355 days: 1,627,083.33; at maturity the contract pays
    1,650,000.00, of which 22,916.67 is income not yet accrued."""
    fund(engine)
    iid = place(engine, amount=100_000_000 * Y, approvers=())
    with pytest.raises(AnjuError):  # the maker never approves
        _do(engine, lambda uow: service.approve(uow, MAKER, investment_id=iid, as_of=date(2025, 1, 10)))
    assert _do(engine, lambda uow: service.approve(uow, CHECKER, investment_id=iid, as_of=date(2025, 1, 10))) is False
    assert row(engine, iid).status == Status.SUBMITTED  # above 50,000,000.00: a second approver
    assert _do(engine, lambda uow: service.approve(uow, CHECKER2, investment_id=iid, as_of=date(2025, 1, 10)))
    r = row(engine, iid)
    assert r.status == Status.PLACED and r.maturity_date == date(2026, 1, 10)
    assert sorted(lines_of(engine, r.voucher_id)) == [("10101", 0, 100_000_000 * Y), ("10101", 100_000_000 * Y, 0)]
    jan, feb = accrue(engine, 202501, 202502)
    assert (jan.amount, feb.amount) == (9_625_000, 12_833_333)
    assert row(engine, iid).accrued == 22_458_333
    (rest,) = accrue(engine, 202512)  # March to December at once: the running total through 355 days
    assert 9_625_000 + 12_833_333 + rest.amount == 162_708_333
    with engine.connect() as conn:
        assert account_balance(conn, "111") == 162_708_333 and account_balance(conn, "40101") == 162_708_333
    with pytest.raises(AnjuError) as early:
        _do(engine, lambda uow: service.mature(uow, MAKER, investment_id=iid, on=date(2026, 1, 9)))
    assert early.value.code is TreasuryError.NOT_MATURE
    interest = _do(engine, lambda uow: service.mature(uow, MAKER, investment_id=iid, on=date(2026, 1, 10)))
    assert interest == 165_000_000
    r = row(engine, iid)
    assert r.status == Status.MATURED and r.accrued == 0
    assert sorted(lines_of(engine, r.close_voucher_id)) == sorted([
        ("10101", 101_650_000 * Y, 0), ("10101", 0, 100_000_000 * Y), ("111", 0, 162_708_333),
        ("40101", 0, 2_291_667)])
    with engine.connect() as conn:
        assert account_balance(conn, "111") == 0 and account_balance(conn, "40101") == 165_000_000
        assert account_balance(conn, "10101") == 301_650_000 * Y
    assert failures(engine) == {}


def test_early_withdrawal_earns_the_demand_rate_and_reverses_the_accrual(engine):
    """50,000,000.00 on 2025-01-10, January accrued 48,125.00 at 1.65%; withdrawn 2025-03-01 (50 days) at the
    demand rate 0.35%: 24,305.56 — income reversed by 23,819.44. Then a bond, bought, accrued and redeemed."""
    fund(engine)
    iid = place(engine, amount=50_000_000 * Y)
    (jan,) = accrue(engine, 202501)
    assert jan.amount == 4_812_500
    interest = _do(engine, lambda uow: service.withdraw_early(uow, MAKER, investment_id=iid, on=date(2025, 3, 1)))
    assert interest == 2_430_556
    r = row(engine, iid)
    assert r.status == Status.WITHDRAWN
    assert sorted(lines_of(engine, r.close_voucher_id)) == sorted([
        ("10101", 5_002_430_556, 0), ("10101", 0, 50_000_000 * Y), ("111", 0, 4_812_500), ("40101", 2_381_944, 0)])
    assert failures(engine) == {}
    # 国债 face 10,000,000.00 bought at 9,900,000.00, coupon 2.38%, 3 years from 2025-03-01: March accrues 30/365
    # of a year, 19,561.64; at maturity 714,000.00 of coupons and the 100,000.00 discount are income
    iid = place(engine, kind="bond", amount=9_900_000 * Y, face_value=10_000_000 * Y, months=36, rate="2.38%",
                start=date(2025, 3, 1), name="2025年第一期储蓄国债", issuer="财政部")
    r = row(engine, iid)
    assert r.hold_account == "124" and r.maturity_date == date(2028, 3, 1)
    (mar,) = accrue(engine, 202503)
    assert mar.amount == 1_956_164
    with engine.connect() as conn:
        assert account_balance(conn, "124") == 9_900_000 * Y and account_balance(conn, "40104") == 1_956_164
    assert _do(engine, lambda uow: service.mature(uow, MAKER, investment_id=iid, on=date(2028, 3, 1))) == 71_400_000
    assert sorted(lines_of(engine, row(engine, iid).close_voucher_id)) == sorted([
        ("10101", 1_071_400_000, 0), ("124", 0, 990_000_000), ("111", 0, 1_956_164), ("40104", 0, 79_443_836)])
    assert failures(engine) == {}


def test_renewal_with_interest_starts_a_new_deposit_on_the_maturity_day(engine):
    """20,000,000.00 for 3 months at 1.25% from 2025-01-10, 本息转存: accrued 55,555.56 through March (80 days);
    the contract pays 62,500.00 on 2025-04-10; the new deposit is 20,062,500.00 at 1.10% until 2025-07-10."""
    fund(engine)
    iid = place(engine, amount=20_000_000 * Y, months=3, rate="1.25%", rollover="with_interest")
    assert [a.amount for a in accrue(engine, 202501, 202502, 202503)] == [1_458_333, 1_944_445, 2_152_778]
    new_id = _do(engine, lambda uow: service.renew(uow, MAKER, investment_id=iid, on=date(2025, 4, 10),
                                                   rate=Decimal("0.011")))
    old, new = row(engine, iid), row(engine, new_id)
    assert old.status == Status.RENEWED and old.interest_received == 6_250_000
    assert (new.status, new.principal, new.start_date, new.maturity_date, new.parent_id) == (
        Status.PLACED, 2_006_250_000, date(2025, 4, 10), date(2025, 7, 10), iid)
    assert sorted(lines_of(engine, old.close_voucher_id)) == sorted([
        ("10101", 2_006_250_000, 0), ("10101", 0, 2_000_000_000), ("111", 0, 5_555_556), ("40101", 0, 694_444)])
    (apr,) = accrue(engine, 202504)  # the new deposit: 20 days of 20,062,500.00 at 1.10%
    assert apr.amount == 1_226_042
def test_limits_are_checked_before_placement_with_every_reason(engine):
    fund(engine)
    p = service.Placement(kind="time", from_account_no=COLLECT_02, amount=290_000_000 * Y, rate=Decimal("0.0165"),
                          start=date(2025, 1, 10), bank_code="01", term_months=12)
    with pytest.raises(ValidationFailed) as refused:
        _do(engine, lambda uow: service.place(uow, MAKER, p, as_of=date(2025, 1, 10)))
    codes = {pr.code for pr in refused.value.problems}
    # bank 01 would hold 590,000,000.00 of 600,000,000.00 (max 40%); demand money left 310,000,000.00 is fine
    assert codes == {TreasuryError.BANK_SHARE}
    assert "98.33%" in refused.value.problems[0].message and "40.00%" in refused.value.problems[0].message
    big = service.Placement(kind="time", from_account_no=COLLECT_01, amount=300_000_000 * Y + 1,
                            rate=Decimal("0.5"), start=date(2025, 1, 10), bank_code="01", term_months=7)
    with pytest.raises(ValidationFailed) as bad:
        _do(engine, lambda uow: service.place(uow, MAKER, big, as_of=date(2025, 1, 10)))
    assert {pr.code for pr in bad.value.problems} == {TreasuryError.RATE_RANGE, TreasuryError.TERM_UNKNOWN,
                                                       TreasuryError.INSUFFICIENT_FUNDS}
    # 280,000,000.00 at bank 01, then 295,000,000.00 at bank 02 would leave 25,000,000.00 of demand money:
    # 4.17% of 缴存余额, under the 5% floor
    iid = place(engine, amount=280_000_000 * Y, approvers=(CHECKER, CHECKER2))
    assert row(engine, iid).status == Status.PLACED
    low = service.Placement(kind="time", from_account_no=COLLECT_02, amount=295_000_000 * Y,
                            rate=Decimal("0.0165"), start=date(2025, 1, 10), bank_code="02", term_months=12)
    with pytest.raises(ValidationFailed) as floor:
        _do(engine, lambda uow: service.place(uow, MAKER, low, as_of=date(2025, 1, 10)))
    assert [pr.code for pr in floor.value.problems] == [TreasuryError.MIN_LIQUIDITY]
    assert "4.17%" in floor.value.problems[0].message
    notice = service.Placement(kind="notice", from_account_no=COLLECT_02, amount=1_000 * Y,
                               rate=Decimal("0.01"), start=date(2025, 1, 10), bank_code="02", notice_days=7)
    with pytest.raises(ValidationFailed) as none:
        _do(engine, lambda uow: service.place(uow, MAKER, notice, as_of=date(2025, 1, 10)))
    assert {pr.code for pr in none.value.problems} == {TreasuryError.NO_HOLDING_ACCOUNT}


def test_a_transfer_between_banks_needs_a_checker_and_posts_both_legs(engine):
    fund(engine)
    tid = _do(engine, lambda uow: service.propose_transfer(uow, MAKER, from_account_no=COLLECT_02,
                                                           to_account_no=COLLECT_01, amount=5_000_000 * Y,
                                                           on=date(2025, 2, 3), note="补充贷款户"))
    with pytest.raises(AnjuError):
        _do(engine, lambda uow: service.approve_transfer(uow, MAKER, transfer_id=tid, as_of=date(2025, 2, 3)))
    assert _do(engine, lambda uow: service.approve_transfer(uow, CHECKER, transfer_id=tid, as_of=date(2025, 2, 3)))
    with engine.connect() as conn:
        t = conn.execute(select(fund_transfer).where(fund_transfer.c.id == tid)).one()
        assert account_balance(conn, "10101") == 305_000_000 * Y and account_balance(conn, "10102") == 295_000_000 * Y
    assert t.status == "done" and sorted(lines_of(engine, t.voucher_id)) == [
        ("10101", 5_000_000 * Y, 0), ("10102", 0, 5_000_000 * Y)]
    with pytest.raises(ValidationFailed) as same:
        _do(engine, lambda uow: service.propose_transfer(uow, MAKER, from_account_no=COLLECT_01,
                                                         to_account_no=COLLECT_01, amount=0, on=date(2025, 2, 3)))
    assert {p.code for p in same.value.problems} == {TreasuryError.SAME_ACCOUNT, TreasuryError.AMOUNT_NOT_POSITIVE}


def test_two_runners_accrue_a_month_once(engine):
    fund(engine)
    place(engine, amount=10_000_000 * Y)
    results, busy, errors = race(2, lambda i: service.accrue_month(engine, SYSTEM, month=202501,
                                                                   as_of=date(2025, 2, 1)))
    assert not errors, errors
    assert sum(1 for r in results if r.created) == 1 and len(results) + len(busy) == 2
    with engine.connect() as conn:
        assert account_balance(conn, "111") == 962_500  # 10,000,000.00 × 1.65% × 21 / 360
    assert failures(engine) == {}
