"""Treasury use cases, one transaction each: place (maker) and approve or reject (checker; the placement voucher
posts on approval), the monthly accrual job, maturity, renewal (到期转存), early withdrawal, and 资金调度.

Every voucher line on an investment's holding account (its 专户's 101 sub-account, or 124 for bonds) and on 111
carries ``subledger="investment"`` and the investment's number, so the register is a sub-ledger of the books:
`anju verify` compares them (``checks.py``). A 定期存款户 usually shares its bank's 101xx with the 归集户: the
placement's two lines then net to zero in that account, and the tagged line is what tells the deposit apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, Engine, func, insert, select, update

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.bank import queries as bank
from anju.core.dates import format_month, last_day
from anju.core.errors import AnjuError, Conflict, Problem, ValidationFailed
from anju.core.money import format_yuan
from anju.db.joblock import job_lock
from anju.db.locks import insert_on_conflict
from anju.db.uow import UnitOfWork
from anju.ledger import queries as ledger_q
from anju.ledger import service as ledger
from anju.ledger.rules import Line, Posting
from anju.policy.store import policy_at
from anju.treasury import accounts, calc, rules
from anju.treasury.codes import TERMS, Kind, Rollover, Status, TransferStatus
from anju.treasury.errors import TreasuryError
from anju.treasury.flow import FLOW, TRANSFER
from anju.treasury.permissions import P
from anju.treasury.tables import fund_transfer, investment, investment_accrual

SUB = "investment"  # the sub-ledger name on voucher lines
MAX_RATE = Decimal("0.2")


@dataclass(frozen=True)
class Placement:
    """What the maker proposes."""

    kind: str
    from_account_no: str
    amount: int  # deposit amount; a bond's purchase cost
    rate: Decimal  # annual rate; a bond's coupon
    start: date
    bank_code: str | None = None  # deposits: where; bonds: the channel bank (default: the paying account's)
    term_months: int | None = None
    face_value: int | None = None
    name: str = ""
    issuer: str = ""
    base_amount: int | None = None
    base_rate: Decimal | None = None
    notice_days: int | None = None
    rollover: str = Rollover.NONE
    note: str = ""


def terms_of(row) -> calc.Terms:
    return calc.Terms(kind=row.kind, principal=row.principal, rate=row.rate, start=row.start_date,
                      maturity=row.maturity_date, term_months=row.term_months, face_value=row.face_value,
                      base_amount=row.base_amount, base_rate=row.base_rate)


def _bases(conn: Connection, on: date) -> tuple[int, int]:
    p = policy_at(conn, on)
    return int(p["treasury.day_basis"]), int(p["treasury.bond_day_basis"])


def income_account(row) -> str:
    """Interest income: 40104 for bonds, 40102 for money of the 增值收益户 (102), else 40101."""
    if row.kind == Kind.BOND:
        return "40104"
    return "40102" if row.from_account.startswith("102") else "40101"


# ------------------------------------------------------------------------------------------------- position


def held_at(conn: Connection, ledger_code: str | None = None) -> int:
    """Principal of the open deposits held on a ledger account (all of them without one)."""
    q = select(func.coalesce(func.sum(investment.c.principal), 0)).where(
        investment.c.status == Status.PLACED, investment.c.kind != Kind.BOND)
    if ledger_code is not None:
        q = q.where(investment.c.hold_account == ledger_code)
    return int(conn.execute(q).scalar_one())


def available(conn: Connection, ledger_code: str, on: date) -> int:
    """What a 101/102 sub-account can pay: its balance less the deposits held in it."""
    return ledger_q.account_balance(conn, ledger_code, as_of=on) - held_at(conn, ledger_code)


def position(conn: Connection, on: date) -> rules.Position:
    by_bank: dict[str, int] = {}
    for r in ledger_q.trial_balance(conn, as_of=on):
        code = accounts.bank_of(r.code)
        if r.is_leaf and r.code.startswith("101") and code:
            by_bank[code] = by_bank.get(code, 0) + r.balance
    return rules.Position(by_bank=by_bank, demand=sum(by_bank.values()) - held_at(conn),
                          deposits_balance=ledger_q.account_balance(conn, "201", as_of=on))


# ------------------------------------------------------------------------------------------------- placing


@dataclass(frozen=True)
class Resolved:
    kind: Kind
    bank_code: str | None
    from_row: object
    hold_account: str
    hold_account_no: str | None
    maturity: date | None


def check(conn: Connection, p: Placement, *, on: date, limits: bool = True) -> tuple[list[Problem], Resolved | None]:
    """Every problem of a placement at once (form, accounts, funds, the policy's limits)."""
    problems: list[Problem] = []
    if p.kind not in set(Kind):
        return [Problem.of(TreasuryError.KIND_UNKNOWN, field="品种", input="kind", kind=p.kind)], None
    kind = Kind(p.kind)
    policy = policy_at(conn, on)
    if p.amount <= 0:
        problems.append(Problem.of(TreasuryError.AMOUNT_NOT_POSITIVE, field="金额", input="amount"))
    if p.rate is None or not Decimal(0) < p.rate < MAX_RATE:
        problems.append(Problem.of(TreasuryError.RATE_RANGE, field="利率", input="rate"))
    maturity = None
    if kind is Kind.NOTICE:
        if p.notice_days not in (1, 7):
            problems.append(Problem.of(TreasuryError.NOTICE_DAYS, field="通知期", input="notice_days"))
    elif p.term_months not in TERMS:
        problems.append(Problem.of(TreasuryError.TERM_UNKNOWN, field="存期", input="term_months"))
    else:
        maturity = calc.add_months(p.start, p.term_months)
        limit = int(policy["treasury.max_term_months"])
        if kind is not Kind.BOND and p.term_months > limit:
            problems.append(Problem.of(TreasuryError.TERM_TOO_LONG, field="存期", input="term_months",
                                       months=p.term_months, limit=limit))
    if kind is Kind.BOND and (not p.face_value or p.face_value <= 0 or not p.name.strip()):
        problems.append(Problem.of(TreasuryError.FACE_REQUIRED, field="面值", input="face_value"))
    if kind is Kind.AGREEMENT and (p.base_amount is None or p.base_amount < 0 or p.base_rate is None
                                   or not Decimal(0) <= p.base_rate < MAX_RATE):
        problems.append(Problem.of(TreasuryError.BASE_REQUIRED, field="基本存款额度", input="base_amount"))
    if p.rollover not in set(Rollover) or (kind is not Kind.TIME and p.rollover != Rollover.NONE):
        problems.append(Problem.of(TreasuryError.ROLLOVER_UNKNOWN, field="转存方式", input="rollover",
                                   rollover=p.rollover))
    from_row = accounts.demand_account(conn, p.from_account_no, on, problems)
    bank_code = p.bank_code or (from_row.bank_code if from_row is not None else None)
    hold_row, hold_account = None, accounts.BOND_ACCOUNT
    if bank_code is None or not bank.bank_code_exists(conn, bank_code, active_only=True):
        problems.append(Problem.of(TreasuryError.BANK_UNKNOWN, field="受托银行", input="bank_code",
                                   bank_code=bank_code or "（空）"))
    elif kind.is_deposit:
        hold_row = accounts.holding_account(conn, bank_code, kind, on, problems)
        hold_account = hold_row.ledger_code if hold_row is not None else ""
    if from_row is not None and p.amount > 0:
        free = available(conn, from_row.ledger_code, on)
        if p.amount > free:
            problems.append(Problem.of(TreasuryError.INSUFFICIENT_FUNDS, field="金额", input="amount",
                                       account=from_row.account_no, balance=format_yuan(free),
                                       amount=format_yuan(p.amount)))
    if limits and not problems:
        problems += rules.check_placement(
            position(conn, on), bank_code=bank_code, bank_label=bank.bank_short_name(conn, bank_code) or bank_code,
            amount=p.amount, moves_bank=from_row.bank_code != bank_code, is_deposit=kind.is_deposit,
            max_bank_share=policy["treasury.max_bank_share"], min_demand_share=policy["treasury.min_demand_share"])
    if problems:
        return problems, None
    return [], Resolved(kind, bank_code, from_row, hold_account, hold_row.account_no if hold_row else None, maturity)


def place(uow: UnitOfWork, actor: Actor, p: Placement, *, as_of: date) -> int:
    """The maker proposes a placement; it waits for approval (nothing is posted yet). Refused with every reason."""
    require(actor, P.PLACE)
    problems, r = check(uow.conn, p, on=as_of)
    if problems:
        raise ValidationFailed(problems, summary="资金存放有误，未提交")
    iid = uow.conn.execute(insert(investment).values(
        kind=r.kind, status=Status.SUBMITTED, bank_code=r.bank_code, issuer=p.issuer.strip() or None,
        name=p.name.strip() or None, from_account=r.from_row.ledger_code, hold_account=r.hold_account,
        from_account_no=r.from_row.account_no, hold_account_no=r.hold_account_no, principal=p.amount,
        face_value=p.face_value if r.kind is Kind.BOND else None, rate=p.rate,
        base_amount=p.base_amount if r.kind is Kind.AGREEMENT else None,
        base_rate=p.base_rate if r.kind is Kind.AGREEMENT else None,
        term_months=p.term_months if r.kind is not Kind.NOTICE else None,
        notice_days=p.notice_days if r.kind is Kind.NOTICE else None, start_date=p.start, maturity_date=r.maturity,
        rollover=p.rollover, accrued=0, interest_received=0, note=p.note.strip() or None,
        created_by=actor.username, created_at=uow.now()).returning(investment.c.id)).scalar_one()
    uow.conn.execute(update(investment).where(investment.c.id == iid).values(no=f"TZ{iid:08d}"))
    row = FLOW.lock(uow.conn, iid)
    FLOW.open(uow, actor, row, on=as_of, summary=f"{r.kind.label} {format_yuan(p.amount)}元", amount=p.amount,
              audit_after={"kind": r.kind, "amount": p.amount, "from": r.from_row.account_no, "bank": r.bank_code})
    return iid


def _placement(row) -> Placement:
    return Placement(kind=row.kind, from_account_no=row.from_account_no, amount=row.principal, rate=row.rate,
                     start=row.start_date, bank_code=row.bank_code, term_months=row.term_months,
                     face_value=row.face_value, name=row.name or "", issuer=row.issuer or "",
                     base_amount=row.base_amount, base_rate=row.base_rate, notice_days=row.notice_days,
                     rollover=row.rollover)


def approve(uow: UnitOfWork, actor: Actor, *, investment_id: int, note: str = "", as_of: date) -> bool:
    """The checker approves; on the last approval needed the limits and funds are checked again (the fund may have
    moved since) and the placement is posted: Dr the holding account / Cr the paying account. True when placed."""
    case = FLOW.take(uow, actor, investment_id, "approve")
    if not case.approve(note=note, on=as_of):
        return False
    row = case.row
    problems, _r = check(uow.conn, _placement(row), on=max(as_of, row.start_date))
    if problems:
        raise ValidationFailed(problems, summary="审批时复核未通过，未存放")
    kind = Kind(row.kind)
    label = f"{kind.label}{row.name or ''}"
    posted = ledger.post(uow, actor, Posting(
        key=f"treasury:place:{row.no}", voucher_date=row.start_date,
        kind="treasury.place_bond" if kind is Kind.BOND else "treasury.place_deposit",
        summary=f"{label}存放 {row.no}", ref_type="investment", ref_id=row.no,
        lines=[Line.dr(row.hold_account, row.principal, summary=f"{label} {row.no}", subledger=SUB, subledger_ref=row.no),
               Line.cr(row.from_account, row.principal, summary=f"划出 {row.from_account_no}")]),
        check_permission=False)
    if not posted.created:
        raise Conflict(TreasuryError.ALREADY_POSTED, no=row.no)
    case.move(on=as_of, note=note, voucher_id=posted.id, audit_after={"voucher_id": posted.id})
    return True


def reject(uow: UnitOfWork, actor: Actor, *, investment_id: int, reason: str, as_of: date) -> None:
    case = FLOW.take(uow, actor, investment_id, "reject", reason=reason)
    case.reject(note=reason)
    case.move(on=as_of, note=reason)


# ------------------------------------------------------------------------------------------------- closing


def _closing_lines(row, *, interest: int, cash_account: str | None, summary: str) -> list[Line]:
    """Principal out of the holding account, the receivable cleared, income for the rest; the cash (principal back
    and interest) into ``cash_account`` (None: the caller adds where the money goes)."""
    s = calc.settle(terms_of(row), interest=interest, accrued=row.accrued)
    lines = []
    if cash_account is not None:
        lines.append(Line.dr(cash_account, s.cash, summary=summary))
    lines.append(Line.cr(row.hold_account, s.principal, summary=summary, subledger=SUB, subledger_ref=row.no))
    if s.accrued:
        lines.append(Line.cr("111", s.accrued, summary="冲销应收利息", subledger=SUB, subledger_ref=row.no))
    if s.income > 0:
        lines.append(Line.cr(income_account(row), s.income, summary="利息收入"))
    elif s.income < 0:
        lines.append(Line.dr(income_account(row), -s.income, summary="冲减已计提利息收入"))
    return lines


def _finish(uow: UnitOfWork, actor: Actor, case, *, on: date, what: str, lines: list[Line], interest: int,
            note: str = "") -> int:
    row, step = case.row, case.step.name
    posted = ledger.post(uow, actor, Posting(
        key=f"treasury:{step}:{row.no}", voucher_date=on, summary=f"{what} {row.no}",
        kind="treasury.mature" if step == "mature" else "treasury.withdraw" if step == "withdraw" else "treasury.renew",
        ref_type="investment", ref_id=row.no, lines=lines), check_permission=False)
    if not posted.created:
        raise Conflict(TreasuryError.ALREADY_POSTED, no=row.no)
    case.move(on=on, note=note or f"利息{format_yuan(interest)}元", accrued=0, interest_received=interest,
              closed_on=on, close_voucher_id=posted.id,
              audit_after={"interest": interest, "voucher_id": posted.id})
    return posted.id


def _to_account(conn: Connection, row, to_account_no: str | None, on: date) -> str:
    if not to_account_no or to_account_no == row.from_account_no:
        return row.from_account
    problems: list[Problem] = []
    target = accounts.demand_account(conn, to_account_no, on, problems, field="收回账户", input="to_account_no")
    if problems:
        raise ValidationFailed(problems, summary="收回账户有误")
    return target.ledger_code


def mature(uow: UnitOfWork, actor: Actor, *, investment_id: int, on: date, to_account_no: str | None = None) -> int:
    """到期收回 (a 通知存款 withdrawn after notice; an 协定存款 at the agreement's end; a time deposit or a bond at
    maturity): principal and interest into the paying account (or ``to_account_no``). Returns the interest."""
    case = FLOW.take(uow, actor, investment_id, "mature")
    row = case.row
    if row.maturity_date is not None and on < row.maturity_date:
        raise AnjuError(TreasuryError.NOT_MATURE, no=row.no, maturity=row.maturity_date)
    basis, bond_basis = _bases(uow.conn, on)
    interest = calc.maturity_interest(terms_of(row), on, basis=basis, bond_basis=bond_basis)
    cash = _to_account(uow.conn, row, to_account_no, on)
    lines = _closing_lines(row, interest=interest, cash_account=cash, summary=f"{Kind(row.kind).label}到期收回")
    _finish(uow, actor, case, on=on, what="到期收回", lines=lines, interest=interest)
    return interest


def withdraw_early(uow: UnitOfWork, actor: Actor, *, investment_id: int, on: date,
                   to_account_no: str | None = None) -> int:
    """提前支取 of a time or agreement deposit before maturity: the demand rate for the days held; what was accrued
    at the contract rate is reversed. Returns the interest."""
    case = FLOW.take(uow, actor, investment_id, "withdraw")
    row = case.row
    if row.kind not in (Kind.TIME, Kind.AGREEMENT):
        raise AnjuError(TreasuryError.NOT_WITHDRAWABLE, kind=Kind(row.kind).label)
    if on >= row.maturity_date:
        raise AnjuError(TreasuryError.MATURED_ALREADY, no=row.no, maturity=row.maturity_date)
    policy = policy_at(uow.conn, on)
    interest = calc.early_interest(terms_of(row), on, demand_rate=policy["treasury.demand_rate"],
                                   basis=int(policy["treasury.day_basis"]))
    cash = _to_account(uow.conn, row, to_account_no, on)
    lines = _closing_lines(row, interest=interest, cash_account=cash, summary=f"{Kind(row.kind).label}提前支取")
    _finish(uow, actor, case, on=on, what="提前支取", lines=lines, interest=interest,
            note=f"按活期利率计息{format_yuan(interest)}元")
    return interest


def renew(uow: UnitOfWork, actor: Actor, *, investment_id: int, on: date, rate: Decimal,
          term_months: int | None = None, rollover: str | None = None) -> int:
    """到期转存 of a time deposit on its maturity day or later: the contract interest is received (本金转存: into the
    paying account; 本息转存: added to the new deposit) and a new deposit of the same bank starts on the maturity day
    at today's ``rate``. Renewal was approved with the placement (its 转存方式); the new deposit is placed at once.
    Returns the new investment's id."""
    case = FLOW.take(uow, actor, investment_id, "renew")
    row = case.row
    if row.kind != Kind.TIME:
        raise AnjuError(TreasuryError.NOT_WITHDRAWABLE, kind=Kind(row.kind).label)
    if on < row.maturity_date:
        raise AnjuError(TreasuryError.NOT_MATURE, no=row.no, maturity=row.maturity_date)
    how = Rollover(rollover or (row.rollover if row.rollover != Rollover.NONE else Rollover.PRINCIPAL))
    months = term_months or row.term_months
    problems = []
    if months not in TERMS or months > int(policy_at(uow.conn, on)["treasury.max_term_months"]):
        problems.append(Problem.of(TreasuryError.TERM_UNKNOWN, field="存期", input="term_months"))
    if rate is None or not Decimal(0) < rate < MAX_RATE:
        problems.append(Problem.of(TreasuryError.RATE_RANGE, field="利率", input="rate"))
    if problems:
        raise ValidationFailed(problems, summary="转存信息有误")
    basis, bond_basis = _bases(uow.conn, on)
    interest = calc.maturity_interest(terms_of(row), row.maturity_date, basis=basis, bond_basis=bond_basis)
    principal = row.principal + (interest if how is Rollover.WITH_INTEREST else 0)
    start = row.maturity_date
    new_id = uow.conn.execute(insert(investment).values(
        kind=row.kind, status=Status.PLACED, bank_code=row.bank_code, from_account=row.from_account,
        hold_account=row.hold_account, from_account_no=row.from_account_no, hold_account_no=row.hold_account_no,
        principal=principal, rate=rate, term_months=months, start_date=start,
        maturity_date=calc.add_months(start, months), rollover=how, accrued=0, interest_received=0,
        parent_id=row.id, note=f"由{row.no}到期转存", created_by=actor.username, created_at=uow.now())
        .returning(investment.c.id)).scalar_one()
    new_no = f"TZ{new_id:08d}"
    uow.conn.execute(update(investment).where(investment.c.id == new_id).values(no=new_no))
    lines = _closing_lines(row, interest=interest, cash_account=None, summary="定期存款到期转存")
    lines.insert(0, Line.dr(row.hold_account, principal, summary=f"转存 {new_no}", subledger=SUB, subledger_ref=new_no))
    if how is Rollover.PRINCIPAL and interest:
        lines.insert(1, Line.dr(row.from_account, interest, summary="利息转入活期"))
    vid = _finish(uow, actor, case, on=on, what="到期转存", lines=lines, interest=interest,
                  note=f"{how.label}，新存单{new_no}")
    uow.conn.execute(update(investment).where(investment.c.id == new_id).values(voucher_id=vid))
    new_row = FLOW.lock(uow.conn, new_id)
    FLOW.event(uow, actor, new_row, action="renewed", on=on, note=f"由{row.no}{how.label}")
    audit.record(uow, actor, action="treasury.investment.renewed", entity_type="investment", entity_id=new_id,
                 after={"from": row.no, "principal": principal, "rate": str(rate), "months": months})
    return new_id


# ------------------------------------------------------------------------------------------------- accrual


@dataclass(frozen=True)
class Accrual:
    month: int
    amount: int
    count: int
    created: bool


def accrue_month(engine: Engine, actor: Actor, *, month: int, as_of: date) -> Accrual:
    """月度计提应收利息 of every open investment through the month's last day: Dr 111 (per investment) / Cr 40101,
    40102, 40104. One voucher a month; the month is claimed by inserting its row first, under the job lock."""
    require(actor, P.ACCRUE)
    end = last_day(month)
    if end >= as_of:
        raise AnjuError(TreasuryError.MONTH_NOT_ENDED, month=format_month(month))
    with job_lock(engine, f"treasury.accrue:{month}", label=f"{format_month(month)}投资利息计提作业"), \
            UnitOfWork(engine) as uow:
        conn = uow.conn
        claim = (insert_on_conflict(conn, investment_accrual)
                 .values(month=month, amount=0, voucher_id=None, created_at=uow.now(), created_by=actor.username)
                 .on_conflict_do_nothing().returning(investment_accrual.c.month))
        if conn.execute(claim).first() is None:
            done = conn.execute(select(investment_accrual).where(investment_accrual.c.month == month)).one()
            return Accrual(month, done.amount, 0, False)
        basis, bond_basis = _bases(conn, end)
        rows = conn.execute(select(investment).where(investment.c.status == Status.PLACED,
                                                     investment.c.start_date <= end).order_by(investment.c.id)).all()
        lines, credits, moved = [], {}, []
        for row in rows:
            delta = calc.accrued_through(terms_of(row), end, basis=basis, bond_basis=bond_basis) - row.accrued
            if delta <= 0:
                continue
            lines.append(Line.dr("111", delta, summary=f"计提 {row.no}", subledger=SUB, subledger_ref=row.no))
            credits[income_account(row)] = credits.get(income_account(row), 0) + delta
            moved.append((row, delta))
        total = sum(d for _r, d in moved)
        vid = None
        if lines:
            lines += [Line.cr(code, amount, summary="计提利息收入") for code, amount in sorted(credits.items())]
            posted = ledger.post(uow, actor, Posting(
                key=f"treasury:accrue:{month}", voucher_date=end, kind="treasury.accrue",
                summary=f"{format_month(month)}计提投资应收利息", lines=lines, ref_type="investment_accrual",
                ref_id=str(month)), check_permission=False)
            if not posted.created:
                raise Conflict(TreasuryError.ALREADY_POSTED, no=format_month(month))
            vid = posted.id
            for row, delta in moved:
                done = conn.execute(update(investment).where(investment.c.id == row.id,
                                                             investment.c.accrued == row.accrued)
                                    .values(accrued=row.accrued + delta, accrued_to=end)).rowcount
                if done != 1:
                    raise Conflict(TreasuryError.ACCRUAL_CHANGED, month=format_month(month))
        conn.execute(update(investment_accrual).where(investment_accrual.c.month == month)
                     .values(amount=total, voucher_id=vid))
        audit.record(uow, actor, action="treasury.accrue", entity_type="investment_accrual", entity_id=month,
                     after={"amount": total, "investments": len(moved), "voucher_id": vid})
        uow.commit()
    return Accrual(month, total, len(moved), True)


# ------------------------------------------------------------------------------------------------- 资金调度


def _fund_account(conn: Connection, account_no: str, on: date, problems: list[Problem], *, field: str, input: str):
    row = bank.account(conn, (account_no or "").strip()) if (account_no or "").strip() else None
    if row is None or row.opened_on > on or (row.closed_on is not None and row.closed_on <= on):
        problems.append(Problem.of(TreasuryError.ACCOUNT_UNKNOWN, field=field, input=input, account=account_no or "（空）"))
        return None
    return row


def propose_transfer(uow: UnitOfWork, actor: Actor, *, from_account_no: str, to_account_no: str, amount: int,
                     on: date, note: str = "") -> int:
    """资金调度 between two of the centre's 专户 (to fund the loan bank, to gather money for a placement): waits for
    approval; posted then, Dr 101-B / Cr 101-A."""
    require(actor, P.PLACE)
    conn = uow.conn
    problems: list[Problem] = []
    src = _fund_account(conn, from_account_no, on, problems, field="转出账户", input="from_account_no")
    dst = _fund_account(conn, to_account_no, on, problems, field="转入账户", input="to_account_no")
    if amount <= 0:
        problems.append(Problem.of(TreasuryError.AMOUNT_NOT_POSITIVE, field="金额", input="amount"))
    if src is not None and dst is not None and src.account_no == dst.account_no:
        problems.append(Problem.of(TreasuryError.SAME_ACCOUNT, field="转入账户", input="to_account_no"))
    if src is not None and amount > 0 and amount > available(conn, src.ledger_code, on):
        problems.append(Problem.of(TreasuryError.INSUFFICIENT_FUNDS, field="金额", input="amount",
                                   account=src.account_no, balance=format_yuan(available(conn, src.ledger_code, on)),
                                   amount=format_yuan(amount)))
    if problems:
        raise ValidationFailed(problems, summary="资金调度有误，未提交")
    tid = conn.execute(insert(fund_transfer).values(
        status=TransferStatus.SUBMITTED, from_account=src.ledger_code, to_account=dst.ledger_code,
        from_account_no=src.account_no, to_account_no=dst.account_no, amount=amount, transfer_date=on,
        note=note.strip() or None, created_by=actor.username, created_at=uow.now()).returning(fund_transfer.c.id)
    ).scalar_one()
    conn.execute(update(fund_transfer).where(fund_transfer.c.id == tid).values(no=f"DD{tid:08d}"))
    TRANSFER.open(uow, actor, TRANSFER.lock(conn, tid), on=on, summary=f"资金调度 {format_yuan(amount)}元",
                  amount=amount, audit_after={"from": src.account_no, "to": dst.account_no, "amount": amount})
    return tid


def approve_transfer(uow: UnitOfWork, actor: Actor, *, transfer_id: int, note: str = "", as_of: date) -> bool:
    case = TRANSFER.take(uow, actor, transfer_id, "approve")
    if not case.approve(note=note, on=as_of):
        return False
    row = case.row
    free = available(uow.conn, row.from_account, row.transfer_date)
    if row.amount > free:
        raise ValidationFailed([Problem.of(TreasuryError.INSUFFICIENT_FUNDS, field="金额", input="amount",
                                           account=row.from_account_no, balance=format_yuan(free),
                                           amount=format_yuan(row.amount))], summary="审批时复核未通过，未划转")
    posted = ledger.post(uow, actor, Posting(
        key=f"treasury:transfer:{row.no}", voucher_date=row.transfer_date, kind="treasury.transfer",
        summary=f"资金调度 {row.no} {row.note or ''}".strip(), ref_type="fund_transfer", ref_id=row.no,
        lines=[Line.dr(row.to_account, row.amount, summary=f"调入 {row.to_account_no}"),
               Line.cr(row.from_account, row.amount, summary=f"调出 {row.from_account_no}")]),
        check_permission=False)
    case.move(on=as_of, note=note, voucher_id=posted.id, audit_after={"voucher_id": posted.id})
    return True


def reject_transfer(uow: UnitOfWork, actor: Actor, *, transfer_id: int, reason: str, as_of: date) -> None:
    case = TRANSFER.take(uow, actor, transfer_id, "reject", reason=reason)
    case.reject(note=reason)
    case.move(on=as_of, note=reason)
