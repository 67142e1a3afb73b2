"""Bank fees (手续费, issue 19 item 5): accrued monthly from the agreements' fee rules (``anju.bank`` rows) on bases
taken from the books, posted to 业务支出 (Dr 41102 / 41103 / 41104, Cr 219 其他应付款), paid to the bank the next
month (Dr 219 / Cr the bank's 101xx), with a monthly statement per bank that the bank's own figure is checked
against.

Bases (per bank, the month's vouchers that move the bank's 101xx, ``ledger.queries.bank_counterpart``):
loan interest recovered = Σ Cr 40103 with Dr 101xx; 归集额 = Σ Cr 201 with Dr 101xx (笔数: those lines);
提取 = Dr 201 with Cr 101xx (笔数: those lines); 专户 = the bank's 专户 open at the month's end.
The factor is the score band of the bank's latest final assessment (``bank_assessment``) before the month's year
ends, 1 without one.

The month's accrual is one job (job lock ``settle.fees:YYYYMM``); each (month, bank, fee type) is claimed by its
unique row and its voucher's idempotency key, so a second run accrues nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, Engine, insert, select, update

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.bank import queries as bank_queries
from anju.bank.codes import AccountPurpose, FeeBase, FeeType
from anju.bank.labels import label as bank_label
from anju.core.dates import add_months, first_day, format_month, last_day
from anju.core.errors import Conflict, NotFound
from anju.core.money import format_yuan
from anju.db.joblock import job_lock
from anju.db.locks import for_update
from anju.db.uow import UnitOfWork
from anju.ledger import queries as ledger_queries
from anju.ledger import service as ledger
from anju.ledger.chart import bank_subaccount
from anju.ledger.rules import Line, Posting
from anju.settle.bank_tables import bank_assessment, bank_fee
from anju.settle.codes import AssessStatus, FeeStatus
from anju.settle.errors import SettleError
from anju.settle.fees_calc import EXPENSE_ACCOUNT, PAYABLE_ACCOUNT, fee
from anju.settle.permissions import PB

# fee type → (the counterpart account, the side of the bank's 101xx) for the amount and count bases
_COUNTERPART = {FeeType.LOAN: ("40103", "debit"), FeeType.COLLECT: ("201", "debit"), FeeType.PAYOUT: ("201", "credit")}


def latest_score(conn: Connection, bank_code: str, *, before_year: int) -> Decimal | None:
    """The score of the bank's latest final assessment of a year before ``before_year`` (what drives the fee)."""
    a = bank_assessment.c
    text = conn.execute(select(a.score).where(a.bank_code == bank_code, a.status == AssessStatus.FINAL,
                                              a.year < before_year).order_by(a.year.desc()).limit(1)).scalar()
    return Decimal(text) if text else None


def bases(conn: Connection, month: int) -> dict[tuple[str, str, str], int]:
    """(bank, fee type, base) → the month's base (fen or count), from the books and the 专户 register."""
    start, end = first_day(month), last_day(month)
    nxt = first_day(add_months(month, 1))
    out: dict[tuple[str, str, str], int] = {}
    for fee_type, (code, side) in _COUNTERPART.items():
        for bank, (amount, count) in ledger_queries.bank_counterpart(conn, code, start=start, end=nxt,
                                                                     bank_side=side).items():
            out[(bank, fee_type, FeeBase.INTEREST if fee_type == FeeType.LOAN else FeeBase.AMOUNT)] = amount
            if fee_type != FeeType.LOAN:
                out[(bank, fee_type, FeeBase.COUNT)] = count
    for acc in bank_queries.accounts(conn, active_on=end):
        key = (acc.bank_code, FeeType.ACCOUNT, FeeBase.ACCOUNT_YEAR)
        out[key] = out.get(key, 0) + 1
    return out


@dataclass(frozen=True)
class Accrued:
    month: int
    rows: int
    total: int


def accrue_month(engine: Engine, actor: Actor, *, month: int, as_of: date) -> Accrued:
    """Accrue every bank's fees of ``month`` (one job; a re-run accrues what is still missing, nothing twice)."""
    require(actor, PB.FEE_RUN)
    with job_lock(engine, f"settle.fees:{month}", label=f"{format_month(month)}银行手续费计提作业"), \
            UnitOfWork(engine) as uow:
        out = accrue(uow, actor, month=month, as_of=as_of)
        uow.commit()
    return out


