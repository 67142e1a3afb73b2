"""Contribution use cases: monthly lists (generated or uploaded), payment confirmation and posting,
back payment, prepayment, refunds, deferral and ratio reduction, base adjustment, flexible workers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, Engine, and_, func, insert, literal, select, text, update

from anju.auth import approval, audit
from anju.auth.actor import Actor, require
from anju.auth.scope import scope_employer
from anju.bank import files as bank_files
from anju.bank import queries as bank_queries
from anju.bank.codes import FileKind
from anju.core import clock
from anju.core.dates import add_months, first_day, format_month, month_of, month_range
from anju.core.errors import AnjuError, ErrorCode, NotFound, Problem, ValidationFailed
from anju.core.money import format_yuan
from anju.core.sheets import SheetRows, UploadLimits, cap_problems, read_table, write_table
from anju.db.joblock import job_lock
from anju.db.uow import UnitOfWork
from anju.deposit import posting
from anju.deposit.codes import (
    OPEN_REMITTANCES,
    DeferralKind,
    DeferralStatus,
    RefundStatus,
    RemittanceStatus,
)
from anju.deposit.errors import DepositError
from anju.deposit.flows import DEFERRAL, PAYMENT, REFUND
from anju.deposit.permissions import P
from anju.deposit.rules import (
    ALIASES,
    OPTIONAL,
    REQUIRED,
    SHEET_NAMES,
    BackPayReason,
    ListContext,
    ListKind,
    ListLine,
    Member,
    ValidatedList,
    next_month_due,
    validate_rows,
)
from anju.deposit.tables import deferral, refund, remittance, remittance_line
from anju.ledger import service as ledger
from anju.ledger.chart import bank_subaccount
from anju.ledger.rules import Line, Posting
from anju.policy.kinds import format_ratio
from anju.policy.store import load_store, policy_at
from anju.registry import movements, reservations
from anju.registry import queries as reg_queries
from anju.registry import rules as reg_rules
from anju.registry import service as registry
from anju.registry.codes import AccountKind, AccountStatus, EmployerStatus, TxnType

OPEN_STATUSES = OPEN_REMITTANCES


class ListRejected(ValidationFailed):
    """A list with problems: nothing was stored; ``validated.rejected`` rebuilds the error file."""

    def __init__(self, validated: ValidatedList, summary: str, *, max_problems: int | None = None) -> None:
        self.validated = validated
        shown = validated.problems if max_problems is None else cap_problems(validated.problems, max_problems)
        super().__init__(shown, summary=summary)


@dataclass(frozen=True)
class Submitted:
    remittance_id: int
    no: str
    total: int
    line_count: int
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------- context


def _months_deferred(conn: Connection, employer_id: int) -> frozenset[int]:
    rows = conn.execute(select(deferral.c.period_from, deferral.c.period_to).where(
        deferral.c.employer_id == employer_id, deferral.c.kind == DeferralKind.DEFER.value,
        deferral.c.status.in_((DeferralStatus.APPROVED.value, DeferralStatus.ENDED.value)))).all()
    return frozenset(m for a, b in rows for m in month_range(a, b))


def _declared(conn: Connection, account_ids: list[int] | None, employer_id: int, months: list[int]):
    """(account, month) → (employer part, member part) already declared (pending, confirmed or posted)."""
    if not months:
        return {}
    # A line's month lies within its list's period: restricting the lists by period first keeps this a small
    # lookup in a city of millions of lines (SQLite would otherwise probe every open list for every member).
    q = (select(remittance_line.c.account_id, remittance_line.c.month,
                func.sum(remittance_line.c.employer_amount), func.sum(remittance_line.c.member_amount))
         .join(remittance, remittance.c.id == remittance_line.c.remittance_id)
         .where(remittance.c.status.in_(OPEN_STATUSES), remittance_line.c.refund_id.is_(None),
                remittance.c.period_from <= max(months), remittance.c.period_to >= min(months),
                remittance_line.c.month.in_(months))
         .group_by(remittance_line.c.account_id, remittance_line.c.month))
    if account_ids is not None:
        q = q.where(remittance_line.c.account_id.in_(account_ids))
    else:
        q = q.where(remittance_line.c.account_id.in_(reg_queries.employer_account_ids(employer_id)))
    return {(a, m): (int(e), int(mm)) for a, m, e, mm in conn.execute(q)}


def _members(conn: Connection, employer_id: int) -> dict[str, Member]:
    rows = reg_queries.employer_members(conn, employer_id)
    terms = reg_queries.employer_terms(conn, employer_id)
    return {r.id_number: Member(r.id, r.account_no, r.name, r.id_number, r.employer_id, r.status,
                                tuple(terms.get(r.id, ()))) for r in rows}


def _policy_for(conn: Connection) -> Callable[[int], object]:
    store = load_store(conn)
    return lambda month: store.at(first_day(month))


def expected_remit_month(conn: Connection, emp) -> int:
    """The next month an employer's 汇缴 must cover (after posted and pending lists, skipping deferrals)."""
    pending = conn.execute(select(func.max(remittance.c.period_to)).where(
        remittance.c.employer_id == emp.id, remittance.c.kind == ListKind.REMIT.value,
        remittance.c.status.in_((RemittanceStatus.PENDING.value, RemittanceStatus.CONFIRMED.value)))).scalar()
    through = max(x for x in (emp.paid_through, pending, 0) if x is not None) or None
    return next_month_due(first_month=emp.first_month, paid_through=through, deferred=_months_deferred(conn, emp.id))


