"""Read side of the ledger: balances, trial balance, vouchers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, and_, func, select

from anju.ledger.chart import AccountClass
from anju.ledger.tables import DEFAULT_BOOK, accounting_period, gl_account, ledger_book, voucher, voucher_line


@dataclass(frozen=True)
class AccountTotals:
    code: str
    name: str
    cls: AccountClass
    parent: str | None
    is_leaf: bool
    debit: int
    credit: int

    @property
    def balance(self) -> int:
        """Balance in the account's normal direction (assets and expenses debit, others credit)."""
        return self.debit - self.credit if self.cls.debit_normal else self.credit - self.debit

    @property
    def side(self) -> str:
        net = self.debit - self.credit
        return "平" if net == 0 else ("借" if net > 0 else "贷")


def _line_totals(conn: Connection, *, as_of: date | None, start: date | None = None) -> dict[str, tuple[int, int]]:
    q = (select(voucher_line.c.account_code, func.coalesce(func.sum(voucher_line.c.debit), 0),
                func.coalesce(func.sum(voucher_line.c.credit), 0))
         .select_from(voucher_line.join(voucher, voucher.c.id == voucher_line.c.voucher_id))
         .group_by(voucher_line.c.account_code))
    if as_of is not None:
        q = q.where(voucher.c.voucher_date <= as_of)
    if start is not None:
        q = q.where(voucher.c.voucher_date >= start)
    return {code: (int(d), int(c)) for code, d, c in conn.execute(q)}


def trial_balance(conn: Connection, *, as_of: date | None = None, start: date | None = None,
                  book: str = DEFAULT_BOOK) -> list[AccountTotals]:
    """Every account of one book with its debit and credit totals; parents roll up their sub-accounts."""
    accounts = conn.execute(select(gl_account).where(gl_account.c.book == book).order_by(gl_account.c.code)).all()
    totals = _line_totals(conn, as_of=as_of, start=start)
    children: dict[str, list[str]] = {}
    for a in accounts:
        if a.parent_code:
            children.setdefault(a.parent_code, []).append(a.code)

    def roll(code: str) -> tuple[int, int]:
        d, c = totals.get(code, (0, 0))
        for child in children.get(code, []):
            cd, cc = roll(child)
            d, c = d + cd, c + cc
        return d, c

    out = []
    for a in accounts:
        d, c = roll(a.code)
        out.append(AccountTotals(a.code, a.name, AccountClass(a.cls), a.parent_code, bool(a.is_leaf), d, c))
    return out


def _snapshot_days(conn: Connection) -> dict[str, list[tuple[date, str, int]]] | None:
    """Inside a statistics snapshot (`indicators.catalogue.snapshot`): the ledger summed by account, day and voucher
    kind, read once and shared by every balance and movement the report asks for (a report asks dozens; a
    centre of a million members has a few hundred thousand voucher lines a year). None outside a snapshot."""
    from anju.indicators.catalogue import active, shared

    if not active():
        return None

    def read() -> dict[str, list[tuple[date, str, int]]]:
        out: dict[str, list[tuple[date, str, int]]] = {}
        q = (select(voucher_line.c.account_code, voucher.c.voucher_date, voucher.c.kind,
                    func.sum(voucher_line.c.debit - voucher_line.c.credit))
             .select_from(voucher_line.join(voucher, voucher.c.id == voucher_line.c.voucher_id))
             .group_by(voucher_line.c.account_code, voucher.c.voucher_date, voucher.c.kind))
        for code, day, kind, net in conn.execute(q):
            out.setdefault(code, []).append((day, kind, int(net or 0)))
        return out

    return shared(("ledger.days",), read)


def _days_net(days: dict[str, list[tuple[date, str, int]]], prefix: str, *, start: date | None = None,
              end: date | None = None, exclude_kinds: tuple[str, ...] = ()) -> dict[str, int]:
    """Σ(debit − credit) per account under ``prefix`` (as ``LIKE 'prefix%'``) with a line on a day in
    [start, end) (either bound open), without the given voucher kinds."""
    out: dict[str, int] = {}
    for code, rows in days.items():
        if not code.startswith(prefix):
            continue
        hits = [v for d, k, v in rows if (start is None or d >= start) and (end is None or d < end)
                and k not in exclude_kinds]
        if hits:
            out[code] = sum(hits)
    return out


