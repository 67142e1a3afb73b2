"""The books in JGJ/T 320 field codes: 8.0.1 会计科目, 8.0.2 总账 (per period and leaf account: opening, debits,
credits, closing, debit balances positive), 8.0.3 记账凭证 (one row per voucher line; a reversal voucher is 冲账 02),
8.0.4 银行存款日记账 (the lines of the per-bank deposit accounts 101xx/102xx with the running balance). Field lists:
``anju/report/jgj320.toml``; ``since``: the vouchers dated from then (总账 from that month)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, func, select, true

from anju.core.money import yuan_str
from anju.ledger.tables import gl_account, voucher, voucher_line

v, ln = voucher.c, voucher_line.c
HPF = "hpf"  # the provident fund's own books; the maintenance fund keeps separate books (exported by its area)


def _hpf(table):
    """Only the provident fund's book where the ledger keeps several (the ``book`` column), else everything."""
    return table.c.book == HPF if "book" in table.c else true()


def _stream(conn: Connection, stmt):
    return conn.execution_options(stream_results=True, yield_per=5000).execute(stmt)


def _no(period: int, number: int) -> str:
    return f"记-{period}-{number:05d}"


def chart(conn: Connection, since: date | None = None):
    stmt = select(gl_account).where(_hpf(gl_account)).order_by(gl_account.c.code)
    headers = ["KMBH", "KMMC", "KMLB", "SJKMBH", "SFMJKM", "STYHDM"]
    return headers, ((r.code, r.name, r.cls, r.parent_code or "", "1" if r.is_leaf else "0", r.bank_code or "")
                     for r in _stream(conn, stmt))


def general_ledger(conn: Connection, since: date | None = None):
    """Sums by (period, account) in SQL; the openings are the running sums of the periods before (a few thousand
    rows a year, carried in Python)."""
    stmt = (select(v.period, ln.account_code, func.sum(ln.debit).label("d"), func.sum(ln.credit).label("c"))
            .select_from(voucher_line.join(voucher, v.id == ln.voucher_id)).where(_hpf(voucher))
            .group_by(v.period, ln.account_code).order_by(v.period, ln.account_code))
    first = since.year * 100 + since.month if since is not None else 0
    headers = ["KJQJ", "KMBH", "QCYE", "JFFSE", "DFFSE", "QMYE"]

    def rows():
        running: dict[str, int] = {}
        for r in conn.execute(stmt):
            opening = running.get(r.account_code, 0)
            closing = opening + int(r.d) - int(r.c)
            running[r.account_code] = closing
            if r.period >= first:
                yield (str(r.period), r.account_code, yuan_str(opening), yuan_str(int(r.d)), yuan_str(int(r.c)),
                       yuan_str(closing))

    return headers, rows()


def vouchers(conn: Connection, since: date | None = None):
    stmt = (select(v.period, v.number, v.voucher_date, v.summary, v.reverses_id, ln.line_no, ln.account_code, ln.debit,
                   ln.credit).select_from(voucher_line.join(voucher, v.id == ln.voucher_id))
            .where(_hpf(voucher), v.voucher_date >= since if since is not None else true())
            .order_by(v.id, ln.line_no))
    headers = ["JZPZH", "JZRQ", "PZZY", "FLXH", "KMBH", "JFFSE", "DFFSE", "CZBZ"]
    return headers, ((_no(r.period, r.number), r.voucher_date.isoformat(), r.summary, r.line_no, r.account_code,
                      yuan_str(r.debit), yuan_str(r.credit), "02" if r.reverses_id is not None else "01")
                     for r in _stream(conn, stmt))


def bank_journal(conn: Connection, since: date | None = None):
    bank_accounts = select(gl_account.c.code, gl_account.c.bank_code).where(gl_account.c.bank_code.is_not(None),
                                                                            gl_account.c.is_leaf.is_(True),
                                                                            _hpf(gl_account)).subquery()
    running = func.sum(ln.debit - ln.credit).over(partition_by=ln.account_code,
                                                  order_by=(v.voucher_date, v.id, ln.line_no))
    inner = (select(v.voucher_date, v.period, v.number, v.summary, v.id.label("vid"), ln.line_no, ln.account_code,
                    bank_accounts.c.bank_code, ln.summary.label("line_summary"), ln.debit, ln.credit,
                    running.label("balance"))
             .select_from(voucher_line.join(voucher, v.id == ln.voucher_id)
                          .join(bank_accounts, bank_accounts.c.code == ln.account_code)).subquery())
    stmt = (select(inner).where(inner.c.voucher_date >= since if since is not None else true())
            .order_by(inner.c.account_code, inner.c.voucher_date, inner.c.vid, inner.c.line_no))
    headers = ["JZRQ", "JZPZH", "KMBH", "STYHDM", "ZHAIYAO", "JFFSE", "DFFSE", "YE"]
    return headers, ((r.voucher_date.isoformat(), _no(r.period, r.number), r.account_code, r.bank_code,
                      r.line_summary or r.summary, yuan_str(r.debit), yuan_str(r.credit), yuan_str(int(r.balance)))
                     for r in _stream(conn, stmt))


TABLES = [("8.0.1_KJKM_会计科目", chart), ("8.0.2_ZZ_总账", general_ledger), ("8.0.3_JZPZ_记账凭证", vouchers),
          ("8.0.4_YHCKRJZ_银行存款日记账", bank_journal)]