def _check_period(conn: Connection, emp, kind: ListKind, period_from: int, period_to: int, as_of: date,
                  reason: BackPayReason | None) -> list[Problem]:
    problems = []
    if period_to < period_from:
        return [Problem.of(DepositError.PERIOD_END_BEFORE_START, field="缴存年月")]
    if emp.status == EmployerStatus.CLOSED.value:
        problems.append(Problem.of(DepositError.EMPLOYER_CLOSED, field="单位"))
    now = month_of(as_of)
    if kind is ListKind.REMIT:
        due = expected_remit_month(conn, emp)
        if period_from < due:
            problems.append(Problem.of(DepositError.MONTH_NOT_DUE, field="缴存年月",
                                       period_from=format_month(period_from),
                                       due=format_month(due)))
        elif period_from > due:
            problems.append(Problem.of(DepositError.EARLIER_MONTH_DUE, field="缴存年月", due=format_month(due)))
        if period_to > add_months(now, 12):
            problems.append(Problem.of(DepositError.PREPAY_TOO_LONG, field="缴存年月"))
        if emp.status == EmployerStatus.DEFERRED.value and period_from <= now:
            problems.append(Problem.of(DepositError.EMPLOYER_DEFERRED, field="单位"))
    else:
        if period_to > now:
            problems.append(Problem.of(DepositError.BACKPAY_FUTURE, field="缴存年月"))
        if period_from < emp.first_month:
            problems.append(Problem.of(DepositError.BACKPAY_BEFORE_FIRST_MONTH, field="缴存年月",
                                       first_month=format_month(emp.first_month)))
        if reason is None:
            problems.append(Problem.of(DepositError.BACKPAY_REASON_REQUIRED, field="补缴原因"))
    return problems


def _context(conn: Connection, emp, kind: ListKind, period_from: int, period_to: int, reason, as_of: date,
             members: dict[str, Member] | None = None) -> ListContext:
    members = members if members is not None else _members(conn, emp.id)
    months = month_range(period_from, period_to)
    normal = sum(1 for m in members.values() if m.status == AccountStatus.NORMAL.value)
    def elsewhere(id_number: str) -> str | None:
        row = reg_queries.registered_at(conn, id_number)
        return None if row is None else (row.name or "灵活就业人员")

    return ListContext(employer_id=emp.id, kind=kind, period_from=period_from, period_to=period_to, members=members,
                       policy_for=_policy_for(conn), reason=reason, paid=_declared(conn, None, emp.id, months),
                       deferred_months=_months_deferred(conn, emp.id), as_of_month=month_of(as_of),
                       employer_members=normal, elsewhere=elsewhere)


# --------------------------------------------------------------------------------------------- lists


def _create(uow: UnitOfWork, actor: Actor, *, emp_id: int | None, acct_id: int | None, bank_code: str,
            kind: ListKind, reason: str, period_from: int, period_to: int, source: str, lines: list[ListLine] | None,
            file_name: str | None = None, file_sha: str | None = None, generated_from=None) -> tuple[int, str]:
    conn = uow.conn
    (seq,) = registry.next_numbers(conn, "remittance")
    no = f"{'HJ' if kind is ListKind.REMIT else 'BJ'}{period_from}{seq:08d}"
    rid = conn.execute(insert(remittance).values(
        no=no, employer_id=emp_id, account_id=acct_id, kind=kind.value, reason=reason, period_from=period_from,
        period_to=period_to, status=RemittanceStatus.PENDING.value, source=source, file_name=file_name,
        file_sha256=file_sha,
        channel=actor.channel.value, bank_code=bank_code, total=0, employer_total=0, member_total=0, line_count=0,
        created_at=uow.now(), created_by=actor.username).returning(remittance.c.id)).scalar_one()
    if lines is not None:
        for i in range(0, len(lines), 5000):
            conn.execute(insert(remittance_line), [
                {"remittance_id": rid, "line_no": ln.line_no, "account_id": ln.account_id, "month": ln.month,
                 "base": ln.base, "employer_amount": ln.employer_amount, "member_amount": ln.member_amount,
                 "amount": ln.amount} for ln in lines[i:i + 5000]])
    else:
        conn.execute(insert(remittance_line).from_select(
            ["remittance_id", "line_no", "account_id", "month", "base", "employer_amount", "member_amount", "amount"],
            generated_from(rid)))
    totals = conn.execute(select(func.count(), func.coalesce(func.sum(remittance_line.c.amount), 0),
                                 func.coalesce(func.sum(remittance_line.c.employer_amount), 0),
                                 func.coalesce(func.sum(remittance_line.c.member_amount), 0))
                          .where(remittance_line.c.remittance_id == rid)).one()
    conn.execute(update(remittance).where(remittance.c.id == rid).values(
        line_count=totals[0], total=int(totals[1]), employer_total=int(totals[2]), member_total=int(totals[3])))
    return rid, no


def generate_month(uow: UnitOfWork, actor: Actor, *, employer_id: int, period: int, as_of: date) -> Submitted:
    """The month's 汇缴 list from the registered terms of every contributing member (set-based)."""
    require(actor, P.LIST_SUBMIT)
    scope_employer(actor, employer_id)
    conn = uow.conn
    emp = registry.get_employer(conn, employer_id, lock=True)
    problems = _check_period(conn, emp, ListKind.REMIT, period, period, as_of, None)
    if problems:
        raise ValidationFailed(problems, summary="不能生成汇缴清册")
    a = reg_queries.contributing_accounts(employer_id, period).c

    def source(rid):
        return select(literal(rid), func.row_number().over(order_by=a.id), a.id, literal(period), a.base,
                      a.employer_amount, a.member_amount, a.employer_amount + a.member_amount)

    rid, no = _create(uow, actor, emp_id=employer_id, acct_id=None, bank_code=emp.bank_code, kind=ListKind.REMIT,
                      reason="regular", period_from=period, period_to=period, source="generated", lines=None,
                      generated_from=source)
    row = conn.execute(select(remittance).where(remittance.c.id == rid)).one()
    if row.line_count == 0:
        raise ValidationFailed([Problem.of(DepositError.NO_MEMBERS_DUE, field="单位")], summary="不能生成汇缴清册")
    audit.record(uow, actor, action="deposit.list.generate", entity_type="remittance", entity_id=rid,
                 after={"no": no, "period": period, "total": row.total, "lines": row.line_count})
    return Submitted(rid, no, row.total, row.line_count)


def upload_limits(conn: Connection, as_of: date) -> UploadLimits:
    return UploadLimits.from_policy(policy_at(conn, as_of))


