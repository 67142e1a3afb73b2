"""Read side of the entrusted banks (受托银行): what other areas need of them (issue 18: no reads of these tables
from elsewhere)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, or_, select

from anju.bank.codes import AccountStatus, AgreementStatus
from anju.bank.files import DEFAULTS, Layout
from anju.bank.tables import bank_account, bank_agreement, bank_fee_rule, bank_file_layout, entrusted_bank

# ----------------------------------------------------------------------------------------- for loan and withdrawal


def bank_names():
    """Banks as other areas' statements join them: a subquery (code, name, short_name, active) to join on
    ``code``."""
    b = entrusted_bank.c
    return select(b.code, b.name, b.short_name, b.active).subquery("bank_names")


def bank_code_exists(conn: Connection, code: str, *, active_only: bool = False) -> bool:
    """Whether ``code`` is an entrusted bank (an active one, with ``active_only``)."""
    q = select(entrusted_bank.c.code).where(entrusted_bank.c.code == code)
    if active_only:
        q = q.where(entrusted_bank.c.active.is_(True))
    return conn.execute(q).first() is not None


def bank_full_name(conn: Connection, code: str) -> str | None:
    row = bank(conn, code)
    return row.name if row else None


def bank_short_name(conn: Connection, code: str) -> str | None:
    row = bank(conn, code)
    return row.short_name if row else None


def first_active_bank_code(conn: Connection) -> str:
    """The active bank with the lowest code (a default where none is chosen); fails when there is none."""
    return conn.execute(select(entrusted_bank.c.code).where(entrusted_bank.c.active.is_(True))
                        .order_by(entrusted_bank.c.code).limit(1)).scalar_one()


# ----------------------------------------------------------------------------------------- the bank list


def banks(conn: Connection, *, active_only: bool = False):
    """The one bank-list query: the entrusted banks by code, rows of (code, name, short_name, account_no,
    active); ``active_only``: the banks still in use (what a form offers)."""
    b = entrusted_bank.c
    q = select(b.code, b.name, b.short_name, b.account_no, b.active).order_by(b.code)
    if active_only:
        q = q.where(b.active.is_(True))
    return conn.execute(q).all()


def bank(conn: Connection, code: str):
    """One bank's row (code, name, short_name, account_no, active), or None."""
    b = entrusted_bank.c
    return conn.execute(select(b.code, b.name, b.short_name, b.account_no, b.active).where(b.code == code)).first()


def short_names(conn: Connection) -> dict[str, str]:
    """Bank code → its short name, for every registered bank."""
    return {r.code: r.short_name for r in banks(conn)}


# ----------------------------------------------------------------------------------------- 专户 (bank accounts)


def _account_columns():
    a = bank_account.c
    return (a.id, a.bank_code, a.purpose, a.account_no, a.account_name, a.ledger_code, a.branch_name, a.customer_no,
            a.agreement_id, a.opened_on, a.closed_on, a.status, a.note)


def accounts(conn: Connection, *, bank: str | None = None, purpose: str | None = None,
             ledger_code: str | None = None, active_on: date | None = None, active_only: bool = False):
    """The 专户 register: rows of (id, bank_code, purpose, account_no, account_name, ledger_code, branch_name,
    customer_no, agreement_id, opened_on, closed_on, status, note) by bank, purpose and number. ``active_on``: the
    accounts open on that day (opened on or before it, not closed before it); ``active_only``: not closed."""
    a = bank_account.c
    q = select(*_account_columns()).order_by(a.bank_code, a.purpose, a.account_no)
    if bank is not None:
        q = q.where(a.bank_code == bank)
    if purpose is not None:
        q = q.where(a.purpose == str(purpose))
    if ledger_code is not None:
        q = q.where(a.ledger_code == ledger_code)
    if active_only:
        q = q.where(a.status == AccountStatus.ACTIVE)
    if active_on is not None:
        q = q.where(a.opened_on <= active_on, or_(a.closed_on.is_(None), a.closed_on > active_on))
    return conn.execute(q).all()


def account(conn: Connection, ref: int | str):
    """One 专户 by id (int) or account number (str), or None."""
    a = bank_account.c
    cond = a.id == ref if isinstance(ref, int) else a.account_no == str(ref).strip()
    return conn.execute(select(*_account_columns()).where(cond)).first()


def bank_accounts():
    """The 专户 register as a named selectable (set-based SQL of the areas above: statements, reconciliation)."""
    return select(*_account_columns()).subquery("bank_accounts")