def account_balance(conn: Connection, code: str, *, as_of: date | None = None) -> int:
    """Balance of an account and all its sub-accounts, in its normal direction, as of a date."""
    cls = AccountClass(conn.execute(select(gl_account.c.cls).where(gl_account.c.code == code)).scalar_one())
    days = _snapshot_days(conn)
    if days is not None:
        end = None if as_of is None else date.fromordinal(as_of.toordinal() + 1)
        net = sum(_days_net(days, code, end=end).values())
    else:
        q = (select(func.coalesce(func.sum(voucher_line.c.debit - voucher_line.c.credit), 0))
             .select_from(voucher_line.join(voucher, voucher.c.id == voucher_line.c.voucher_id))
             .where(voucher_line.c.account_code.like(f"{code}%")))
        if as_of is not None:
            q = q.where(voucher.c.voucher_date <= as_of)
        net = int(conn.execute(q).scalar_one())
    return net if cls.debit_normal else -net


# ------------------------------------------------------------------ for other areas' checks and indicators


def voucher_heads():
    """A subquery of every voucher's head: (id, voucher_date, period, number, kind, idempotency_key), for SQL
    that must find the voucher a row of another area refers to (outer-join it on ``id``)."""
    v = voucher.c
    return select(v.id, v.voucher_date, v.period, v.number, v.kind, v.idempotency_key).subquery("voucher_heads")


def account_by_voucher(code: str, *, subledger: str | None = None, net: bool = False):
    """A subquery of (voucher_id, amount): per voucher, Σ credit of the lines on account ``code`` exactly (not
    its sub-accounts) — with ``net``, Σ(credit − debit); with ``subledger``, only the lines of that sub-ledger.
    For checks that compare another area's rows with what the ledger posted."""
    amount = voucher_line.c.credit - voucher_line.c.debit if net else voucher_line.c.credit
    q = (select(voucher_line.c.voucher_id, func.sum(amount).label("amount"))
         .where(voucher_line.c.account_code == code).group_by(voucher_line.c.voucher_id))
    if subledger is not None:
        q = q.where(voucher_line.c.subledger == subledger)
    return q.subquery("account_by_voucher")


def lines_of(prefix: str, *, start: date, end: date, exclude_kinds: tuple[str, ...] = ()):
    """A select of the voucher lines on an account and its sub-accounts (``prefix``) dated in [start, end),
    without the given voucher kinds, in date order: (voucher_date, period, number, account_code, name — the
    account's —, summary — the line's, else the voucher's —, debit, credit). For an indicator's detail list."""
    return (select(voucher.c.voucher_date, voucher.c.period, voucher.c.number, voucher_line.c.account_code,
                   gl_account.c.name, func.coalesce(voucher_line.c.summary, voucher.c.summary).label("summary"),
                   voucher_line.c.debit, voucher_line.c.credit)
            .select_from(voucher_line.join(voucher, voucher.c.id == voucher_line.c.voucher_id)
                         .join(gl_account, gl_account.c.code == voucher_line.c.account_code))
            .where(voucher_line.c.account_code.like(f"{prefix}%"), voucher.c.voucher_date >= start,
                   voucher.c.voucher_date < end, voucher.c.kind.not_in(exclude_kinds))
            .order_by(voucher.c.voucher_date, voucher.c.id, voucher_line.c.line_no, voucher_line.c.id))


def debits(conn: Connection, code: str, *, start: date, end: date) -> int:
    """Σ debit of the lines on account ``code`` exactly, dated in [start, end)."""
    return int(conn.execute(select(func.coalesce(func.sum(voucher_line.c.debit), 0))
                            .select_from(voucher_line.join(voucher, voucher.c.id == voucher_line.c.voucher_id))
                            .where(voucher_line.c.account_code == code, voucher.c.voucher_date >= start,
                                   voucher.c.voucher_date < end)).scalar_one())


def has_vouchers(conn: Connection, *, start: date, end: date, book: str = DEFAULT_BOOK) -> bool:
    """Whether any voucher of the book is dated in [start, end)."""
    return conn.execute(select(voucher.c.id).where(voucher.c.voucher_date >= start, voucher.c.voucher_date < end,
                                                   voucher.c.book == book)
                        .limit(1)).first() is not None


def closed_periods(conn: Connection, periods, *, book: str = DEFAULT_BOOK) -> set[int]:
    """Those of the book's accounting periods (yyyymm) that are closed."""
    return set(conn.execute(select(accounting_period.c.period).where(
        accounting_period.c.book == book,
        accounting_period.c.period.in_(list(periods)), accounting_period.c.status == "closed")).scalars())


def books(conn: Connection):
    """The account books (账套): (code, name, prefix), the provident fund's first."""
    return conn.execute(select(ledger_book.c.code, ledger_book.c.name, ledger_book.c.prefix)
                        .order_by((ledger_book.c.code != DEFAULT_BOOK), ledger_book.c.code)).all()