def read_list(data: bytes, filename: str, *, limits: UploadLimits) -> SheetRows:
    """An uploaded 清册 read whole within the upload limits: the web does this before a transaction opens."""
    return read_table(data, filename, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES, sheet_names=SHEET_NAMES,
                      limits=limits).load()


def validate_list(conn: Connection, *, employer_id: int, data: bytes, filename: str, kind: ListKind,
                  period_from: int, period_to: int, as_of: date, reason: BackPayReason | None = None,
                  table: SheetRows | None = None) -> ValidatedList:
    """Read and check an uploaded list without storing anything (the page shows the result).

    ``table`` is the list already read by :func:`read_list`; without it the file is read here."""
    emp = registry.get_employer(conn, employer_id)
    sheet = table if table is not None else read_list(data, filename, limits=upload_limits(conn, as_of))
    if sheet.problems:
        return ValidatedList(problems=sheet.problems)
    period_problems = _check_period(conn, emp, kind, period_from, period_to, as_of, reason)
    ctx = _context(conn, emp, kind, period_from, period_to, reason, as_of)
    out = validate_rows(sheet.rows(), ctx, as_of=as_of)
    out.problems = period_problems + out.problems
    return out


def import_list(uow: UnitOfWork, actor: Actor, *, employer_id: int, data: bytes, filename: str, kind: ListKind,
                period_from: int, period_to: int | None = None, as_of: date,
                reason: BackPayReason | None = None, table: SheetRows | None = None) -> Submitted:
    """Accept a 汇缴 or 补缴 list whole, or reject it whole with every problem (``ListRejected``)."""
    require(actor, P.LIST_SUBMIT)
    scope_employer(actor, employer_id)
    period_to = period_from if period_to is None else period_to
    emp = registry.get_employer(uow.conn, employer_id, lock=True)
    checked = validate_list(uow.conn, employer_id=employer_id, data=data, filename=filename, kind=kind,
                            period_from=period_from, period_to=period_to, as_of=as_of, reason=reason, table=table)
    if not checked.ok:
        raise ListRejected(checked, summary=f"清册有{len(checked.problems)}处错误，未受理",
                           max_problems=upload_limits(uow.conn, as_of).max_problems)
    sha = hashlib.sha256(data).hexdigest()
    label = "prepay" if kind is ListKind.REMIT and period_to > period_from else (reason.value if reason else "regular")
    rid, no = _create(uow, actor, emp_id=employer_id, acct_id=None, bank_code=emp.bank_code, kind=kind, reason=label,
                      period_from=period_from, period_to=period_to, source="import", lines=checked.lines,
                      file_name=filename, file_sha=sha)
    audit.record(uow, actor, action="deposit.list.import", entity_type="remittance", entity_id=rid,
                 after={"no": no, "kind": kind.value, "period_from": period_from, "period_to": period_to,
                        "file": filename, "sha256": sha, "total": checked.total, "lines": len(checked.lines)})
    return Submitted(rid, no, checked.total, len(checked.lines), checked.warnings)


def error_workbook(validated: ValidatedList) -> bytes:
    """The rejected rows as they came, plus a column saying what is wrong with each."""
    headers = ["原行号", *REQUIRED, *[h for h in OPTIONAL if h != "序号"], "错误说明"]
    rows = []
    for row_no, cells, messages in validated.rejected:
        rows.append([row_no, *[cells.get(h) for h in headers[1:-1]], "；".join(messages)])
    if not rows:  # file-level problems only
        rows = [[None, *[None] * (len(headers) - 2), str(p)] for p in validated.problems]
    return write_table(headers, rows, sheet="错误清单", text_columns=["证件号码", "个人账号"],
                       widths={"错误说明": 80})


def template(kind: ListKind = ListKind.REMIT) -> bytes:
    """The downloadable list template (identity numbers preformatted as text)."""
    headers = ["序号", "个人账号", *REQUIRED, "月缴存额合计", "缴存年月"]
    notes = [
        f"{'汇缴' if kind is ListKind.REMIT else '补缴'}清册填写说明",
        "1. 第一行为列名，请勿修改；从第二行起每行一名职工（补缴可一人多行，每行一个月份）。",
        "2. 证件号码请填写18位居民身份证号码，该列已设为文本格式；数字格式的号码会丢失末几位，将被拒收。",
        "3. 缴存基数、月缴存额以元为单位，最多两位小数；比例填写如“12%”或“0.12”。",
        "4. 单位月缴存额 = 缴存基数 × 单位缴存比例，个人月缴存额 = 缴存基数 × 个人缴存比例，按中心规定的舍入方式计算。",
        "5. 缴存年月填写YYYYMM，如202507；单月汇缴可不填。",
        "6. 清册整体受理或整体退回；退回时可下载错误清单，修改后重新上传。",
    ]
    return write_table(headers, [], sheet="汇缴清册" if kind is ListKind.REMIT else "补缴清册",
                       text_columns=["证件号码", "个人账号", "缴存年月"], notes=notes, blank_rows=2000)


def cancel_list(uow: UnitOfWork, actor: Actor, *, remittance_id: int, reason: str) -> None:
    require(actor, P.LIST_SUBMIT)
    conn = uow.conn
    row = _get(conn, remittance_id, lock=True)
    if row.employer_id is not None:
        scope_employer(actor, row.employer_id)
    if row.status != RemittanceStatus.PENDING:
        raise AnjuError(DepositError.CANCEL_STATUS, status=STATUS_LABELS[row.status])
    conn.execute(update(remittance).where(remittance.c.id == remittance_id).values(
        status=RemittanceStatus.CANCELLED.value, cancel_reason=reason))
    audit.record(uow, actor, action="deposit.list.cancel", entity_type="remittance", entity_id=remittance_id,
                 before={"status": RemittanceStatus.PENDING.value},
                 after={"status": RemittanceStatus.CANCELLED.value, "reason": reason})


STATUS_LABELS = {s.value: s.label for s in RemittanceStatus}