def accrue(uow: UnitOfWork, actor: Actor, *, month: int, as_of: date) -> Accrued:
    require(actor, PB.FEE_RUN)
    conn = uow.conn
    end = last_day(month)
    base_of = bases(conn, month)
    done = {(r.bank_code, r.fee_type) for r in conn.execute(
        select(bank_fee.c.bank_code, bank_fee.c.fee_type).where(bank_fee.c.month == month))}
    made, total = 0, 0
    for rule in bank_queries.fee_rules(conn, on=end):
        if (rule.bank_code, rule.fee_type) in done:
            continue
        base_amount = base_of.get((rule.bank_code, rule.fee_type, rule.base), 0)
        score = latest_score(conn, rule.bank_code, before_year=month // 100)
        f = fee(rule.base, base_amount, rate=rule.rate, unit_fee=rule.unit_fee, factor=rule.factor(score))
        if f.amount <= 0:
            continue
        fee_label = bank_label("bank_fee_type", rule.fee_type)
        posted = ledger.post(uow, actor, Posting(
            key=f"settle:fee:{month}:{rule.bank_code}:{rule.fee_type}", voucher_date=end, kind="settle.fee",
            summary=f"计提{format_month(month)}{bank_queries.bank_short_name(conn, rule.bank_code)}{fee_label}",
            ref_type="bank_fee", ref_id=f"{month}:{rule.bank_code}:{rule.fee_type}",
            lines=[Line.dr(EXPENSE_ACCOUNT[FeeType(rule.fee_type)], f.amount, summary=fee_label),
                   Line.cr(PAYABLE_ACCOUNT, f.amount, summary=f"应付{fee_label}")]), check_permission=False)
        if not posted.created:
            raise Conflict(SettleError.FEE_MONTH_DONE, month=format_month(month), bank=rule.bank_code, fee=fee_label,
                           voucher=posted.id)
        conn.execute(insert(bank_fee).values(
            month=month, bank_code=rule.bank_code, fee_type=rule.fee_type, rule_id=rule.id, base=rule.base,
            base_amount=base_amount, rate=rule.rate, unit_fee=rule.unit_fee,
            score=None if score is None else str(score), factor=f.factor, gross=f.gross, amount=f.amount,
            voucher_id=posted.id, status=FeeStatus.ACCRUED, created_at=uow.now(), created_by=actor.username))
        done.add((rule.bank_code, rule.fee_type))
        made += 1
        total += f.amount
    if made:
        audit.record(uow, actor, action="settle.fee.accrue", entity_type="bank_fee", entity_id=str(month),
                     after={"month": month, "rows": made, "total": total})
    return Accrued(month, made, total)


def pay(uow: UnitOfWork, actor: Actor, *, month: int, bank_code: str, paid_on: date) -> int:
    """Pay a bank its accrued fees of ``month`` (one voucher Dr 219 / Cr the bank's 归集户 or 结算户 sub-account);
    returns the amount paid."""
    require(actor, PB.FEE_RUN)
    conn = uow.conn
    rows = conn.execute(for_update(conn, select(bank_fee).where(bank_fee.c.month == month,
                                                                 bank_fee.c.bank_code == bank_code))).all()
    due = [r for r in rows if r.status == FeeStatus.ACCRUED]
    if not due:
        if rows:
            raise Conflict(SettleError.FEE_PAID, month=format_month(month), bank=bank_code, fee="手续费",
                           paid_on=rows[0].paid_on)
        raise NotFound(SettleError.FEE_NOT_ACCRUED, month=format_month(month), bank=bank_code)
    accounts = [a for p in (AccountPurpose.SETTLE, AccountPurpose.COLLECT)
                for a in bank_queries.accounts(conn, bank=bank_code, purpose=p, active_on=paid_on)
                if a.ledger_code.startswith("101")]
    source = accounts[0].ledger_code if accounts else bank_subaccount("101", bank_code)
    total = sum(r.amount for r in due)
    posted = ledger.post(uow, actor, Posting(
        key=f"settle:feepay:{month}:{bank_code}", voucher_date=paid_on, kind="settle.fee_pay",
        summary=f"支付{format_month(month)}{bank_queries.bank_short_name(conn, bank_code)}手续费",
        ref_type="bank_fee", ref_id=f"{month}:{bank_code}",
        lines=[Line.dr(PAYABLE_ACCOUNT, total, summary="支付应付手续费"),
               Line.cr(source, total, summary="支付受托银行手续费")]), check_permission=False)
    if not posted.created:
        raise Conflict(SettleError.FEE_PAID, month=format_month(month), bank=bank_code, fee="手续费", paid_on=paid_on)
    n = conn.execute(update(bank_fee).where(bank_fee.c.id.in_([r.id for r in due]),
                                            bank_fee.c.status == FeeStatus.ACCRUED)
                     .values(status=FeeStatus.PAID, paid_on=paid_on, pay_voucher_id=posted.id)).rowcount
    if n != len(due):
        raise Conflict(SettleError.FEE_PAID, month=format_month(month), bank=bank_code, fee="手续费", paid_on=paid_on)
    audit.record(uow, actor, action="settle.fee.pay", entity_type="bank_fee", entity_id=f"{month}:{bank_code}",
                 after={"amount": total, "voucher": posted.id, "account": source})
    return total


def enter_bank_figure(uow: UnitOfWork, actor: Actor, *, month: int, bank_code: str, fee_type: str,
                      amount: int) -> int:
    """Record the bank's own figure for a month's fee; returns the difference (bank − centre)."""
    require(actor, PB.FEE_RUN)
    conn = uow.conn
    row = conn.execute(for_update(conn, select(bank_fee).where(
        bank_fee.c.month == month, bank_fee.c.bank_code == bank_code, bank_fee.c.fee_type == fee_type))).first()
    if row is None:
        raise NotFound(SettleError.FEE_NOT_ACCRUED, month=format_month(month), bank=bank_code)
    conn.execute(update(bank_fee).where(bank_fee.c.id == row.id).values(bank_figure=amount))
    audit.record(uow, actor, action="settle.fee.bank_figure", entity_type="bank_fee", entity_id=str(row.id),
                 before={"bank_figure": row.bank_figure}, after={"bank_figure": amount})
    return amount - row.amount


HEADERS = ("受托银行", "手续费类型", "计费基数", "基数", "费率/单价", "考核得分", "考核系数", "计费金额", "计提金额",
           "银行金额", "差额", "状态")


def statement(conn: Connection, *, month: int, bank_code: str | None = None) -> list[dict]:
    """The month's fee statement (per bank and fee type), with the bank's own figure and the difference."""
    q = select(bank_fee).where(bank_fee.c.month == month).order_by(bank_fee.c.bank_code, bank_fee.c.fee_type)
    if bank_code:
        q = q.where(bank_fee.c.bank_code == bank_code)
    names = bank_queries.short_names(conn)
    out = []
    for r in conn.execute(q):
        money_base = r.base in (FeeBase.INTEREST, FeeBase.AMOUNT)
        rate = (f"{(r.rate * 100).normalize():f}%" if r.rate is not None
                else f"{format_yuan(r.unit_fee)}元" + ("/笔" if r.base == FeeBase.COUNT else "/户年"))
        out.append({
            "bank_code": r.bank_code, "受托银行": names.get(r.bank_code, r.bank_code),
            "fee_type": r.fee_type, "手续费类型": bank_label("bank_fee_type", r.fee_type),
            "计费基数": bank_label("bank_fee_base", r.base),
            "基数": format_yuan(r.base_amount) if money_base else str(r.base_amount), "费率/单价": rate,
            "考核得分": r.score or "", "考核系数": f"{r.factor.normalize():f}", "计费金额": format_yuan(r.gross),
            "计提金额": format_yuan(r.amount), "amount": r.amount,
            "银行金额": "" if r.bank_figure is None else format_yuan(r.bank_figure),
            "差额": "" if r.bank_figure is None else format_yuan(r.bank_figure - r.amount),
            "状态": FeeStatus(r.status).label, "status": r.status, "voucher_id": r.voucher_id})
    return out


def statement_xlsx(conn: Connection, *, month: int, bank_code: str | None = None) -> bytes:
    from anju.core.sheets import write_table

    rows = statement(conn, month=month, bank_code=bank_code)
    total = sum(r["amount"] for r in rows)
    notes = [f"{format_month(month)}受托银行手续费结算单", f"合计计提：{format_yuan(total)}元",
             "计提：借 业务支出（41102/41103/41104），贷 其他应付款（219）；支付：借 219，贷 银行存款（101xx）。",
             "“银行金额”为受托银行提供的同期手续费金额，“差额”=银行金额−计提金额。"]
    return write_table(HEADERS, [[r[h] for h in HEADERS] for r in rows], sheet="手续费结算单", notes=notes)

