"""Withdrawal invariants for `anju verify`: reservations within balances, every paid withdrawal posted once with
its member row, payment files equal to their vouchers, fraud reversals posted back."""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, select

from anju.core.money import format_yuan
from anju.ledger.queries import debits_by_voucher
from anju.registry import queries as registry_queries
from anju.verify import Violation, check
from anju.withdrawal.codes import RESERVING, Status
from anju.withdrawal.tables import payout_batch, payout_line, withdrawal


@check("withdrawal.reserved_within_balance", "未办结的提取申请占用的金额不超过账户余额")
def reserved_within_balance(conn: Connection):
    held = (select(withdrawal.c.account_id, func.sum(withdrawal.c.amount).label("held"))
            .where(withdrawal.c.status.in_([s.value for s in RESERVING])).group_by(withdrawal.c.account_id).subquery())
    accounts = registry_queries.member_accounts()
    q = (select(accounts.c.id, accounts.c.account_no, accounts.c.balance, held.c.held)
         .join(held, held.c.account_id == accounts.c.id).where(held.c.held > accounts.c.balance))
    for r in conn.execute(q.limit(1000)):
        yield Violation("withdrawal.reserved_within_balance",
                        f"账户{r.account_no}余额{format_yuan(r.balance)}，未办结提取占用{format_yuan(int(r.held))}",
                        (f"account:{r.id}",))


@check("withdrawal.paid_posted", "每笔已办结的提取都有凭证和一条金额、原因一致的个人明细")
def paid_posted(conn: Connection):
    txn = registry_queries.member_txn_rows()
    q = (select(withdrawal.c.id, withdrawal.c.no, withdrawal.c.amount, withdrawal.c.reason, withdrawal.c.closes,
                withdrawal.c.voucher_id, txn.c.amount.label("txn_amount"), txn.c.reason.label("txn_reason"),
                txn.c.type, txn.c.voucher_id.label("txn_voucher"))
         .select_from(withdrawal.outerjoin(txn, txn.c.id == withdrawal.c.txn_id))
         .where(withdrawal.c.status.in_((Status.PAID.value, Status.FRAUD.value)), withdrawal.c.paid_on.is_not(None),
                withdrawal.c.amount > 0))
    for r in conn.execute(q):
        expected_type = "12" if r.closes else "11"
        if r.voucher_id is None or r.txn_amount is None:
            yield Violation("withdrawal.paid_posted", f"提取{r.no}已办结但没有凭证或个人明细", (f"withdrawal:{r.id}",))
        elif (r.txn_amount != -r.amount or r.txn_reason != r.reason or r.type != expected_type
              or r.txn_voucher != r.voucher_id):
            yield Violation("withdrawal.paid_posted",
                            f"提取{r.no}金额{format_yuan(r.amount)}（原因{r.reason}），个人明细为{format_yuan(-r.txn_amount)}"
                            f"（原因{r.txn_reason}，类型{r.type}）", (f"withdrawal:{r.id}",))


@check("withdrawal.payout_batches", "每个付款文件：已支付合计等于其凭证的201借方，等于逐笔明细")
def payout_batches(conn: Connection):
    lines = (select(payout_line.c.batch_id, func.sum(payout_line.c.amount).label("paid"))
             .where(payout_line.c.status == "paid").group_by(payout_line.c.batch_id).subquery())
    gl = debits_by_voucher("201")
    q = (select(payout_batch.c.id, payout_batch.c.paid_total, lines.c.paid, gl.c.debit)
         .select_from(payout_batch.outerjoin(lines, lines.c.batch_id == payout_batch.c.id)
                      .outerjoin(gl, gl.c.voucher_id == payout_batch.c.voucher_id))
         .where(payout_batch.c.status == "settled"))
    for r in conn.execute(q):
        paid, debit = int(r.paid or 0), int(r.debit or 0)
        if not (r.paid_total == paid == debit):
            yield Violation("withdrawal.payout_batches", f"付款文件{r.id}：记录已支付{format_yuan(r.paid_total)}，"
                            f"逐笔{format_yuan(paid)}，凭证201借方{format_yuan(debit)}", (f"payout_batch:{r.id}",))


@check("withdrawal.fraud_reversed", "认定骗提且已支付的提取都已冲回个人账户")
def fraud_reversed(conn: Connection):
    back = registry_queries.reversed_by_ref("withdrawal")
    q = (select(withdrawal.c.id, withdrawal.c.no, withdrawal.c.amount, back.c.amount.label("s"))
         .select_from(withdrawal.outerjoin(back, back.c.ref_id == withdrawal.c.id))
         .where(and_(withdrawal.c.status == Status.FRAUD.value, withdrawal.c.paid_on.is_not(None))))
    for r in conn.execute(q):
        if int(r.s or 0) != r.amount:
            yield Violation("withdrawal.fraud_reversed", f"提取{r.no}认定骗提，应冲回{format_yuan(r.amount)}，"
                            f"实际冲回{format_yuan(int(r.s or 0))}", (f"withdrawal:{r.id}",))