def _get(conn: Connection, remittance_id: int, *, lock: bool = False):
    stmt = select(remittance).where(remittance.c.id == remittance_id)
    if lock and conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    row = conn.execute(stmt).first()
    if row is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="汇缴清册", key=remittance_id)
    return row


# --------------------------------------------------------------------------------------------- payment


CONFIRM_KIND = PAYMENT.approval.kind  # approval requests of a second confirmation (ref_type remittance)


def _amount_mismatch(amount: int, *, row_no: int | None = None) -> Problem:
    """Blind entry: the clerk types the amount from the bank receipt; the refusal never tells the list's total."""
    return Problem.of(DepositError.AMOUNT_MISMATCH, field="到账金额", row=row_no, amount=format_yuan(amount))


def _lock_receipt(conn: Connection, bank_code: str, receipt_no: str) -> None:
    """Serialise confirmations that use one receipt number (PostgreSQL; SQLite writers are serialised already)."""
    if conn.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.blake2b(f"anju:receipt:{bank_code}:{receipt_no}".encode(), digest_size=8)
                             .digest(), "big", signed=True)
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def _receipt_problems(conn: Connection, row, receipt_no: str, *, row_no: int | None = None) -> list[Problem]:
    """One bank receipt confirms one list: the number may not be on another list of the same bank (confirmed,
    posted, or awaiting its second confirmation). A flexible worker's counter payment is not a list."""
    if row.source == "flexible" or not receipt_no:
        return []
    other = conn.execute(select(remittance.c.no).where(
        remittance.c.bank_code == row.bank_code, remittance.c.receipt_no == receipt_no, remittance.c.id != row.id,
        remittance.c.status != RemittanceStatus.CANCELLED.value, remittance.c.source != "flexible").limit(1)).first()
    if other is None:
        return []
    return [Problem.of(DepositError.RECEIPT_USED, field="银行回单号", row=row_no, receipt_no=receipt_no, no=other.no)]


def awaiting_confirmation(conn: Connection, remittance_id: int) -> approval.ApprovalState | None:
    """The open request for a second confirmation of this list, if any."""
    return approval.pending_for(conn, kind=CONFIRM_KIND, ref_type=PAYMENT.entity, ref_id=remittance_id)


def confirm_payment(uow: UnitOfWork, actor: Actor, *, remittance_id: int, paid_on: date, receipt_no: str,
                    amount: int, post_now: bool = True) -> int | None:
    """到账确认 from a bank receipt, entered blind: the amount must equal the list (a mismatch does not say the
    list's total), the receipt number must not have confirmed another list. Posts at once unless told not to.

    Above ``deposit.confirm_second_above`` the list is not confirmed yet: the receipt is recorded on it and a
    maker-checker request (``auth.approval``) waits for another person to enter the same receipt and amount
    (``confirm_second``); returns None then. The maker-checker part is the ``PAYMENT`` flow (``deposit/flows.py``)."""
    conn = uow.conn
    case = PAYMENT.take(uow, actor, remittance_id, "confirm_first")
    row = case.row
    receipt_no = receipt_no.strip()
    problems = []
    waiting = case.request()
    if waiting is not None:
        raise AnjuError(DepositError.CONFIRM_SAME_PERSON, no=row.no, created_by=waiting.created_by)
    if amount != row.total:
        problems.append(_amount_mismatch(amount))
    if not receipt_no:
        problems.append(Problem.of(DepositError.RECEIPT_REQUIRED, field="银行回单号"))
    else:
        _lock_receipt(conn, row.bank_code, receipt_no)
        problems += _receipt_problems(conn, row, receipt_no)
    if problems:
        raise ValidationFailed(problems, summary="到账确认有误")
    threshold = policy_at(conn, paid_on)["deposit.confirm_second_above"]
    if row.source != "flexible" and row.total > threshold:
        conn.execute(update(remittance).where(remittance.c.id == remittance_id).values(
            paid_on=paid_on, receipt_no=receipt_no))
        PAYMENT.open(uow, actor, row, on=paid_on, amount=amount,
                     summary=f"到账确认复核：清册{row.no}，回单号{receipt_no}（金额超过{format_yuan(threshold)}元）",
                     audit_after={"no": row.no, "paid_on": paid_on, "receipt_no": receipt_no, "amount": amount})
        return None
    case.move(action="confirm", paid_on=paid_on, receipt_no=receipt_no, confirmed_at=uow.now(),
              confirmed_by=actor.username,
              audit_after={"no": row.no, "paid_on": paid_on, "receipt_no": receipt_no, "amount": amount})
    if post_now:
        return posting.post_group(uow, actor, [remittance_id], paid_on=paid_on)
    return None


def confirm_second(uow: UnitOfWork, actor: Actor, *, remittance_id: int, receipt_no: str, amount: int,
                   post_now: bool = True) -> int | None:
    """The second person's 到账确认 of a list above the threshold: they enter the receipt number and the amount
    blind; both must match the first entry and the list. Not the person who entered it first."""
    case = PAYMENT.take(uow, actor, remittance_id, "confirm")
    row, waiting = case.row, case.request()
    problems = []
    if amount != row.total:
        problems.append(_amount_mismatch(amount))
    if receipt_no.strip() != (row.receipt_no or ""):
        problems.append(Problem.of(DepositError.RECEIPT_DIFFERS, field="银行回单号"))
    if problems:
        raise ValidationFailed(problems, summary="到账复核有误")
    if not case.approve(note="复核一致", on=row.paid_on):
        return None
    case.move(confirmed_at=uow.now(), confirmed_by=actor.username,
              audit_after={"no": row.no, "paid_on": row.paid_on, "receipt_no": row.receipt_no, "amount": amount,
                           "first": waiting.created_by, "second": actor.username})
    if post_now:
        return posting.post_group(uow, actor, [remittance_id], paid_on=row.paid_on)
    return None


