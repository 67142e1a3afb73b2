"""The SERVICE executor: every event of the plan through the real use cases, as a clerk would do it.

Slow (one call per member and event) and therefore for small centres; it is the reference the bulk
executor is compared with.
"""

from __future__ import annotations

from datetime import date

from anju.db.uow import UnitOfWork
from anju.deposit import service as deposit
from anju.interest import service as interest
from anju.registry import service as registry
from anju.sim.context import (
    BASE_ADJUST_REASON,
    DEFER_REASON,
    LEAVE_REASON,
    Context,
    approval_no,
    employer_receipt,
    flexible_receipt,
)
from anju.sim.plan import DEFERRAL_DOCUMENTS, FLEXIBLE, EmployerSpec, MonthPlan


def employer_input(spec: EmployerSpec, first_month: int) -> registry.EmployerInput:
    return registry.EmployerInput(
        uscc=spec.uscc, name=spec.name, kind=spec.kind, bank_code=spec.bank_code, branch_code=spec.branch_code,
        pay_day=spec.pay_day, employer_ratio=spec.ratio, member_ratio=spec.ratio, first_month=first_month,
        industry=spec.industry, address=spec.address, legal_rep=spec.legal_rep, agent_name=spec.agent_name,
        agent_phone=spec.agent_phone)


class ServiceExecutor:
    name = "service"

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def registry_day(self, mp: MonthPlan) -> None:
        ctx, plan, clerk = self.ctx, self.ctx.plan, self.ctx.clerk
        day, month = mp.day, mp.month
        with UnitOfWork(ctx.engine) as uow:
            for spec in mp.new_employers:
                eid, _ = registry.open_employer(uow, clerk, data=employer_input(spec, month), as_of=day)
                ctx.employer_ids.append(eid)
            deposit.end_deferrals(uow, ctx.approver, as_of=day)
            if mp.base_adjust is not None:
                reason = BASE_ADJUST_REASON.format(year=month // 100)
                for i, base in zip(*mp.base_adjust, strict=True):
                    registry.change_base(uow, clerk, account_id=ctx.member_account_id(int(i)), base=int(base),
                                         from_month=month, as_of=day, reason=reason)
            for i in mp.leavers:
                registry.seal(uow, clerk, account_id=ctx.member_account_id(int(i)), reason=LEAVE_REASON, as_of=day)
            for i, to, base in mp.movers:
                registry.transfer(uow, clerk, account_id=ctx.member_account_id(i), to_employer_id=ctx.employer_ids[to],
                                  first_month=month, as_of=day, base=base)
            if mp.hires is not None:
                h = mp.hires
                for k, i in enumerate(range(h.lo, h.hi)):
                    p = plan.person(i)
                    who = registry.PersonInput(id_number=p.id_number, name=p.name, phone=p.phone,
                                               marital_status=p.marital_status, monthly_income=p.monthly_income)
                    if h.employer[k] == FLEXIBLE:
                        opened = registry.open_flexible(uow, clerk, who=who, base=int(h.base[k]),
                                                        total_ratio=h.flex_ratio[i], first_month=month, as_of=day)
                    else:
                        opened = registry.open_account(uow, clerk, employer_id=ctx.employer_ids[int(h.employer[k])],
                                                       who=who, base=int(h.base[k]), first_month=month, as_of=day)
                    ctx.remember(i, opened.account_id, opened.person_id)
                for husband, wife in h.couples:
                    registry.link_spouse(uow, clerk, person_id=int(ctx.person_ids[husband]),
                                         spouse_id=int(ctx.person_ids[wife]))
            for e, period_from, period_to in mp.deferrals:
                did = deposit.apply_deferral(uow, clerk, employer_id=ctx.employer_ids[e], kind="defer",
                                             period_from=period_from, period_to=period_to, reason=DEFER_REASON,
                                             documents=list(DEFERRAL_DOCUMENTS), as_of=day)
                deposit.decide_deferral(uow, ctx.approver, deferral_id=did, approve=True,
                                        approval_no=approval_no(month, e), note="同意缓缴", as_of=day)
            uow.commit()

    def remit_day(self, mp: MonthPlan, paid_on: date) -> None:
        ctx, clerk = self.ctx, self.ctx.clerk
        with UnitOfWork(ctx.engine) as uow:
            for d, e, period in mp.remits:
                if d != paid_on:
                    continue
                sub = deposit.generate_month(uow, clerk, employer_id=ctx.employer_ids[e], period=period, as_of=paid_on)
                receipt = employer_receipt(mp.month, e)
                posted = deposit.confirm_payment(uow, clerk, remittance_id=sub.remittance_id, paid_on=paid_on,
                                                 receipt_no=receipt, amount=sub.total)
                if posted is None:  # above deposit.confirm_second_above: a second person confirms it blind
                    deposit.confirm_second(uow, ctx.second_clerk, remittance_id=sub.remittance_id,
                                           receipt_no=receipt, amount=sub.total)
            for d, i, _amount in mp.flexible_pays:
                if d != paid_on:
                    continue
                deposit.pay_flexible(uow, clerk, account_id=ctx.member_account_id(i), months=1, paid_on=paid_on,
                                     receipt_no=flexible_receipt(mp.month, i), bank_code=ctx.bank_for_member(i),
                                     as_of=paid_on)
            uow.commit()

    def activity(self, activity, mp: MonthPlan, events) -> None:
        activity.run_service(self.ctx, mp, events)

    def settle(self, year: int) -> None:
        interest.settle_year(self.ctx.engine, self.ctx.clerk, year=year, as_of=date(year, 6, 30))
