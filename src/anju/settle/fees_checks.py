"""`anju verify` checks of the bank register and fees (bankcore's; imported by ``anju.settle.checks``): every
专户's sub-account is in the chart; every accrued fee has its voucher of the same amount; every paid month's
payment voucher equals the fees it paid."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from anju.bank import queries as bank_queries
from anju.core.money import format_yuan
from anju.ledger import queries as ledger_queries
from anju.settle.bank_tables import bank_fee
from anju.verify import Violation, check

F = bank_fee.c


@check("settle.account_ledger", "每个专户的会计科目都在科目表中")
def account_ledger(conn: Connection):
    accounts = bank_queries.accounts(conn)
    known = ledger_queries.account_names(conn, {a.ledger_code for a in accounts})
    for a in accounts:
        if a.ledger_code not in known:
            yield Violation("settle.account_ledger", f"专户{a.account_no}的会计科目{a.ledger_code}不在科目表中",
                            (f"bank_account:{a.id}",))


@check("settle.fee_vouchers", "每笔计提的银行手续费都有等额凭证，每次支付的凭证等于所付手续费之和")
def fee_vouchers(conn: Connection):
    rows = conn.execute(select(F.id, F.month, F.bank_code, F.fee_type, F.amount, F.voucher_id)).all()
    totals = ledger_queries.voucher_totals(conn, [r.voucher_id for r in rows if r.voucher_id])
    for r in rows:
        if totals.get(r.voucher_id) != r.amount:
            yield Violation("settle.fee_vouchers",
                            f"{r.month}受托银行{r.bank_code}的{r.fee_type}手续费{format_yuan(r.amount)}元与其凭证不符",
                            (f"bank_fee:{r.id}",))
    paid = conn.execute(select(F.pay_voucher_id, func.sum(F.amount)).where(F.pay_voucher_id.is_not(None))
                        .group_by(F.pay_voucher_id)).all()
    pay_totals = ledger_queries.voucher_totals(conn, [v for v, _ in paid])
    for voucher_id, amount in paid:
        if pay_totals.get(voucher_id) != int(amount):
            yield Violation("settle.fee_vouchers", f"手续费支付凭证{voucher_id}与所付手续费{format_yuan(int(amount))}元不符",
                            (f"voucher:{voucher_id}",))