def subledger_balances(conn: Connection, account: str, subledger: str, *, as_of: date | None = None):
    """A subquery (subledger_ref, balance): per detail account of ``subledger`` on GL ``account`` exactly, its
    credit-normal balance (Σ credit − debit), optionally up to ``as_of``. For areas checking their detail rows."""
    q = (select(voucher_line.c.subledger_ref.label("ref"),
                func.sum(voucher_line.c.credit - voucher_line.c.debit).label("balance"))
         .select_from(voucher_line.join(voucher, voucher.c.id == voucher_line.c.voucher_id))
         .where(voucher_line.c.account_code == account, voucher_line.c.subledger == subledger)
         .group_by(voucher_line.c.subledger_ref))
    if as_of is not None:
        q = q.where(voucher.c.voucher_date <= as_of)
    return q.subquery("subledger_balances")


def voucher_with_lines(conn: Connection, voucher_id: int):
    head = conn.execute(select(voucher).where(voucher.c.id == voucher_id)).first()
    if head is None:
        return None, []
    lines = conn.execute(select(voucher_line, gl_account.c.name.label("account_name"))
                         .join(gl_account, gl_account.c.code == voucher_line.c.account_code)
                         .where(voucher_line.c.voucher_id == voucher_id)
                         .order_by(voucher_line.c.line_no)).all()
    return head, lines


def list_vouchers(conn: Connection, *, start: date | None = None, end: date | None = None,
                  kind: str | None = None, limit: int = 200, offset: int = 0, book: str | None = None):
    q = select(voucher).order_by(voucher.c.voucher_date.desc(), voucher.c.id.desc()).limit(limit).offset(offset)
    conds = [] if book is None else [voucher.c.book == book]
    if start is not None:
        conds.append(voucher.c.voucher_date >= start)
    if end is not None:
        conds.append(voucher.c.voucher_date < end)
    if kind:
        conds.append(voucher.c.kind == kind)
    if conds:
        q = q.where(and_(*conds))
    return conn.execute(q).all()


def voucher_totals(conn: Connection, voucher_ids: list[int]) -> dict[int, int]:
    """Total of the debit side of each voucher (equal to its credit side)."""
    if not voucher_ids:
        return {}
    rows = conn.execute(select(voucher_line.c.voucher_id, func.sum(voucher_line.c.debit))
                        .where(voucher_line.c.voucher_id.in_(voucher_ids)).group_by(voucher_line.c.voucher_id))
    return {vid: int(total) for vid, total in rows}


def reversed_by(conn: Connection, voucher_id: int):
    """The voucher that reverses this one, if any."""
    return conn.execute(select(voucher).where(voucher.c.reverses_id == voucher_id)).first()


def account_names(conn: Connection, codes) -> dict[str, str]:
    """Account code → its name in the centre's chart (per-bank sub-accounts carry the bank in their name)."""
    wanted = sorted({str(c) for c in codes if c})
    if not wanted:
        return {}
    return {code: name for code, name in conn.execute(
        select(gl_account.c.code, gl_account.c.name).where(gl_account.c.code.in_(wanted)))}


def leaf_accounts(conn: Connection):
    return conn.execute(select(gl_account.c.code, gl_account.c.name).where(gl_account.c.is_leaf.is_(True))
                        .order_by(gl_account.c.code)).all()


def movement(conn: Connection, prefix: str, *, start: date, end: date, exclude_kinds: tuple[str, ...] = ()) -> int:
    """Σ(debit − credit) of an account and its sub-accounts over [start, end), without the given voucher kinds."""
    days = _snapshot_days(conn)
    if days is not None:
        return sum(_days_net(days, prefix, start=start, end=end, exclude_kinds=exclude_kinds).values())
    q = (select(func.coalesce(func.sum(voucher_line.c.debit - voucher_line.c.credit), 0))
         .select_from(voucher_line.join(voucher, voucher.c.id == voucher_line.c.voucher_id))
         .where(voucher_line.c.account_code.like(f"{prefix}%"), voucher.c.voucher_date >= start,
                voucher.c.voucher_date < end))
    if exclude_kinds:
        q = q.where(voucher.c.kind.not_in(exclude_kinds))
    return int(conn.execute(q).scalar_one())


