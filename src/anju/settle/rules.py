"""Matching a 专户's statement lines to its book lines (pure), hpf-reference-2 §1.3, in this order:

1. ``serial``   the bank's transaction number equals the one the business recorded (a deposit's receipt number);
2. ``remark``   the line's 备注 is a voucher's 业务流水号 (its idempotency key);
3. ``amount``   the same amount within ``window`` days (and the same counterparty where both sides know it), one
                candidate on each side only — an ambiguous amount is left for a person;
4. ``batch``    the 备注 is a batch reference (``ref_type:ref_id`` of a voucher) and the line equals the sum of that
                batch's book lines (a payout file, a remittance list paid as one transfer);
5. ``reversal`` a bank reversal (冲正标识) and its original (备注 = the original's serial, or the one opposite amount
                within the window); on the book side a voucher and its reversal.

A serial or 备注 that finds its book line with another amount is a *suspect* (金额不符): not matched, shown on the
worklist and needing a person's explanation. Everything left over is a 未达账项 (``calc``).

Amounts are signed fen from the 专户's point of view: + money in (bank credit, book debit), − money out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from anju.settle.codes import MatchRule

AMOUNT_GROUP_LIMIT = 250_000  # rule 3 compares the lines of one amount pairwise: bank × book lines at most


@dataclass(frozen=True)
class BankLine:
    id: int
    day: date
    amount: int
    serial: str
    remark: str | None = None
    counterparty: str | None = None
    summary: str | None = None
    reversal: bool = False


@dataclass(frozen=True)
class BookLine:
    id: int  # voucher line id
    day: date
    amount: int  # debit − credit on the sub-account
    key: str  # the voucher's idempotency key (业务流水号)
    batch: str | None = None  # "ref_type:ref_id" of the voucher
    serial: str | None = None  # the bank's transaction number the business recorded
    voucher_id: int | None = None
    reverses: int | None = None  # the voucher this one reverses
    counterparty: str | None = None


@dataclass(frozen=True)
class Found:
    rule: MatchRule
    bank: tuple[int, ...]
    book: tuple[int, ...]
    day: date  # matched as of: the later of its lines' dates
    amount: int


@dataclass(frozen=True)
class Suspect:
    bank: int
    book: tuple[int, ...]
    rule: MatchRule  # which rule found the pair
    bank_amount: int
    book_amount: int


@dataclass
class Outcome:
    found: list[Found] = field(default_factory=list)
    suspects: list[Suspect] = field(default_factory=list)


def _day(*days: date) -> date:
    return max(days)


def match(bank: Sequence[BankLine], book: Sequence[BookLine], *, window: int) -> Outcome:
    """Match unmatched lines of one 专户; each line is used once. Deterministic: ties are resolved by id."""
    out = Outcome()
    bank_left = {b.id: b for b in sorted(bank, key=lambda x: x.id)}
    book_left = {k.id: k for k in sorted(book, key=lambda x: x.id)}
    suspect_bank: set[int] = set()

    def take(rule: MatchRule, bs: Iterable[BankLine], ks: Iterable[BookLine]) -> None:
        bs, ks = list(bs), list(ks)
        for b in bs:
            del bank_left[b.id]
        for k in ks:
            del book_left[k.id]
        days = [x.day for x in bs] + [x.day for x in ks]
        amount = sum(b.amount for b in bs) if bs else sum(abs(k.amount) for k in ks if k.amount > 0)
        out.found.append(Found(rule, tuple(b.id for b in bs), tuple(k.id for k in ks), _day(*days), amount))

    # (1) serial, (2) remark: exact keys, one book line each
    for rule, bank_key, book_key in ((MatchRule.SERIAL, "serial", "serial"), (MatchRule.REMARK, "remark", "key")):
        index: dict[str, BookLine] = {}
        for k in book_left.values():
            v = getattr(k, book_key)
            if v:
                index.setdefault(v, k)
        for b in list(bank_left.values()):
            if b.reversal or b.id in suspect_bank:
                continue
            v = getattr(b, bank_key)
            k = index.get(v) if v else None
            if k is None or k.id not in book_left:
                continue
            if k.amount == b.amount:
                take(rule, [b], [k])
            else:
                suspect_bank.add(b.id)
                out.suspects.append(Suspect(b.id, (k.id,), rule, b.amount, k.amount))

    known_refs = {k.key for k in book} | {k.batch for k in book if k.batch}

    # (3) amount + date window + counterparty: one candidate on each side
    by_amount_bank: dict[int, list[BankLine]] = defaultdict(list)
    for b in bank_left.values():
        if not b.reversal and b.id not in suspect_bank and not (b.remark and b.remark in known_refs):
            by_amount_bank[b.amount].append(b)
    by_amount_book: dict[int, list[BookLine]] = defaultdict(list)
    for k in book_left.values():
        if k.reverses is None:
            by_amount_book[k.amount].append(k)
    for amount, bs in sorted(by_amount_bank.items()):
        ks = by_amount_book.get(amount, [])
        if len(bs) * len(ks) > AMOUNT_GROUP_LIMIT:  # hundreds of equal amounts: ambiguous, left for a person
            continue
        pairs = []
        for b in bs:
            cands = [k for k in ks if abs((k.day - b.day).days) <= window
                     and (not b.counterparty or not k.counterparty or b.counterparty == k.counterparty)]
            if len(cands) == 1:
                pairs.append((b, cands[0]))
        for b, k in pairs:
            others = [x for x in bs if abs((k.day - x.day).days) <= window
                      and (not x.counterparty or not k.counterparty or x.counterparty == k.counterparty)]
            if len(others) == 1 and k.id in book_left and b.id in bank_left:
                take(MatchRule.AMOUNT, [b], [k])

    # (4) batch: 备注 = batch reference, line = Σ of the batch's book lines left
    batches: dict[str, list[BookLine]] = defaultdict(list)
    for k in book_left.values():
        if k.batch:
            batches[k.batch].append(k)
    for b in list(bank_left.values()):
        if b.reversal or b.id in suspect_bank or not b.remark or b.remark not in batches:
            continue
        ks = [k for k in batches[b.remark] if k.id in book_left]
        if not ks:
            continue
        total = sum(k.amount for k in ks)
        if total == b.amount:
            take(MatchRule.BATCH, [b], ks)
        else:
            suspect_bank.add(b.id)
            out.suspects.append(Suspect(b.id, tuple(k.id for k in ks), MatchRule.BATCH, b.amount, total))

    # (5) reversal pairs: bank side
    for r in [b for b in bank_left.values() if b.reversal]:
        if r.id not in bank_left:
            continue
        originals = [b for b in bank_left.values() if not b.reversal and b.amount == -r.amount
                     and b.id != r.id and abs((b.day - r.day).days) <= window]
        named = [b for b in originals if r.remark and b.serial == r.remark]
        pick = named[:1] or (originals if len(originals) == 1 else [])
        if pick:
            o = pick[0]
            suspect_bank.discard(o.id)
            take(MatchRule.REVERSAL, [o, r], [])
    # book side: a voucher and its reversal, neither seen by the bank
    by_voucher = {k.voucher_id: k for k in book_left.values() if k.voucher_id is not None}
    for k in list(book_left.values()):
        if k.reverses is None or k.id not in book_left:
            continue
        o = by_voucher.get(k.reverses)
        if o is not None and o.id in book_left and o.amount == -k.amount:
            take(MatchRule.REVERSAL, [], [o, k])
    out.suspects = [s for s in out.suspects if s.bank in bank_left]
    return out


# ---------------------------------------------------------------------------------------- statement lines

# the fields of a statement line (到账通知文件 / BDC113, hpf-reference-2 §1.3): key → Chinese label
FIELDS = {
    "serial": "银行主机流水号", "account_no": "账号", "txn_date": "交易日期", "txn_time": "交易时间", "amount": "金额",
    "balance": "余额", "counterparty_account": "对手账号", "counterparty_name": "对手户名", "remark": "备注",
    "summary": "摘要", "txn_code": "交易代码", "reversal": "冲正标识",
}
REQUIRED = ("serial", "txn_date", "amount")
REVERSAL_TRUE = {"1", "y", "Y", "是", "冲正", "true", "True"}


@dataclass(frozen=True)
class ParsedLine:
    row: int  # the line number in the file (or 1 for a pushed line)
    serial: str
    txn_date: date
    amount: int
    balance: int | None
    txn_time: str | None
    txn_code: str | None
    counterparty_account: str | None
    counterparty_name: str | None
    remark: str | None
    summary: str | None
    reversal: bool


def _clean(v: object) -> object:
    if v is None or isinstance(v, (int, date)):
        return v
    s = str(v).strip()
    return s or None


def _normal(row: dict) -> dict:
    """The row by field key (it may come keyed by key or by the statement layout's Chinese name); text stripped,
    empty as None; the reader's typed values (money in fen, dates) kept."""
    return {key: _clean(row[key] if key in row else row.get(label)) for key, label in FIELDS.items()}


def _text(row: dict, key: str) -> str | None:
    v = row[key]
    return None if v is None else str(v)


def parse_lines(rows: Sequence[tuple[int, dict]], *, day: date | None, account_no: str | None
                ) -> tuple[list[ParsedLine], list]:
    """Statement rows ((line number, {field: text})) → lines, and every problem at once (``Problem``s with the
    line number and the field's label). ``day``: the statement's date, every line must carry it (None: pushed)."""
    from anju.core.dates import parse_date
    from anju.core.errors import AnjuError, Problem
    from anju.core.money import parse_yuan
    from anju.settle.errors import SettleError

    out, problems, seen = [], [], {}
    for n, raw in rows:
        row = _normal(raw)
        bad = False
        for key in REQUIRED:
            if _text(row, key) is None:
                problems.append(Problem.of(SettleError.LINE_FIELD_MISSING, field=FIELDS[key], row=n, label=FIELDS[key]))
                bad = True
        serial, raw_day, raw_amount = _text(row, "serial"), _text(row, "txn_date"), _text(row, "amount")
        amount = balance = txn_day = None
        if isinstance(row["amount"], int):  # the bank-file reader gives money in fen
            amount = row["amount"]
        elif raw_amount is not None:
            try:
                amount = parse_yuan(raw_amount)
            except AnjuError:
                problems.append(Problem.of(SettleError.LINE_AMOUNT, field=FIELDS["amount"], row=n, value=raw_amount))
                bad = True
        raw_balance = _text(row, "balance")
        if isinstance(row["balance"], int):
            balance = row["balance"]
        elif raw_balance is not None:
            try:
                balance = parse_yuan(raw_balance)
            except AnjuError:
                problems.append(Problem.of(SettleError.LINE_AMOUNT, field=FIELDS["balance"], row=n, value=raw_balance))
                bad = True
        if isinstance(row["txn_date"], date):
            txn_day = row["txn_date"]
        elif raw_day is not None:
            try:
                txn_day = parse_date(raw_day)
            except (AnjuError, ValueError):
                problems.append(Problem.of(SettleError.LINE_DATE, field=FIELDS["txn_date"], row=n, value=raw_day))
                bad = True
        if txn_day is not None and day is not None and txn_day != day:
            problems.append(Problem.of(SettleError.LINE_OTHER_DAY, field=FIELDS["txn_date"], row=n,
                                       value=txn_day.isoformat(), day=day.isoformat()))
            bad = True
        acct = _text(row, "account_no")
        if acct is not None and account_no and acct != account_no:
            problems.append(Problem.of(SettleError.LINE_ACCOUNT, field=FIELDS["account_no"], row=n, value=acct,
                                       account=account_no))
            bad = True
        if serial is not None:
            if serial in seen:
                problems.append(Problem.of(SettleError.LINE_SERIAL_TWICE, field=FIELDS["serial"], row=n, serial=serial,
                                           other=seen[serial]))
                bad = True
            else:
                seen[serial] = n
        if bad:
            continue
        out.append(ParsedLine(n, serial, txn_day, amount, balance, _text(row, "txn_time"), _text(row, "txn_code"),
                              _text(row, "counterparty_account"), _text(row, "counterparty_name"),
                              _text(row, "remark"), _text(row, "summary"),
                              (_text(row, "reversal") or "") in REVERSAL_TRUE))
    return out, problems
