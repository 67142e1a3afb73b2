"""The monthly repayment run (月度扣款): for one month, every instalment due and every arrear is collected —
first from the borrower's fund account where a monthly-offset agreement exists (the withdrawal area's
``offset_instalment``), the rest by a deduction file per entrusted bank. The bank's result file is taken whole
or not at all; posting then makes one voucher per bank (Dr 101xx / Cr 121, 122, 40103) and a loan row per loan.
Closing the run marks what is still unpaid overdue.

Phases, each idempotent and resumable (the run is restarted by running the same command again):

1. ``create_run``: January repricing, overdue marking to the run day, monthly offsets, deduction lines
   (one INSERT … SELECT per bank).
2. ``load_result``: the bank's answers stored on the lines (status ``loaded``); nothing posted.
3. ``post_batch``: *allocate* — lines needing the full rules (partial payments, arrears) are applied one by one
   and the batch voucher is posted for the whole file, in one transaction; *apply* — the plain lines (the
   instalment paid in full, no arrears) are applied set-based in chunks, ``applied`` being the checkpoint;
   *finish*. While *apply* runs, the applied-but-not-yet-detailed principal is declared to ``anju verify``.
4. ``close_run``: overdue marking for the month, risk classes; the run is closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import (
    Connection,
    Engine,
    String,
    and_,
    case,
    cast,
    func,
    insert,
    literal,
    select,
    update,
)

from anju.auth import audit
from anju.auth.actor import Actor, Channel, Role, require
from anju.bank import queries as bank_queries
from anju.bank.codes import FileKind
from anju.core import faults
from anju.core.canon import sha256_hex
from anju.core.clock import utcnow
from anju.core.dates import first_day, last_day
from anju.core.errors import AnjuError, Conflict, ErrorCode, NotFound, Problem, ValidationFailed
from anju.core.money import format_yuan
from anju.core.sheets import SheetRows, UploadLimits, cap_problems
from anju.db.engine import analyze
from anju.db.joblock import job_lock
from anju.db.locks import for_update, insert_on_conflict
from anju.db.uow import UnitOfWork
from anju.ledger import service as ledger
from anju.ledger import subledgers
from anju.ledger.chart import bank_subaccount
from anju.ledger.rules import Line, Posting
from anju.loan import bankfile, rules, service
from anju.loan.accounts import SUBLEDGER
from anju.loan.codes import InstalmentStatus, LoanStatus, TxnType
from anju.loan.errors import LoanError
from anju.loan.permissions import P
from anju.loan.tables import loan, loan_deduction, loan_instalment, loan_run, loan_run_bank, loan_txn
from anju.policy.store import load_store, policy_at
from anju.registry import queries as registry

L, I, D, B = loan.c, loan_instalment.c, loan_deduction.c, loan_run_bank.c  # noqa: E741
OPEN = (LoanStatus.NORMAL.value, LoanStatus.OVERDUE.value)


def _month_label(month: int) -> str:
    return f"{month // 100}年{month % 100:02d}月"


def month_span(month: int) -> tuple[date, date]:
    return first_day(month), last_day(month)


def parse_month(text: str) -> int:
    """``2026-03`` or ``202603`` → 202603."""
    digits = text.replace("-", "").strip()
    if len(digits) != 6 or not digits.isdigit() or not 1 <= int(digits[4:]) <= 12:
        raise ValidationFailed([Problem.of(LoanError.RUN_MONTH_FORMAT, field="month", text=text)])
    return int(digits)


@dataclass(frozen=True)
class RunSummary:
    id: int
    month: int
    status: str
    count: int
    total: int
    offset_count: int
    offset_total: int
    banks: tuple


def _run(conn: Connection, month: int, *, lock: bool = False):
    stmt = select(loan_run).where(loan_run.c.month == month)
    return conn.execute(for_update(conn, stmt) if lock else stmt).first()


def lock_run(conn: Connection, month: int):
    """The month's repayment run row, locked until the transaction ends (the run's one lock)."""
    return _run(conn, month, lock=True)


def summary(conn: Connection, month: int) -> RunSummary | None:
    run = _run(conn, month)
    if run is None:
        return None
    bank_names = bank_queries.bank_names()
    rows = conn.execute(select(loan_run_bank, bank_names.c.short_name)
                        .join(bank_names, bank_names.c.code == B.bank_code)
                        .where(B.run_id == run.id).order_by(B.bank_code)).all()
    return RunSummary(run.id, run.month, run.status, run.count, run.total, run.offset_count, run.offset_total,
                      tuple(rows))


# ----------------------------------------------------------------------------------------- 1. create


class _Policies:
    """The policy in force per day, read once for a batch."""

    def __init__(self, conn: Connection) -> None:
        self.store = load_store(conn)
        self.cache: dict = {}

    def at(self, day: date):
        if day not in self.cache:
            self.cache[day] = self.store.at(day)
        return self.cache[day]



def _offsets(uow: UnitOfWork, actor: Actor, start: date, end: date) -> dict[int, int]:
    """按月对冲 for loans with an agreement and something due this month: {loan id: amount taken}."""
    from anju.withdrawal import queries as withdrawals
    from anju.withdrawal import service as withdrawal

    conn = uow.conn
    due = (select(I.loan_id, func.min(I.due_date).label("due")).where(I.due_date >= start, I.due_date <= end,
                                                                       I.status == InstalmentStatus.DUE.value)
           .group_by(I.loan_id).subquery())
    agreed = withdrawals.offset_agreements()
    agreements = conn.execute(
        select(agreed.c.id, L.loan_no, due.c.due).select_from(
            agreed.join(loan, L.contract_no == agreed.c.loan_ref).join(due, due.c.loan_id == L.id))
        .where(L.status.in_(OPEN)).order_by(L.id)).all()
    # the run acts as a batch job for the withdrawal area (its 按月对冲 permission), under the operator's name
    batch = Actor(actor.username, frozenset({Role.SYSTEM}), Channel.BATCH)
    taken = {}
    for a in agreements:
        row = service.get(conn, a.loan_no)
        owed = service.state(conn, row, a.due).owed.total
        if owed <= 0:
            continue
        amount = withdrawal.offset_instalment(uow, batch, agreement_id=a.id, amount=owed, day=a.due)
        if amount:
            taken[row.id] = taken.get(row.id, 0) + amount
    return taken


def create_run(uow: UnitOfWork, actor: Actor, *, month: int, as_of: date) -> RunSummary:
    """月度扣款 for ``month``: reprice on January 1, mark arrears overdue to ``as_of``, take monthly offsets,
    then one deduction file per entrusted bank for everything still due in the month. Runs once a month; a
    second call returns the run made."""
    require(actor, P.RUN)
    conn = uow.conn
    existing = summary(conn, month)
    if existing is not None:
        return existing
    start, end = month_span(month)
    if as_of > end:
        raise AnjuError(LoanError.RUN_MONTH_PAST, year=month // 100, month=month % 100)
    # claim the month first: a concurrent creator's insert waits for this transaction, then inserts nothing
    run_id = conn.execute(insert_on_conflict(conn, loan_run).values(
        month=month, status="created", count=0, total=0, offset_count=0, offset_total=0, overdue_marked=0,
        created_by=actor.username, created_at=uow.now()).on_conflict_do_nothing().returning(loan_run.c.id)).scalar()
    if run_id is None:
        return summary(conn, month)
    if month % 100 == 1:
        service.reprice(uow, actor, on=start, check_permission=False)
    service.mark_overdue(uow, actor, as_of=as_of, check_permission=False)
    offsets = _offsets(uow, actor, start, end)
    conn.execute(update(loan_run).where(loan_run.c.id == run_id).values(offset_count=len(offsets),
                                                                      offset_total=sum(offsets.values())))
    banks = conn.execute(select(L.bank_code).where(L.status.in_(OPEN)).distinct().order_by(L.bank_code)).scalars()
    for bank in list(banks):
        _bank_lines(uow, run_id, bank, month, start, end, offsets)
    analyze(conn, "loan_deduction")  # fresh statistics for the posting's joins
    count, total = conn.execute(select(func.count(), func.coalesce(func.sum(D.amount), 0)).select_from(
        loan_deduction.join(loan_run_bank, B.id == D.batch_id)).where(B.run_id == run_id)).one()
    conn.execute(update(loan_run).where(loan_run.c.id == run_id).values(count=count, total=int(total)))
    audit.record(uow, actor, action="loan.run.create", entity_type="loan_run", entity_id=month,
                 after={"count": count, "total": int(total), "offsets": len(offsets)})
    return summary(conn, month)


def _bank_lines(uow: UnitOfWork, run_id: int, bank: str, month: int, start: date, end: date,
                offsets: dict[int, int]) -> None:
    conn = uow.conn
    batch_id = conn.execute(insert(loan_run_bank).values(
        run_id=run_id, bank_code=bank, status="sent", count=0, total=0, paid_count=0, paid_total=0)
        .returning(B.id)).scalar_one()
    busy = service.busy_loans()
    amount = (I.principal - I.paid_principal + I.interest - I.paid_interest + L.overdue_principal
              + L.overdue_interest + L.penalty)
    line_no = func.row_number().over(order_by=L.id)
    prefix = f"{bank}{month:06d}"
    number = literal(prefix) + func.substr(cast(10_000_000 + line_no, String), 2)
    due = (select(L.id.label("loan_id"), I.id.label("iid"), I.period, I.due_date, amount.label("amount"),
                  line_no.label("line_no"), number.label("no"))
           .select_from(loan_instalment.join(loan, L.id == I.loan_id))
           .where(L.bank_code == bank, L.status.in_(OPEN), I.status == InstalmentStatus.DUE.value,
                  I.due_date >= start, I.due_date <= end, amount > 0, L.id.not_in(busy)).subquery())
    conn.execute(insert(loan_deduction).from_select(
        ["batch_id", "loan_id", "instalment_id", "period", "due_date", "amount", "line_no", "deduction_no",
         "offset_amount", "status", "paid", "applied"],
        select(literal(batch_id), due.c.loan_id, due.c.iid, due.c.period, due.c.due_date, due.c.amount,
               due.c.line_no, due.c.no, literal(0), literal("sent"), literal(0), literal(False))))
    # loans with arrears and nothing falling due this month (matured, or already paid ahead)
    last = conn.execute(select(func.coalesce(func.max(D.line_no), 0)).where(D.batch_id == batch_id)).scalar_one()
    lonely = conn.execute(select(L.id).where(
        L.bank_code == bank, L.status == LoanStatus.OVERDUE.value, L.id.not_in(busy),
        L.id.not_in(select(D.loan_id).where(D.batch_id == batch_id)))).scalars().all()
    for n, lid in enumerate(lonely, start=last + 1):
        conn.execute(insert(loan_deduction).values(
            batch_id=batch_id, loan_id=lid, instalment_id=None, period=None, due_date=end, amount=0, line_no=n,
            deduction_no=bankfile.deduction_no(bank, month, n), offset_amount=0, status="sent", paid=0,
            applied=False))
    # arrears: penalty to the line's due date, on top of what is stored
    arrears = conn.execute(select(D.id, D.due_date, D.instalment_id, L.loan_no).join(loan, L.id == D.loan_id)
                           .where(D.batch_id == batch_id, L.status == LoanStatus.OVERDUE.value)).all()
    policies = _Policies(conn)
    for a in arrears:
        row = service.get(conn, a.loan_no)
        owed = service.state(conn, row, a.due_date, policies.at(a.due_date)).owed
        conn.execute(update(loan_deduction).where(D.id == a.id).values(amount=owed.total))
    conn.execute(update(loan_deduction).where(D.batch_id == batch_id, D.amount <= 0)
                 .values(status="nothing", applied=True))
    for lid, taken in offsets.items():
        conn.execute(update(loan_deduction).where(D.batch_id == batch_id, D.loan_id == lid)
                     .values(offset_amount=taken))
    count, total = conn.execute(select(func.count(), func.coalesce(func.sum(D.amount), 0))
                                .where(D.batch_id == batch_id, D.status == "sent")).one()
    conn.execute(update(loan_run_bank).where(B.id == batch_id).values(count=count, total=int(total)))


# ----------------------------------------------------------------------------------------- files


def _batch(conn: Connection, batch_id: int, *, lock: bool = False):
    stmt = select(loan_run_bank, loan_run.c.month).join(loan_run, loan_run.c.id == B.run_id).where(B.id == batch_id)
    b = conn.execute(for_update(conn, stmt, of=loan_run_bank) if lock else stmt).first()
    if b is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="扣款批次", key=batch_id)
    return b


def lock_batch(conn: Connection, batch_id: int):
    """One bank's batch of a run (with the run's month), its row locked until the transaction ends."""
    return _batch(conn, batch_id, lock=True)


def batch_for(conn: Connection, month: int, bank: str) -> int:
    bid = conn.execute(select(B.id).join(loan_run, loan_run.c.id == B.run_id)
                       .where(loan_run.c.month == month, B.bank_code == bank)).scalar()
    if bid is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="扣款批次", key=f"{month}/{bank}")
    return bid


def instruction_rows(conn: Connection, batch_id: int) -> list[bankfile.Row]:
    people = registry.people()
    rows = conn.execute(select(D.line_no, D.deduction_no, L.loan_no, L.contract_no, people.c.name,
                               people.c.id_number, D.due_date, D.period, D.amount)
                        .join(loan, L.id == D.loan_id).join(people, people.c.id == L.borrower_person_id)
                        .where(D.batch_id == batch_id, D.status != "nothing").order_by(D.line_no)).all()
    return [bankfile.Row(*r) for r in rows]


def instruction_file(conn: Connection, actor: Actor, *, batch_id: int, fmt: str = "csv") -> tuple[str, bytes, str]:
    """(file name, bytes, media type) of a bank's deduction file."""
    require(actor, P.RUN)
    b = _batch(conn, batch_id)
    rows = instruction_rows(conn, batch_id)
    layout = bank_queries.file_layout(conn, b.bank_code, FileKind.DEDUCTION)
    if fmt == "xlsx":
        from anju.policy.service import centre_name

        bank = bank_queries.bank_full_name(conn, b.bank_code)
        data = bankfile.instruction_xlsx(rows, bank_name=bank, month=b.month, centre=centre_name(conn) or "",
                                         layout=layout)
        return (bankfile.file_name(b.bank_code, b.month, "xlsx"), data,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if fmt != "csv":
        raise ValidationFailed([Problem.of(LoanError.FILE_FORMAT_UNKNOWN, field="fmt", fmt=fmt)])
    return (bankfile.file_name(b.bank_code, b.month, "csv"), bankfile.instruction_csv(rows, layout),
            replace(layout, format="csv").media_type)


# ----------------------------------------------------------------------------------------- 2. results


@dataclass(frozen=True)
class Loaded:
    batch_id: int
    paid: int
    partial: int
    failed: int
    paid_total: int


def load_result(uow: UnitOfWork, actor: Actor, *, batch_id: int, data: bytes, filename: str,
                as_of: date, table: SheetRows | None = None) -> Loaded:
    """银行回盘: every line answered once (成功 / 部分成功 / 失败), or nothing is taken and every problem is listed.

    ``table`` is the file already read by :func:`bankfile.read_result` (the web reads it before the transaction)."""
    require(actor, P.RUN)
    conn = uow.conn
    limits = UploadLimits.from_policy(policy_at(conn, as_of))
    b = lock_batch(conn, batch_id)
    if table is None:
        table = bankfile.read_result(data, filename, limits=limits,
                                     layout=bank_queries.file_layout(conn, b.bank_code, FileKind.DEDUCTION_RESULT))
    if b.status != "sent":
        raise Conflict(LoanError.RESULT_ALREADY_LOADED, batch_id=batch_id, loaded_at=b.loaded_at)
    expected = dict(conn.execute(select(D.deduction_no, D.amount).where(D.batch_id == batch_id,
                                                                          D.status == "sent")).all())
    results, problems = bankfile.parse_result(table, expected=expected)
    if problems:
        raise ValidationFailed(cap_problems(problems, limits.max_problems),
                               summary=f"银行扣款结果文件有{len(problems)}处错误，未作处理")
    _store_results(conn, results)
    paid_total = sum(r.paid for r in results)
    counts = {s: sum(1 for r in results if r.status == s) for s in ("paid", "partial", "failed")}
    taken = conn.execute(update(loan_run_bank).where(B.id == batch_id, B.status == "sent").values(
        status="loaded", result_day=as_of, result_hash=sha256_hex(filename, data.hex()), loaded_by=actor.username,
        loaded_at=uow.now(), paid_count=counts["paid"] + counts["partial"], paid_total=paid_total)).rowcount
    if taken != 1:
        raise Conflict(LoanError.RESULT_LOADED_ELSEWHERE, batch_id=batch_id)
    audit.record(uow, actor, action="loan.run.result", entity_type="loan_run_bank", entity_id=batch_id,
                 after={**counts, "paid_total": paid_total, "file": filename})
    return Loaded(batch_id, counts["paid"], counts["partial"], counts["failed"], paid_total)


def _store_results(conn: Connection, results: list[bankfile.Result]) -> None:
    """The answers onto the lines: one prepared UPDATE by 扣款流水号 (unique index), executed for every answer.
    (An UPDATE … FROM (VALUES …) in batches was measured slower on PostgreSQL: each batch scanned the lines.)"""
    conn.execute(update(loan_deduction).where(D.deduction_no == service._bind("no")).values(
        status=service._bind("st"), paid=service._bind("paid"), bank_ref=service._bind("ref"),
        fail_reason=service._bind("why")),
        [{"no": r.deduction_no, "st": r.status, "paid": r.paid, "ref": r.bank_ref[:60] or None,
          "why": r.reason[:200] or None} for r in results])


# ----------------------------------------------------------------------------------------- 3. posting


def _plain():
    """Lines applied set-based: the loan has no arrears and the bank paid (all or part of) this month's
    instalment and nothing more; the money pays the instalment's interest first, then its principal."""
    return and_(D.status.in_(("paid", "partial")), D.instalment_id.is_not(None), D.applied == False,  # noqa: E712
                L.overdue_principal == 0, L.overdue_interest == 0, L.penalty == 0,
                D.paid <= I.principal - I.paid_principal + I.interest - I.paid_interest)


def _interest_part():
    """Of a plain line's money, the part that pays interest (the rest pays principal)."""
    owed = I.interest - I.paid_interest
    return case((D.paid < owed, D.paid), else_=owed)


_WITH_PLAN = loan_deduction.join(loan, L.id == D.loan_id).join(loan_instalment, I.id == D.instalment_id)


def _allocate(uow: UnitOfWork, actor: Actor, b) -> int | None:
    """Post the batch voucher; lines needing the full rules are applied now, in the same transaction."""
    conn = uow.conn
    pi = _interest_part()
    plain_p, plain_i = conn.execute(
        select(func.coalesce(func.sum(D.paid - pi), 0), func.coalesce(func.sum(pi), 0))
        .select_from(_WITH_PLAN).where(D.batch_id == b.id, _plain())).one()
    plain_ids = select(D.id).select_from(_WITH_PLAN).where(D.batch_id == b.id, _plain())
    others = conn.execute(select(D.id, D.paid, D.due_date, L.loan_no).join(loan, L.id == D.loan_id).where(
        D.batch_id == b.id, D.applied == False, D.paid > 0, D.id.not_in(plain_ids))  # noqa: E712
        .order_by(D.id)).all()
    work = []
    total = rules.Split(principal=int(plain_p), interest=int(plain_i))
    policies = _Policies(conn)
    for o in others:
        row = service.get(conn, o.loan_no, lock=True)
        s = service.state(conn, row, o.due_date, policies.at(o.due_date))
        split = rules.split(o.paid, s.owed, rules.parse_order(s.policy["loan.repayment_order"]))
        if split.rest:
            raise AnjuError(LoanError.DEDUCTION_ABOVE_DUE, deduction=o.id, loan_no=o.loan_no)
        work.append((o, s, split))
        total = rules.Split(total.penalty + split.penalty, total.overdue_interest + split.overdue_interest,
                            total.overdue_principal + split.overdue_principal, total.interest + split.interest,
                            total.principal + split.principal)
    voucher_id = None
    paid_total = conn.execute(select(func.coalesce(func.sum(D.paid), 0)).where(D.batch_id == b.id)).scalar_one()
    if int(paid_total) != total.applied:
        raise AnjuError(LoanError.BATCH_TOTAL_MISMATCH, batch_id=b.id, paid_total=format_yuan(int(paid_total)),
                        applied=format_yuan(total.applied))
    if total.applied:
        ref = f"loan_run_bank:{b.id}"
        lines = [Line.dr(bank_subaccount("101", b.bank_code), total.applied, summary="受托银行扣收贷款本息")]
        if total.principal:
            lines.append(Line.cr("121", total.principal, summary="收回贷款本金", subledger=SUBLEDGER, subledger_ref=ref))
        if total.overdue_principal:
            lines.append(Line.cr("122", total.overdue_principal, summary="收回逾期贷款本金", subledger=SUBLEDGER,
                                 subledger_ref=ref))
        if total.income:
            lines.append(Line.cr("40103", total.income, summary="收取贷款利息及罚息"))
        posted = ledger.post(uow, actor, Posting(
            key=f"loan:run:{b.month}:{b.bank_code}", voucher_date=b.result_day, kind="loan.run",
            summary=f"{b.month // 100}年{b.month % 100}月贷款扣款 {bankfile.file_name(b.bank_code, b.month, 'csv')}",
            ref_type="loan_run_bank", ref_id=str(b.id), lines=lines), check_permission=False)
        if not posted.created:  # the batch's voucher exists already: its lines were applied with it
            raise Conflict(LoanError.BATCH_POSTED_ELSEWHERE, batch_id=b.id)
        voucher_id = posted.id
    for o, s, split in work:
        service.write_payment(uow, s, split, txn_type=service.payment_type(split), voucher_id=voucher_id,
                              source="bank", ref_type="loan_deduction", ref_id=str(o.id), note="委托扣款")
        conn.execute(update(loan_deduction).where(D.id == o.id).values(applied=True))
    conn.execute(update(loan_deduction).where(D.batch_id == b.id, D.paid == 0).values(applied=True))
    moved = conn.execute(update(loan_run_bank).where(B.id == b.id, B.status == "loaded")
                         .values(status="posting", voucher_id=voucher_id)).rowcount
    if moved != 1:
        raise Conflict(LoanError.BATCH_POSTED_ELSEWHERE, batch_id=b.id)
    return voucher_id


def _apply_chunk(uow: UnitOfWork, b, chunk: int) -> int:
    conn = uow.conn
    ids = conn.execute(select(D.id).where(D.batch_id == b.id, D.applied == False)  # noqa: E712
                       .order_by(D.id).limit(chunk)).scalars().all()
    if not ids:
        return 0
    lo, hi = ids[0], ids[-1]
    in_chunk = and_(D.batch_id == b.id, D.applied == False, D.id >= lo, D.id <= hi)  # noqa: E712
    now = uow.now()
    pi = _interest_part()
    pp = D.paid - pi
    conn.execute(insert(loan_txn).from_select(
        ["loan_id", "txn_date", "type", "period", "amount", "principal", "overdue_principal", "interest",
         "overdue_interest", "penalty", "balance_after", "voucher_id", "source", "ref_type", "ref_id", "note",
         "created_at"],
        select(D.loan_id, D.due_date, literal(TxnType.REPAY.value), I.period, D.paid, -pp, literal(0), pi,
               literal(0), literal(0), L.principal - pp + L.overdue_principal, literal(b.voucher_id),
               literal("bank"), literal("loan_deduction"), cast(D.id, String), literal("委托扣款"), literal(now))
        .select_from(loan_deduction.join(loan_instalment, I.id == D.instalment_id).join(loan, L.id == D.loan_id))
        .where(in_chunk)))
    faults.reached("loan.run.mid_chunk")
    # UPDATE … FROM (PostgreSQL, SQLite ≥ 3.33): the loan first, while the instalment still shows what was unpaid
    joined = and_(in_chunk, L.id == D.loan_id, I.id == D.instalment_id)
    conn.execute(update(loan).where(joined).values(
        principal=L.principal - pp, repaid_principal=L.repaid_principal + pp,
        repaid_interest=L.repaid_interest + pi, updated_at=now))
    conn.execute(update(loan).where(joined, D.status == "paid", I.balance == 0, L.principal == 0,
                                    L.overdue_principal == 0)
                 .values(status=LoanStatus.SETTLED.value, settled_on=b.result_day))
    full = D.status == "paid"
    conn.execute(update(loan_instalment).where(I.id == D.instalment_id, in_chunk).values(
        paid_principal=I.paid_principal + pp, paid_interest=I.paid_interest + pi,
        status=case((full, InstalmentStatus.PAID.value), else_=I.status),
        paid_on=case((full, D.due_date), else_=I.paid_on)))
    conn.execute(update(loan_deduction).where(in_chunk).values(applied=True))
    return len(ids)


def post_batch(engine: Engine, actor: Actor, *, batch_id: int, chunk: int = 100_000) -> int | None:
    """记账 of one bank's result: resumable; returns the voucher id (None when nothing was collected)."""
    require(actor, P.RUN)
    with UnitOfWork(engine) as uow:
        b = lock_batch(uow.conn, batch_id)
        if b.status == "sent":
            raise AnjuError(LoanError.BATCH_NOT_LOADED, batch_id=batch_id)
        if b.status == "posted":
            return b.voucher_id
        if b.status == "loaded":
            _allocate(uow, actor, b)
            uow.commit()
    faults.reached("loan.run.after_voucher")
    while True:
        with UnitOfWork(engine) as uow:
            b = lock_batch(uow.conn, batch_id)
            done = _apply_chunk(uow, b, chunk)
            uow.commit()
        if not done:
            break
        faults.reached("loan.run.after_chunk")
    with UnitOfWork(engine) as uow:
        b = lock_batch(uow.conn, batch_id)
        if b.status != "posted":
            if uow.conn.execute(update(loan_run_bank).where(B.id == batch_id, B.status == "posting")
                                .values(status="posted")).rowcount != 1:
                raise Conflict(LoanError.BATCH_POSTED_ELSEWHERE, batch_id=batch_id)
            audit.record(uow, actor, action="loan.run.post", entity_type="loan_run_bank", entity_id=batch_id,
                         after={"voucher_id": b.voucher_id, "paid_total": b.paid_total})
            uow.commit()
        return b.voucher_id


def pending_principal(conn: Connection) -> dict[int, int]:
    """Principal already credited to 121 by a batch voucher but not yet in the loans (posting in progress)."""
    rows = conn.execute(select(B.voucher_id, func.sum(D.paid - _interest_part()))
                        .select_from(loan_deduction.join(loan_run_bank, B.id == D.batch_id)
                                     .join(loan_instalment, I.id == D.instalment_id))
                        .where(B.status == "posting", B.voucher_id.is_not(None), D.applied == False)  # noqa: E712
                        .group_by(B.voucher_id)).all()
    return {vid: -int(total) for vid, total in rows}


subledgers.register_pending(SUBLEDGER, pending_principal)


# ----------------------------------------------------------------------------------------- 4. close


def close_run(uow: UnitOfWork, actor: Actor, *, month: int, as_of: date) -> RunSummary:
    """结束本月扣款: every bank posted (or without result, refused); what is still unpaid becomes overdue."""
    require(actor, P.RUN)
    conn = uow.conn
    run = lock_run(conn, month)  # a second closer waits here, then finds the run closed
    if run is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="月度扣款", key=month)
    if run.status == "closed":
        return summary(conn, month)
    waiting = conn.execute(select(B.bank_code).where(B.run_id == run.id, B.status != "posted", B.count > 0)).scalars()
    waiting = list(waiting)
    if waiting:
        raise AnjuError(LoanError.BANK_RESULT_NOT_POSTED, waiting="、".join(waiting))
    _, end = month_span(month)
    marked = service.mark_overdue(uow, actor, as_of=as_of, check_permission=False)
    closed = conn.execute(update(loan_run).where(loan_run.c.id == run.id, loan_run.c.status == "created").values(
        status="closed", overdue_marked=marked.instalments, closed_at=uow.now())).rowcount
    if closed != 1:
        raise Conflict(LoanError.RUN_CLOSED_ELSEWHERE, month_label=_month_label(month))
    audit.record(uow, actor, action="loan.run.close", entity_type="loan_run", entity_id=month,
                 after={"overdue_instalments": marked.instalments, "overdue_loans": marked.loans})
    del end
    return summary(conn, month)