def reject_confirmation(uow: UnitOfWork, actor: Actor, *, remittance_id: int, reason: str) -> None:
    """The second person refuses the first entry (a wrong receipt): the list is pending again, receipt cleared."""
    case = PAYMENT.take(uow, actor, remittance_id, "confirm_rejected")
    row = case.row
    case.reject(note=reason)
    case.stay(paid_on=None, receipt_no=None, audit_before={"receipt_no": row.receipt_no, "paid_on": row.paid_on},
              audit_after={"reason": reason})


RECEIPT_COLUMNS = bank_files.DEPOSIT_RECEIPT.names


def read_receipts(data: bytes, filename: str, *, limits: UploadLimits,
                  layout: bank_files.Layout = bank_files.DEPOSIT_RECEIPT) -> SheetRows:
    """A bank's receipt file read whole within the upload limits (before a transaction opens), by the one bank-file
    reader (``anju.bank.files``) in the bank's layout (default ``files.DEPOSIT_RECEIPT``)."""
    return bank_files.read(data, layout, filename=filename, limits=limits)


def import_receipts(uow: UnitOfWork, actor: Actor, *, data: bytes, filename: str,
                    table: SheetRows | None = None, bank_code: str | None = None) -> int:
    """A bank's receipt file confirms many lists at once (all or nothing); the posting job posts them."""
    from anju.core.dates import parse_date
    from anju.core.sheets import CellError, cell_money, cell_text

    require(actor, P.PAYMENT_CONFIRM)
    limits = upload_limits(uow.conn, clock.today())
    sheet = table if table is not None else read_receipts(
        data, filename, limits=limits, layout=bank_queries.file_layout(uow.conn, bank_code, FileKind.DEPOSIT_RECEIPT))
    if sheet.problems:
        raise ValidationFailed(sheet.problems, summary="到账文件无法读取")
    problems, rows = [], []
    seen: dict[tuple[str, str], int] = {}
    conn = uow.conn
    for row_no, cells in sheet.rows():
        no = cell_text(cells["汇缴单号"])
        rec = conn.execute(select(remittance).where(remittance.c.no == no)).first()
        if rec is None:
            problems.append(Problem.of(DepositError.LIST_NO_UNKNOWN, field="汇缴单号", row=row_no, no=no))
            continue
        try:
            amount = cell_money(cells["到账金额"])
        except CellError as exc:
            problems.append(Problem.from_error(exc, field="到账金额", row=row_no))
            continue
        try:
            raw = cells["到账日期"]
            paid_on = raw.date() if hasattr(raw, "date") else (raw if isinstance(raw, date) else parse_date(cell_text(raw)))
        except AnjuError as exc:
            problems.append(Problem.from_error(exc, field="到账日期", row=row_no))
            continue
        receipt = cell_text(cells["银行回单号"]) or f"{filename}:{row_no}"
        if rec.status != RemittanceStatus.PENDING:
            problems.append(Problem.of(DepositError.LIST_STATUS, field="汇缴单号", row=row_no, no=no,
                                       status=STATUS_LABELS[rec.status]))
        elif amount != rec.total:
            problems.append(_amount_mismatch(amount, row_no=row_no))
        elif (rec.bank_code, receipt) in seen:
            problems.append(Problem.of(DepositError.RECEIPT_TWICE_IN_FILE, field="银行回单号", row=row_no,
                                       receipt=receipt,
                                       seen=seen[(rec.bank_code, receipt)]))
        elif dup := _receipt_problems(conn, rec, receipt, row_no=row_no):
            problems += dup
        else:
            seen[(rec.bank_code, receipt)] = row_no
            rows.append((rec.id, paid_on, receipt))
    if problems:
        raise ValidationFailed(cap_problems(problems, limits.max_problems), summary=f"到账文件有{len(problems)}处错误，未处理")
    for rid, paid_on, receipt in rows:
        confirm_payment(uow, actor, remittance_id=rid, paid_on=paid_on, receipt_no=receipt,
                        amount=_get(conn, rid).total, post_now=False)
    return len(rows)


@dataclass
class PostRun:
    groups: int = 0
    remittances: int = 0
    member_rows: int = 0


POST_JOB = "deposit.post"
POST_JOB_LABEL = "入账作业"


def post_confirmed(engine: Engine, actor: Actor, *, chunk_lines: int = 50_000, period: int | None = None,
                   progress: Callable[[int], None] | None = None) -> PostRun:
    """入账作业: post every confirmed list, one transaction per group; safe to re-run after a crash.

    One runner at a time (``job_lock`` on ``deposit.post``): a second job started meanwhile gets
    :class:`~anju.db.joblock.JobBusy` ("已有入账作业在运行…") and does nothing. The counts are of what this run
    itself posted (a list claimed by another transaction is not counted).
    """
    require(actor, P.PAYMENT_CONFIRM)
    run = PostRun()
    with job_lock(engine, POST_JOB, label=POST_JOB_LABEL):
        with engine.connect() as conn:
            groups = posting.confirmed_groups(conn, limit_lines=chunk_lines, period=period)
        for paid_on, ids in groups:
            with UnitOfWork(engine) as uow:
                posted = posting.post_lists(uow, actor, ids, paid_on=paid_on)
                if posted.remittance_ids:
                    audit.record(uow, actor, action="deposit.post.group", entity_type="remittance",
                                 entity_id=f"{posted.remittance_ids[0]}..{posted.remittance_ids[-1]}",
                                 after={"paid_on": paid_on, "remittances": len(posted.remittance_ids),
                                        "member_rows": posted.member_rows})
                uow.commit()
            if posted.remittance_ids:
                run.groups += 1
                run.remittances += len(posted.remittance_ids)
                run.member_rows += posted.member_rows
            if progress:
                progress(posted.member_rows)
    return run


# --------------------------------------------------------------------------------------------- refunds (退缴)


