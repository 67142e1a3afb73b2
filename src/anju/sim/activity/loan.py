"""Housing loans in the synthetic centre: applications, disbursement and the monthly repayment run.

Applications. Each month a share (``APPLY_SHARE``) of the members who could borrow apply: employees
contributing normally for at least the policy's ``loan.min_contribution_months`` (counted from the month
they joined or moved employer), whose employer is neither in arrears nor deferring, aged 22 to 55, who
have not applied before (nor their spouse). With the sample centre's six months that is from the seventh
month of the span on; 0.45 % of those a month gives about one member in twenty with a loan after two years
(fewer for a shorter span: about 1.8 % after a year). The plan draws the home and the loan the member asks
for — price from area × price per m², 新房 or 二手房 (with its building year), mostly 20–30 years and some
10–15, 等额本息 or 等额本金, the repayment day — and a few special cases: a home already owned (declared at
the counter first, so the policy makes it a second home), 组合贷款 with a commercial part, 商转公, and
borrowers contributing in another city (异地缴存, registered as persons without an account here). A married
member whose spouse is a member is joined by the spouse as co-borrower (that is how the registry fills in
the form).

Every application goes through the origination services (``anju.loanapp.demo.originate``: 受理 by a clerk,
初审, 审批 by one or two approvers, contract, mortgage, instruction, disbursement — each step by another
person of ``TEAM``), with ``fit``: an amount or term above what the limit rule (``anju.loanapp.limits``, via
the origination 试算) allows is cut down to it, as the counter would advise. An application still refused
(e.g. contributions not continuous, age) is skipped — identically on both paths, because the books they see
are identical. Disbursement is on the first working day of the month.

Repayments. Then the month's repayment run through the loan area's services (``anju.loan.runs``): the run
and a deduction file per entrusted bank, the bank's result file dated the month's last day — almost every
line paid, ``FAIL_SHARE`` failed and ``PARTIAL_SHARE`` paid half (drawn per loan from the month's salt), an
overdue loan's arrears paid with probability ``CATCH_UP`` — posted, and the month closed, which turns what
is still unpaid overdue with penalty. A month that ends after the centre's last day (the demo ends today)
gets its run and files but no result yet: the run waits for the banks, as it would in the office.

No balance of a member's account moves (no monthly offset), so ``anju.registry.guard.check_open`` is not
concerned; every voucher is dated within its month (disbursement on a working day of it, results and overdue
marking on its last day) and the run loop settles interest after the month's activities.

Both executor paths call the services (``bulk = True`` like withdrawals): a few dozen loans a month even for
the 20,000-member demo centre. The loan area's benchmark writes loans set-based, but not as a reusable
function for members of the registry, so a much larger centre spends its loan time in origination (about a
eighth of a second of CPU a loan; the demo build doubles, see docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

import numpy as np
from sqlalchemy import select

from anju.bank import queries as bank_queries
from anju.bank.codes import FileKind
from anju.core.dates import last_day
from anju.core.errors import AnjuError
from anju.db.uow import UnitOfWork
from anju.sim.plan import NORMAL, _mix, is_couple, person_spec

APPLY_SHARE = 0.0045  # of members who could borrow, per month
OWN_HOME_SHARE = 0.12  # applicants who already own a home (a second home for the policy)
USED_SHARE = 0.35  # 二手房 (of the rest)
COMBINED_SHARE = 0.06  # 组合贷款
REFINANCE_SHARE = 0.05  # 商转公
REMOTE_SHARE = 0.04  # 异地缴存 applicants, on top of the members' applications
SHORT_TERM_SHARE = 0.25  # 10–15 years; the rest 20–30 years
EQUAL_PRINCIPAL_SHARE = 0.2  # 等额本金
FAIL_SHARE = 0.015  # deductions the bank fails
PARTIAL_SHARE = 0.005  # deductions the bank takes in part
CATCH_UP = 0.6  # overdue loans whose arrears the bank collects the next month
MIN_AGE, MAX_AGE = 22, 55
REMOTE_BASE = 2_700_000  # person indices of remote borrowers count down from here (never a member's)

REMOTE_CENTRES = ("长沙住房公积金管理中心", "株洲市住房公积金管理中心", "深圳市住房公积金管理中心",
                  "广州住房公积金管理中心")
COMMERCIAL_BANKS = ("中国建设银行示例市分行", "中国工商银行示例市分行", "招商银行示例市分行")
STREETS = ("安居路", "新城大道", "湘江路", "芙蓉路", "东风路", "桂花路")


@dataclass(frozen=True)
class Application:
    member: int  # member index; for a remote borrower the person index (REMOTE_BASE - k)
    amount: int  # fen asked for (cut down to the limit)
    months: int
    method: str
    purpose: str
    house_type: str
    price: int
    repay_day: int
    building_year: int | None = None
    own_home: bool = False  # declares a home already owned before applying
    remote: bool = False
    income: int = 0  # remote borrowers only (members' income is the registry's)
    extra: dict = field(default_factory=dict)  # raw form fields: 组合贷款, 商转公, 异地缴存


@dataclass(frozen=True)
class Month:
    applications: list[Application]
    salt: int  # seeds the banks' answers
    close: bool  # the month ends by the centre's last day: results loaded, posted and the run closed


def _index(month: int) -> int:
    return (month // 100) * 12 + month % 100


def _spouse(plan, i: int) -> int | None:
    """The member married to member ``i`` in the generator (members 2k and 2k+1 of one hire batch)."""
    j = i + 1 if i % 2 == 0 else i - 1
    h = min(i, j)
    if j < 0 or j >= plan.count or not is_couple(plan.cfg.seed, h):
        return None
    return j


class _State:
    """What the plan remembers between months: the month each member started contributing at the present
    employer, and who applied already (a family applies once)."""

    def __init__(self) -> None:
        self.joined = np.zeros(0, dtype=np.int32)
        self.applied = np.zeros(0, dtype=bool)
        self.remote = 0

    def grow(self, n: int) -> None:
        if n > len(self.joined):
            extra = n - len(self.joined) + 1024
            self.joined = np.concatenate([self.joined, np.zeros(extra, dtype=np.int32)])
            self.applied = np.concatenate([self.applied, np.zeros(extra, dtype=bool)])


class LoanActivity:
    name = "loan"
    bulk = True  # through the services on both paths

    # ---------------------------------------------------------------------------------------- plan (pure)

    def plan(self, plan, mp, rng) -> Month:
        st = getattr(plan, "_loan_state", None)
        if st is None or mp.month == plan.cfg.start_month:
            st = plan._loan_state = _State()
        n = plan.count
        st.grow(n)
        k = _index(mp.month)
        if mp.hires is not None:
            st.joined[mp.hires.lo:mp.hires.hi] = k
        for i, _to, _base in mp.movers:
            st.joined[i] = k
        policy = plan.store.at(mp.day)
        need = int(policy["loan.min_contribution_months"])
        emp = plan.emp_of[:n]
        e = np.where(emp >= 0, emp, 0)
        ok = ((plan.status[:n] == NORMAL) & (emp >= 0) & ~st.applied[:n] & (k - st.joined[:n] >= need)
              & (plan.arrears_from[e] == 0) & (plan.deferred_to[e] == 0))
        candidates = np.nonzero(ok)[0]
        share = APPLY_SHARE * plan.cfg.activity_share
        picked = candidates[rng.random(len(candidates)) < share]
        apps = []
        for i in (int(x) for x in picked):
            p = plan.person(i)
            age = (mp.day - p.birth_date).days // 365
            if not MIN_AGE <= age <= MAX_AGE:
                continue
            st.applied[i] = True
            spouse = _spouse(plan, i)
            if spouse is not None:
                st.applied[spouse] = True
            apps.append(self._draw(rng, i, mp.day))
        for _ in range(int(rng.poisson(len(candidates) * share * REMOTE_SHARE))):
            st.remote += 1
            apps.append(self._remote(rng, plan, REMOTE_BASE - st.remote, mp.day))
        close = plan.cfg.last_date >= last_day(mp.month)
        return Month(apps, int(rng.integers(1, 2**62)), close)

    @staticmethod
    def _draw(rng, i: int, day: date, *, remote: bool = False) -> Application:
        area = int(rng.integers(60, 141))  # m²
        unit = int(rng.integers(6, 14)) * 1000  # yuan per m²
        price = area * unit // 1000 * 1000 * 100  # fen, whole thousands of yuan
        short = rng.random() < SHORT_TERM_SHARE
        months = int(rng.choice((120, 180))) if short else int(rng.choice((240, 300, 360)))
        method = "02" if rng.random() < EQUAL_PRINCIPAL_SHARE else "01"
        repay_day = int(rng.integers(1, 29))
        u = rng.random()
        ask = min(price * 8 // 10, 80_000_000) // 1_000_000 * 1_000_000  # whole 10,000 yuan
        if not remote and u < REFINANCE_SHARE:
            balance = price * int(rng.integers(30, 61)) // 100 // 100_000 * 100_000
            return Application(i, balance, months, method, "refinance", "new", price, repay_day, extra={
                "original_bank": COMMERCIAL_BANKS[i % len(COMMERCIAL_BANKS)],
                "original_contract_no": f"SY{day.year - int(rng.integers(1, 6))}{i:08d}",
                "original_balance": f"{balance // 100}.00"})
        if u < REFINANCE_SHARE + COMBINED_SHARE:
            commercial = price * int(rng.integers(25, 41)) // 100 // 1_000_000 * 1_000_000
            return Application(i, min(ask, price * 8 // 10 - commercial) // 1_000_000 * 1_000_000, months, method,
                               "purchase", "new", price, repay_day, remote=remote, extra={
                                   "combined": "1", "commercial_amount": f"{commercial // 100}.00",
                                   "commercial_bank": COMMERCIAL_BANKS[(i + 1) % len(COMMERCIAL_BANKS)],
                                   "commercial_monthly": f"{commercial * 5 // 1000 // 100}.00"})
        own = not remote and rng.random() < OWN_HOME_SHARE
        if rng.random() < USED_SHARE:
            year = int(rng.integers(1998, day.year - 1))
            return Application(i, ask, months, method, "purchase", "used", price, repay_day, building_year=year,
                               own_home=own, remote=remote)
        return Application(i, ask, months, method, "purchase", "new", price, repay_day, own_home=own, remote=remote)

    def _remote(self, rng, plan, index: int, day: date) -> Application:
        base = self._draw(rng, index, day, remote=True)
        income = int(rng.integers(50, 181)) * 10_000  # 5,000–18,000 yuan
        monthly = income * 24 // 100 // 100 * 100
        months = int(rng.integers(12, 121))
        extra = {**base.extra, "remote": "1", "remote_centre": REMOTE_CENTRES[index % len(REMOTE_CENTRES)],
                 "remote_balance": f"{monthly * months * 8 // 10 // 100}.00", "remote_months": str(months),
                 "remote_monthly": f"{monthly // 100}.00"}
        return Application(**{**base.__dict__, "income": income, "extra": extra})

    # ---------------------------------------------------------------------------------------- execution

    def run_service(self, ctx, mp, events: Month) -> None:
        from anju.workcal.service import load_calendar

        last = ctx.plan.cfg.last_date
        with ctx.engine.connect() as conn:
            pay_day = load_calendar(conn).next_workday(mp.day, include_self=True)
        if pay_day <= last:
            for app in events.applications:
                self._originate(ctx, app, mp.day, pay_day)
        self._repayments(ctx, mp, events)

    def run_bulk(self, ctx, mp, events: Month) -> None:
        self.run_service(ctx, mp, events)

    @staticmethod
    @cache
    def _team():
        """The origination crew: clerk, reviewer, two approvers, loan officer, finance — six people."""
        from anju.loanapp.demo import crew

        return crew("sim")

    def _originate(self, ctx, app: Application, day: date, pay_day: date) -> None:
        from anju.loanapp import demo as origination
        from anju.registry import service as registry
        from anju.withdrawal import service as withdrawal

        team = self._team()
        try:
            with UnitOfWork(ctx.engine) as uow:
                if app.remote:
                    p = person_spec(ctx.plan.cfg.seed, app.member, ctx.plan.start)
                    person_id, problems = registry.find_or_create_person(uow, registry.PersonInput(
                        id_number=p.id_number, name=p.name, phone=p.phone, marital_status=p.marital_status,
                        monthly_income=app.income), as_of=day)
                    if problems:
                        return
                    bank = ctx.plan.banks[app.member % len(ctx.plan.banks)]
                else:
                    person_id, bank = int(ctx.person_ids[app.member]), None
                if app.own_home:
                    withdrawal.declare_home(
                        uow, team.clerk, person_id=person_id, as_of=day, note="借款人申报已有住房",
                        address=f"示例市{STREETS[(app.member + 3) % len(STREETS)]}{app.member % 400 + 1}号"
                                f"{app.member % 12 + 1}栋{app.member % 5 + 1}02室",
                        from_day=date(day.year - 6, day.month, 1))
                origination.originate(
                    uow, person_id, app.amount, app.months, as_of=day, team=team, fit=True, disburse_on=pay_day,
                    method=app.method, purpose=app.purpose, house_type=app.house_type, price=app.price,
                    repay_day=app.repay_day, building_year=app.building_year, bank_code=bank, extra=app.extra)
                uow.commit()
        except AnjuError:
            return  # refused by the rules: the member does not borrow this month

    def _repayments(self, ctx, mp, events: Month) -> None:
        from anju.loan import bankfile, runs
        from anju.loan.tables import loan

        team = self._team()
        officer = team.officer
        with ctx.engine.connect() as conn:
            if conn.execute(select(loan.c.id).where(loan.c.status.in_(runs.OPEN)).limit(1)).first() is None:
                return
        with UnitOfWork(ctx.engine) as uow:
            run = runs.create_run(uow, officer, month=mp.month, as_of=mp.day)
            uow.commit()
        if not events.close:
            return  # the banks answer after the centre's last day
        end = last_day(mp.month)
        for b in run.banks:
            if b.status != "sent" or b.count == 0:
                continue
            with ctx.engine.connect() as conn:
                rows = runs.instruction_rows(conn, b.id)
                status = dict(conn.execute(select(loan.c.loan_no, loan.c.status).where(
                    loan.c.loan_no.in_([r.loan_no for r in rows]))).all())
                layout = bank_queries.file_layout(conn, b.bank_code, FileKind.DEDUCTION_RESULT)
            results = [self._answer(r, events.salt, overdue=status[r.loan_no] == "02") for r in rows]
            with UnitOfWork(ctx.engine) as uow:
                runs.load_result(uow, officer, batch_id=b.id, data=bankfile.result_csv(results, layout),
                                 filename=f"sim-{b.bank_code}-{mp.month}.csv", as_of=end)
                uow.commit()
            runs.post_batch(ctx.engine, officer, batch_id=b.id)
        with UnitOfWork(ctx.engine) as uow:
            runs.close_run(uow, officer, month=mp.month, as_of=end)
            uow.commit()

    @staticmethod
    def _answer(row, salt: int, *, overdue: bool):
        """The bank's answer to one deduction line, drawn from the month's salt and the loan number."""
        from anju.loan import bankfile

        u = (_mix(salt, int(row.loan_no[2:])) >> 11) / float(1 << 53)
        ref = f"SIM{row.deduction_no}"
        if overdue:
            if u < CATCH_UP:
                return bankfile.Result(row.deduction_no, row.amount, "paid", "", ref)
            return bankfile.Result(row.deduction_no, 0, "failed", "账户余额不足", "")
        if u < FAIL_SHARE:
            return bankfile.Result(row.deduction_no, 0, "failed", "账户余额不足", "")
        if u < FAIL_SHARE + PARTIAL_SHARE and row.amount >= 2:
            return bankfile.Result(row.deduction_no, row.amount // 2, "partial", "余额不足，部分扣款", ref)
        return bankfile.Result(row.deduction_no, row.amount, "paid", "", ref)


ACTIVITY = LoanActivity()
