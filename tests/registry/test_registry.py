"""Registry on both databases: employers, persons, accounts and every member change."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from anju.auth.actor import Actor, Channel, Role
from anju.core.errors import AnjuError, Forbidden, ValidationFailed
from anju.db import UnitOfWork
from anju.registry import queries
from anju.registry import service as svc
from anju.registry.codes import AccountStatus, EmployerStatus, TxnType
from anju.registry.errors import RegistryError
from anju.registry.tables import account, member_txn, person
from anju.verify import run_all
from tests.support.factory import CLERK, open_employer, open_members, pay_month, person_id, uscc


def failures(engine):
    with engine.connect() as conn:
        return {r.check.name: [v.message for v in r.violations] for r in run_all(conn) if not r.ok}


def txn_types(engine, account_id):
    with engine.connect() as conn:
        return [r.type for r in conn.execute(select(member_txn.c.type).where(member_txn.c.account_id == account_id)
                                             .order_by(member_txn.c.id))]


class TestOpenEmployer:
    def test_opening_gives_an_account_number_with_a_check_digit(self, engine):
        eid = open_employer(engine, name="示例科技有限公司")
        with engine.connect() as conn:
            row = svc.get_employer(conn, eid)
        assert row.account_no.startswith("8") and len(row.account_no) == 10
        assert row.status == EmployerStatus.NORMAL.value and row.employer_ratio == Decimal("0.12")

    def test_every_problem_is_reported_at_once(self, engine):
        data = svc.EmployerInput(uscc="91430405000000001X", name=" ", kind="77", bank_code="99", branch_code="88",
                                 pay_day=40, employer_ratio=Decimal("0.13"), member_ratio=Decimal("0.04"),
                                 first_month=202501, industry="Z")
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            svc.open_employer(uow, CLERK, data=data, as_of=date(2025, 1, 5))
        fields = {p.field for p in exc.value.problems}
        assert {"统一社会信用代码", "单位名称", "单位性质", "所属行业", "受托银行", "管理部", "发薪日", "单位缴存比例",
                "个人缴存比例"} <= fields

    def test_a_second_opening_with_the_same_code_names_the_first(self, engine):
        code = uscc(900)
        open_employer(engine, n=900, name="甲公司")
        data = svc.EmployerInput(uscc=code, name="乙公司", kind="50", bank_code="01", branch_code="01", pay_day=10,
                                 employer_ratio=Decimal("0.1"), member_ratio=Decimal("0.1"), first_month=202501)
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            svc.open_employer(uow, CLERK, data=data, as_of=date(2025, 1, 5))
        assert exc.value.problems[0].code == RegistryError.USCC_TAKEN

    def test_status_changes_keep_a_history_and_closing_needs_no_contributors(self, engine):
        eid = open_employer(engine)
        (acct,) = open_members(engine, eid, 1)
        with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:
            svc.set_employer_status(uow, CLERK, employer_id=eid, status=EmployerStatus.CLOSED, reason="注销",
                                    as_of=date(2025, 3, 1))
        assert exc.value.code is RegistryError.EMPLOYER_HAS_ACTIVE_MEMBERS and exc.value.params["active"] == 1
        with UnitOfWork(engine) as uow:
            svc.seal(uow, CLERK, account_id=acct, reason="离职", as_of=date(2025, 3, 1))
            svc.set_employer_status(uow, CLERK, employer_id=eid, status=EmployerStatus.CLOSED, reason="注销",
                                    as_of=date(2025, 3, 2))
            uow.commit()
        with engine.connect() as conn:
            row = svc.get_employer(conn, eid)
        assert row.status == EmployerStatus.CLOSED.value and row.closed_on == date(2025, 3, 2)


class TestOpenAccount:
    def test_sex_and_birth_date_come_from_the_id(self, engine):
        eid = open_employer(engine)
        (acct,) = open_members(engine, eid, 1, start=4)
        with engine.connect() as conn:
            p = conn.execute(select(person).join(account, account.c.person_id == person.c.id)
                             .where(account.c.id == acct)).one()
        assert p.sex == "2" and p.id_number == person_id(4, "2") and p.birth_date.year == 1975
        assert txn_types(engine, acct) == [TxnType.OPEN.value]

    def test_a_second_account_for_the_same_person_is_refused_naming_the_first(self, engine):
        eid = open_employer(engine)
        other = open_employer(engine, name="另一单位")
        (acct,) = open_members(engine, eid, 1, start=7)
        with engine.connect() as conn:
            acct_no = svc.get_account(conn, acct).account_no
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            svc.open_account(uow, CLERK, employer_id=other, who=svc.PersonInput(id_number=person_id(7), name="职工7"),
                             base=500000, first_month=202502, as_of=date(2025, 2, 1))
        assert exc.value.problems[0].code == RegistryError.MEMBER_HAS_ACCOUNT and acct_no in str(exc.value.problems[0])

    def test_bad_id_name_base_and_sex_are_all_reported(self, engine):
        eid = open_employer(engine)
        bad_id = person_id(9)[:-1] + ("0" if person_id(9)[-1] != "0" else "1")
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            svc.open_account(uow, CLERK, employer_id=eid, who=svc.PersonInput(id_number=bad_id, name=""),
                             base=100, first_month=202502, as_of=date(2025, 2, 1))
        texts = " ".join(str(p) for p in exc.value.problems)
        assert "校验位" in texts and "姓名不能为空" in texts and "缴存基数1.00元低于下限：2025-02-01适用的缴存基数下限为1,930.00元" in texts
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            svc.open_account(uow, CLERK, employer_id=eid,
                             who=svc.PersonInput(id_number=person_id(9, "1"), name="某人", sex="2"),
                             base=500000, first_month=202502, as_of=date(2025, 2, 1))
        assert exc.value.problems[0].code == RegistryError.SEX_MISMATCH

    def test_monthly_amounts_follow_the_policy_rounding(self, engine):
        eid = open_employer(engine, ratio="0.07")
        with UnitOfWork(engine) as uow:
            opened = svc.open_account(uow, CLERK, employer_id=eid, who=svc.PersonInput(id_number=person_id(11), name="甲"),
                                      base=432155, first_month=202502, as_of=date(2025, 2, 1))
            uow.commit()
        # 4,321.55 × 7% = 302.5085 → 302.51 (half-up to the fen, the sample centre's rule)
        assert opened.terms.employer_amount == 30251 and opened.terms.member_amount == 30251


class TestMemberChanges:
    def test_seal_reopen_transfer_base_ratio_freeze_record_detail_rows(self, engine):
        a = open_employer(engine, name="甲")
        b = open_employer(engine, name="乙")
        (acct,) = open_members(engine, a, 1, start=20)
        pay_month(engine, a, 202501, date(2025, 1, 12))
        on = date(2025, 2, 3)
        with UnitOfWork(engine) as uow:
            svc.seal(uow, CLERK, account_id=acct, reason="离职", as_of=on)
            svc.reopen(uow, CLERK, account_id=acct, first_month=202503, as_of=on)
            svc.transfer(uow, CLERK, account_id=acct, to_employer_id=b, first_month=202503, as_of=on, base=600000)
            svc.change_base(uow, CLERK, account_id=acct, base=700000, from_month=202504, as_of=on)
            svc.change_ratio(uow, CLERK, account_id=acct, employer_ratio=Decimal("0.10"), member_ratio=Decimal("0.08"),
                             from_month=202505, as_of=on)
            uow.commit()
        with UnitOfWork(engine) as uow:
            svc.freeze(uow, CLERK, account_id=acct, reason="（2025）湘0405执123号", as_of=on)
            svc.freeze(uow, CLERK, account_id=acct, reason="执行完毕", as_of=on, unfreeze=True)
            uow.commit()
        assert txn_types(engine, acct) == ["03", "01", "05", "04", "06", "10", "99", "14", "15"]
        with engine.connect() as conn:
            row = svc.get_account(conn, acct)
            history = [(t.from_month, t.base) for t in queries.terms_history(conn, acct)]
        assert row.employer_id == b and row.balance == 120000  # the money moved with the member
        assert row.base == 700000 and row.employer_amount == 70000 and row.member_amount == 56000
        assert history == [(202501, 500000), (202503, 600000), (202504, 700000), (202505, 700000)]
        assert failures(engine) == {}

    def test_sealing_needs_a_normal_account_and_a_reason(self, engine):
        eid = open_employer(engine)
        (acct,) = open_members(engine, eid, 1, start=30)
        with UnitOfWork(engine) as uow:
            svc.seal(uow, CLERK, account_id=acct, reason="离职", as_of=date(2025, 2, 1))
            uow.commit()
        with UnitOfWork(engine) as uow, pytest.raises(AnjuError):
            svc.seal(uow, CLERK, account_id=acct, reason="再次", as_of=date(2025, 2, 1))
        with engine.connect() as conn:
            assert svc.get_account(conn, acct).status == AccountStatus.SEALED.value

    def test_an_employer_agent_acts_only_for_its_own_employer(self, engine):
        mine = open_employer(engine, name="本单位")
        theirs = open_employer(engine, name="他单位")
        (acct,) = open_members(engine, theirs, 1, start=40)
        agent = Actor("agent", frozenset({Role.EMPLOYER_AGENT}), Channel.EMPLOYER_PORTAL, employer_id=mine)
        with UnitOfWork(engine) as uow, pytest.raises(Forbidden):
            svc.seal(uow, agent, account_id=acct, reason="离职", as_of=date(2025, 2, 1))
        with UnitOfWork(engine) as uow, pytest.raises(Forbidden):
            svc.open_account(uow, agent, employer_id=theirs, who=svc.PersonInput(id_number=person_id(41), name="乙"),
                             base=500000, first_month=202502, as_of=date(2025, 2, 1))
        with UnitOfWork(engine) as uow:
            opened = svc.open_account(uow, agent, employer_id=mine, who=svc.PersonInput(id_number=person_id(41), name="乙"),
                                      base=500000, first_month=202502, as_of=date(2025, 2, 1))
            uow.commit()
        assert opened.account_no

    def test_a_member_cannot_change_accounts(self, engine):
        eid = open_employer(engine)
        (acct,) = open_members(engine, eid, 1, start=50)
        member = Actor("m", frozenset({Role.MEMBER}), Channel.MEMBER_PORTAL, person_id=1)
        with UnitOfWork(engine) as uow, pytest.raises(Forbidden):
            svc.seal(uow, member, account_id=acct, reason="离职", as_of=date(2025, 2, 1))


class TestFlexibleWorkers:
    def test_a_flexible_account_has_no_employer_and_one_total_ratio(self, engine):
        with UnitOfWork(engine) as uow:
            opened = svc.open_flexible(uow, CLERK, who=svc.PersonInput(id_number=person_id(60), name="自由职业者"),
                                       base=400000, total_ratio=Decimal("0.20"), first_month=202503,
                                       as_of=date(2025, 3, 1))
            uow.commit()
        assert opened.terms.monthly_total == 80000
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            svc.open_flexible(uow, CLERK, who=svc.PersonInput(id_number=person_id(61), name="乙"), base=400000,
                              total_ratio=Decimal("0.30"), first_month=202503, as_of=date(2025, 3, 1))
        assert exc.value.problems[0].code == RegistryError.FLEXIBLE_RATIO_OUT_OF_RANGE


class TestQueries:
    def test_search_masks_nothing_itself_but_finds_by_name_id_and_number(self, engine):
        eid = open_employer(engine)
        (acct,) = open_members(engine, eid, 1, start=70)
        with engine.connect() as conn:
            no = svc.get_account(conn, acct).account_no
            by_name = queries.search_members(conn, "职工70")
            by_id = queries.search_members(conn, person_id(70, "2"))
            by_no = queries.search_members(conn, no)
        assert [r.id for r in by_name] == [r.id for r in by_id] == [r.id for r in by_no] == [acct]
