"""Registration refuses free text a spreadsheet would run as a formula, naming the field by its label."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from anju.auth import service as auth
from anju.auth.actor import Role, cli_actor
from anju.core.errors import ErrorCode, ValidationFailed
from anju.db import UnitOfWork
from anju.registry import service as svc
from tests.support.factory import CLERK, open_employer, person_id, uscc

ON = date(2025, 2, 1)


def test_a_member_named_like_a_formula_is_refused_naming_the_name_field(engine):
    eid = open_employer(engine)
    for name in ("=1+1", '=HYPERLINK("http://evil.example/steal","点此查看")', "@SUM(A1)", "+A1", " -2+3"):
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            svc.open_account(uow, CLERK, employer_id=eid, who=svc.PersonInput(id_number=person_id(3), name=name),
                             base=500000, first_month=202502, as_of=ON)
        formula = [p for p in exc.value.problems if p.code == ErrorCode.SHEET_FORMULA]
        assert len(formula) == 1 and formula[0].field == "姓名"


def test_an_employer_with_formula_like_free_text_is_refused_naming_each_field(engine):
    data = svc.EmployerInput(uscc=uscc(901), name="=1+1", kind="50", bank_code="01", branch_code="01", pay_day=10,
                             employer_ratio=Decimal("0.12"), member_ratio=Decimal("0.12"), first_month=202501,
                             address="@evil", legal_rep="-2+3", agent_name="+cmd", agent_phone="+8613800000000")
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        svc.open_employer(uow, CLERK, data=data, as_of=date(2025, 1, 5))
    assert {p.field for p in exc.value.problems} == {"单位名称", "单位地址", "法定代表人", "经办人"}
    eid = open_employer(engine, n=902)
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        svc.change_employer(uow, CLERK, employer_id=eid, changes={"name": "=HYPERLINK(\"x\")"}, as_of=ON)
    assert [p.field for p in exc.value.problems] == ["单位名称"]


def test_ordinary_names_and_a_phone_with_a_plus_are_accepted(engine):
    eid = open_employer(engine, name="甲-乙科技有限公司")
    with UnitOfWork(engine) as uow:
        svc.open_account(uow, CLERK, employer_id=eid, who=svc.PersonInput(id_number=person_id(3), name="欧阳-娜娜"),
                         base=500000, first_month=202502, as_of=ON)
        svc.change_employer(uow, CLERK, employer_id=eid, changes={"agent_phone": "+8613800000000"}, as_of=ON)
        uow.commit()


def test_a_user_named_like_a_formula_is_refused(engine):
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
        auth.create_user(uow, cli_actor(), username="x1", display_name="=1+1", roles=frozenset({Role.CLERK}),
                         as_of=ON)
    assert [p.input for p in exc.value.problems] == ["display_name"]
    assert exc.value.problems[0].code == ErrorCode.SHEET_FORMULA
