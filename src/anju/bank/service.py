"""Write side of the entrusted banks: registering a bank (loading the centre file), and the low-level writes of the
agreements, the 专户 register, fee rules and file layouts. Each checks its input (every problem at once) and
writes on the caller's connection; who may do it and the maker-checker around it are the caller's (``anju.settle``
for a centre's business, ``anju.policy`` loading a centre file)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import Connection, insert, update

from anju.bank import queries
from anju.bank.codes import AccountPurpose, AccountStatus, AgreementService, AgreementStatus, FeeBase, FeeType
from anju.bank.errors import BankError
from anju.bank.files import Layout, layout_problems
from anju.bank.tables import bank_account, bank_agreement, bank_fee_rule, bank_file_layout, entrusted_bank
from anju.core.errors import AnjuError, NotFound, Problem, ValidationFailed
from anju.db.locks import insert_on_conflict


def add_bank(conn: Connection, *, code: str, name: str, short_name: str, account_no: str | None) -> bool:
    """Register a bank, active, unless one of that code is registered already; True when it was added."""
    if queries.bank_code_exists(conn, code):
        return False
    conn.execute(insert(entrusted_bank).values(code=code, name=name, short_name=short_name, account_no=account_no,
                                               active=True))
    return True


# ----------------------------------------------------------------------------------------- 专户

_ACCOUNT_NO = re.compile(r"\d{6,40}")


def ledger_code_ok(bank_code: str, code: str) -> bool:
    """Whether ``code`` is one of the bank's deposit sub-accounts (101xx / 102xx, or a leaf below them)."""
    return any(code == p + bank_code or (code.startswith(p + bank_code) and code[len(p) + 2:].isdigit())
               for p in ("101", "102"))


def account_problems(conn: Connection, *, bank_code: str, purpose: str, account_no: str, account_name: str,
                     ledger_code: str, opened_on: date | None, agreement_id: int | None = None) -> list[Problem]:
    """Every problem of a 专户 to open (what settle checks when it is requested and again when approved)."""
    problems: list[Problem] = []
    if not queries.bank_code_exists(conn, bank_code):
        problems.append(Problem.of(BankError.BANK_UNKNOWN, field="受托银行", input="bank_code", code=bank_code))
    if purpose not in set(AccountPurpose):
        problems.append(Problem.of(BankError.PURPOSE_UNKNOWN, field="专户性质", input="purpose", purpose=purpose))
    if not _ACCOUNT_NO.fullmatch(account_no or ""):
        problems.append(Problem.of(BankError.ACCOUNT_NO_INVALID, field="账号", input="account_no",
                                   account_no=account_no))
    elif queries.account(conn, account_no) is not None:
        problems.append(Problem.of(BankError.ACCOUNT_NO_TAKEN, field="账号", input="account_no", account_no=account_no))
    if not (account_name or "").strip():
        problems.append(Problem.of(BankError.FILE_VALUE_MISSING, field="户名", input="account_name"))
    if not ledger_code_ok(bank_code, ledger_code or ""):
        problems.append(Problem.of(BankError.LEDGER_CODE_INVALID, field="会计科目", input="ledger_code",
                                   code=ledger_code, bank=bank_code))
    if opened_on is None:
        problems.append(Problem.of(BankError.FILE_VALUE_MISSING, field="开户日期", input="opened_on"))
    if agreement_id is not None and queries.agreement(conn, agreement_id) is None:
        problems.append(Problem.of(BankError.AGREEMENT_UNKNOWN, field="委托协议", input="agreement_id", ref=agreement_id))
    return problems


def open_account(conn: Connection, *, bank_code: str, purpose: str, account_no: str, account_name: str,
                 ledger_code: str, opened_on: date, at: datetime, by: str, branch_name: str | None = None,
                 customer_no: str | None = None, agreement_id: int | None = None, note: str | None = None) -> int:
    """Enter an opened 专户 in the register; returns its id."""
    account_no = (account_no or "").strip()
    problems = account_problems(conn, bank_code=bank_code, purpose=purpose, account_no=account_no,
                                account_name=account_name, ledger_code=ledger_code, opened_on=opened_on,
                                agreement_id=agreement_id)
    if problems:
        raise ValidationFailed(problems, summary="专户信息有误")
    return conn.execute(insert(bank_account).values(
        bank_code=bank_code, purpose=str(purpose), account_no=account_no, account_name=account_name.strip(),
        ledger_code=ledger_code, branch_name=branch_name, customer_no=customer_no, agreement_id=agreement_id,
        opened_on=opened_on, closed_on=None, status=AccountStatus.ACTIVE, note=note, created_at=at, created_by=by,
    ).returning(bank_account.c.id)).scalar_one()


