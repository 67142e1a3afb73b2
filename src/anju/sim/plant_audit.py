"""Known frauds and dormant accounts planted into a centre, for the e-audit (issue 22 item 7).

``plant(engine, start=…)`` adds its own employers and members next to whatever the centre holds and, through the
real services, one case per e-audit rule (two persons registered twice, a member on another centre's list, a
contribution jump before a withdrawal, a base far above the employer's average, contributions stopping after a
withdrawal, one home used by two strangers, a purchase contract cancelled after the withdrawal, a withdrawal right
after the first contribution, rent while owning a home, a withdrawal right after unsealing, a backdated 补缴 just
before a withdrawal, a borrower who stopped paying) and a dormant account; and a clean employer and a married
couple buying one home together, which no rule may flag. Three identity anomalies are legacy data that today's
services refuse (under 16, past retirement, an ID failing its check digit): the planter writes those person
fields directly, as a data migration from an old system would have left them (never account state).

Everything happens from ``start`` (the first day of a month in the open interest year) to four months later;
``Planted.as_of`` is the day to scan. Returns what a scan must find: (rule code, subject key, description).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Engine, select, update

from anju.auth.actor import Actor, Channel, Role
from anju.core.dates import add_months, add_years, month_of
from anju.core.ids import luhn_check_digit, make_resident_id, make_uscc
from anju.db.uow import UnitOfWork

PLANTER = Actor("sim-audit", frozenset({Role.ADMIN, Role.SYSTEM, Role.CLERK, Role.LOAN_OFFICER, Role.AUDITOR}),
                Channel.CLI)


@dataclass
class Planted:
    as_of: date
    cases: list[tuple[str, str, str]] = field(default_factory=list)  # (rule, subject key, what)
    dormant: list[tuple[int, str]] = field(default_factory=list)  # (account id, what)
    clean_persons: list[int] = field(default_factory=list)


class _Planter:
    def __init__(self, engine: Engine, start: date, salt: int) -> None:
        self.engine, self.start, self.salt = engine, start, salt
        self.n = 0
        self.out = Planted(as_of=date(*divmod(add_months(month_of(start), 4), 100), 1) - timedelta(days=1))

    # ------------------------------------------------------------------ helpers

    def step(self, fn, **kw):
        with UnitOfWork(self.engine) as uow:
            out = fn(uow, PLANTER, **kw)
            uow.commit()
        return out

    def day(self, months: int, d: int) -> date:
        y, m = divmod(add_months(month_of(self.start), months), 100)
        return date(y, m, d)

    def ym(self, months: int) -> int:
        return add_months(month_of(self.start), months)

    def idn(self, *, birth: date | None = None, seq: int | None = None, sex: str = "1") -> str:
        self.n += 1
        birth = birth or date(1980, 1, 1) + timedelta(days=(self.salt * 97 + self.n * 37) % 7000)
        return make_resident_id("439901", birth, (seq if seq is not None else self.n) % 100, sex)

    def employer(self, name: str, *, first: int = 0, pay_day: int = 10) -> int:
        from anju.registry import service as registry

        self.n += 1
        data = registry.EmployerInput(uscc=make_uscc(f"91439901{(self.salt * 1000 + self.n) % 10**9:09d}"),
                                      name=f"{name}（稽查样本{self.salt}）", kind="50", bank_code="01",
                                      branch_code="01", pay_day=pay_day, employer_ratio=Decimal("0.12"),
                                      member_ratio=Decimal("0.12"), first_month=self.ym(first))
        eid, _ = self.step(registry.open_employer, data=data, as_of=self.start)
        return eid

    def employee(self, eid: int, name: str, *, base: int = 500_000, first: int = 0, on: date | None = None,
                 **who) -> tuple[int, int]:
        from anju.registry import service as registry

        opened = self.step(registry.open_account, employer_id=eid,
                           who=registry.PersonInput(id_number=who.pop("id_number", None) or self.idn(), name=name),
                           base=base, first_month=self.ym(first), as_of=on or self.start)
        return opened.account_id, opened.person_id

    def flexible(self, name: str, *, months: int = 10, first: int = -6, on: date | None = None,
                 id_number: str | None = None, pay: bool = True) -> tuple[int, int]:
        """A flexible worker (2,000.00 a month), paying ``months`` months from ``first`` at once on ``on``."""
        from anju.deposit import service as deposit
        from anju.registry import service as registry

        on = on or self.start
        opened = self.step(registry.open_flexible, who=registry.PersonInput(id_number=id_number or self.idn(),
                                                                            name=name),
                           base=1_000_000, total_ratio=Decimal("0.2"), first_month=self.ym(first), as_of=on)
        if pay and months:
            self.step(deposit.pay_flexible, account_id=opened.account_id, months=months, paid_on=on,
                      receipt_no=f"PA{self.salt}-{opened.account_id}", bank_code="01", as_of=on)
        return opened.account_id, opened.person_id

    def post(self) -> None:
        from anju.deposit import service as deposit

        deposit.post_confirmed(self.engine, PLANTER)

    def pay(self, eid: int, period: int, paid_on: date, *, post: bool = True) -> None:
        from anju.deposit import service as deposit

        def go(uow, actor):
            sub = deposit.generate_month(uow, actor, employer_id=eid, period=period, as_of=paid_on)
            deposit.confirm_payment(uow, actor, remittance_id=sub.remittance_id, paid_on=paid_on,
                                    receipt_no=f"RA{self.salt}-{eid}-{period}", amount=sub.total)

        self.step(go)
        if post:
            self.post()

    def withdraw(self, account_id: int, kind: str, facts: dict, on: date, requested: int | None = None) -> object:
        from anju.policy.store import policy_at
        from anju.withdrawal import service as wd

        with self.engine.connect() as conn:
            docs = list(policy_at(conn, on)[f"withdrawal.reason.{kind}"]["documents"])
        body = f"62220299{(self.salt * 10000 + account_id) % 10**8:08d}"
        payee = wd.Payee(card_no=body + luhn_check_digit(body), card_bank="中国工商银行示例市分行")
        return self.step(wd.apply, account_id=account_id, kind=kind, facts=facts, documents=docs,
                         requested=requested, payee=payee, as_of=on)

    def other(self, account_id: int, on: date, amount: int = 10_000) -> object:
        return self.withdraw(account_id, "other", {"other_basis": "市政府批准的住房消费"}, on, requested=amount)

    def purchase(self, account_id: int, on: date, address: str, contract: str) -> object:
        return self.withdraw(account_id, "purchase_new", {
            "property_address": address, "contract_no": contract, "contract_date": self.day(0, 5).isoformat(),
            "price": "500000", "loan_amount": "400000"}, on)

    def case(self, rule: str, subject: str, what: str) -> None:
        self.out.cases.append((rule, subject, what))

    # ------------------------------------------------------------------ the cases

    def run(self) -> Planted:
        from anju.registry import household
        from anju.registry import service as registry
        from anju.withdrawal import queries as wq
        from anju.withdrawal import service as wd

        s = self.salt
        late = self.day(3, 12)  # most withdrawals: the fourth month's 12th

        # A clean employer, paying every month, and a married couple buying one home together: no rule fires.
        clean = self.employer("规范缴存单位")
        clean_people = [self.employee(clean, f"规范{i}")[1] for i in range(6)]
        for k in range(4):
            self.pay(clean, self.ym(k), self.day(k, 10), post=False)
        self.post()
        ha, pa = self.flexible("夫甲")
        hb, pb = self.flexible("妻乙", id_number=self.idn(sex="2"))
        self.step(registry.link_spouse, person_id=pa, spouse_id=pb)
        couple_home = f"示例市雁峰区和谐路{s}号2栋101室"
        self.purchase(ha, late, couple_home, f"WQ{s}-C1")
        self.purchase(hb, late, couple_home, f"WQ{s}-C1")
        self.out.clean_persons = [*clean_people, pa, pb]

        # 本地多账户: one person registered twice (same name, region and birth date).
        birth = date(1984, 3, 3)
        _, d1 = self.flexible("石重复", id_number=make_resident_id("439901", birth, (s * 2) % 90 + 1, "1"))
        self.flexible("石重复", id_number=make_resident_id("439901", birth, (s * 2) % 90 + 2, "1"))
        self.case("local_dup", f"person:{d1}", "同一人两个账户")

        # 异地重复缴存: on another centre's list for this month.
        from anju.compliance import service as audit_service
        from anju.core.sheets import UploadLimits
        from anju.policy.store import policy_at

        _, remote_person = self.flexible("异地甲")
        with self.engine.connect() as conn:
            number = conn.execute(select(_person_table().c.id_number)
                                  .where(_person_table().c.id == remote_person)).scalar_one()
            limits = UploadLimits.from_policy(policy_at(conn, self.out.as_of))
        csv = f"证件号码,姓名,个人账户状态,缴至年月\n{number},异地甲,01,{self.ym(3)}\n".encode()
        self.step(audit_service.import_remote_list, centre="外省某市住房公积金中心", data=csv, filename="异地名单.csv",
                  as_of=self.out.as_of, limits=limits)
        self.case("remote_dup", f"person:{remote_person}", "外地中心名单中同时正常缴存")

        # An employer paying monthly: a contribution jump before a withdrawal; a withdrawal right after 启封.
        plant = self.employer("稽查样本单位")
        jump_acct, _ = self.employee(plant, "跳增甲")
        unseal_acct, _ = self.employee(plant, "启封乙")
        self.employee(plant, "同事丙")
        self.pay(plant, self.ym(0), self.day(0, 10))
        self.step(registry.seal, account_id=unseal_acct, reason="离职", as_of=self.day(1, 3))
        self.pay(plant, self.ym(1), self.day(1, 10))
        self.step(registry.change_base, account_id=jump_acct, base=900_000, from_month=self.ym(2),
                  as_of=self.day(1, 20))
        self.pay(plant, self.ym(2), self.day(2, 10))
        self.step(registry.reopen, account_id=unseal_acct, first_month=self.ym(3), as_of=self.day(2, 25))
        self.pay(plant, self.ym(3), self.day(3, 10))
        self.other(jump_acct, late)
        self.case("base_jump", f"account:{jump_acct}:{self.ym(2)}", "月缴存额跳增80%后提取")
        w = self.other(unseal_acct, late)
        self.case("after_unseal", f"withdrawal:{w.id}", "启封后17天提取")

        # 缴存基数畸高: one base far above the employer's average.
        big = self.employer("基数畸高单位")
        for i in range(6):
            self.employee(big, f"普通{i}", base=300_000)
        high_acct, _ = self.employee(big, "高基数", base=2_000_000)
        self.case("base_over_avg", f"account:{high_acct}:base", "基数为本单位平均的3.7倍")

        # 提取后短期断缴: one month paid, a withdrawal, then nothing.
        stop_acct, _ = self.flexible("断缴甲", months=1, first=0)
        w = self.other(stop_acct, self.day(0, 20))
        self.case("stop_after", f"withdrawal:{w.id}", "提取后三个月未缴存")

        # 同一房屋多人提取: two strangers, one home (written two ways).
        a1, _ = self.flexible("购房甲")
        a2, _ = self.flexible("购房乙")
        w1 = self.purchase(a1, late, f"示例市蒸湘区解放大道{s}号3栋501室", f"WQ{s}-S1")
        self.purchase(a2, late, f"示例市蒸湘区解放大道{s}号3幢501", f"WQ{s}-S2")
        with self.engine.connect() as conn:
            home = wq.get(conn, w1.id).property_id
        self.case("same_home", f"home:{home}", "同一房屋两名非配偶提取")

        # 购房提取后合同撤销.
        c_acct, _ = self.flexible("撤销甲")
        w = self.purchase(c_acct, late, f"示例市珠晖区东风路{s}号1栋1室", f"WQ{s}-X1")
        with self.engine.connect() as conn:
            pid = wq.get(conn, w.id).property_id
        self.step(wd.record_contract_cancelled, property_id=pid, on=self.day(3, 20), note="网签注销")
        self.case("contract_cancel", f"withdrawal:{w.id}", "购房提取后网签合同撤销")

        # 首次缴存后短期提取.
        e_acct, _ = self.flexible("新缴甲", months=2, first=2, on=self.day(2, 1))
        w = self.other(e_acct, late)
        self.case("early", f"withdrawal:{w.id}", "首次缴存一个月后提取")

        # 有房仍按租房提取: the home is declared after the application, owned since January.
        r_acct, r_person = self.flexible("租房甲")
        w = self.withdraw(r_acct, "rent_market", {"property_address": f"示例市蒸湘区租房路{s}号", "children": "0"},
                          late)
        self.step(wd.declare_home, person_id=r_person, address=f"示例市石鼓区有房路{s}号",
                  from_day=date(self.start.year, 1, 1), as_of=self.day(3, 13))
        self.case("rent_home", f"withdrawal:{w.id}", "本人名下有房仍租房提取")

        # 追溯补缴后即提取: months missed since January, paid back by 补缴 just before a withdrawal.
        self.backpay_case(late)

        # 贷款后借款人停缴: a loan, then no contribution.
        self.loan_case()

        # Legacy identity anomalies.
        _, young = self.flexible("少年甲")
        _, old = self.flexible("老年乙")
        _, bad = self.flexible("错号丙")
        self.legacy_identity(young=young, old=old, bad=bad)
        self.case("underage", f"person:{young}", "未满16周岁缴存")
        self.case("over_age", f"person:{old}", "超过退休年龄仍缴存")
        self.case("invalid_id", f"person:{bad}", "身份证号码校验位错误")

        # A dormant account: sealed at once, nothing ever paid (zero balance).
        dormant = self.employer("停业单位")
        d_acct, _ = self.employee(dormant, "睡眠甲")
        self.step(registry.seal, account_id=d_acct, reason="单位停业", as_of=self.day(0, 5))
        self.out.dormant.append((d_acct, "封存且零余额"))
        _ = household
        return self.out

    def backpay_case(self, late: date) -> None:
        from anju.core.sheets import write_table
        from anju.core.money import format_yuan
        from anju.deposit import service as deposit
        from anju.deposit.rules import BackPayReason, ListKind
        from anju.registry.queries import account_row, person_row

        eid = self.employer("补缴样本单位", first=-6)
        self.employee(eid, "按时丁", first=-6)
        for k in range(-6, 1):
            self.pay(eid, self.ym(k), self.day(0, 10), post=False)
        self.post()
        acct, person = self.employee(eid, "补缴戊", first=-6, on=self.day(0, 11))
        self.pay(eid, self.ym(1), self.day(1, 10), post=False)
        self.pay(eid, self.ym(2), self.day(2, 10))
        with self.engine.connect() as conn:
            a, p = account_row(conn, acct), person_row(conn, person)
        rows = [[i + 1, p.name, p.id_number, format_yuan(a.base, grouping=False), "12%", "12%",
                 format_yuan(a.employer_amount, grouping=False), format_yuan(a.member_amount, grouping=False),
                 format_yuan(a.employer_amount + a.member_amount, grouping=False), self.ym(k)]
                for i, k in enumerate(range(-6, -3))]
        data = write_table(["序号", "姓名", "证件号码", "缴存基数", "单位缴存比例", "个人缴存比例", "单位月缴存额",
                            "个人月缴存额", "月缴存额合计", "缴存年月"], rows, sheet="补缴清册", text_columns=["证件号码"])
        on = self.day(2, 15)

        def go(uow, actor):
            sub = deposit.import_list(uow, actor, employer_id=eid, data=data, filename="补缴.xlsx",
                                      kind=ListKind.BACK_PAY, period_from=self.ym(-6), period_to=self.ym(-4),
                                      as_of=on, reason=BackPayReason.MISSED)
            deposit.confirm_payment(uow, actor, remittance_id=sub.remittance_id, paid_on=on,
                                    receipt_no=f"BA{self.salt}-{eid}", amount=sub.total)

        self.step(go)
        deposit.post_confirmed(self.engine, PLANTER)
        w = self.other(acct, late)
        self.case("backpay", f"withdrawal:{w.id}", "补缴半年前的月份后即提取")

    def loan_case(self) -> None:
        from anju.loan import accounts
        from anju.loan.schedule import Method
        from anju.registry.queries import account_row

        eid = self.employer("停缴单位")
        acct, person = self.employee(eid, "借款甲")
        with self.engine.connect() as conn:
            account_no = account_row(conn, acct).account_no
        on = self.day(0, 15)
        opening = accounts.LoanOpening(
            contract_no=f"JKA{self.salt}{acct:08d}", application_id=None, borrower_person_id=person,
            co_borrower_person_id=None, repay_account_no=account_no, bank_code="01", amount=20_000_000, months=120,
            method=Method.EQUAL_INSTALLMENT, second_home=False, purpose="01", combined=False,
            commercial_amount=None, commercial_bank=None, remote=False, repay_day=15, disbursed_on=on)
        with UnitOfWork(self.engine) as uow:
            accounts.disburse(uow, PLANTER, opening, key=f"loan:disburse:{opening.contract_no}")
            uow.commit()
        from anju.loan import queries as lq

        with self.engine.connect() as conn:
            live = lq.live_loans()
            loan_id = conn.execute(select(live.c.id).where(live.c.contract_no == opening.contract_no)).scalar_one()
        self.case("loan_stopped", f"loan:{loan_id}", "贷款发放后借款人从未缴存")

    def legacy_identity(self, *, young: int, old: int, bad: int) -> None:
        p = _person_table()
        with UnitOfWork(self.engine) as uow:
            uow.conn.execute(update(p).where(p.c.id == young).values(birth_date=add_years(self.out.as_of, -15)))
            uow.conn.execute(update(p).where(p.c.id == old).values(birth_date=date(1950, 1, 1), sex="1"))
            number = uow.conn.execute(select(p.c.id_number).where(p.c.id == bad)).scalar_one()
            wrong = "0" if number[-1] != "0" else "1"
            uow.conn.execute(update(p).where(p.c.id == bad).values(id_number=number[:17] + wrong))
            uow.commit()


def _person_table():
    from anju.registry.tables import person

    return person


def plant(engine: Engine, *, start: date = date(2026, 7, 1), salt: int = 1) -> Planted:
    """Plant one case per rule and a dormant account (see the module's text); returns what the scan must find."""
    return _Planter(engine, start, salt).run()
