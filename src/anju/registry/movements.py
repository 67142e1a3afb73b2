"""The registry's movements API: the ONE writer of account state (issue 18).

An account's balance and its split (上年结转 / 当年归集), 积数 (``jishu``/``jishu_rated``/``accrued_day``), status,
缴至年月 and first month paid, and the member rows (``member_txn``) that explain them, are written here and
nowhere else — withdrawals, transfers, refunds, interest settlement, contribution posting and deferrals call
these functions (tests/registry/test_single_writer.py keeps other areas from writing the tables). One place
therefore keeps the member row, the split, 积数 and the open interest year (``guard``) consistent; the caller
posts the voucher (whose 201 line must equal the rows written here).

One account at a time: :func:`move` (money in or out), :func:`settle_interest` (interest to the day),
:func:`close_account` / :func:`reopen_account`, :func:`recompute_paid_through` (after a reversal).

Batches, set-based (one ``INSERT … SELECT`` into ``member_txn`` and one ``UPDATE … FROM`` on ``account``, never a
Python loop over members): :func:`post_contributions` takes the caller's rows as SQL (:class:`Contributions`,
over the caller's own tables) and :func:`credit_interest` a settlement chunk (:class:`Credits`); the employer's
side of a batch: :func:`advance_employers_paid_through`, :func:`set_employer_paid_through`,
:func:`defer_employer`, :func:`end_employer_deferral`.

Withdrawals take 上年结转 first, then 当年归集 (the split matters for the interest of older systems and for
the statistics that report withdrawals by source).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, FromClause, case, func, insert, literal, select, update

from anju.core import faults
from anju.core.errors import AnjuError
from anju.core.money import format_yuan
from anju.db.uow import UnitOfWork
from anju.policy.store import load_store
from anju.registry import guard
from anju.registry.accrual import accrual_values, accrue_one, year_spans
from anju.registry.codes import AccountStatus, EmployerStatus, TxnType
from anju.registry.errors import RegistryError
from anju.registry.guard import check_open
from anju.registry.service import get_account
from anju.registry.tables import account, employer, member_txn

__all__ = ["Contributions", "Credits", "Moved", "advance_employers_paid_through", "check_open", "close_account",
           "credit_interest", "defer_employer", "end_employer_deferral", "move", "post_contributions",
           "recompute_paid_through", "reopen_account", "set_employer_paid_through", "settle_interest"]


@dataclass(frozen=True)
class Moved:
    txn_id: int
    balance_after: int
    from_prior: int
    from_current: int


def move(uow: UnitOfWork, *, account_id: int, amount: int, day: date, type_: TxnType, voucher_id: int | None,
         ref_type: str, ref_id: int, note: str = "", reason: str | None = None, month: int | None = None,
         reversal: bool = False, allow_frozen: bool = False, current_first: bool = False) -> Moved:
    """Add ``amount`` (negative for money out) to an account on ``day``; refuses an overdraft or a frozen payout.

    ``current_first`` takes money out of 当年归集 before 上年结转 (a refund of this year's contribution).
    """
    conn = uow.conn
    guard.check_open(conn, day)
    acct = get_account(conn, account_id, lock=True)
    if amount < 0 and acct.frozen and not allow_frozen:
        raise AnjuError(RegistryError.ACCOUNT_FROZEN_NO_DEBIT, account_no=acct.account_no,
                        freeze_reason=acct.freeze_reason)
    if acct.balance + amount < 0:
        raise AnjuError(RegistryError.BALANCE_INSUFFICIENT, account_no=acct.account_no,
                        balance=format_yuan(acct.balance), amount=format_yuan(-amount))
    if amount >= 0:
        from_prior, from_current = 0, amount
    else:
        out = -amount
        if current_first:
            take_current = min(out, acct.current_balance)
            from_prior, from_current = -(out - take_current), -take_current
        else:
            take_prior = min(out, acct.prior_balance)
            from_prior, from_current = -take_prior, -(out - take_prior)
    spans = year_spans(load_store(conn), day)
    jishu, rated, accrued = accrue_one(jishu=acct.jishu, jishu_rated=acct.jishu_rated, accrued_day=acct.accrued_day,
                                       balance=acct.balance, amount=amount, day=day.toordinal(), spans=spans)
    balance = acct.balance + amount
    txn_id = conn.execute(insert(member_txn).values(
        account_id=account_id, employer_id=acct.employer_id, txn_date=day, type=type_.value, amount=amount,
        current_amount=from_current, prior_amount=from_prior, interest_amount=0, month=month, reason=reason,
        entry_flag="02" if reversal else "01", voucher_id=voucher_id, ref_type=ref_type, ref_id=ref_id,
        balance_after=balance, note=note[:200] or None).returning(member_txn.c.id)).scalar_one()
    conn.execute(update(account).where(account.c.id == account_id).values(
        balance=balance, prior_balance=acct.prior_balance + from_prior,
        current_balance=acct.current_balance + from_current, jishu=jishu, jishu_rated=rated, accrued_day=accrued,
        updated_at=uow.now()))
    return Moved(txn_id, balance, from_prior, from_current)


def close_account(uow: UnitOfWork, *, account_id: int, status: AccountStatus, day: date) -> str:
    """Close an emptied account (提取销户 05, 外部转出销户 04 …); returns the status it had, for a later undo."""
    acct = get_account(uow.conn, account_id, lock=True)
    if acct.balance != 0:
        raise AnjuError(RegistryError.BALANCE_NOT_ZERO, account_no=acct.account_no,
                        balance=format_yuan(acct.balance))
    if not status.closed:
        raise ValueError(f"{status} is not a closed status")
    uow.conn.execute(update(account).where(account.c.id == account_id).values(
        status=status.value, status_date=day, closed_on=day, updated_at=uow.now()))
    return acct.status


def reopen_account(uow: UnitOfWork, *, account_id: int, status: AccountStatus, day: date) -> None:
    """Undo a closing (the withdrawal that closed it was reversed): the account takes its earlier status back."""
    uow.conn.execute(update(account).where(account.c.id == account_id).values(
        status=status.value, status_date=day, closed_on=None, updated_at=uow.now()))


def settle_interest(uow: UnitOfWork, *, account_id: int, day: date, interest: int, accrued_day: int,
                    voucher_id: int | None, note: str) -> None:
    """Interest settled to the day on one account (销户/转出结息): a member row for ``interest`` (when any), the
    interest to 当年归集, 积数 back to zero as of ``accrued_day``. The caller computed the interest (anju.interest)
    and checked the open year."""
    conn = uow.conn
    acct = get_account(conn, account_id, lock=True)
    if interest:
        conn.execute(insert(member_txn).values(
            account_id=account_id, employer_id=acct.employer_id, txn_date=day, type=TxnType.INTEREST.value,
            amount=interest, current_amount=interest, prior_amount=0, interest_amount=interest, entry_flag="01",
            voucher_id=voucher_id, ref_type="account", ref_id=account_id, balance_after=acct.balance + interest,
            note=note))
    conn.execute(update(account).where(account.c.id == account_id).values(
        balance=acct.balance + interest, current_balance=acct.current_balance + interest, jishu=0, jishu_rated=0,
        accrued_day=accrued_day, updated_at=uow.now()))


def recompute_paid_through(uow: UnitOfWork, account_ids: list[int]) -> None:
    """缴至年月 back to the latest month whose 汇缴/补缴 rows still net above zero (after a reversal)."""
    conn = uow.conn
    for account_id in sorted(set(account_ids)):
        sub = (select(member_txn.c.month, func.sum(member_txn.c.amount).label("net"))
               .where(member_txn.c.account_id == account_id,
                      member_txn.c.type.in_((TxnType.REMIT.value, TxnType.BACK_PAY.value)))
               .group_by(member_txn.c.month).subquery())
        last = conn.execute(select(func.max(sub.c.month)).where(sub.c.net > 0)).scalar()
        conn.execute(update(account).where(account.c.id == account_id).values(paid_through=last))


# --------------------------------------------------------------------------------------------- batches


@dataclass(frozen=True)
class Contributions:
    """Money in on many accounts on one day (汇缴/补缴 lines), as SQL over the caller's own tables; nothing runs
    until :func:`post_contributions`.

    The member rows are ``source`` filtered by ``where``, one per row, with the columns named here (``order``
    orders an account's rows for their running balance). ``totals`` is one row per account over the same rows,
    with the columns ``account_id``, ``s`` (Σ amount), ``mx`` and ``mn`` (latest and earliest month).
    """

    source: FromClause
    where: ColumnElement
    account_id: ColumnElement
    employer_id: ColumnElement
    type: ColumnElement
    amount: ColumnElement
    month: ColumnElement
    voucher_id: ColumnElement
    ref_type: str
    ref_id: ColumnElement
    order: tuple
    totals: FromClause


def post_contributions(uow: UnitOfWork, rows: Contributions, *, day: date, checkpoint: str | None = None) -> None:
    """Post a batch of contributions dated ``day``: the member rows by one INSERT … SELECT (each with its running
    balance), then each account by one UPDATE … FROM — 积数 first takes the old balance up to the day, the money
    goes to 当年归集, 缴至年月 and the first month paid move with the months paid. ``checkpoint`` names the fault
    point between the two statements (tests crash there)."""
    conn = uow.conn
    guard.check_open(conn, day)
    acc = account.alias("a")
    running = func.sum(rows.amount).over(partition_by=rows.account_id, order_by=rows.order)
    source = (select(rows.account_id, rows.employer_id, literal(day).label("txn_date"), rows.type.label("type"),
                     rows.amount, rows.amount.label("current_amount"), literal(0).label("prior_amount"),
                     literal(0).label("interest_amount"), rows.month, literal("01").label("entry_flag"),
                     rows.voucher_id, literal(rows.ref_type).label("ref_type"), rows.ref_id.label("ref_id"),
                     (acc.c.balance + running).label("balance_after"))
              .select_from(rows.source.join(acc, acc.c.id == rows.account_id))
              .where(rows.where))
    conn.execute(insert(member_txn).from_select(
        ["account_id", "employer_id", "txn_date", "type", "amount", "current_amount", "prior_amount",
         "interest_amount", "month", "entry_flag", "voucher_id", "ref_type", "ref_id", "balance_after"], source))
    if checkpoint:
        faults.reached(checkpoint)
    agg = rows.totals
    a = account.c
    spans = year_spans(load_store(conn), day)
    conn.execute(update(account).where(a.id == agg.c.account_id).values(
        **accrual_values(a, agg.c.s, day.toordinal(), spans),
        balance=a.balance + agg.c.s,
        current_balance=a.current_balance + agg.c.s,
        paid_through=case((a.paid_through.is_(None) | (agg.c.mx > a.paid_through), agg.c.mx), else_=a.paid_through),
        first_paid=case((a.first_paid.is_(None) | (agg.c.mn < a.first_paid), agg.c.mn), else_=a.first_paid),
        updated_at=uow.now()))


@dataclass(frozen=True)
class Credits:
    """One amount per account, as SQL over the caller's own table: ``source`` filtered by ``where``, the account
    in ``account_id``, the amount in ``amount`` (nothing runs until a movements function takes it)."""

    source: FromClause
    where: ColumnElement
    account_id: ColumnElement
    amount: ColumnElement


def credit_interest(uow: UnitOfWork, rows: Credits, *, day: date, voucher_id: int | None, ref_type: str,
                    ref_id: int, note: str, accrued_day: int, checkpoint: str | None = None) -> None:
    """年终结息 of a chunk of accounts: a member row for every non-zero interest, then every account of the
    chunk (interest or not) takes its interest, rolls 当年归集 into 上年结转 and starts 积数 again at
    ``accrued_day`` (the first day of the next interest year). The settlement itself closes the year, so the
    open-year guard is not asked here."""
    conn = uow.conn
    a = account.c
    conn.execute(insert(member_txn).from_select(
        ["account_id", "employer_id", "txn_date", "type", "amount", "current_amount", "prior_amount",
         "interest_amount", "entry_flag", "voucher_id", "ref_type", "ref_id", "balance_after", "note"],
        select(a.id, a.employer_id, literal(day), literal(TxnType.INTEREST.value), rows.amount, literal(0),
               rows.amount, rows.amount, literal("01"), literal(voucher_id), literal(ref_type), literal(ref_id),
               a.balance + rows.amount, literal(note))
        .select_from(rows.source.join(account, account.c.id == rows.account_id))
        .where(rows.where, rows.amount > 0)))
    if checkpoint:
        faults.reached(checkpoint)
    conn.execute(update(account).where(a.id == rows.account_id, rows.where).values(
        balance=a.balance + rows.amount, prior_balance=a.prior_balance + a.current_balance + rows.amount,
        current_balance=0, jishu=0, jishu_rated=0, accrued_day=accrued_day))


def advance_employers_paid_through(uow: UnitOfWork, per_employer: FromClause) -> None:
    """Employers' 缴至年月 up to the latest month posted: ``per_employer`` has ``employer_id`` and ``mx``."""
    emp = per_employer
    uow.conn.execute(update(employer).where(employer.c.id == emp.c.employer_id).values(
        paid_through=case((employer.c.paid_through.is_(None) | (emp.c.mx > employer.c.paid_through), emp.c.mx),
                          else_=employer.c.paid_through),
        updated_at=uow.now()))


def set_employer_paid_through(uow: UnitOfWork, employer_id: int, month: int | None) -> None:
    """An employer's 缴至年月 set back (a refunded 汇缴 list)."""
    uow.conn.execute(update(employer).where(employer.c.id == employer_id).values(paid_through=month))


def defer_employer(uow: UnitOfWork, *, employer_id: int, day: date, period_from: int, period_to: int) -> None:
    """An approved 缓缴: the employer is deferred from ``day``, and each contributing member gets a 缓缴 row."""
    conn = uow.conn
    note = f"缓缴{period_from}-{period_to}"
    conn.execute(update(employer).where(employer.c.id == employer_id).values(
        status=EmployerStatus.DEFERRED.value, status_date=day, status_reason=note, updated_at=uow.now()))
    conn.execute(insert(member_txn).from_select(
        ["account_id", "employer_id", "txn_date", "type", "amount", "current_amount", "prior_amount",
         "interest_amount", "entry_flag", "balance_after", "note"],
        select(account.c.id, account.c.employer_id, literal(day), literal(TxnType.DEFERRAL.value), literal(0),
               literal(0), literal(0), literal(0), literal("01"), account.c.balance, literal(note))
        .where(account.c.employer_id == employer_id, account.c.status == AccountStatus.NORMAL.value)))


def end_employer_deferral(uow: UnitOfWork, *, employer_id: int, day: date) -> None:
    """缓缴期满: a deferred employer is normal again."""
    uow.conn.execute(update(employer).where(employer.c.id == employer_id,
                                            employer.c.status == EmployerStatus.DEFERRED.value)
                     .values(status=EmployerStatus.NORMAL.value, status_date=day, status_reason="缓缴期满",
                             updated_at=uow.now()))