def close_account(conn: Connection, *, account_id: int, closed_on: date) -> None:
    """Mark a 专户 closed (销户) on a day; refused when already closed or before its opening."""
    row = queries.account(conn, account_id)
    if row is None:
        raise NotFound(BankError.ACCOUNT_UNKNOWN, ref=account_id)
    if row.status == AccountStatus.CLOSED:
        raise AnjuError(BankError.ACCOUNT_CLOSED, account_no=row.account_no, closed_on=row.closed_on)
    if closed_on < row.opened_on:
        raise AnjuError(BankError.CLOSE_BEFORE_OPEN, closed_on=closed_on, opened_on=row.opened_on)
    n = conn.execute(update(bank_account).where(bank_account.c.id == account_id,
                                                bank_account.c.status == AccountStatus.ACTIVE)
                     .values(status=AccountStatus.CLOSED, closed_on=closed_on)).rowcount
    if n != 1:
        raise AnjuError(BankError.ACCOUNT_CLOSED, account_no=row.account_no, closed_on=closed_on)


# ----------------------------------------------------------------------------------------- 委托协议


def agreement_problems(conn: Connection, *, bank_code: str, no: str, title: str, services: Sequence[str],
                       signed_on: date | None, valid_from: date | None, valid_to: date | None) -> list[Problem]:
    problems: list[Problem] = []
    if not queries.bank_code_exists(conn, bank_code):
        problems.append(Problem.of(BankError.BANK_UNKNOWN, field="受托银行", input="bank_code", code=bank_code))
    if not (no or "").strip():
        problems.append(Problem.of(BankError.FILE_VALUE_MISSING, field="协议编号", input="no"))
    elif queries.agreement(conn, no) is not None:
        problems.append(Problem.of(BankError.AGREEMENT_NO_TAKEN, field="协议编号", input="no", no=no))
    if not (title or "").strip():
        problems.append(Problem.of(BankError.FILE_VALUE_MISSING, field="协议名称", input="title"))
    for s in services:
        if s not in set(AgreementService):
            problems.append(Problem.of(BankError.SERVICE_UNKNOWN, field="委托业务", input="services", service=s))
    if not services:
        problems.append(Problem.of(BankError.FILE_VALUE_MISSING, field="委托业务", input="services"))
    if signed_on is None:
        problems.append(Problem.of(BankError.FILE_VALUE_MISSING, field="签订日期", input="signed_on"))
    if valid_from is None:
        problems.append(Problem.of(BankError.FILE_VALUE_MISSING, field="生效日期", input="valid_from"))
    elif valid_to is not None and valid_to < valid_from:
        problems.append(Problem.of(BankError.AGREEMENT_DATES, field="到期日期", input="valid_to", valid_to=valid_to,
                                   valid_from=valid_from))
    return problems


def add_agreement(conn: Connection, *, bank_code: str, no: str, title: str, services: Sequence[str],
                  signed_on: date, valid_from: date, valid_to: date | None, at: datetime, by: str,
                  fee_terms: str = "", assessment_terms: str = "") -> int:
    """Enter a signed agreement, in force; returns its id."""
    no = (no or "").strip()
    problems = agreement_problems(conn, bank_code=bank_code, no=no, title=title, services=services,
                                  signed_on=signed_on, valid_from=valid_from, valid_to=valid_to)
    if problems:
        raise ValidationFailed(problems, summary="委托协议信息有误")
    return conn.execute(insert(bank_agreement).values(
        bank_code=bank_code, no=no, title=title.strip(), services=",".join(str(s) for s in services),
        signed_on=signed_on, valid_from=valid_from, valid_to=valid_to, fee_terms=fee_terms or "",
        assessment_terms=assessment_terms or "", status=AgreementStatus.ACTIVE, ended_on=None, created_at=at,
        created_by=by).returning(bank_agreement.c.id)).scalar_one()


