"""Reconciliation invariants for `anju verify`: every statement line up to a 专户's last closed day is matched or
a listed 未达账项 of that day; matched amounts agree; no closed day has an unexplained difference."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from anju.core.money import format_yuan
from anju.settle import ledgerside
from anju.settle.tables import bank_day_close, bank_day_item, bank_match, bank_match_book, bank_statement_line
from anju.verify import Violation, check

S, M, C, DI = bank_statement_line.c, bank_match.c, bank_day_close.c, bank_day_item.c


@check("settle.lines_accounted", "对账单每笔明细或已匹配，或列为最近日结的未达账项")
def lines_accounted(conn: Connection):
    last = (select(C.account_code, func.max(C.close_date).label("d")).group_by(C.account_code).subquery())
    close = (select(C.id, C.account_code, C.close_date)
             .select_from(bank_day_close.join(last, (last.c.account_code == C.account_code)
                                               & (last.c.d == C.close_date))).subquery())
    listed = select(DI.ref_id).where(DI.close_id == close.c.id, DI.side == "bank").correlate(close)
    q = (select(S.id, S.account_code, S.serial, S.txn_date, close.c.close_date)
         .select_from(bank_statement_line.join(close, close.c.account_code == S.account_code)
                      .outerjoin(bank_match, M.id == S.match_id))
         .where(S.txn_date <= close.c.close_date,
                (S.match_id.is_(None)) | (M.matched_on > close.c.close_date) | (M.status != "active"),
                S.id.not_in(listed.scalar_subquery())))
    for r in conn.execute(q):
        yield Violation("settle.lines_accounted",
                        f"专户{r.account_code}对账单流水{r.serial}（{r.txn_date}）未匹配，也不在{r.close_date}日结的未达账项中",
                        (f"bank_statement_line:{r.id}",))


@check("settle.match_amounts", "每个匹配的银行金额合计等于日记账金额合计")
def match_amounts(conn: Connection):
    bank = (select(S.match_id, func.sum(S.amount).label("s")).where(S.match_id.is_not(None))
            .group_by(S.match_id).subquery())
    books = {}
    for acc in ledgerside.accounts(conn):
        lines = ledgerside.book_lines(acc, start=None, end=None).subquery("lines")
        mb = bank_match_book.c
        for r in conn.execute(select(mb.match_id, func.sum(lines.c.amount).label("s"))
                              .select_from(bank_match_book.join(lines, lines.c.id == mb.voucher_line_id))
                              .where(mb.account_code == acc.code).group_by(mb.match_id)):
            books[r.match_id] = int(r.s)
    q = (select(M.id, M.account_code, M.rule, M.book_lines, M.bank_lines, bank.c.s)
         .select_from(bank_match.outerjoin(bank, bank.c.match_id == M.id)).where(M.status == "active"))
    for r in conn.execute(q):
        b = int(r.s or 0)
        k = books.get(r.id, 0)
        if r.book_lines and r.bank_lines and b != k:
            yield Violation("settle.match_amounts", f"专户{r.account_code}匹配{r.id}：银行{format_yuan(b)}元，"
                            f"日记账{format_yuan(k)}元", (f"bank_match:{r.id}",))
        elif not (r.book_lines and r.bank_lines) and b + k != 0:
            yield Violation("settle.match_amounts", f"专户{r.account_code}冲正配对{r.id}合计{format_yuan(b + k)}元，不为零",
                            (f"bank_match:{r.id}",))


@check("settle.closed_days_explained", "已日结的每一天调节后余额相等或差额已说明，且每笔未达账项都有原因")
def closed_days_explained(conn: Connection):
    q = select(C.id, C.account_code, C.close_date, C.adjusted_bank, C.adjusted_book).where(
        C.adjusted_bank != C.adjusted_book, (C.explanation.is_(None)) | (C.explanation == ""))
    for r in conn.execute(q):
        yield Violation("settle.closed_days_explained",
                        f"专户{r.account_code}{r.close_date}已日结，调节后余额不等（银行{format_yuan(r.adjusted_bank)}元，"
                        f"中心{format_yuan(r.adjusted_book)}元）且无说明", (f"bank_day_close:{r.id}",))
    q = (select(C.id, C.account_code, C.close_date, func.count().label("n"))
         .select_from(bank_day_close.join(bank_day_item, DI.close_id == C.id))
         .where(DI.reason == "").group_by(C.id, C.account_code, C.close_date))
    for r in conn.execute(q):
        yield Violation("settle.closed_days_explained",
                        f"专户{r.account_code}{r.close_date}日结有{r.n}笔未达账项没有原因", (f"bank_day_close:{r.id}",))


# ---- bankcore: the bank register and fees (anju/settle/fees_checks.py)
from anju.settle import fees_checks  # noqa: E402, F401
