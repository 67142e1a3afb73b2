"""A member's home page starts with the account: balance, paid-through month and the last contribution."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, select

from anju.auth.actor import Actor, Role
from anju.core.money import format_yuan
from anju.core.worklist import WorkItem
from anju.registry.codes import AccountStatus, TxnType
from anju.registry.tables import account, member_txn


def items(conn: Connection, actor: Actor, *, as_of: date, calendar) -> list[WorkItem]:
    if not actor.has(Role.MEMBER) or actor.person_id is None:
        return []
    acct = conn.execute(select(account).where(account.c.person_id == actor.person_id)).first()
    if acct is None:
        return []
    paid = f"，缴至{acct.paid_through // 100}年{acct.paid_through % 100:02d}月" if acct.paid_through else ""
    out = [WorkItem("账户余额", "/portal/member", value=f"{format_yuan(acct.balance)}元"
                    f"（{AccountStatus(acct.status).label}{paid}）", order=0)]
    last = conn.execute(select(member_txn.c.txn_date, member_txn.c.amount, member_txn.c.month)
                        .where(member_txn.c.account_id == acct.id,
                               member_txn.c.type.in_([TxnType.REMIT.value, TxnType.BACK_PAY.value]),
                               member_txn.c.amount > 0)
                        .order_by(member_txn.c.txn_date.desc(), member_txn.c.id.desc()).limit(1)).first()
    if last is not None:
        month = f"（{last.month // 100}年{last.month % 100:02d}月）" if last.month else ""
        out.append(WorkItem("最近一次缴存", "/portal/member", order=1,
                            value=f"{last.txn_date:%Y年%m月%d日}入账{format_yuan(last.amount)}元{month}"))
    return out
