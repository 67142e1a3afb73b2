"""未达账项 and the 银行存款余额调节表 (pure), hpf-reference-2 §1.4.

An item is a statement line or a book line of the 专户 dated on or before the day and not matched as of that day
(unmatched, or matched by a line dated later). Its kind follows from its side and sign:

    bank +  银行已收中心未收 (1)      bank −  银行已付中心未付 (2)
    book +  中心已收银行未收 (3)      book −  中心已付银行未付 (4)

    中心调节后余额 = 日记账余额 + (1) − (2)          银行调节后余额 = 对账单余额 + (3) − (4)

Each item gets a reason: a person's note where there is one, else what the rules recognise (a fee line, bank
interest, an unclaimed remittance, a book line still within the timing window); an item the rules cannot explain
(an unknown bank debit, a book line older than the window, a suspect amount) needs a person's note before the day
closes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from anju.settle.codes import ItemKind, Side

FEE_WORDS = ("手续费", "扣费", "服务费", "工本费", "年费")
INTEREST_WORDS = ("结息", "利息")


@dataclass(frozen=True)
class Item:
    side: Side
    ref: int  # statement line id or voucher line id
    day: date
    amount: int  # signed, from the 专户's point of view
    kind: ItemKind
    reason: str | None  # None: needs a person's note
    suspect: bool = False
    text: str = ""  # what the line says (摘要 / 备注 / voucher summary)


@dataclass(frozen=True)
class Table:
    bank_balance: int
    book_balance: int
    items: tuple[Item, ...]

    def total(self, kind: ItemKind) -> int:
        return sum(abs(i.amount) for i in self.items if i.kind is kind)

    @property
    def adjusted_book(self) -> int:
        return self.book_balance + self.total(ItemKind.BANK_IN) - self.total(ItemKind.BANK_OUT)

    @property
    def adjusted_bank(self) -> int:
        return self.bank_balance + self.total(ItemKind.BOOK_IN) - self.total(ItemKind.BOOK_OUT)

    @property
    def difference(self) -> int:
        return self.adjusted_bank - self.adjusted_book

    @property
    def unexplained(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.reason is None)


def kind_of(side: Side, amount: int) -> ItemKind:
    if side is Side.BANK:
        return ItemKind.BANK_IN if amount > 0 else ItemKind.BANK_OUT
    return ItemKind.BOOK_IN if amount > 0 else ItemKind.BOOK_OUT


def bank_reason(amount: int, summary: str | None, remark: str | None, *, reversal: bool, suspect: bool) -> str | None:
    """What the rules can say of a statement line nobody matched (None: a person must explain it)."""
    text = f"{summary or ''}{remark or ''}"
    if suspect:
        return None
    if reversal:
        return "银行冲正，待原交易配对"
    if amount < 0 and any(w in text for w in FEE_WORDS):
        return "银行扣费，待中心入账"
    if amount > 0 and any(w in text for w in INTEREST_WORDS):
        return "银行结息，待中心入账"
    if amount > 0:
        return "未认领汇款，待认领后入账"
    return None


def book_reason(amount: int, day: date, on: date, *, timing_days: int) -> str | None:
    if (on - day).days > timing_days:
        return None
    return "在途：中心已入账，银行尚未入账" if amount > 0 else "中心已付款，银行尚未执行"


@dataclass(frozen=True)
class Leftover:
    """A line not matched as of the day, as the store reads it."""

    side: Side
    ref: int
    day: date
    amount: int
    text: str = ""
    summary: str | None = None
    remark: str | None = None
    reversal: bool = False


def table(*, on: date, bank_balance: int, book_balance: int, leftovers: Iterable[Leftover],
          notes: Mapping[tuple[str, int], str], suspects: set[int], timing_days: int) -> Table:
    """The 调节表 of one 专户 on ``on`` from its balances, its lines not matched as of then, the persons' notes
    ((side, ref) → note) and the suspect statement lines (ids)."""
    items = []
    for x in sorted(leftovers, key=lambda x: (x.side.value, x.day, x.ref)):
        suspect = x.side is Side.BANK and x.ref in suspects
        if x.side is Side.BANK:
            auto = bank_reason(x.amount, x.summary, x.remark, reversal=x.reversal, suspect=suspect)
        else:
            auto = book_reason(x.amount, x.day, on, timing_days=timing_days)
        reason = notes.get((x.side.value, x.ref)) or auto
        items.append(Item(x.side, x.ref, x.day, x.amount, kind_of(x.side, x.amount), reason, suspect, x.text))
    return Table(bank_balance, book_balance, tuple(items))
