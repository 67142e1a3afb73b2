"""Withdrawals in the synthetic centre: each month a small share of members withdraw — rent (most), a down
payment on a home, and retirement (closing the account) for members past the retirement age.

Every application goes through the withdrawal area's services: 受理 by a clerk, 复核 and 审批 by two other
people, a payment file per entrusted bank and the bank's all-paid result. The bulk path calls the same
services (withdrawals are a few per thousand members a month, so one call each is affordable) and thus
writes the same rows. An application the rules refuse is skipped — identically on both paths, because the
books they see are identical.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from anju.auth.actor import cli_actor
from anju.bank import queries as bank_queries
from anju.bank.codes import FileKind
from anju.core.dates import add_months, month_of
from anju.core.errors import AnjuError
from anju.core.ids import luhn_check_digit
from anju.db.uow import UnitOfWork
from anju.policy.store import load_store
from anju.registry.retirement import RetirementPolicy, retirement_date
from anju.sim.plan import NORMAL

CLOSED = 3  # plan status of a member whose account a retirement withdrawal closes
RENT_SHARE = 0.004  # of contributing members, per month
DOWN_SHARE = 0.001


@dataclass(frozen=True)
class Application:
    member: int
    kind: str
    facts: dict


def _card(member: int) -> str:
    body = f"62220{member:011d}"
    return body + luhn_check_digit(body)


def _retire_months(plan, day: date) -> list[int]:
    """Each member's retirement month (YYYYMM) under the statutory retirement table in force on ``day``: the month
    whose first day (the day the sim applies) is the first on or after the statutory retirement date. Computed
    once per member and table, and kept beside the plan."""
    table = RetirementPolicy.of(plan.store.at(day))
    months: list[int] = plan.__dict__.setdefault("_retire_months", {}).setdefault(table, [])
    for i in range(len(months), plan.count):
        p = plan.person(i)
        statutory = retirement_date(p.birth_date, p.sex, None, table)
        month = month_of(statutory)
        months.append(month if statutory.day == 1 else add_months(month, 1))
    return months


class WithdrawalActivity:
    name = "withdrawal"
    bulk = True  # through the services on both paths

    def plan(self, plan, mp, rng) -> list[Application]:
        n = plan.count
        normal = [int(i) for i in (plan.status[:n] == NORMAL).nonzero()[0]]
        apps: list[Application] = []
        day = mp.day
        rent, down = RENT_SHARE * plan.cfg.activity_share, DOWN_SHARE * plan.cfg.activity_share
        for i in normal:
            if plan.emp_of[i] < 0:
                continue
            u = rng.random()
            if u < rent:
                apps.append(Application(i, "rent_market", {
                    "monthly_rent": f"{int(rng.integers(12, 40)) * 100}.00", "children": "0",
                    "property_address": f"示例市{['人民路', '解放路', '芙蓉路', '东风路'][i % 4]}{i % 300 + 1}号"}))
            elif u < rent + down:
                contract = date.fromordinal(day.toordinal() - int(rng.integers(10, 90)))
                apps.append(Application(i, "purchase_down", {
                    "property_address": f"示例市新城大道{i % 500 + 1}号{i % 30 + 1}栋{i % 20 + 1}01室",
                    "contract_no": f"WQ{day.year}{i:08d}", "contract_date": contract.isoformat(),
                    "down_payment": f"{int(rng.integers(150, 600)) * 1000}.00"}))
        retire = _retire_months(plan, day)
        for i in normal:
            # members reaching the age this month (those already past it at the start keep working)
            if retire[i] == mp.month and plan.emp_of[i] >= 0 and rng.random() < 0.8 * plan.cfg.activity_share:
                apps.append(Application(i, "retire", {"retire_date": day.isoformat()}))
                plan.status[i] = CLOSED
        apps.sort(key=lambda a: a.member)
        return apps

    def run_service(self, ctx, mp, events: list[Application]) -> None:
        from anju.withdrawal import payout, queries
        from anju.withdrawal import service as wd

        clerk, reviewer, approver = ctx.clerk, cli_actor("sim-reviewer"), ctx.approver
        finance = cli_actor("sim-finance")
        day = mp.day
        with ctx.engine.connect() as conn:
            policy = load_store(conn).at(day)
        with UnitOfWork(ctx.engine) as uow:  # the month's applications in one transaction, one savepoint each
            for app in events:
                docs = list(policy[f"withdrawal.reason.{app.kind}"]["documents"])
                try:
                    with uow.conn.begin_nested():
                        applied = wd.apply(uow, clerk, account_id=ctx.member_account_id(app.member), kind=app.kind,
                                           facts=app.facts, documents=docs,
                                           payee=wd.Payee(card_no=_card(app.member), card_bank="示例市受托银行"),
                                           as_of=day)
                        wd.review(uow, reviewer, withdrawal_id=applied.id, as_of=day)
                        wd.approve(uow, approver, withdrawal_id=applied.id, as_of=day)
                except AnjuError:
                    continue  # refused by the rules: the member simply does not withdraw this month
            uow.commit()
        for bank in ctx.plan.banks:
            try:
                with UnitOfWork(ctx.engine) as uow:
                    batch = wd.create_payout_batch(uow, finance, bank_code=bank, pay_day=day)
                    uow.commit()
            except AnjuError:
                continue  # nothing to pay through this bank
            with ctx.engine.connect() as conn:
                lines = queries.batch_lines(conn, batch.id)
                layout = bank_queries.file_layout(conn, bank, FileKind.PAYOUT_RESULT)  # the bank answers in its own
            results = [payout.Result(ln.payment_no, True, "", f"SIM{ln.id:08d}") for ln in lines]
            with UnitOfWork(ctx.engine) as uow:
                wd.load_payout_result(uow, finance, batch_id=batch.id, data=payout.result_csv(results, layout),
                                      filename=f"sim-{bank}-{day}.csv", as_of=day)
                uow.commit()

    def run_bulk(self, ctx, mp, events: list[Application]) -> None:
        self.run_service(ctx, mp, events)


ACTIVITY = WithdrawalActivity()
