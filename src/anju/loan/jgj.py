"""Loan servicing in JGJ/T 320 field codes: 6.0.5 贷款账户, 6.0.6 贷款业务明细 (the standard's business types 01–09;
the local 转逾期, 利率调整 and 冲正 rows stay inside), 6.0.7 逾期登记 (every instalment ever marked overdue, with the
day it was paid off). Field lists: ``anju/report/jgj320.toml``; ``since`` as in ``registry/jgj.py``."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, func, select, true

from anju.core import clock
from anju.core.money import yuan_str
from anju.loan.codes import InstalmentStatus, TxnType
from anju.loan.tables import loan, loan_instalment, loan_txn
from anju.registry import queries as registry

PEOPLE = registry.people()
STANDARD_TYPES = tuple(t.value for t in TxnType if t.value < "90")
i = loan_instalment.c


def _stream(conn: Connection, stmt):
    return conn.execution_options(stream_results=True, yield_per=5000).execute(stmt)


def accounts(conn: Connection, since: date | None = None):
    """DQYH* (当期应还) is the oldest instalment not yet paid in full, with the penalty accrued so far."""
    open_ = i.status.in_((InstalmentStatus.DUE.value, InstalmentStatus.OVERDUE.value))
    first = select(i.loan_id, func.min(i.period).label("period")).where(open_).group_by(i.loan_id).subquery()
    current = (select(i.loan_id, (i.principal - i.paid_principal).label("p"), (i.interest - i.paid_interest).label("n"))
               .join(first, (first.c.loan_id == i.loan_id) & (first.c.period == i.period)).where(open_).subquery())
    stmt = (select(loan, PEOPLE.c.id_number, current.c.p, current.c.n)
            .select_from(loan.join(PEOPLE, PEOPLE.c.id == loan.c.borrower_person_id)
                         .outerjoin(current, current.c.loan_id == loan.c.id))
            .where(loan.c.updated_at >= clock.day_start(since) if since is not None else true())
            .order_by(loan.c.id))
    headers = ["DKZH", "JKHTBH", "JKRZJH", "STYHDM", "DKFFE", "DKFFRQ", "DKDQRQ", "DKQS", "DKLL", "DKHKFS", "DKYE",
               "DQYHJE", "DQYHBJ", "DQYHLX", "DQYHFX", "YQBJZE", "YQLXZE", "LJYQQS", "DKFXDJ", "DKZHZT", "JQRQ"]

    def rows():
        for r in _stream(conn, stmt):
            p, n = int(r.p or 0), int(r.n or 0)
            yield (r.loan_no, r.contract_no, r.id_number, r.bank_code, yuan_str(r.amount), r.disbursed_on.isoformat(),
                   r.maturity.isoformat(), r.months, str(r.rate), r.method,
                   yuan_str(r.principal + r.overdue_principal), yuan_str(p + n + r.penalty), yuan_str(p), yuan_str(n),
                   yuan_str(r.penalty), yuan_str(r.overdue_principal), yuan_str(r.overdue_interest),
                   r.overdue_total_periods, r.risk_class, r.status, r.settled_on.isoformat() if r.settled_on else "")

    return headers, rows()


def details(conn: Connection, since: date | None = None):
    t = loan_txn.c
    stmt = (select(loan_txn, loan.c.loan_no).join(loan, loan.c.id == t.loan_id)
            .where(t.type.in_(STANDARD_TYPES), t.txn_date >= since if since is not None else true()).order_by(t.id))
    headers = ["YWLSH", "DKZH", "YWFSRQ", "DKYWMXLX", "FSE", "BJJE", "LXJE", "FXJE", "DQQC", "DKYE", "CZBZ"]
    return headers, ((r.id, r.loan_no, r.txn_date.isoformat(), r.type, yuan_str(r.amount),
                      yuan_str(abs(r.principal + r.overdue_principal)), yuan_str(r.interest + r.overdue_interest),
                      yuan_str(r.penalty), r.period if r.period is not None else "", yuan_str(r.balance_after),
                      "02" if r.amount < 0 else "01")
                     for r in _stream(conn, stmt))


def overdue(conn: Connection, since: date | None = None):
    stmt = (select(loan_instalment, loan.c.loan_no).join(loan, loan.c.id == i.loan_id)
            .where(i.overdue_on.is_not(None), i.status != InstalmentStatus.SUPERSEDED.value,
                   i.overdue_on >= since if since is not None else true())
            .order_by(i.loan_id, i.period))
    headers = ["DKZH", "YQQC", "YHRQ", "YQRQ", "YQBJ", "YQLX", "HQRQ"]
    return headers, ((r.loan_no, r.period, r.due_date.isoformat(), r.overdue_on.isoformat(),
                      yuan_str(r.principal - r.paid_principal), yuan_str(r.interest - r.paid_interest),
                      r.paid_on.isoformat() if r.status == InstalmentStatus.PAID.value and r.paid_on else "")
                     for r in _stream(conn, stmt))


TABLES = [("6.0.5_DKZH_贷款账户", accounts), ("6.0.6_DKYWMX_贷款业务明细", details), ("6.0.7_YQDJ_逾期登记", overdue)]
