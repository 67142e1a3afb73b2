"""Phone numbers wherever they are entered (employer contact, member) and the base bounds' wording: pure rules,
then the registry services on both databases (every problem at once, the field named in Chinese)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from anju.core.errors import ValidationFailed
from anju.db import UnitOfWork
from anju.policy.loader import merged_at, parse_centre_text
from anju.policy.service import SAMPLE_CENTRE
from anju.policy.store import Policy
from anju.registry import service as svc
from anju.registry.errors import RegistryError
from anju.registry.rules import check_base, check_phone, normalise_phone
from tests.support.factory import CLERK, open_employer, person_id, uscc

CENTRE, _ = parse_centre_text(SAMPLE_CENTRE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("value", [
    "", "13812345678", "19912345678", "15000000000", " 13812345678 ", "１３８１２３４５６７８",
    "0734-8123456", "07348123456", "0734 8123456", "010-12345678", "01012345678", "0734-81234567",
    "0734-8123456-801", "0734-8123456转801", "010-12345678#123456", "020-87654321-1",
])
def test_good_phone_numbers(value):
    assert check_phone(value, field="手机号码") == []


@pytest.mark.parametrize("value", [
    "12812345678",  # 12x is not a mobile prefix
    "10012345678",
    "1381234567",  # 10 digits
    "138123456789",  # 12 digits
    "8123456",  # a landline without its area code
    "734-8123456",  # the area code starts with 0
    "07-8123456",  # too short an area code
    "07345-8123456",  # too long
    "0734-812345",  # 6 digits
    "0734-812345678",  # 9 digits
    "0734-0123456",  # a local number does not start with 0
    "0734-8123456-1234567",  # extension of 7 digits
    "138-1234-5678x", "电话13812345678", "abc",
])
def test_bad_phone_numbers_name_the_field(value):
    (p,) = check_phone(value, field="经办人电话")
    assert p.field == "经办人电话" and p.code == RegistryError.PHONE_FORMAT


def test_landlines_are_stored_in_one_form():
    assert normalise_phone("07348123456") == "0734-8123456"
    assert normalise_phone("0734 8123456转801") == "0734-8123456-801"
    assert normalise_phone(" １３８１２３４５６７８ ") == "13812345678"


def test_a_base_below_the_floor_is_below_the_floor_not_out_of_range():
    # 2026-07-01 bounds of the sample centre: 2,100.00 to 23,400.00
    p = Policy(date(2026, 8, 1), merged_at(CENTRE.changes, date(2026, 8, 1)))
    assert [x.message for x in check_base(209_999, p)] == ["缴存基数2,099.99元低于下限：2026-08-01适用的缴存基数下限为2,100.00元"]
    assert [x.message for x in check_base(2_340_001, p)] == ["缴存基数23,400.01元高于上限：2026-08-01适用的缴存基数上限为23,400.00元"]
    assert check_base(210_000, p) == [] and check_base(2_340_000, p) == []


class TestServices:
    def test_an_employer_with_a_bad_contact_number_is_refused_with_the_other_problems(self, engine):
        data = svc.EmployerInput(uscc=uscc(321), name=" ", kind="50", bank_code="01", branch_code="01", pay_day=10,
                                 employer_ratio=Decimal("0.1"), member_ratio=Decimal("0.1"), first_month=202501,
                                 agent_phone="8123456")
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            svc.open_employer(uow, CLERK, data=data, as_of=date(2025, 1, 5))
        fields = {p.field for p in exc.value.problems}
        assert {"单位名称", "经办人电话"} <= fields

    def test_changing_the_contact_number_is_checked_and_normalised(self, engine):
        eid = open_employer(engine)
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            svc.change_employer(uow, CLERK, employer_id=eid, changes={"agent_phone": "1234"}, as_of=date(2025, 2, 1))
        assert exc.value.problems[0].field == "经办人电话"
        with UnitOfWork(engine) as uow:
            svc.change_employer(uow, CLERK, employer_id=eid, changes={"agent_phone": "07348123456"},
                                as_of=date(2025, 2, 1))
            uow.commit()
        with engine.connect() as conn:
            assert svc.get_employer(conn, eid).agent_phone == "0734-8123456"

    def test_a_member_with_a_bad_mobile_number_is_refused(self, engine):
        eid = open_employer(engine)
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            svc.open_account(uow, CLERK, employer_id=eid,
                             who=svc.PersonInput(id_number=person_id(31), name="甲", phone="1381234567"),
                             base=100, first_month=202502, as_of=date(2025, 2, 1))
        assert {p.code for p in exc.value.problems} == {RegistryError.PHONE_FORMAT, RegistryError.BASE_BELOW_FLOOR}
        texts = [p.message for p in exc.value.problems]  # the phone and the base as typed, the floor in force
        assert "手机号码格式不正确：1381234567（手机号码为1开头的11位数字；固定电话须带区号，如0734-8123456，" \
               "分机号可写在后面，如0734-8123456-801）" in texts
        assert "缴存基数1.00元低于下限：2025-02-01适用的缴存基数下限为1,930.00元" in texts