def end_agreement(conn: Connection, *, agreement_id: int, ended_on: date) -> None:
    row = queries.agreement(conn, agreement_id)
    if row is None:
        raise NotFound(BankError.AGREEMENT_UNKNOWN, ref=agreement_id)
    n = conn.execute(update(bank_agreement).where(bank_agreement.c.id == agreement_id,
                                                  bank_agreement.c.status == AgreementStatus.ACTIVE)
                     .values(status=AgreementStatus.ENDED, ended_on=ended_on)).rowcount
    if n != 1:
        raise AnjuError(BankError.AGREEMENT_ENDED, no=row.no)


# ----------------------------------------------------------------------------------------- 手续费规则


def encode_bands(bands: Sequence[tuple[object, object]]) -> str:
    """Bands as stored: ``[[score_from, "factor"], …]``; a bad band raises ``bank.fee_bands_invalid``."""
    try:
        out = sorted(([str(Decimal(str(lo))), str(Decimal(str(f)))] for lo, f in bands),
                     key=lambda b: Decimal(b[0]), reverse=True)
    except (InvalidOperation, TypeError, ValueError):
        raise AnjuError(BankError.FEE_BANDS_INVALID, bands=bands) from None
    if any(Decimal(f) < 0 for _, f in out):
        raise AnjuError(BankError.FEE_BANDS_INVALID, bands=bands)
    return json.dumps(out)


def add_fee_rule(conn: Connection, *, bank_code: str, fee_type: str, base: str, valid_from: date, at: datetime,
                 by: str, rate: Decimal | None = None, unit_fee: int | None = None,
                 bands: Sequence[tuple[object, object]] = (), valid_to: date | None = None,
                 agreement_id: int | None = None, note: str | None = None) -> int:
    """A fee rule of an agreement (§1.2: bank, fee type, base, rate or unit fee, score-band factors, validity)."""
    problems: list[Problem] = []
    if not queries.bank_code_exists(conn, bank_code):
        problems.append(Problem.of(BankError.BANK_UNKNOWN, field="受托银行", code=bank_code))
    if fee_type not in set(FeeType):
        problems.append(Problem.of(BankError.FEE_TYPE_UNKNOWN, field="手续费类型", fee_type=fee_type))
    if base not in set(FeeBase):
        problems.append(Problem.of(BankError.FEE_BASE_UNKNOWN, field="计费基数", base=base))
    elif base in (FeeBase.INTEREST, FeeBase.AMOUNT) and rate is None:
        problems.append(Problem.of(BankError.FEE_RATE_REQUIRED, field="费率"))
    elif base in (FeeBase.COUNT, FeeBase.ACCOUNT_YEAR) and unit_fee is None:
        problems.append(Problem.of(BankError.FEE_UNIT_REQUIRED, field="单价"))
    try:
        encoded = encode_bands(bands)
    except AnjuError as exc:
        problems.append(Problem.from_error(exc, field="考核分档系数"))
    if problems:
        raise ValidationFailed(problems, summary="手续费规则有误")
    return conn.execute(insert(bank_fee_rule).values(
        bank_code=bank_code, agreement_id=agreement_id, fee_type=str(fee_type), base=str(base), rate=rate,
        unit_fee=unit_fee, bands=encoded, valid_from=valid_from, valid_to=valid_to, note=note, created_at=at,
        created_by=by).returning(bank_fee_rule.c.id)).scalar_one()


# ----------------------------------------------------------------------------------------- file layouts


def set_file_layout(conn: Connection, *, bank_code: str, layout: Layout, at: datetime, by: str) -> None:
    """Give a bank its own layout for one kind of file (checked against the kind's default)."""
    problems = layout_problems(layout)
    if not queries.bank_code_exists(conn, bank_code):
        problems.insert(0, Problem.of(BankError.BANK_UNKNOWN, field="受托银行", code=bank_code))
    if problems:
        raise ValidationFailed(problems, summary="文件格式设置不正确")
    t = bank_file_layout
    stmt = insert_on_conflict(conn, t).values(bank_code=bank_code, kind=str(layout.kind), layout_json=layout.to_json(),
                                              updated_at=at, updated_by=by)
    conn.execute(stmt.on_conflict_do_update(index_elements=[t.c.bank_code, t.c.kind],
                                            set_={"layout_json": stmt.excluded.layout_json,
                                                  "updated_at": stmt.excluded.updated_at,
                                                  "updated_by": stmt.excluded.updated_by}))
