"""Pure checks on a posting before it becomes a voucher."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from anju.core.canon import dumps, sha256_hex
from anju.core.errors import Problem
from anju.core.money import format_yuan
from anju.ledger.errors import LedgerError

SUMMARY_MAX = 200  # voucher.summary holds this many characters


def content_hash(voucher_date: date, kind: str, summary: str, reverses_id: int | None,
                 lines: Sequence[tuple[str, int, int, str | None, str | None]]) -> str:
    """A voucher's content hash (idempotency and `anju verify`), over what the voucher row keeps:
    date, kind, summary as stored, the lines' (account, debit, credit, subledger, subledger_ref), reversal."""
    body = {
        "date": voucher_date, "kind": kind, "summary": summary[:SUMMARY_MAX],
        "lines": [list(ln) for ln in lines], "reverses": reverses_id,
    }
    return sha256_hex(dumps(body))


@dataclass(frozen=True)
class Line:
    """One side of an entry: exactly one of debit / credit is positive (int fen)."""

    account: str
    debit: int = 0
    credit: int = 0
    summary: str | None = None
    subledger: str | None = None
    subledger_ref: str | None = None

    @staticmethod
    def dr(account: str, amount: int, **kw) -> Line:
        return Line(account, debit=amount, **kw)

    @staticmethod
    def cr(account: str, amount: int, **kw) -> Line:
        return Line(account, credit=amount, **kw)

    def mirrored(self) -> Line:
        return Line(self.account, debit=self.credit, credit=self.debit, summary=self.summary,
                    subledger=self.subledger, subledger_ref=self.subledger_ref)


@dataclass(frozen=True)
class Posting:
    """A business event ready to be posted as one voucher under an idempotency key."""

    key: str
    voucher_date: date
    kind: str
    summary: str
    lines: Sequence[Line]
    ref_type: str | None = None
    ref_id: str | None = None
    reverses_id: int | None = field(default=None)
    # The book the caller means to post in (checked against the accounts' book); None: the accounts' book.
    # Not part of the content: the accounts decide the book.
    book: str | None = field(default=None)

    def content_hash(self) -> str:
        return content_hash(self.voucher_date, self.kind, self.summary, self.reverses_id,
                            [(ln.account, ln.debit, ln.credit, ln.subledger, ln.subledger_ref) for ln in self.lines])

    @property
    def total(self) -> int:
        return sum(ln.debit for ln in self.lines)


def book_of(posting: Posting, books: Mapping[str, str]) -> str:
    """The book a (checked) posting goes to: its accounts' book."""
    for ln in posting.lines:
        if ln.account in books:
            return books[ln.account]
    return posting.book or "hpf"


def check_posting(posting: Posting, leaf_accounts: Mapping[str, bool],
                  books: Mapping[str, str] | None = None) -> list[Problem]:
    """Every problem with a posting: unknown or non-leaf accounts, one-sided lines, imbalance, lines of more
    than one book (or of another book than the posting names).

    ``leaf_accounts`` maps each known account code to whether it is a leaf; ``books`` each to its book.
    """
    problems: list[Problem] = []
    if books is not None:
        used = sorted({books[ln.account] for ln in posting.lines if ln.account in books})
        if len(used) > 1:
            problems.append(Problem.of(LedgerError.CROSS_BOOK, field="会计科目", input="account",
                                       books="、".join(used)))
        elif used and posting.book is not None and used[0] != posting.book:
            problems.append(Problem.of(LedgerError.WRONG_BOOK, field="会计科目", input="account",
                                       expected=posting.book, actual=used[0]))
    if not posting.key or len(posting.key) > 200:
        problems.append(Problem.of(LedgerError.KEY_INVALID, field="idempotency_key"))
    if not posting.lines:
        problems.append(Problem.of(LedgerError.NO_LINES, field="lines"))
        return problems
    for i, ln in enumerate(posting.lines, start=1):
        where = f"第{i}条分录"
        if ln.account not in leaf_accounts:
            problems.append(Problem.of(LedgerError.LINE_ACCOUNT_UNKNOWN, field="会计科目", input="account",
                                       where=where, account=ln.account))
        elif not leaf_accounts[ln.account]:
            problems.append(Problem.of(LedgerError.LINE_ACCOUNT_NOT_LEAF, field="会计科目", input="account",
                                       where=where, account=ln.account))
        if not isinstance(ln.debit, int) or not isinstance(ln.credit, int):
            problems.append(Problem.of(LedgerError.LINE_AMOUNT_NOT_FEN, field="amount", where=where))
            continue
        if ln.debit < 0 or ln.credit < 0:
            problems.append(Problem.of(LedgerError.LINE_AMOUNT_NEGATIVE, field="amount", where=where))
        if (ln.debit > 0) == (ln.credit > 0):
            problems.append(Problem.of(LedgerError.LINE_ONE_SIDE, field="amount", where=where))
    debit = sum(ln.debit for ln in posting.lines if isinstance(ln.debit, int))
    credit = sum(ln.credit for ln in posting.lines if isinstance(ln.credit, int))
    if debit != credit:
        problems.append(Problem.of(LedgerError.LINES_UNBALANCED, field="lines", debit=format_yuan(debit),
                                   credit=format_yuan(credit)))
    return problems
