"""The fund's placements in the synthetic centre (issue 20): a little of it in time deposits and bonds.

On the first day of each month: last month's interest receivable is accrued (``treasury.service.accrue_month``);
deposits and bonds due by then are collected — a time deposit whose number is even is renewed for the same term
(到期转存, at the generator's renewal rate), an odd one matures into its 归集户; and on the first day of a quarter
(from the fourth month of the run) two 3-month time deposits, a tenth and a twentieth of its free demand money, are
placed at the bank holding the most of it, in January and July also a 3-year 储蓄国债 of a twentieth. Each placement is proposed by ``sim-finance``
and approved by ``sim-approver`` (the maker-checker flow). The banks' 归集户 and 定期存款户 are entered in the 专户
register on first use. A placement the limits refuse is skipped (both paths alike). Rates are assumptions of the generator (like ``fund.BANK_DEPOSIT_RATE``), not city policy.

Both executor paths call the same services, so they write the same rows. A handful of rows a quarter: cheap.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from anju.auth.actor import Actor, Channel, Role
from anju.core.errors import ValidationFailed
from anju.db.uow import UnitOfWork

TIME_RATE, RENEW_RATE, BOND_RATE = Decimal("0.0155"), Decimal("0.0145"), Decimal("0.0238")
UNIT = 100_000  # placements in whole 1,000.00 yuan
MAKER = Actor("sim-finance", frozenset({Role.FINANCE}), Channel.CLI)
CHECKER = Actor("sim-approver", frozenset({Role.APPROVER}), Channel.CLI)
CHECKER2 = Actor("sim-approver2", frozenset({Role.APPROVER}), Channel.CLI)
SYSTEM = Actor("sim-treasury", frozenset({Role.SYSTEM}), Channel.CLI)


def _account_no(bank: str, purpose: str) -> str:
    return f"6{bank}{'1' if purpose == 'collect' else '8'}{'0' * 12}{bank}"


def ensure_accounts(engine, banks, day: date) -> None:
    """Each bank's 归集户 and 定期存款户 in the 专户 register (both on the bank's 101xx), once."""
    from datetime import datetime

    from anju.bank import queries, service
    from anju.bank.codes import AccountPurpose

    with engine.begin() as conn:
        for bank in banks:
            for purpose in (AccountPurpose.COLLECT, AccountPurpose.FIXED):
                if queries.accounts(conn, bank=bank, purpose=purpose):
                    continue
                service.open_account(conn, bank_code=bank, purpose=purpose, account_no=_account_no(bank, purpose),
                                     account_name="住房公积金管理中心", ledger_code=f"101{bank}",
                                     opened_on=date(day.year - 1, 1, 1), at=datetime(day.year - 1, 1, 1), by="sim")


class TreasuryActivity:
    name = "treasury"
    bulk = True  # through the treasury's services on both paths

    def plan(self, plan, mp, rng) -> list[date]:
        return [mp.day]

    def run_service(self, ctx, mp, events: list[date]) -> None:
        from anju.bank.queries import accounts
        from anju.core.dates import add_months, month_of
        from anju.treasury import queries, service
        from anju.treasury.codes import Kind

        day = events[0]
        banks = list(ctx.plan.banks)
        ensure_accounts(ctx.engine, banks, day)
        first_month = month_of(ctx.plan.start)
        with ctx.engine.connect() as conn:
            placed = queries.register(conn, status="placed")
        if placed:
            service.accrue_month(ctx.engine, SYSTEM, month=add_months(month_of(day), -1), as_of=day)
        for row in sorted(placed, key=lambda r: r.id):
            if row.maturity_date is None or row.maturity_date > day:
                continue
            with UnitOfWork(ctx.engine) as uow:
                if row.kind == Kind.TIME and row.id % 2 == 0:
                    service.renew(uow, MAKER, investment_id=row.id, on=day, rate=RENEW_RATE)
                else:
                    service.mature(uow, MAKER, investment_id=row.id, on=day)
                uow.commit()
        if day.month not in (1, 4, 7, 10) or month_of(day) < add_months(first_month, 3):
            return
        with ctx.engine.connect() as conn:  # the bank holding the most free demand money
            free, bank, collect = max((service.available(conn, a.ledger_code, day), b, a) for b in banks
                                      for a in accounts(conn, bank=b, purpose="collect")[:1])
        wanted = [("time", free // 10), ("time", free // 20)] + ([("bond", free // 20)] if day.month in (1, 7) else [])
        for kind, amount in wanted:
            amount -= amount % UNIT
            if amount < UNIT:
                continue
            p = service.Placement(kind=kind, from_account_no=collect.account_no, amount=amount,
                                  rate=BOND_RATE if kind == "bond" else TIME_RATE, start=day, bank_code=bank,
                                  term_months=36 if kind == "bond" else 3, face_value=amount if kind == "bond" else None,
                                  name=f"{day.year}年储蓄国债（电子式）" if kind == "bond" else "", issuer="财政部",
                                  rollover="none" if kind == "bond" else "principal")
            try:
                with UnitOfWork(ctx.engine) as uow:
                    iid = service.place(uow, MAKER, p, as_of=day)
                    uow.commit()
            except ValidationFailed:  # the centre's limits refuse it (little demand money left): skipped
                continue
            for checker in (CHECKER, CHECKER2):  # two approvers above approval.treasury_second_above
                with UnitOfWork(ctx.engine) as uow:
                    done = service.approve(uow, checker, investment_id=iid, as_of=day)
                    uow.commit()
                if done:
                    break

    def run_bulk(self, ctx, mp, events: list[date]) -> None:
        self.run_service(ctx, mp, events)


ACTIVITY = TreasuryActivity()
