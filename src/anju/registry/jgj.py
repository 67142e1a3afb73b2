"""The registry's tables in JGJ/T 320 field codes (4.0.2 单位, 4.0.3 个人, 5.0.4 个人账户, 5.0.5 个人业务明细)."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from anju.core.money import yuan_str
from anju.registry.tables import account, employer, member_txn, person


def _stream(conn: Connection, stmt):
    return conn.execution_options(stream_results=True, yield_per=5000).execute(stmt)


def employers(conn: Connection):
    counts = (select(account.c.employer_id, func.count().filter(account.c.status == "01").label("n"),
                     func.count().filter(account.c.status == "02").label("s"),
                     func.coalesce(func.sum(account.c.balance), 0).label("b"))
              .group_by(account.c.employer_id).subquery())
    stmt = (select(employer, counts.c.n, counts.c.s, counts.c.b)
            .select_from(employer.outerjoin(counts, counts.c.employer_id == employer.c.id)).order_by(employer.c.id))
    headers = ["DWZH", "DWMC", "ZZJGDM", "DWDZ", "DWFRDBXM", "DWJJLX", "DWSSHY", "DWFXR", "DWKHRQ", "STYHDM",
               "DWJCBL", "GRJCBL", "DWZHZT", "JZNY", "DWJCRS", "DWFCRS", "DWZHYE"]

    def rows():
        for r in _stream(conn, stmt):
            yield (r.account_no, r.name, r.uscc, r.address, r.legal_rep, r.kind, r.industry or "", r.pay_day,
                   r.opened_on.isoformat(), r.bank_code, str(r.employer_ratio), str(r.member_ratio), r.status,
                   r.paid_through or "", r.n or 0, r.s or 0, yuan_str(int(r.b or 0)))

    return headers, rows()


def persons(conn: Connection):
    stmt = select(person).order_by(person.c.id)
    headers = ["XINGMING", "ZJLX", "ZJHM", "CSNY", "XINGBIE", "HYZK", "SJHM"]
    return headers, ((r.name, "01", r.id_number, r.birth_date.isoformat(), r.sex, r.marital_status, r.phone)
                     for r in _stream(conn, stmt))


def accounts(conn: Connection):
    stmt = (select(account, employer.c.account_no.label("dwzh"), person.c.id_number)
            .select_from(account.join(person, person.c.id == account.c.person_id)
                         .outerjoin(employer, employer.c.id == account.c.employer_id)).order_by(account.c.id))
    headers = ["GRZH", "DWZH", "ZJHM", "GRJCJS", "GRZHZT", "KHRQ", "GRZHYE", "GRZHSNJZYE", "GRZHDNGJYE", "DWYJCE",
               "GRYJCE", "JZNY"]

    def rows():
        for r in _stream(conn, stmt):
            status = "06" if r.frozen else r.status
            yield (r.account_no, r.dwzh or "", r.id_number, yuan_str(r.base), status, r.opened_on.isoformat(),
                   yuan_str(r.balance), yuan_str(r.prior_balance), yuan_str(r.current_balance),
                   yuan_str(r.employer_amount), yuan_str(r.member_amount), r.paid_through or "")

    return headers, rows()


def details(conn: Connection):
    stmt = (select(member_txn, account.c.account_no)
            .join(account, account.c.id == member_txn.c.account_id).order_by(member_txn.c.id))
    headers = ["YWLSH", "GRZH", "JZRQ", "GJHTQYWLX", "FSE", "DNGJFSE", "SNJZFSE", "FSLXE", "HBJNY", "TQYY", "CZBZ"]
    return headers, ((r.id, r.account_no, r.txn_date.isoformat(), r.type, yuan_str(r.amount), yuan_str(r.current_amount),
                      yuan_str(r.prior_amount), yuan_str(r.interest_amount), r.month or "", r.reason or "", r.entry_flag)
                     for r in _stream(conn, stmt))


TABLES = [("4.0.2_DWXX_单位信息", employers), ("4.0.3_GRXX_个人信息", persons), ("5.0.4_GRZH_个人账户", accounts),
          ("5.0.5_GRYWMX_个人业务明细", details)]
# 5.0.3 单位业务明细 (the employers' remittances) is the contribution area's: anju/deposit/jgj.py
