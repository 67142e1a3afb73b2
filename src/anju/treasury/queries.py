"""Read side of the treasury: the register, one investment with its steps, the transfers, the maturity ladder,
liquidity (available money per bank, expected outflows, concentration) and the deposits held at a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Connection, and_, func, or_, select

from anju.bank import queries as bank
from anju.ledger import queries as ledger_q
from anju.treasury import accounts
from anju.treasury.codes import Kind, Status, TransferStatus
from anju.treasury.tables import fund_transfer, investment, investment_event


def register(conn: Connection, *, status: str | None = None, kind: str | None = None, limit: int = 500):
    """Investments, newest first (optionally one status or kind)."""
    q = select(investment).order_by(investment.c.id.desc()).limit(limit)
    if status:
        q = q.where(investment.c.status == status)
    if kind:
        q = q.where(investment.c.kind == kind)
    return conn.execute(q).all()


def get(conn: Connection, ref: int | str):
    """One investment by id or number (TZ…), or None."""
    cond = investment.c.id == ref if isinstance(ref, int) else investment.c.no == str(ref).strip().upper()
    return conn.execute(select(investment).where(cond)).first()


def events(conn: Connection, investment_id: int):
    return conn.execute(select(investment_event).where(investment_event.c.investment_id == investment_id)
                        .order_by(investment_event.c.id)).all()


def transfers(conn: Connection, *, limit: int = 200):
    return conn.execute(select(fund_transfer).order_by(fund_transfer.c.id.desc()).limit(limit)).all()


def transfer(conn: Connection, ref: int | str):
    cond = fund_transfer.c.id == ref if isinstance(ref, int) else fund_transfer.c.no == str(ref).strip().upper()
    return conn.execute(select(fund_transfer).where(cond)).first()


def pending_count(conn: Connection) -> int:
    """Placements and transfers waiting for a checker (the finance worklist)."""
    a = conn.execute(select(func.count()).select_from(investment).where(investment.c.status == Status.SUBMITTED))
    b = conn.execute(select(func.count()).select_from(fund_transfer)
                     .where(fund_transfer.c.status == TransferStatus.SUBMITTED))
    return int(a.scalar_one()) + int(b.scalar_one())


def _open_on(day: date):
    """Investments placed on ``day``: started, approved, not closed by then."""
    i = investment.c
    return and_(i.start_date <= day, i.status.in_([Status.PLACED, Status.MATURED, Status.RENEWED, Status.WITHDRAWN]),
                or_(i.closed_on.is_(None), i.closed_on > day))


def held_on(conn: Connection, day: date) -> dict[str, int]:
    """Principal of the investments open at the end of ``day``, by kind."""
    rows = conn.execute(select(investment.c.kind, func.sum(investment.c.principal)).where(_open_on(day))
                        .group_by(investment.c.kind)).all()
    return {k: int(v) for k, v in rows}


def deposits_held_on(conn: Connection, day: date) -> int:
    """Time, agreement and notice deposits open at the end of ``day`` (money in 101 that is not demand money)."""
    return sum(v for k, v in held_on(conn, day).items() if k != Kind.BOND)


# ------------------------------------------------------------------------------------------------ the ladder

LADDER = ((0, 30, "30天以内"), (31, 90, "31至90天"), (91, 180, "91至180天"), (181, 365, "181天至1年"),
          (366, 1095, "1至3年"), (1096, 100_000, "3年以上"))


@dataclass(frozen=True)
class Rung:
    label: str
    count: int
    principal: int
    by_kind: dict[str, int]


def ladder(conn: Connection, as_of: date) -> tuple[list[Rung], int]:
    """The maturity ladder of the open investments on ``as_of`` (a notice deposit: its notice period), and the
    matured ones not yet collected (overdue, principal)."""
    rows = conn.execute(select(investment).where(investment.c.status == Status.PLACED)).all()
    rungs = {label: [0, 0, {}] for *_r, label in LADDER}
    overdue = 0
    for r in rows:
        due = r.maturity_date or (as_of + timedelta(days=r.notice_days or 0))
        days = (due - as_of).days
        if days < 0:
            overdue += r.principal
            days = 0
        label = next(lbl for lo, hi, lbl in LADDER if lo <= days <= hi)
        rung = rungs[label]
        rung[0] += 1
        rung[1] += r.principal
        rung[2][r.kind] = rung[2].get(r.kind, 0) + r.principal
    return [Rung(label, *rungs[label]) for *_r, label in LADDER], overdue


def maturing(conn: Connection, as_of: date, days: int = 30):
    """Open investments due within ``days`` (and those already due), by maturity."""
    until = as_of + timedelta(days=days)
    return conn.execute(select(investment).where(investment.c.status == Status.PLACED,
                                                 investment.c.maturity_date.is_not(None),
                                                 investment.c.maturity_date <= until)
                        .order_by(investment.c.maturity_date, investment.c.id)).all()


# ------------------------------------------------------------------------------------------------ liquidity


@dataclass(frozen=True)
class BankLine:
    bank_code: str
    bank_name: str
    balance: int  # 101 sub-accounts of the bank
    deposits: int  # of which time/agreement/notice deposits
    demand: int  # available demand money
    share: Decimal | None  # of the fund's deposits (concentration)


@dataclass(frozen=True)
class Liquidity:
    as_of: date
    banks: list[BankLine]
    demand: int
    deposits: int
    bonds: int
    fund_balance: int  # 201 缴存余额
    withdrawals_unpaid: int  # approved withdrawals not yet paid
    loans_undisbursed: int  # loans approved, not yet disbursed
    usual_withdrawals: int  # the next 30 days' usual withdrawals (the last 90 days' pace)
    maturing_30: int  # principal of deposits and bonds due within 30 days

    @property
    def outflows(self) -> int:
        return self.withdrawals_unpaid + self.loans_undisbursed + self.usual_withdrawals

    @property
    def cover(self) -> Decimal | None:
        """备付 (demand money + maturing within 30 days) ÷ expected outflows."""
        return None if not self.outflows else Decimal(self.demand + self.maturing_30) / Decimal(self.outflows)


def liquidity(conn: Connection, as_of: date) -> Liquidity:
    from anju.loanapp.service import approved_not_disbursed
    from anju.withdrawal.queries import approved_unpaid

    balances: dict[str, int] = {}
    for r in ledger_q.trial_balance(conn, as_of=as_of):
        code = accounts.bank_of(r.code)
        if r.is_leaf and r.code.startswith("101") and code:
            balances[code] = balances.get(code, 0) + r.balance
    held = dict(conn.execute(select(investment.c.bank_code, func.sum(investment.c.principal))
                             .where(_open_on(as_of), investment.c.kind != Kind.BOND)
                             .group_by(investment.c.bank_code)).all())
    names = bank.short_names(conn)
    total = sum(balances.values())
    lines = [BankLine(code, names.get(code, code), bal, int(held.get(code) or 0), bal - int(held.get(code) or 0),
                      None if total <= 0 else Decimal(bal) / Decimal(total)) for code, bal in sorted(balances.items())]
    start = as_of - timedelta(days=90)
    end = as_of + timedelta(days=1)  # withdrawals paid: the 201 debits of the payment vouchers
    paid_90 = (ledger_q.movement(conn, "201", start=start, end=end)
               - ledger_q.movement(conn, "201", start=start, end=end, exclude_kinds=_WITHDRAWAL_KINDS))
    due = sum(r.principal if r.kind != Kind.BOND else (r.face_value or r.principal) for r in maturing(conn, as_of))
    return Liquidity(as_of, lines, demand=sum(ln.demand for ln in lines), deposits=sum(ln.deposits for ln in lines),
                     bonds=ledger_q.account_balance(conn, "124", as_of=as_of),
                     fund_balance=ledger_q.account_balance(conn, "201", as_of=as_of),
                     withdrawals_unpaid=approved_unpaid(conn), loans_undisbursed=approved_not_disbursed(conn),
                     usual_withdrawals=max(0, paid_90) * 30 // 90, maturing_30=due)


_WITHDRAWAL_KINDS = ("withdrawal.payout",)
