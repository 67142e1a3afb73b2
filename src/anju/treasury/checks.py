"""Treasury invariants for `anju verify`: the investments register is a sub-ledger of the books — each open
investment's principal is on its holding account (lines tagged ``investment``), closed ones hold nothing; the bonds
equal account 124; the register's accrued interest equals the tagged 111 lines and, per investment, its own."""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, select

from anju.core.money import format_yuan
from anju.ledger import subledgers
from anju.ledger.queries import subledger_nets
from anju.treasury.codes import Kind, Status
from anju.treasury.tables import investment
from anju.verify import Violation, check

SUB = "investment"


def _bonds(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.sum(investment.c.principal), 0)).where(
        investment.c.status == Status.PLACED, investment.c.kind == Kind.BOND)).scalar_one())


subledgers.register(subledgers.SubLedger("investment_bond", "国债投资明细（按成本）", ("124",), _bonds))


@check("treasury.register", "投资登记簿与总账一致：每笔存续投资的本金在其存放科目，已收回的为零")
def register(conn: Connection):
    sub = subledger_nets(SUB)
    i = investment.c
    q = (select(i.no, i.status, i.principal, i.hold_account, func.coalesce(sub.c.net, 0).label("net"))
         .select_from(investment.outerjoin(sub, and_(sub.c.subledger_ref == i.no, sub.c.account_code == i.hold_account)))
         .order_by(i.id))
    for r in conn.execute(q):
        expected = r.principal if r.status == Status.PLACED else 0
        if int(r.net) != expected:
            yield Violation("treasury.register", f"{r.no}：登记本金{format_yuan(expected)}，科目{r.hold_account}明细"
                                                 f"{format_yuan(int(r.net))}", (f"investment:{r.no}",))
    stray = conn.execute(select(func.count()).select_from(sub).where(
        sub.c.subledger_ref.not_in(select(i.no).where(i.no.is_not(None))))).scalar_one()
    if stray:
        yield Violation("treasury.register", f"有{stray}个投资明细在登记簿中找不到")


@check("treasury.accrued", "应收利息：登记簿已计提未收的利息等于总账111科目中的投资明细，逐笔相符")
def accrued(conn: Connection):
    sub = subledger_nets(SUB)
    i = investment.c
    q = (select(i.no, i.accrued, func.coalesce(sub.c.net, 0).label("net"))
         .select_from(investment.outerjoin(sub, and_(sub.c.subledger_ref == i.no, sub.c.account_code == "111")))
         .order_by(i.id))
    register_total = ledger_total = 0
    for r in conn.execute(q):
        register_total += r.accrued
        ledger_total += int(r.net)
        if int(r.net) != r.accrued:
            yield Violation("treasury.accrued", f"{r.no}：登记应收利息{format_yuan(r.accrued)}，111科目明细"
                                                f"{format_yuan(int(r.net))}", (f"investment:{r.no}",))
    if register_total != ledger_total:
        yield Violation("treasury.accrued", f"登记簿应收利息合计{format_yuan(register_total)}，111科目投资明细合计"
                                            f"{format_yuan(ledger_total)}")
