"""Synthetic banks: each 专户's daily statement written from the books, with realistic noise, then imported,
matched, explained and closed day by day as the centre's finance officer would (the simulator and the demo).

For every day the bank shows each book line on the 专户's sub-account: a deposit under the receipt number the
list was confirmed with (matched by serial), anything else with its 业务流水号 in 备注, the vouchers of one batch
as one line. Planted noise, at most once per 专户 and period (drawn from the seed):

* ``fee``       a bank charge (手续费) the books do not have — 银行已付中心未付, explained by the rules;
* ``late``      a receipt credited a day late — 中心已收银行未收 for a day, then matched;
* ``returned``  a payout the bank made and returned the next day (冲正) — 银行已付中心未付 for a day, explained by
                finance, then paired by the reversal rule;
* ``wrong``     a receipt credited with a wrong amount (+0.10), reversed and credited right the next day — a suspect
                line explained by finance, then paired and matched.

The statement file goes through the one bank-file writer and reader (``anju.bank.files``) in the bank's layout.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, select

from anju.auth.actor import Actor
from anju.bank import files
from anju.bank import queries as bank_queries
from anju.bank.codes import FileKind
from anju.db import UnitOfWork
from anju.settle import ledgerside, recon
from anju.settle import statements as stmts
from anju.settle.codes import Side
from anju.settle.tables import bank_statement_line

FEE = 2_500  # 25.00, a bank charge


@dataclass(frozen=True)
class Planted:
    account: str
    kind: str  # fee / late / returned / wrong
    day: date
    serial: str
    amount: int


@dataclass
class SimBankResult:
    planted: list[Planted] = field(default_factory=list)
    days_closed: int = 0
    lines: int = 0
    unexpected: list[str] = field(default_factory=list)  # items nobody planted that needed a note (tests: none)


def ensure_accounts(engine: Engine, *, opened_on: date) -> None:
    """A 归集户 for each bank of the centre file that has none in the register (set-up of a synthetic centre)."""
    from anju.bank import service as bank_service
    from anju.ledger.chart import bank_subaccount

    with UnitOfWork(engine) as uow:
        for b in bank_queries.banks(uow.conn, active_only=True):
            if bank_queries.accounts(uow.conn, bank=b.code) or not b.account_no:
                continue
            bank_service.open_account(uow.conn, bank_code=b.code, purpose="collect", account_no=b.account_no,
                                      account_name="住房公积金归集户", ledger_code=bank_subaccount("101", b.code),
                                      opened_on=opened_on, at=datetime(opened_on.year, opened_on.month, opened_on.day),
                                      by="sim")
        uow.commit()


def _days(start: date, end: date):
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


def statement_days(engine: Engine, acc: ledgerside.Account, *, start: date, end: date, seed: int
                   ) -> tuple[dict[date, list[dict]], list[Planted]]:
    """The bank's lines of ``acc`` for each day of [start, end] (rows keyed by the statement layout's names, money
    in fen, without balances yet) and what was planted."""
    rng = random.Random(f"{seed}:{acc.code}:{start.isoformat()}")
    with engine.connect() as conn:
        lines = recon.book_rows(conn, acc, start=start, end=end)
    by_day: dict[date, list] = defaultdict(list)
    for r in lines:
        by_day[r.voucher_date].append(r)
    out: dict[date, list[dict]] = defaultdict(list)
    planted: list[Planted] = []
    counter = 0

    def serial(day: date) -> str:
        nonlocal counter
        counter += 1
        return f"{acc.bank_code}{day:%Y%m%d}{counter:06d}"

    def line(day: date, amount: int, *, serial_no: str, remark: str | None = None, summary: str | None = None,
             reversal: bool = False, counterparty: str | None = None) -> dict:
        return {"账号": acc.account_no, "银行主机流水号": serial_no, "金额": amount, "交易日期": day, "备注": remark,
                "摘要": summary, "冲正标识": "1" if reversal else None, "对手账号": counterparty}

    days = sorted(by_day)
    receipts = [r for d in days for r in by_day[d] if r.amount > 0 and d < end]
    payouts = [d for d in days if d < end]
    late = rng.choice(receipts) if receipts else None
    wrong = rng.choice([r for r in receipts if r is not late]) if len(receipts) > 1 else None
    returned_day = rng.choice(payouts) if payouts else None
    fee_day = rng.choice(days) if days else None
    for d in _days(start, end):
        batches: dict[str, list] = defaultdict(list)
        for r in by_day.get(d, []):
            batch = f"{r.ref_type}:{r.ref_id}" if r.ref_type and r.ref_id else None
            if batch and not r.receipt_no and r.reverses_id is None:
                batches[batch].append(r)
        done = set()
        for b, rs in batches.items():
            if len(rs) > 1 and sum(int(x.amount) for x in rs) != 0:
                out[d].append(line(d, sum(int(x.amount) for x in rs), serial_no=serial(d), remark=b, summary="批量"))
                done.update(x.id for x in rs)
        for r in by_day.get(d, []):
            if r.id in done:
                continue
            amount = int(r.amount)
            same_day = {x.voucher_id for x in by_day.get(d, [])}
            if (r.reverses_id is not None and r.reverses_id in same_day) or any(
                    x.reverses_id == r.voucher_id for x in by_day.get(d, [])):
                continue  # a voucher reversed the same day never reached the bank (the books pair them)
            sn = r.receipt_no or serial(d)
            if r is late:
                out[d + timedelta(days=1)].append(line(d + timedelta(days=1), amount, serial_no=sn, remark=r.idempotency_key,
                                                       summary="汇入"))
                planted.append(Planted(acc.code, "late", d, sn, amount))
            elif r is wrong:
                out[d].append(line(d, amount + 10, serial_no=sn, remark=r.idempotency_key, summary="汇入"))
                planted.append(Planted(acc.code, "wrong", d, sn, amount + 10))
                nxt = d + timedelta(days=1)
                out[nxt].append(line(nxt, -(amount + 10), serial_no=serial(nxt), remark=sn, summary="冲正", reversal=True))
                out[nxt].append(line(nxt, amount, serial_no=serial(nxt), remark=r.idempotency_key, summary="汇入（更正）"))
            else:
                out[d].append(line(d, amount, serial_no=sn, remark=r.idempotency_key,
                                   summary="汇入" if amount > 0 else "代付"))
        if d == returned_day:
            amount = -rng.randrange(50_000, 500_000)
            sn = serial(d)
            out[d].append(line(d, amount, serial_no=sn, remark=None, summary="代付", counterparty="6222000000000000"))
            nxt = d + timedelta(days=1)
            out[nxt].append(line(nxt, -amount, serial_no=serial(nxt), remark=sn, summary="代付退回", reversal=True))
            planted.append(Planted(acc.code, "returned", d, sn, amount))
        if d == fee_day:
            sn = serial(d)
            out[d].append(line(d, -FEE, serial_no=sn, summary="手续费"))
            planted.append(Planted(acc.code, "fee", d, sn, -FEE))
    return out, planted


NOTES = {"returned": "代付失败，银行次日退回（冲正）", "wrong": "银行入账金额与回单不符，已联系银行冲正更正"}


def run(engine: Engine, actor: Actor, *, start: date, end: date, seed: int = 1, close_through: date | None = None
        ) -> SimBankResult:
    """Write, import, match, explain and close every day of [start, end] for every 专户 (close up to
    ``close_through``, default ``end``)."""
    close_through = end if close_through is None else close_through
    result = SimBankResult()
    with engine.connect() as conn:
        accs = ledgerside.accounts(conn)
        layouts = {a.code: bank_queries.file_layout(conn, a.bank_code, FileKind.STATEMENT) for a in accs}
        opening = {a.code: ledgerside.book_balance(conn, a, start - timedelta(days=1)) for a in accs}
        for a in accs:  # a 专户 reconciled before keeps its bank balance
            last = recon.bank_balance(conn, a.code, start - timedelta(days=1))
            if last is not None:
                opening[a.code] = last
    plans = {}
    with UnitOfWork(engine) as uow:
        for a in accs:
            stmts.start_reconciliation(uow, actor, account_code=a.code, start=start)
        uow.commit()
    for a in accs:
        days, planted = statement_days(engine, a, start=start, end=end, seed=seed)
        plans[a.code] = days
        result.planted += planted
    balance = dict(opening)
    for d in _days(start, end):
        for a in accs:
            rows = plans[a.code].get(d, [])
            if not rows:
                continue
            for i, r in enumerate(rows, start=1):
                balance[a.code] += r["金额"]
                r["余额"] = balance[a.code]
                r["序号"] = str(i)
            data = files.write(rows, layouts[a.code])
            name = f"{a.code}_{d:%Y%m%d}.{layouts[a.code].format}"
            with UnitOfWork(engine) as uow:
                read = stmts.read_file(uow.conn, a.code, data, filename=name)
                stmts.import_statement(uow, actor, account_code=a.code, day=d, rows=read, file_name=name, content=data)
                uow.commit()
            result.lines += len(rows)
        recon.run_match(engine, actor, on=d)
        _explain(engine, actor, [p for p in result.planted if p.day == d])
        result.unexpected += _explain_rest(engine, actor, accs, d)
        if d <= close_through:
            with UnitOfWork(engine) as uow:
                result.days_closed += len(recon.close_day(uow, actor, on=d))
                uow.commit()
    return result


def _explain(engine: Engine, actor: Actor, planted: list[Planted]) -> None:
    """Finance explains the day's planted lines the rules cannot explain."""
    s = bank_statement_line.c
    with UnitOfWork(engine) as uow:
        for p in planted:
            if p.kind not in NOTES:
                continue
            lid = uow.conn.execute(select(s.id).where(s.account_code == p.account, s.serial == p.serial,
                                                      s.txn_date == p.day)).scalar_one()
            recon.note_item(uow, actor, account_code=p.account, side=Side.BANK, ref_id=lid, note=NOTES[p.kind])
        uow.commit()


def _explain_rest(engine: Engine, actor: Actor, accs, d: date) -> list[str]:
    """Whatever else still needs a note gets “待核实” (so a demo always closes), and is reported."""
    out = []
    with UnitOfWork(engine) as uow:
        for a in accs:
            for i in recon.reconcile(uow.conn, a.code, d).table.unexplained:
                recon.note_item(uow, actor, account_code=a.code, side=i.side, ref_id=i.ref, note="待核实")
                out.append(f"{a.code} {i.side.value}:{i.ref} {i.day} {i.amount}")
        uow.commit()
    return out
