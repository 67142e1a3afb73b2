"""The transfer pages on both databases: the counter writes a letter (a refused form first), the worklist shows
it with its deadline, the member starts a transfer in from the portal, the other centre's letter is reviewed."""

from __future__ import annotations

import pytest

from anju.auth.actor import Role, cli_actor
from anju.db import UnitOfWork
from anju.org import service as org
from anju.transfer import service as transfer
from tests.support import factory

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_counter_and_portal_pages(web):
    with UnitOfWork(web.engine) as uow:
        org.set_info(uow.conn, "code", "430400")
        uow.commit()
    admin = web.as_role(Role.ADMIN)
    assert admin.get("/transfer/centres").status_code == 200
    bad = admin.submit("/transfer/centres", {"code": "", "name": "乙市住房公积金管理中心"})
    assert bad.status_code == 422 and "中心代码" in bad.text
    ok = admin.submit("/transfer/centres", {"code": "430800", "name": "乙市住房公积金管理中心", "account_no": "62001",
                                            "account_name": "乙市住房公积金管理中心", "bank_name": "工商银行"})
    assert ok.status_code == 303
    clerk = web.as_role(Role.CLERK)
    form = clerk.get("/transfer/in/new")
    assert form.status_code == 200 and "乙市住房公积金管理中心" in form.text
    refused = clerk.submit("/transfer/in/new", {"id_number": factory.person_id(77, "1"), "from_centre": "430800",
                                                "from_account_no": ""})
    assert refused.status_code == 422 and "原住房公积金账号" in refused.text and "没有可接收转入的个人账户" in refused.text
    web.portal_world()  # person 1 has an account here
    with web.engine.connect() as conn:
        from anju.registry.queries import person_row

        id_number = person_row(conn, 1).id_number
    made = clerk.submit("/transfer/in/new", {"id_number": id_number, "from_centre": "430800",
                                             "from_account_no": "88001"})
    assert made.status_code == 303
    page = clerk.get(made.headers["location"])
    assert page.status_code == 200 and "联系函已发出" in page.text and "430800" in page.text
    assert "异地转移接续" in clerk.get("/transfer").text
    member = web.as_role(Role.MEMBER)
    assert member.get("/transfer/portal").status_code == 200
    again = member.submit("/transfer/portal", {"from_centre": "430800", "from_account_no": "88001"})
    assert again.status_code == 422 and "未办结的转入联系函" in again.text
    # a letter of the other centre, as its message arrives
    day = web.clock().date()
    with UnitOfWork(web.engine) as uow:
        from anju.transfer import messages as msg

        transfer.receive(uow, cli_actor("x"), msg.dumps(msg.ContactLetter(
            letter_no="4308000001", from_centre="430800", to_centre="430400",
            member=msg.Member(name="某人", id_type="01", id_number=factory.person_id(5, "1")), old_account_no="1999",
            old_employer_name="", new_account_no="2", new_employer_name="乙单位",
            receiving_account=msg.Account(account_no="62001", account_name="乙", bank_name="工商银行"),
            created_on=day)), as_of=day)
        uow.commit()
    with web.engine.connect() as conn:
        (out,) = transfer.letters_out(conn)
    review = clerk.get(f"/transfer/out/{out.id}")
    assert review.status_code == 200 and "没有账号为1999的个人账户" in review.text
    assert clerk.submit(f"/transfer/out/{out.id}/refuse", {"reason": "账号不存在"}).status_code == 303
    assert "审核不通过" in clerk.get(f"/transfer/out/{out.id}").text
    home = web.as_role(Role.CLERK).get("/")
    assert home.status_code == 200
    # merges and certificates
    assert clerk.get("/transfer/merges").status_code == 200
    bad_merge = clerk.submit("/transfer/merges", {"keep_account_no": "1", "merge_account_no": "1", "reason": ""})
    assert bad_merge.status_code == 422 and "合并原因" in bad_merge.text
    issued = clerk.submit("/transfer/certificates", {"id_number": id_number, "lending_centre": "乙市住房公积金管理中心"})
    assert issued.status_code == 303
    cert = clerk.get(issued.headers["location"])
    assert cert.status_code == 200 and "连续缴存月数" in cert.text and "乙市住房公积金管理中心" in cert.text
    assert clerk.submit(issued.headers["location"] + "/close", {"action": "receipt", "note": "已放款"}).status_code == 303
    assert "已回执" in clerk.get("/transfer/certificates").text