# ----------------------------------------------------------------------------------------- entry points
# What the command line, the web pages and the API call: each phase under the month's job lock, so a second
# runner of the same month is told so (JobBusy, job.busy, HTTP 409) instead of waiting or doing the work again.
# Phases that mark arrears overdue (create, close) also hold the overdue-marking job's lock.


Clock = Callable[[], datetime]


def job_key(month: int) -> str:
    return f"loan.run:{month}"


def job_label(month: int) -> str:
    return f"{_month_label(month)}还款批量作业"


def _month_lock(engine: Engine, month: int):
    return job_lock(engine, job_key(month), label=job_label(month))


def create(engine: Engine, actor: Actor, *, month: int, as_of: date, clock: Clock = utcnow) -> RunSummary:
    require(actor, P.RUN)
    with _month_lock(engine, month), service.overdue_lock(engine), UnitOfWork(engine, clock=clock) as uow:
        s = create_run(uow, actor, month=month, as_of=as_of)
        uow.commit()
    return s


def load(engine: Engine, actor: Actor, *, month: int, bank: str, data: bytes, filename: str,
         as_of: date, clock: Clock = utcnow, table: SheetRows | None = None) -> Loaded:
    """The bank's result under the month's job lock; ``table`` is the file already read (the web reads it within
    the upload limits before any transaction opens)."""
    require(actor, P.RUN)
    with _month_lock(engine, month), UnitOfWork(engine, clock=clock) as uow:
        loaded = load_result(uow, actor, batch_id=batch_for(uow.conn, month, bank), data=data, filename=filename,
                             as_of=as_of, table=table)
        uow.commit()
    return loaded


def post(engine: Engine, actor: Actor, *, month: int, bank: str | None = None,
         chunk: int = 100_000) -> dict[str, int | None]:
    """记账 of the month's loaded banks (or of ``bank``): {bank code: voucher id}."""
    require(actor, P.RUN)
    with _month_lock(engine, month):
        with engine.connect() as conn:
            if bank is not None:
                targets = [(bank, batch_for(conn, month, bank))]
            else:
                s = summary(conn, month)
                if s is None:
                    raise NotFound(ErrorCode.NOT_FOUND, what="月度扣款", key=month)
                targets = [(b.bank_code, b.id) for b in s.banks if b.status in ("loaded", "posting")]
        return {code: post_batch(engine, actor, batch_id=bid, chunk=chunk) for code, bid in targets}


def close(engine: Engine, actor: Actor, *, month: int, as_of: date, clock: Clock = utcnow) -> RunSummary:
    require(actor, P.RUN)
    with _month_lock(engine, month), service.overdue_lock(engine), UnitOfWork(engine, clock=clock) as uow:
        s = close_run(uow, actor, month=month, as_of=as_of)
        uow.commit()
    return s