# ----------------------------------------------------------------------------------------- 委托协议 (agreements)


def _agreement_columns():
    g = bank_agreement.c
    return (g.id, g.bank_code, g.no, g.title, g.services, g.signed_on, g.valid_from, g.valid_to, g.fee_terms,
            g.assessment_terms, g.status, g.ended_on)


def agreements(conn: Connection, *, bank: str | None = None, in_force_on: date | None = None):
    """Agreements by bank and start; ``in_force_on``: active ones valid on that day."""
    g = bank_agreement.c
    q = select(*_agreement_columns()).order_by(g.bank_code, g.valid_from, g.no)
    if bank is not None:
        q = q.where(g.bank_code == bank)
    if in_force_on is not None:
        q = q.where(g.status == AgreementStatus.ACTIVE, g.valid_from <= in_force_on,
                    or_(g.valid_to.is_(None), g.valid_to >= in_force_on))
    return conn.execute(q).all()


def agreement(conn: Connection, ref: int | str):
    """One agreement by id (int) or number (str), or None."""
    g = bank_agreement.c
    cond = g.id == ref if isinstance(ref, int) else g.no == str(ref).strip()
    return conn.execute(select(*_agreement_columns()).where(cond)).first()


# ----------------------------------------------------------------------------------------- 手续费规则 (fee rules)


def fee_rules(conn: Connection, *, bank: str | None = None, fee_type: str | None = None, on: date | None = None):
    """Fee rules (id, bank_code, agreement_id, fee_type, base, rate, unit_fee, bands, valid_from, valid_to, note);
    ``bands`` decoded to [(score_from, Decimal factor), …] highest first. ``on``: the rules valid that day."""
    r = bank_fee_rule.c
    q = select(r.id, r.bank_code, r.agreement_id, r.fee_type, r.base, r.rate, r.unit_fee, r.bands, r.valid_from,
               r.valid_to, r.note).order_by(r.bank_code, r.fee_type, r.valid_from)
    if bank is not None:
        q = q.where(r.bank_code == bank)
    if fee_type is not None:
        q = q.where(r.fee_type == str(fee_type))
    if on is not None:
        q = q.where(r.valid_from <= on, or_(r.valid_to.is_(None), r.valid_to >= on))
    return [FeeRule(*row[:7], decode_bands(row.bands), *row[8:]) for row in conn.execute(q)]


@dataclass(frozen=True)
class FeeRule:
    id: int
    bank_code: str
    agreement_id: int | None
    fee_type: str
    base: str
    rate: Decimal | None
    unit_fee: int | None
    bands: list[tuple[Decimal, Decimal]]
    valid_from: date
    valid_to: date | None
    note: str | None

    def factor(self, score: Decimal | None) -> Decimal:
        """The score-band factor: the band with the highest lower bound not above the score (1 without bands or
        without a score)."""
        if score is None or not self.bands:
            return Decimal(1)
        for low, factor in self.bands:
            if score >= low:
                return factor
        return self.bands[-1][1]


def decode_bands(text: str | None) -> list[tuple[Decimal, Decimal]]:
    """Bands as stored (JSON ``[[score_from, "factor"], …]``), highest lower bound first."""
    raw = json.loads(text or "[]")
    return sorted(((Decimal(str(lo)), Decimal(str(f))) for lo, f in raw), reverse=True)


# ----------------------------------------------------------------------------------------- file layouts


def file_layout(conn: Connection, bank_code: str | None, kind: str) -> Layout:
    """The layout of ``kind`` files with ``bank_code``: the bank's own when it has one, else the default."""
    if bank_code is not None:
        text = conn.execute(select(bank_file_layout.c.layout_json).where(
            bank_file_layout.c.bank_code == bank_code, bank_file_layout.c.kind == str(kind))).scalar()
        if text:
            return Layout.from_json(text)
    return DEFAULTS[kind]


def file_layouts(conn: Connection, bank_code: str) -> dict[str, tuple[Layout, bool]]:
    """Every kind → (the layout used with the bank, whether it is the bank's own)."""
    own = {k: Layout.from_json(t) for k, t in conn.execute(
        select(bank_file_layout.c.kind, bank_file_layout.c.layout_json)
        .where(bank_file_layout.c.bank_code == bank_code))}
    return {k: (own.get(k, d), k in own) for k, d in DEFAULTS.items()}
