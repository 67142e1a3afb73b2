"""The transfer API on both databases: another centre's system posts a 联系函 with its machine API key, the
counter reviews and approves through the API, the other centre takes the 审核结果 and 转移信息."""

from __future__ import annotations

import pytest

from anju.auth.actor import Role, cli_actor
from anju.db import UnitOfWork
from anju.org import service as org
from anju.registry import service as registry
from anju.transfer import messages as msg
from anju.transfer import service as transfer
from tests.support import factory

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_another_centre_posts_a_letter_and_takes_the_answer(web):
    day = web.clock().date()
    with UnitOfWork(web.engine) as uow:
        org.set_info(uow.conn, "code", "430400")
        transfer.register_centre(uow, cli_actor("admin"), code="430800", name="乙市住房公积金管理中心",
                                 account_no="6243080001", account_name="乙市住房公积金管理中心", bank_name="工商银行")
        uow.commit()
    eid = factory.open_employer(web.engine, first_month=day.year * 100 + day.month, on=day)
    (acct,) = factory.open_members(web.engine, eid, 1, first_month=day.year * 100 + day.month, on=day)
    with UnitOfWork(web.engine) as uow:
        registry.seal(uow, factory.CLERK, account_id=acct, reason="离职", as_of=day)
        account_no = registry.get_account(uow.conn, acct).account_no
        uow.commit()
    letter = msg.ContactLetter(
        letter_no=f"430800{day:%y%m%d}0001", from_centre="430800", to_centre="430400",
        member=msg.Member(name="职工1", id_type="01", id_number=factory.person_id(1, "1")),
        old_account_no=account_no, old_employer_name="测试单位", new_account_no="1000099", new_employer_name="乙市单位",
        receiving_account=msg.Account(account_no="6243080001", account_name="乙市住房公积金管理中心", bank_name="工商银行"),
        created_on=day)
    machine = web.api(web.api_key(Role.CLERK))
    assert web.api(None).post("/api/v1/transfer/messages", content=msg.dumps(letter)).status_code == 401
    first = machine.post("/api/v1/transfer/messages", content=msg.dumps(letter))
    assert first.status_code == 200 and first.json() == {"type": "contact_letter", "letter_no": letter.letter_no,
                                                         "duplicate": False}
    assert machine.post("/api/v1/transfer/messages", content=msg.dumps(letter)).json()["duplicate"] is True
    bad = machine.post("/api/v1/transfer/messages", content='{"type": "transfer_info"}')
    assert bad.status_code == 422 and all(p["code"] == "transfer.message_field" for p in bad.json()["problems"])
    (row,) = machine.get("/api/v1/transfer/letters-out").json()
    assert row["status"] == "received" and row["deadline"] > str(day)
    assert machine.post(f"/api/v1/transfer/letters-out/{row['id']}/review").json()["status"] == "reviewed"
    approver = web.api(web.api_key(Role.APPROVER))
    paid = approver.post(f"/api/v1/transfer/letters-out/{row['id']}/approve").json()
    assert paid["status"] == "paid" and paid["amount"] == "0.00"
    taken = machine.post("/api/v1/transfer/outbox/take").json()
    assert [m["type"] for m in taken] == ["review_result", "transfer_info"]
    assert taken[1]["message"]["months"] == [] and machine.post("/api/v1/transfer/outbox/take").json() == []
    assert set(machine.get("/api/v1/transfer/schemas").json()) == {"contact_letter", "review_result",
                                                                   "transfer_info", "arrival_confirmation"}