def apply_refund(uow: UnitOfWork, actor: Actor, *, remittance_id: int, reason: str,
                 account_ids: list[int] | None = None, line_ids: list[int] | None = None) -> int:
    """退缴申请: return an erroneous payment (the whole list, some members, or chosen month lines) — approved by
    another person."""
    require(actor, P.REFUND_APPLY)
    conn = uow.conn
    row = _get(conn, remittance_id, lock=True)
    if row.status != RemittanceStatus.POSTED:
        raise AnjuError(DepositError.REFUND_NOT_POSTED)
    if not reason.strip():
        raise ValidationFailed([Problem.of(DepositError.REFUND_REASON_REQUIRED, field="原因")])
    q = select(remittance_line).where(remittance_line.c.remittance_id == remittance_id,
                                      remittance_line.c.refund_id.is_(None))
    if account_ids is not None:
        q = q.where(remittance_line.c.account_id.in_(account_ids))
    if line_ids is not None:
        q = q.where(remittance_line.c.id.in_(line_ids))
    lines = conn.execute(q).all()
    if not lines:
        raise ValidationFailed([Problem.of(DepositError.REFUND_NO_LINES, field="职工")])
    pending = conn.execute(select(refund.c.line_ids_json).where(refund.c.remittance_id == remittance_id,
                                                                refund.c.status == RefundStatus.APPLIED.value)
                           ).scalars().all()
    taken = {i for js in pending for i in json.loads(js)}
    if taken & {ln.id for ln in lines}:
        raise AnjuError(DepositError.REFUND_LINES_PENDING)
    amount = sum(ln.amount for ln in lines)
    fid = conn.execute(insert(refund).values(
        remittance_id=remittance_id, status=RefundStatus.APPLIED.value, reason=reason, amount=amount,
        line_ids_json=json.dumps([ln.id for ln in lines]), applied_at=uow.now(), applied_by=actor.username,
    ).returning(refund.c.id)).scalar_one()
    REFUND.open(uow, actor, REFUND.lock(conn, fid),
                audit_after={"remittance": row.no, "amount": amount, "lines": len(lines), "reason": reason})
    return fid


def decide_refund(uow: UnitOfWork, actor: Actor, *, refund_id: int, approve: bool, note: str, refund_on: date) -> None:
    """审批退缴: the applicant cannot approve; approval posts the reversal (Dr 201 / Cr 101) and member rows."""
    conn = uow.conn
    case = REFUND.take(uow, actor, refund_id, "approve" if approve else "reject")
    ref = case.row
    values = {"decided_at": uow.now(), "decided_by": actor.username, "decision_note": note}
    if not approve:
        case.move(note=note, **values)
        return
    rem = _get(conn, ref.remittance_id)
    movements.check_open(conn, refund_on)
    line_ids = json.loads(ref.line_ids_json)
    _check_refund_leaves_reservations(conn, line_ids)
    posted = ledger.post(uow, actor, Posting(
        key=f"refund:{refund_id}", voucher_date=refund_on, kind="deposit.refund", summary=f"退缴 {rem.no}：{ref.reason}",
        ref_type="refund", ref_id=str(refund_id),
        lines=[Line.dr("201", ref.amount, summary="退缴冲减职工个人账户", subledger="member", subledger_ref=rem.no),
               Line.cr(bank_subaccount("101", rem.bank_code), ref.amount, summary="退缴划回单位")]),
        check_permission=False)
    conn.execute(update(remittance_line).where(remittance_line.c.id.in_(line_ids)).values(refund_id=refund_id))
    _post_refund_rows(uow, rem, line_ids, refund_id, posted.id, refund_on)
    case.move(note=note, refund_on=refund_on, voucher_id=posted.id, audit_after={"voucher": posted.label,
                                                                                "amount": ref.amount}, **values)


def _check_refund_leaves_reservations(conn: Connection, line_ids: list[int]) -> None:
    """A refund may not take money that withdrawals in progress hold (受理后占用的金额): every account it touches
    must keep its reservations covered. All accounts short are named at once; nothing is posted."""
    by_account: dict[int, int] = {}
    for acct_id, amount in conn.execute(select(remittance_line.c.account_id, remittance_line.c.amount)
                                        .where(remittance_line.c.id.in_(line_ids))).all():
        by_account[acct_id] = by_account.get(acct_id, 0) + amount
    problems = []
    for row in registry.lock_balances(conn, by_account):
        hold = reservations.held(conn, row.id)
        if hold.amount and row.balance - by_account[row.id] < hold.amount:
            problems.append(Problem.of(
                DepositError.REFUND_LEAVES_RESERVATIONS, field="职工账号", account_no=row.account_no,
                balance=format_yuan(row.balance), amount=format_yuan(by_account[row.id]), count=hold.count,
                held=format_yuan(hold.amount)))
    if problems:
        raise ValidationFailed(problems)


def _post_refund_rows(uow: UnitOfWork, rem, line_ids: list[int], refund_id: int, voucher_id: int, on: date) -> None:
    """Reversal rows (冲账标识 02) per line, balances down, paid-through back to the last month still paid."""
    conn = uow.conn
    lines = conn.execute(select(remittance_line).where(remittance_line.c.id.in_(line_ids))
                         .order_by(remittance_line.c.account_id, remittance_line.c.id)).all()
    for ln in lines:
        movements.move(uow, account_id=ln.account_id, amount=-ln.amount, day=on, type_=TxnType(rem.kind),
                       voucher_id=voucher_id,
             ref_type="refund", ref_id=refund_id, note="退缴", month=ln.month, reversal=True, allow_frozen=True,
             current_first=True)
    movements.recompute_paid_through(uow, [ln.account_id for ln in lines])
    if rem.kind == ListKind.REMIT.value and rem.employer_id is not None:
        live = select(remittance_line.c.id).where(remittance_line.c.remittance_id == remittance.c.id,
                                                  remittance_line.c.refund_id.is_(None)).exists()
        last = conn.execute(select(func.max(remittance.c.period_to)).where(
            remittance.c.employer_id == rem.employer_id, remittance.c.kind == ListKind.REMIT.value,
            remittance.c.status == RemittanceStatus.POSTED.value,
            live)).scalar()
        movements.set_employer_paid_through(uow, rem.employer_id, last)


# --------------------------------------------------------------------------------------------- deferral


