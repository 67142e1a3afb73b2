"""The registry's tables in JGJ/T 320 field codes (4.0.2 单位信息, 4.0.3 个人信息, 5.0.2 单位账户, 5.0.4 个人账户,
5.0.5 个人业务明细) and the register of homes used by withdrawals and loans (X.0.1 房屋使用, this system's own table
for supervision). Field lists: ``anju/report/jgj320.toml``.

Each function takes ``since`` (a business date, or None for everything): details are the rows dated from then,
master tables the rows changed from then (``updated_at`` at or after the centre's midnight of that day)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, func, select, true

from anju.core import clock
from anju.core.money import yuan_str
from anju.registry.tables import account, employer, housing_property, member_txn, person, property_use


def _stream(conn: Connection, stmt):
    return conn.execution_options(stream_results=True, yield_per=5000).execute(stmt)


def _changed(column, since: date | None):
    return column >= clock.day_start(since) if since is not None else true()


def employers(conn: Connection, since: date | None = None):
    stmt = select(employer).where(_changed(employer.c.updated_at, since)).order_by(employer.c.id)
    headers = ["DWZH", "DWMC", "ZZJGDM", "DWDZ", "DWFRDBXM", "DWJJLX", "DWSSHY", "DWFXR", "DWKHRQ", "STYHDM"]
    return headers, ((r.account_no, r.name, r.uscc, r.address, r.legal_rep, r.kind, r.industry or "", r.pay_day,
                      r.opened_on.isoformat(), r.bank_code) for r in _stream(conn, stmt))


def employer_accounts(conn: Connection, since: date | None = None):
    """5.0.2 单位账户: the terms, the members paying (正常) and sealed (封存), the sum of the members' balances."""
    counts = (select(account.c.employer_id, func.count().filter(account.c.status == "01").label("n"),
                     func.count().filter(account.c.status == "02").label("s"),
                     func.coalesce(func.sum(account.c.balance), 0).label("b"))
              .group_by(account.c.employer_id).subquery())
    stmt = (select(employer.c.account_no, employer.c.employer_ratio, employer.c.member_ratio, employer.c.status,
                   employer.c.paid_through, counts.c.n, counts.c.s, counts.c.b)
            .select_from(employer.outerjoin(counts, counts.c.employer_id == employer.c.id))
            .where(_changed(employer.c.updated_at, since)).order_by(employer.c.id))
    headers = ["DWZH", "DWJCBL", "GRJCBL", "DWJCRS", "DWFCRS", "DWZHYE", "DWZHZT", "JZNY"]
    return headers, ((r.account_no, str(r.employer_ratio), str(r.member_ratio), r.n or 0, r.s or 0,
                      yuan_str(int(r.b or 0)), r.status, r.paid_through or "") for r in _stream(conn, stmt))


def persons(conn: Connection, since: date | None = None):
    stmt = select(person).where(_changed(person.c.updated_at, since)).order_by(person.c.id)
    headers = ["XINGMING", "ZJLX", "ZJHM", "CSNY", "XINGBIE", "HYZK", "SJHM"]
    return headers, ((r.name, "01", r.id_number, r.birth_date.isoformat(), r.sex, r.marital_status, r.phone)
                     for r in _stream(conn, stmt))


def accounts(conn: Connection, since: date | None = None):
    stmt = (select(account, employer.c.account_no.label("dwzh"), person.c.id_number)
            .select_from(account.join(person, person.c.id == account.c.person_id)
                         .outerjoin(employer, employer.c.id == account.c.employer_id))
            .where(_changed(account.c.updated_at, since)).order_by(account.c.id))
    headers = ["GRZH", "DWZH", "ZJHM", "GRJCJS", "GRZHZT", "KHRQ", "GRZHYE", "GRZHSNJZYE", "GRZHDNGJYE", "DWYJCE",
               "GRYJCE", "JZNY"]

    def rows():
        for r in _stream(conn, stmt):
            status = "06" if r.frozen else r.status
            yield (r.account_no, r.dwzh or "", r.id_number, yuan_str(r.base), status, r.opened_on.isoformat(),
                   yuan_str(r.balance), yuan_str(r.prior_balance), yuan_str(r.current_balance),
                   yuan_str(r.employer_amount), yuan_str(r.member_amount), r.paid_through or "")

    return headers, rows()


def details(conn: Connection, since: date | None = None):
    stmt = (select(member_txn, account.c.account_no)
            .join(account, account.c.id == member_txn.c.account_id)
            .where(member_txn.c.txn_date >= since if since is not None else true()).order_by(member_txn.c.id))
    headers = ["YWLSH", "GRZH", "JZRQ", "GJHTQYWLX", "FSE", "DNGJFSE", "SNJZFSE", "FSLXE", "HBJNY", "TQYY", "CZBZ"]
    return headers, ((r.id, r.account_no, r.txn_date.isoformat(), r.type, yuan_str(r.amount), yuan_str(r.current_amount),
                      yuan_str(r.prior_amount), yuan_str(r.interest_amount), r.month or "", r.reason or "", r.entry_flag)
                     for r in _stream(conn, stmt))


USE_CODES = {"withdrawal": "01", "loan": "02"}


def home_uses(conn: Connection, since: date | None = None):
    """X.0.1 房屋使用: every withdrawal or loan that used a home, with the home's address, certificate and purchase
    contract as given and as the keys ``registry.property`` normalises them to (supervision matches the keys across
    centres)."""
    h, u = housing_property.c, property_use.c
    stmt = (select(person.c.id_number, h.address, h.certificate_no, h.contract_no, u.use, u.ref_label, u.on_day,
                   u.amount, u.active, h.address_key, h.certificate_key, h.contract_key)
            .select_from(property_use.join(housing_property, h.id == u.property_id)
                         .join(person, person.c.id == u.person_id))
            .where(u.on_day >= since if since is not None else true()).order_by(u.id))
    headers = ["ZJHM", "FWZL", "BDCQZH", "GFHTBH", "SYLX", "YWBH", "SYRQ", "FSE", "YXBZ", "FWZLJ", "BDCQZHJ", "GFHTBHJ"]
    return headers, ((r.id_number, r.address, r.certificate_no or "", r.contract_no or "", USE_CODES.get(r.use, "99"),
                      r.ref_label, r.on_day.isoformat(), yuan_str(r.amount), "1" if r.active else "0",
                      r.address_key, r.certificate_key or "", r.contract_key or "")
                     for r in _stream(conn, stmt))


TABLES = [("4.0.2_DWXX_单位信息", employers), ("4.0.3_GRXX_个人信息", persons), ("5.0.2_DWZH_单位账户", employer_accounts),
          ("5.0.4_GRZH_个人账户", accounts), ("5.0.5_GRYWMX_个人业务明细", details), ("X.0.1_FWSY_房屋使用", home_uses)]
# 5.0.3 单位业务明细 (the employers' remittances) is the contribution area's: anju/deposit/jgj.py
