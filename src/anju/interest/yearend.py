"""The fund's income and expenses (bank and bond interest, bank fees) and the year-end: closing income and
expenses into 增值收益 (311), moving the gain to the value-added deposit (102), distributing it, closing the
year's periods. Each step shows its voucher before posting (dry run) and is refused out of order."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, Engine, insert, select, update

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.bank import queries as banks
from anju.core.errors import AnjuError, Conflict, Problem, ValidationFailed
from anju.core.money import format_yuan, round_half_up
from anju.db.joblock import job_lock
from anju.db.uow import UnitOfWork
from anju.interest.errors import InterestError
from anju.interest.permissions import P
from anju.interest.tables import fund_entry, yearend_step
from anju.ledger import service as ledger
from anju.ledger.chart import bank_subaccount
from anju.ledger.queries import account_balance, closed_periods, trial_balance
from anju.ledger.rules import Line, Posting
from anju.policy.store import load_store

# kind -> (label, debit account or "bank101"/"bank102", credit account or "bank101")
FUND_KINDS: dict[str, tuple[str, str, str]] = {
    "deposit_interest_accrued": ("住房公积金存款利息（计提）", "111", "40101"),
    "deposit_interest_received": ("住房公积金存款利息（收到）", "bank101", "111"),
    "value_added_interest": ("增值收益存款利息", "bank102", "40102"),
    "bond_interest_accrued": ("国债利息（计提）", "111", "40104"),
    "bond_interest_received": ("国债利息（收到）", "bank101", "111"),
    "other_income": ("其他收入", "bank101", "40105"),
    "collection_fee": ("归集手续费", "41102", "bank101"),
    "loan_fee": ("委托贷款手续费", "41103", "bank101"),
    "other_expense": ("其他支出", "41104", "bank101"),
}


def _account(code: str, bank: str | None) -> str:
    if code.startswith("bank"):
        if bank is None:
            raise ValidationFailed([Problem.of(InterestError.BANK_REQUIRED, field="银行")])
        return bank_subaccount(code[4:], bank)
    return code


def record_fund_entry(uow: UnitOfWork, actor: Actor, *, kind: str, bank_code: str | None, period: int,
                      entry_date: date, amount: int, reference: str, note: str = "") -> int:
    """Bank interest, bond interest or a bank fee; ``reference`` (the bank's document number) makes it idempotent."""
    require(actor, P.FUND_ENTRY)
    problems = []
    if kind not in FUND_KINDS:
        problems.append(Problem.of(InterestError.KIND_UNKNOWN, field="类型", kind=kind))
    if amount <= 0:
        problems.append(Problem.of(InterestError.AMOUNT_NOT_POSITIVE, field="金额"))
    if not reference.strip():
        problems.append(Problem.of(InterestError.VOUCHER_NO_REQUIRED, field="凭据号"))
    conn = uow.conn
    if bank_code and not banks.bank_code_exists(conn, bank_code):
        problems.append(Problem.of(InterestError.BANK_UNKNOWN, field="银行", bank_code=bank_code))
    if problems:
        raise ValidationFailed(problems, summary="资金业务有误")
    label, dr, cr = FUND_KINDS[kind]
    posted = ledger.post(uow, actor, Posting(
        key=f"fund:{kind}:{bank_code or '-'}:{reference.strip()}", voucher_date=entry_date, kind=f"fund.{kind}",
        summary=f"{label} {period} {note}".strip(), ref_type="fund_entry", ref_id=reference.strip(),
        lines=[Line.dr(_account(dr, bank_code), amount), Line.cr(_account(cr, bank_code), amount)]),
        check_permission=False)
    if not posted.created:
        return conn.execute(select(fund_entry.c.id).where(fund_entry.c.voucher_id == posted.id)).scalar_one()
    fid = conn.execute(insert(fund_entry).values(
        kind=kind, bank_code=bank_code, period=period, entry_date=entry_date, amount=amount, note=note,
        voucher_id=posted.id, created_at=uow.now(), created_by=actor.username).returning(fund_entry.c.id)).scalar_one()
    audit.record(uow, actor, action="interest.fund_entry", entity_type="fund_entry", entity_id=fid,
                 after={"kind": kind, "bank": bank_code, "period": period, "amount": amount, "reference": reference})
    return fid


# --------------------------------------------------------------------------------------------- year-end


def _insert(conn: Connection, table):
    """INSERT … ON CONFLICT in the dialect of the connection."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(table)

STEPS = ("close_income", "move_gain", "distribute", "close_periods")
STEP_LABELS = {"close_income": "结转收入支出", "move_gain": "增值收益转存", "distribute": "增值收益分配",
               "close_periods": "年度结账"}


@dataclass(frozen=True)
class StepPlan:
    year: int
    step: str
    posting: Posting | None
    detail: dict

    def describe(self) -> list[str]:
        out = [f"{self.year}年度{STEP_LABELS[self.step]}"]
        for k, v in self.detail.items():
            out.append(f"  {k}：{format_yuan(v) if isinstance(v, int) and not isinstance(v, bool) else v}")
        if self.posting:
            for ln in self.posting.lines:
                side = f"借 {format_yuan(ln.debit)}" if ln.debit else f"    贷 {format_yuan(ln.credit)}"
                out.append(f"  {ln.account} {side}  {ln.summary or ''}")
        return out


def _done(conn: Connection, year: int) -> set[str]:
    return set(conn.execute(select(yearend_step.c.step).where(yearend_step.c.year == year)).scalars())


def plan_step(conn: Connection, *, year: int, step: str, as_of: date, management_fee: int = 0) -> StepPlan:
    """What a step will post, without posting it; refuses a step out of order."""
    if step not in STEPS:
        raise AnjuError(InterestError.STEP_UNKNOWN, step=step)
    end = date(year, 12, 31)
    if as_of < end:
        raise AnjuError(InterestError.YEAREND_TOO_EARLY, year=year, end=end)
    done = _done(conn, year)
    if step in done:
        raise AnjuError(InterestError.STEP_DONE, year=year, step_label=STEP_LABELS[step])
    before = STEPS[: STEPS.index(step)]
    missing = [s for s in before if s not in done]
    if missing:
        raise AnjuError(InterestError.STEPS_PENDING, items='、'.join(STEP_LABELS[s] for s in missing))
    policy = load_store(conn).at(end)
    key = f"yearend:{year}:{step}"
    if step == "close_income":
        rows = [r for r in trial_balance(conn, as_of=end) if r.is_leaf and r.code[:3] in ("401", "411") and r.balance]
        income = sum(r.balance for r in rows if r.code.startswith("401"))
        expense = sum(r.balance for r in rows if r.code.startswith("411"))
        lines = []
        for r in rows:  # bring every income and expense leaf to zero
            is_income = r.code.startswith("401")
            label = "结转业务收入" if is_income else "结转业务支出"
            if (r.balance > 0) == is_income:
                lines.append(Line.dr(r.code, abs(r.balance), summary=label))
            else:
                lines.append(Line.cr(r.code, abs(r.balance), summary=label))
        net = income - expense
        if net > 0:
            lines.append(Line.cr("311", net, summary="本年增值收益"))
        elif net < 0:
            lines.append(Line.dr("311", -net, summary="本年增值收益（负数）"))
        posting = Posting(key, end, "yearend.close_income", f"{year}年度结转业务收入和业务支出", lines) if lines else None
        return StepPlan(year, step, posting, {"业务收入": income, "业务支出": expense, "增值收益": income - expense})
    gain = account_balance(conn, "311", as_of=end)
    if step == "move_gain":
        bank = policy["yearend.value_added_bank"]
        posting = None
        if gain > 0:
            posting = Posting(key, end, "yearend.move_gain", f"{year}年度增值收益转存增值收益存款户",
                              [Line.dr(bank_subaccount("102", bank), gain, summary="转入增值收益存款"),
                               Line.cr(bank_subaccount("101", bank), gain, summary="自住房公积金存款划出")])
        return StepPlan(year, step, posting, {"增值收益": gain, "转存银行": bank})
    if step == "distribute":
        if gain <= 0:
            return StepPlan(year, step, None, {"增值收益": gain, "说明": "无可分配的增值收益"})
        reserve = _risk_reserve(conn, policy, gain, end)
        if management_fee < 0 or management_fee > gain - reserve:
            raise ValidationFailed([Problem.of(InterestError.FEE_RANGE, field="管理费用",
                                               value=format_yuan(gain - reserve))])
        housing = gain - reserve - management_fee
        lines = [Line.dr("32101", reserve, summary="提取贷款风险准备"), Line.cr("301", reserve, summary="贷款风险准备")]
        if management_fee:
            lines += [Line.dr("32102", management_fee, summary="提取管理费用"),
                      Line.cr("219", management_fee, summary="应上交财政的管理费用")]
        if housing:
            lines += [Line.dr("32103", housing, summary="提取公租房建设补充资金"),
                      Line.cr("21402", housing, summary="城市廉租住房（公共租赁住房）建设补充资金")]
        lines.append(Line.dr("311", gain, summary="结转已分配增值收益"))
        lines += [Line.cr(code, amt, summary="结转增值收益分配") for code, amt in
                  (("32101", reserve), ("32102", management_fee), ("32103", housing)) if amt]
        return StepPlan(year, step, Posting(key, end, "yearend.distribute", f"{year}年度增值收益分配", lines),
                        {"增值收益": gain, "贷款风险准备金": reserve, "管理费用": management_fee,
                         "公租房建设补充资金": housing})
    periods = [year * 100 + m for m in range(1, 13)]
    closed = closed_periods(conn, periods)
    return StepPlan(year, step, None, {"待结账期间": "、".join(str(p) for p in periods if p not in closed) or "无"})


def _risk_reserve(conn: Connection, policy, gain: int, end: date) -> int:
    if policy["yearend.risk_reserve_method"] == "gain_share":
        return min(gain, round_half_up(Decimal(gain) * policy["yearend.risk_reserve_share"]))
    loans = account_balance(conn, "121", as_of=end) + account_balance(conn, "122", as_of=end)
    target = round_half_up(Decimal(loans) * policy["yearend.risk_reserve_loan_share"])
    return max(0, min(gain, target - account_balance(conn, "301", as_of=end)))


def job_key(year: int) -> str:
    return f"interest.yearend:{year}"


def job_label(year: int) -> str:
    return f"{year}年度年终处理作业"


def year_lock(engine: Engine, year: int):
    """The year-end's job lock: one step of a year at a time (command line, web, API hold it around the step's
    transaction, commit included)."""
    return job_lock(engine, job_key(year), label=job_label(year))


def run_step(uow: UnitOfWork, actor: Actor, *, year: int, step: str, as_of: date, management_fee: int = 0) -> StepPlan:
    """Post one step. The step is claimed first (its ``yearend_step`` row, inserted only if absent: a concurrent
    runner's insert waits for this transaction, then finds the row and stops), and a voucher key already posted
    stops it too, so a step is never posted twice."""
    require(actor, P.YEAREND)
    conn = uow.conn
    plan = plan_step(conn, year=year, step=step, as_of=as_of, management_fee=management_fee)
    claim = _insert(conn, yearend_step).values(year=year, step=step, voucher_id=None, detail_json="{}",
                                               done_at=uow.now(), done_by=actor.username)
    if conn.execute(claim.on_conflict_do_nothing().returning(yearend_step.c.year)).first() is None:
        raise Conflict(InterestError.STEP_DONE_ELSEWHERE, year=year, step_label=STEP_LABELS[step])
    voucher_id = None
    if plan.posting is not None:
        posted = ledger.post(uow, actor, plan.posting, check_permission=False)
        if not posted.created:
            raise Conflict(InterestError.STEP_POSTED, year=year, step_label=STEP_LABELS[step])
        voucher_id = posted.id
    if step == "close_periods":
        periods = [year * 100 + m for m in range(1, 13)]
        closed = closed_periods(conn, periods)
        for period in periods:
            if period not in closed:
                ledger.close_period(uow, actor, period=period)
    conn.execute(update(yearend_step).where(yearend_step.c.year == year, yearend_step.c.step == step).values(
        voucher_id=voucher_id, detail_json=json.dumps(plan.detail, ensure_ascii=False, default=str)))
    audit.record(uow, actor, action=f"interest.yearend.{step}", entity_type="yearend", entity_id=year,
                 after={"voucher_id": voucher_id, **{k: v for k, v in plan.detail.items()}})
    return plan