DEFERRAL_DOCUMENTS = ("缓缴（降低比例）申请书", "职工代表大会或工会讨论通过的决议", "单位经营困难的证明材料（财务报表等）")


def apply_deferral(uow: UnitOfWork, actor: Actor, *, employer_id: int, kind: str, period_from: int, period_to: int,
                   reason: str, documents: list[str], reduced_employer_ratio: Decimal | None = None,
                   reduced_member_ratio: Decimal | None = None, as_of: date) -> int:
    """缓缴 / 降低比例 application with the documents the law asks for (Art. 20)."""
    require(actor, P.DEFERRAL_APPLY)
    scope_employer(actor, employer_id)
    conn = uow.conn
    emp = registry.get_employer(conn, employer_id)
    problems = []
    if kind not in tuple(DeferralKind):
        problems.append(Problem.of(DepositError.DEFERRAL_KIND, field="类型"))
    missing = [d for d in DEFERRAL_DOCUMENTS if d not in documents]
    for d in missing:
        problems.append(Problem.of(DepositError.DEFERRAL_DOCUMENT_MISSING, field="申请材料", document=d))
    if period_to < period_from:
        problems.append(Problem.of(DepositError.PERIOD_END_BEFORE_START, field="期间"))
    elif len(month_range(period_from, period_to)) > 12:
        problems.append(Problem.of(DepositError.DEFERRAL_TOO_LONG, field="期间"))
    if not reason.strip():
        problems.append(Problem.of(DepositError.DEFERRAL_REASON_REQUIRED, field="理由"))
    if kind == DeferralKind.REDUCE:
        policy = load_store(conn).at(first_day(period_from))
        if reduced_employer_ratio is None or reduced_member_ratio is None:
            problems.append(Problem.of(DepositError.REDUCED_RATIOS_REQUIRED, field="比例"))
        else:
            floor = policy.deposit.reduced_ratio_min
            for value, label in ((reduced_employer_ratio, "单位"), (reduced_member_ratio, "个人")):
                if value < floor:
                    problems.append(Problem.of(DepositError.REDUCED_RATIO_BELOW_FLOOR, field="比例", label=label,
                                               floor=format_ratio(floor)))
            if reduced_employer_ratio >= emp.employer_ratio and reduced_member_ratio >= emp.member_ratio:
                problems.append(Problem.of(DepositError.REDUCED_RATIOS_NOT_LOWER, field="比例"))
    if problems:
        raise ValidationFailed(problems, summary="缓缴（降低比例）申请有误")
    did = conn.execute(insert(deferral).values(
        employer_id=employer_id, kind=kind, period_from=period_from, period_to=period_to,
        reduced_employer_ratio=reduced_employer_ratio, reduced_member_ratio=reduced_member_ratio,
        documents_json=json.dumps(documents, ensure_ascii=False), reason=reason, status=DeferralStatus.APPLIED.value,
        applied_at=uow.now(), applied_by=actor.username).returning(deferral.c.id)).scalar_one()
    DEFERRAL.open(uow, actor, DEFERRAL.lock(conn, did),
                  audit_after={"employer_id": employer_id, "kind": kind, "from": period_from, "to": period_to})
    return did


def decide_deferral(uow: UnitOfWork, actor: Actor, *, deferral_id: int, approve: bool, approval_no: str, note: str,
                    as_of: date) -> None:
    """Approval after the committee's decision: 缓缴 marks the employer deferred; 降低比例 applies the ratios."""
    case = DEFERRAL.take(uow, actor, deferral_id, "approved" if approve else "rejected")
    d = case.row
    if approve and not approval_no.strip():
        raise ValidationFailed([Problem.of(DepositError.DEFERRAL_APPROVAL_NO_REQUIRED, field="批复文号")])
    case.move(note=note, decided_at=uow.now(), decided_by=actor.username, approval_no=approval_no,
              decision_note=note, audit_after={"approval_no": approval_no})
    if not approve:
        return
    system = actor
    if d.kind == DeferralKind.DEFER:
        movements.defer_employer(uow, employer_id=d.employer_id, day=as_of, period_from=d.period_from,
                                 period_to=d.period_to)
    else:
        _apply_ratios(uow, system, d.employer_id, d.reduced_employer_ratio, d.reduced_member_ratio, d.period_from,
                      as_of)


def _apply_ratios(uow: UnitOfWork, actor: Actor, employer_id: int, er: Decimal, mr: Decimal, from_month: int,
                  as_of: date) -> None:
    """Set an employer's ratios from a month without the policy-window check (an approved reduction)."""
    registry.apply_approved_ratios(uow, employer_id=employer_id, employer_ratio=er, member_ratio=mr,
                                   from_month=from_month, as_of=as_of, note="降低缴存比例")


def end_deferrals(uow: UnitOfWork, actor: Actor, *, as_of: date) -> int:
    """Daily job: deferrals whose last month has passed end; a deferred employer is normal again, reduced
    ratios return to the employer's previous ones."""
    require(actor, P.DEFERRAL_DECIDE)
    conn = uow.conn
    now = month_of(as_of)
    ended = conn.execute(select(deferral).where(deferral.c.status == DeferralStatus.APPROVED.value,
                                                deferral.c.period_to < now)
                         .order_by(deferral.c.id)).all()
    done = 0
    for d in ended:
        # the claim (the flow's system transition): a concurrent runner's update waits for this one, then finds
        # the status changed and skips it
        if not DEFERRAL.move(uow, actor, d, action="end", on=as_of, claim=True, audit_after={"as_of": as_of}):
            continue
        done += 1
        if d.kind == DeferralKind.DEFER:
            movements.end_employer_deferral(uow, employer_id=d.employer_id, day=as_of)
        else:
            prev = reg_queries.ratios_before(conn, d.employer_id, d.period_from)
            if prev is not None:
                _apply_ratios(uow, actor, d.employer_id, prev.employer_ratio, prev.member_ratio,
                              add_months(d.period_to, 1), as_of)
    return done