def movement_by_account(conn: Connection, prefix: str, *, start: date, end: date,
                        exclude_kinds: tuple[str, ...] = ()) -> dict[str, int]:
    days = _snapshot_days(conn)
    if days is not None:
        return _days_net(days, prefix, start=start, end=end, exclude_kinds=exclude_kinds)
    q = (select(voucher_line.c.account_code, func.sum(voucher_line.c.debit - voucher_line.c.credit))
         .select_from(voucher_line.join(voucher, voucher.c.id == voucher_line.c.voucher_id))
         .where(voucher_line.c.account_code.like(f"{prefix}%"), voucher.c.voucher_date >= start,
                voucher.c.voucher_date < end).group_by(voucher_line.c.account_code))
    if exclude_kinds:
        q = q.where(voucher.c.kind.not_in(exclude_kinds))
    return {code: int(v) for code, v in conn.execute(q)}


def debits_by_voucher(account_code: str):
    """Each voucher's debit total on one GL account: a subquery (voucher_id, debit) for other areas' checks to
    join on ``voucher_id`` (e.g. a payment file's 201 debit)."""
    return (select(voucher_line.c.voucher_id, func.sum(voucher_line.c.debit).label("debit"))
            .where(voucher_line.c.account_code == account_code).group_by(voucher_line.c.voucher_id)
            .subquery("debits_by_voucher"))


# ------------------------------------------------------------------ for bank reconciliation (anju.settle)


def subaccount_lines(code: str, *, start: date | None = None, end: date | None = None):
    """A select of the voucher lines on account ``code`` exactly (a 专户's sub-account 101xx), dated in [start, end]
    where given: (id — the line's —, voucher_id, voucher_date, amount = debit − credit, idempotency_key, ref_type,
    ref_id, reverses_id, summary — the line's, else the voucher's —). What bank reconciliation matches statement
    lines against."""
    q = (select(voucher_line.c.id, voucher_line.c.voucher_id, voucher.c.voucher_date,
                (voucher_line.c.debit - voucher_line.c.credit).label("amount"), voucher.c.idempotency_key,
                voucher.c.ref_type, voucher.c.ref_id, voucher.c.reverses_id,
                func.coalesce(voucher_line.c.summary, voucher.c.summary).label("summary"))
         .select_from(voucher_line.join(voucher, voucher.c.id == voucher_line.c.voucher_id))
         .where(voucher_line.c.account_code == code))
    if start is not None:
        q = q.where(voucher.c.voucher_date >= start)
    if end is not None:
        q = q.where(voucher.c.voucher_date <= end)
    return q


# ------------------------------------------------------------------ for bank fees and assessment (anju.settle, bankcore)


def bank_counterpart(conn: Connection, code: str, *, start: date, end: date, bank_side: str) -> dict[str, tuple[int, int]]:
    """Per entrusted bank: (Σ amount, number of lines) on account ``code`` (and its sub-accounts) in the vouchers
    dated in [start, end) that also move the bank's 101xx the other way — ``bank_side="debit"``: money came into the
    bank (Cr ``code``, e.g. 40103 the loan interest it recovered, 201 what it collected), ``"credit"``: money left it
    (Dr ``code``, e.g. 201 what it paid out). A voucher moving two banks counts for each."""
    into = bank_side == "debit"
    bank_line = voucher_line.alias("bank_line")
    banks = (select(bank_line.c.voucher_id, gl_account.c.bank_code)
             .join(gl_account, gl_account.c.code == bank_line.c.account_code)
             .where(bank_line.c.account_code.like("101%"), gl_account.c.bank_code.is_not(None),
                    (bank_line.c.debit if into else bank_line.c.credit) > 0)
             .distinct().subquery("bank_vouchers"))
    amount = voucher_line.c.credit if into else voucher_line.c.debit
    q = (select(banks.c.bank_code, func.coalesce(func.sum(amount), 0), func.count())
         .select_from(voucher_line.join(voucher, voucher.c.id == voucher_line.c.voucher_id)
                      .join(banks, banks.c.voucher_id == voucher_line.c.voucher_id))
         .where(voucher_line.c.account_code.like(f"{code}%"), amount > 0, voucher.c.voucher_date >= start,
                voucher.c.voucher_date < end)
         .group_by(banks.c.bank_code))
    return {b: (int(s), int(n)) for b, s, n in conn.execute(q)}


def subledger_nets(subledger: str):
    """Σ(debit − credit) of the lines tagged with a sub-ledger, per account and reference, over every account: a
    subquery (account_code, subledger_ref, net) for the owning area's checks to join on its records (the treasury's
    investments, whose holding accounts differ). One account's credit-normal balances: ``subledger_balances``."""
    return (select(voucher_line.c.account_code, voucher_line.c.subledger_ref,
                   func.sum(voucher_line.c.debit - voucher_line.c.credit).label("net"))
            .where(voucher_line.c.subledger == subledger)
            .group_by(voucher_line.c.account_code, voucher_line.c.subledger_ref).subquery("subledger_nets"))
