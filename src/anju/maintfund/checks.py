"""The maintenance fund's checks of ``anju verify`` and its sub-ledgers against the fund's book."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from anju.core.money import format_yuan
from anju.ledger import subledgers
from anju.maintfund.codes import COMMON, HOUSEHOLD, TxnKind
from anju.maintfund.tables import mf_area, mf_household, mf_txn
from anju.verify import Violation, check


def _households_total(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.sum(mf_household.c.balance), 0))).scalar_one())


def _common_total(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.sum(mf_area.c.common_balance), 0))).scalar_one())


subledgers.register(subledgers.SubLedger("mf_household", "维修资金分户账", (HOUSEHOLD,), _households_total))
subledgers.register(subledgers.SubLedger("mf_common", "维修资金公共账", (COMMON,), _common_total))


@check("maintfund.household_rows", "维修资金每个分户账余额及累计交存、利息、使用、退还等于其明细")
def household_rows(conn: Connection):
    t = mf_txn.c
    per_kind: dict[int, dict[str, int]] = {}
    for hid, kind, amount in conn.execute(select(t.household_id, t.kind, func.sum(t.amount))
                                          .where(t.household_id.is_not(None)).group_by(t.household_id, t.kind)):
        per_kind.setdefault(hid, {})[kind] = int(amount)
    for h in conn.execute(select(mf_household)):
        k = per_kind.get(h.id, {})
        expect = {"balance": sum(k.values()), "deposited": k.get(TxnKind.DEPOSIT, 0),
                  "interest": k.get(TxnKind.INTEREST, 0), "used": -k.get(TxnKind.USE, 0),
                  "refunded": -k.get(TxnKind.REFUND, 0)}
        for col, v in expect.items():
            if getattr(h, col) != v:
                yield Violation("maintfund.household_rows",
                                f"分户账{h.account_no}的{_COLS[col]}{format_yuan(getattr(h, col))}，明细合计{format_yuan(v)}",
                                (f"mf_household:{h.id}",))


_COLS = {"balance": "余额", "deposited": "累计交存", "interest": "累计利息", "used": "累计使用", "refunded": "累计退还"}


@check("maintfund.common_rows", "每个物业管理区域公共账余额等于其明细")
def common_rows(conn: Connection):
    t = mf_txn.c
    sums = dict(conn.execute(select(t.area_id, func.sum(t.amount)).where(t.household_id.is_(None))
                             .group_by(t.area_id)).all())
    for a in conn.execute(select(mf_area.c.id, mf_area.c.code, mf_area.c.common_balance)):
        if a.common_balance != int(sums.get(a.id, 0)):
            yield Violation("maintfund.common_rows", f"区域{a.code}公共账余额{format_yuan(a.common_balance)}，"
                            f"明细合计{format_yuan(int(sums.get(a.id, 0)))}", (f"mf_area:{a.id}",))


@check("maintfund.identity", "维修资金：累计归集 + 利息 − 使用 − 退还 = 余额（分户账与公共账合计）")
def identity(conn: Connection):
    from anju.maintfund.reports import fund_totals

    f = fund_totals(conn)
    if f.deposited + f.interest - f.used - f.refunded != f.balance:
        yield Violation("maintfund.identity",
                        f"累计归集{format_yuan(f.deposited)} + 利息{format_yuan(f.interest)} − 使用{format_yuan(f.used)} − "
                        f"退还{format_yuan(f.refunded)} ≠ 余额{format_yuan(f.balance)}")
