"""Reports of the maintenance fund (item 7): the fund's totals and the identity 累计归集 + 利息 − 使用 − 退还 = 余额,
the yearly publication per area and per household (165号令 Art. 30), a household's statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, select

from anju.maintfund.codes import HouseholdStatus, TxnKind
from anju.maintfund.tables import mf_area, mf_household, mf_project, mf_txn


@dataclass(frozen=True)
class Totals:
    """Cumulative figures up to a day (fen); ``balance`` = households + common accounts."""

    deposited: int
    interest: int
    used: int
    refunded: int
    balance: int
    households: int

    @property
    def identity_holds(self) -> bool:
        return self.deposited + self.interest - self.used - self.refunded == self.balance

    @property
    def gap(self) -> int:
        """累计归集 + 利息 − 使用 − 退还 − 余额 (0 when the books are whole; seed 003's own figures leave 0.03亿)."""
        return self.deposited + self.interest - self.used - self.refunded - self.balance


def _sums(conn: Connection, *, area_id: int | None = None, end: date | None = None,
          start: date | None = None) -> dict[str, int]:
    t = mf_txn.c
    q = select(t.kind, func.sum(t.amount)).group_by(t.kind)
    if area_id is not None:
        q = q.where(t.area_id == area_id)
    if end is not None:
        q = q.where(t.day_no < end.toordinal())
    if start is not None:
        q = q.where(t.day_no >= start.toordinal())
    return {k: int(v) for k, v in conn.execute(q)}


def fund_totals(conn: Connection, *, area_id: int | None = None, as_of: date | None = None) -> Totals:
    """累计归集, 利息 (households and common accounts), 使用, 退还 and 余额 from the movements up to ``as_of``."""
    end = None if as_of is None else date.fromordinal(as_of.toordinal() + 1)
    s = _sums(conn, area_id=area_id, end=end)
    h = mf_household.c
    q = select(func.count()).where(h.status == HouseholdStatus.NORMAL)
    if area_id is not None:
        q = q.where(h.area_id == area_id)
    return Totals(s.get(TxnKind.DEPOSIT, 0), s.get(TxnKind.INTEREST, 0), -s.get(TxnKind.USE, 0),
                  -s.get(TxnKind.REFUND, 0), sum(s.values()), int(conn.execute(q).scalar_one()))


def year_flows(conn: Connection, year: int, *, area_id: int | None = None) -> dict[str, int]:
    """The year's 归集 (deposits), 利息, 使用, 退还."""
    s = _sums(conn, area_id=area_id, start=date(year, 1, 1), end=date(year + 1, 1, 1))
    return {"deposited": s.get(TxnKind.DEPOSIT, 0), "interest": s.get(TxnKind.INTEREST, 0),
            "used": -s.get(TxnKind.USE, 0), "refunded": -s.get(TxnKind.REFUND, 0)}


@dataclass(frozen=True)
class AreaPublication:
    code: str
    name: str
    year: int
    totals: Totals
    flows: dict[str, int]
    common_balance: int
    projects: list
    households: list  # (account no, unit, owner, area, deposited, interest, used, balance)


def publication(conn: Connection, area_id: int, year: int) -> AreaPublication:
    """The yearly publication of an area (Art. 30): totals and the year's flows, the projects and every household."""
    a = conn.execute(select(mf_area).where(mf_area.c.id == area_id)).one()
    h = mf_household.c
    rows = conn.execute(select(h.account_no, h.unit_no, h.owner_name, h.floor_area, h.deposited, h.interest, h.used,
                               h.balance, h.status).where(h.area_id == area_id).order_by(h.account_no)).all()
    projects = conn.execute(select(mf_project.c.no, mf_project.c.title, mf_project.c.kind, mf_project.c.status,
                                   mf_project.c.budget, mf_project.c.cost)
                            .where(mf_project.c.area_id == area_id).order_by(mf_project.c.no)).all()
    return AreaPublication(a.code, a.name, year, fund_totals(conn, area_id=area_id, as_of=date(year, 12, 31)),
                           year_flows(conn, year, area_id=area_id), a.common_balance, projects, rows)


def statement(conn: Connection, household_id: int):
    """A household's movements in order: (day, kind label, amount, balance after, reference)."""
    t = mf_txn.c
    out, balance = [], 0
    for r in conn.execute(select(t.day, t.kind, t.amount, t.ref).where(t.household_id == household_id)
                          .order_by(t.day_no, t.id)):
        balance += r.amount
        out.append((r.day, TxnKind(r.kind).label, r.amount, balance, r.ref))
    return out