# --------------------------------------------------------------------------------------------- base adjustment


BASE_COLUMNS = ["姓名", "证件号码", "缴存基数"]


def read_base_adjustment(data: bytes, filename: str, *, limits: UploadLimits) -> SheetRows:
    """A 基数调整表 read whole within the upload limits (before a transaction opens)."""
    return read_table(data, filename, required=BASE_COLUMNS, aliases={"身份证号码": "证件号码", "基数": "缴存基数",
                                                                      "新缴存基数": "缴存基数"}, limits=limits).load()


def import_base_adjustment(uow: UnitOfWork, actor: Actor, *, employer_id: int, year: int, data: bytes,
                           filename: str, as_of: date, table: SheetRows | None = None) -> int:
    """年度基数调整: new bases from July 1 of ``year``, checked against that policy year's bounds; all or nothing."""
    from anju.core.sheets import CellError, cell_money, cell_text

    require(actor, P.BASE_ADJUST)
    scope_employer(actor, employer_id)
    conn = uow.conn
    registry.get_employer(conn, employer_id, lock=True)
    from_month = year * 100 + 7
    policy = load_store(conn).at(date(year, 7, 1))
    limits = upload_limits(conn, as_of)
    sheet = table if table is not None else read_base_adjustment(data, filename, limits=limits)
    if sheet.problems:
        raise ValidationFailed(sheet.problems, summary="基数调整表无法读取")
    members = _members(conn, employer_id)
    problems, changes, seen = [], [], {}
    for row_no, cells in sheet.rows():
        raw = cells["证件号码"]
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            problems.append(Problem.of(DepositError.ID_NUMBER_NUMERIC, field="证件号码", row=row_no))
            continue
        m = members.get(cell_text(raw).upper())
        if m is None or m.status != AccountStatus.NORMAL.value:
            problems.append(Problem.of(DepositError.NOT_A_MEMBER, field="证件号码", row=row_no))
            continue
        if cell_text(cells["姓名"]) != m.name:
            problems.append(Problem.of(DepositError.NAME_DIFFERS, field="姓名", row=row_no, registered=m.name))
        if m.id_number in seen:
            problems.append(Problem.of(DepositError.ROW_TWICE, field="证件号码", row=row_no, seen=seen[m.id_number]))
        seen[m.id_number] = row_no
        try:
            base = cell_money(cells["缴存基数"])
        except CellError as exc:
            problems.append(Problem.from_error(exc, field="缴存基数", row=row_no))
            continue
        problems += reg_rules.check_base(base, policy, row=row_no)
        changes.append((m.account_id, base))
    if not changes and not problems:
        problems.append(Problem.of(DepositError.TABLE_NO_ROWS))
    if problems:
        raise ValidationFailed(cap_problems(problems, limits.max_problems),
                               summary=f"基数调整表有{len(problems)}处错误，未受理")
    for account_id, base in changes:
        registry.change_base(uow, actor, account_id=account_id, base=base, from_month=from_month, as_of=as_of,
                             reason=f"{year}年度基数调整")
    audit.record(uow, actor, action="deposit.base_adjust", entity_type="employer", entity_id=employer_id,
                 after={"year": year, "members": len(changes), "file": filename})
    return len(changes)


# --------------------------------------------------------------------------------------------- flexible workers


def quote_flexible(conn: Connection, actor: Actor, *, account_id: int, months: int, as_of: date,
                   lock: bool = False) -> list[ListLine]:
    """The months a flexible worker's payment would cover and their amounts (the confirmation screen shows it)."""
    require(actor, P.FLEXIBLE_PAY)
    acct = registry.get_account(conn, account_id, lock=lock)
    if acct.kind != AccountKind.FLEXIBLE.value:
        raise AnjuError(DepositError.NOT_FLEXIBLE)
    if acct.status != AccountStatus.NORMAL.value:
        raise AnjuError(DepositError.FLEXIBLE_STATUS, status=AccountStatus(acct.status).label)
    if not 1 <= months <= 12:
        raise ValidationFailed([Problem.of(DepositError.FLEXIBLE_MONTHS, field="月数")])
    start = acct.terms_from if acct.paid_through is None else max(add_months(acct.paid_through, 1), acct.terms_from)
    policy = load_store(conn).at(as_of)
    lines = []
    for i, month in enumerate(month_range(start, add_months(start, months - 1)), start=1):
        terms = registry.terms_for_month(conn, account_id, month)
        lines.append(ListLine(i, account_id, month, terms.base, 0,
                              reg_rules.monthly_amount(terms.base, terms.member_ratio, policy)))
    return lines


def pay_flexible(uow: UnitOfWork, actor: Actor, *, account_id: int, months: int, paid_on: date, receipt_no: str,
                 bank_code: str, as_of: date) -> Submitted:
    """灵活就业人员缴存: one month or a lump sum of several months from the next month due, posted at once."""
    lines = quote_flexible(uow.conn, actor, account_id=account_id, months=months, as_of=as_of, lock=True)
    rid, no = _create(uow, actor, emp_id=None, acct_id=account_id, bank_code=bank_code, kind=ListKind.REMIT,
                      reason="flexible", period_from=lines[0].month, period_to=lines[-1].month, source="flexible",
                      lines=lines)
    total = sum(ln.amount for ln in lines)
    audit.record(uow, actor, action="deposit.flexible.pay", entity_type="remittance", entity_id=rid,
                 after={"account_id": account_id, "months": months, "total": total})
    confirm_payment(uow, actor, remittance_id=rid, paid_on=paid_on, receipt_no=receipt_no, amount=total)
    return Submitted(rid, no, total, len(lines))


def lists_of(conn: Connection, *, employer_id: int | None = None, status: str | None = None, limit: int = 100):
    q = select(remittance).order_by(remittance.c.id.desc()).limit(limit)
    conds = []
    if employer_id is not None:
        conds.append(remittance.c.employer_id == employer_id)
    if status:
        conds.append(remittance.c.status == status)
    if conds:
        q = q.where(and_(*conds))
    return conn.execute(q).all()
