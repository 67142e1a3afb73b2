"""Loan contracts in JGJ/T 320 field codes: 6.0.2 贷款合同 (every signed contract) and 6.0.4 共同借款人.

GFSFK (首付款) is the price less the fund loan and a combined loan's commercial part; JKHTLL is the loan's
executed rate once disbursed, the rate at acceptance before."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, select, true

from anju.core.money import yuan_str
from anju.loan.queries import loan_keys
from anju.loanapp.tables import loan_application
from anju.registry import queries as registry

a = loan_application.c
loan = loan_keys()  # the loan area's loans as it lets others join them
PEOPLE = registry.people()  # borrowers as the registry lets other areas join them


def _stream(conn: Connection, stmt):
    return conn.execution_options(stream_results=True, yield_per=5000).execute(stmt)


def contracts(conn: Connection, since: date | None = None):
    stmt = (select(loan_application, PEOPLE.c.name, PEOPLE.c.id_number, loan.c.loan_no.label("dkzh"),
                   loan.c.rate.label("loan_rate"))
            .select_from(loan_application.join(PEOPLE, PEOPLE.c.id == a.person_id)
                         .outerjoin(loan, loan.c.contract_no == a.contract_no))
            .where(a.contract_no.is_not(None), a.contract_on >= since if since is not None else true())
            .order_by(a.id))
    headers = ["JKHTBH", "DKZH", "JKRXM", "JKRZJLX", "JKRZJH", "DKDBLX", "DKHKFS", "HTDKJE", "DKQS", "JKHTLL",
               "FWZL", "FWJZMJ", "FWZJ", "GFSFK", "YDHKR", "HTQDRQ"]

    def rows():
        for r in _stream(conn, stmt):
            down = r.price - r.amount - (r.commercial_amount or 0 if r.combined else 0)
            rate = r.loan_rate if r.loan_rate is not None else r.rate
            yield (r.contract_no, r.dkzh or "", r.name, "01", r.id_number, r.security, r.method, yuan_str(r.amount),
                   r.months, str(rate), r.property_address, f"{r.property_area // 100}.{r.property_area % 100:02d}",
                   yuan_str(r.price), yuan_str(max(down, 0)), r.repay_day, r.contract_on.isoformat())

    return headers, rows()


def co_borrowers(conn: Connection, since: date | None = None):
    stmt = (select(a.contract_no, a.co_relation, a.co_income, PEOPLE.c.name, PEOPLE.c.id_number)
            .join(PEOPLE, PEOPLE.c.id == a.co_person_id)
            .where(a.contract_no.is_not(None), a.co_person_id.is_not(None),
                   a.contract_on >= since if since is not None else true()).order_by(a.id))
    headers = ["JKHTBH", "GTJKRXM", "GTJKRZJLX", "GTJKRZJH", "YJKRGX", "GTJKRYSR"]
    relation = {"spouse": "01", "parent": "02", "child": "03"}
    return headers, ((r.contract_no, r.name, "01", r.id_number, relation.get(r.co_relation, "99"),
                      yuan_str(r.co_income or 0)) for r in _stream(conn, stmt))


TABLES = [("6.0.2_DKHT_贷款合同", contracts), ("6.0.4_GTJKR_共同借款人", co_borrowers)]
