"""The maintenance fund's pages, PDF, API and portal on both databases."""

from __future__ import annotations

from sqlalchemy import select

from anju.auth.actor import Role
from anju.db import UnitOfWork
from anju.maintfund import projects, service
from anju.maintfund.codes import ProjectKind
from anju.maintfund.tables import mf_household

from .world import CLERK, DAY, build


def test_pages_pdf_and_api_for_the_staff_and_the_portal_for_owners_and_committees(web):
    aid, ids = build(web.engine)
    with UnitOfWork(web.engine) as uow:
        pid = projects.apply(uow, CLERK, area_id=aid, kind=ProjectKind.GENERAL, title="外墙维修", as_of=DAY)
        projects.plan(uow, CLERK, project_id=pid, budget=1200000, household_ids=ids, as_of=DAY)
        uow.commit()
    staff = web.as_role(Role.MF_CLERK)
    page = staff.get("/repair")
    assert page.status_code == 200 and "相符" in page.text and "HH001" in page.text
    assert "13,879.55" not in staff.get(f"/repair/projects/{pid}").text and "外墙维修" in staff.get(
        f"/repair/areas/{aid}").text
    assert staff.get(f"/repair/households/{ids[0]}").status_code == 200
    pdf = staff.get(f"/repair/households/{ids[0]}/statement.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    refused = staff.submit(f"/repair/projects/{pid}/review", {})
    assert refused.status_code == 303  # the clerk may not review: refused with a message, nothing moved
    assert web.as_role(Role.CLERK).get("/repair").status_code == 403  # the provident fund's clerk sees nothing here

    key = web.api_key(Role.MF_REVIEWER)
    api = web.api(key)
    fig = api.get("/api/v1/repair/figures").json()
    assert fig["identity_holds"] and fig["households"] == 12
    with web.engine.connect() as conn:
        no = conn.execute(select(mf_household.c.account_no).where(mf_household.c.id == ids[0])).scalar_one()
    body = api.get(f"/api/v1/repair/households/{no}").json()
    assert body["household"]["balance"] == "7631.00" and body["rows"][0]["kind"] == "交存"
    assert len(api.get(f"/api/v1/repair/projects/{pid}").json()["units"]) == 12
    assert api.get("/api/v1/repair/projects/999999").status_code == 404
    assert len(api.get(f"/api/v1/repair/areas/{aid}/publication").json()["households"]) == 12
    finance = web.api(web.api_key(Role.FINANCE))
    tb = finance.get("/api/v1/ledger/trial-balance", params={"book": "mf"}).json()
    assert tb["balanced"] and "M1002" in {a["code"] for a in tb["accounts"]}
    assert "101" not in {a["code"] for a in tb["accounts"]}
    assert "维修资金专户存款" in web.as_role(Role.FINANCE).get("/ledger/trial-balance", params={"book": "mf"}).text

    owner = web.user("owner1", Role.MF_OWNER)
    committee = web.user("committee1", Role.MF_COMMITTEE)
    with UnitOfWork(web.engine) as uow:
        service.link_portal(uow, CLERK, username=owner.username, household_id=ids[0])
        service.link_portal(uow, CLERK, username=committee.username, area_id=aid)
        uow.commit()
    mine = web.login("owner1")
    page = mine.get("/repair/my")
    assert page.status_code == 200 and no in page.text and "外墙维修" in page.text
    assert mine.get(f"/repair/my/projects/{pid}").status_code == 200
    assert mine.get(f"/repair/households/{ids[1]}/statement.pdf").status_code == 403
    assert mine.get("/repair").status_code == 403
    board = web.login("committee1")
    assert "外墙维修" in board.get("/repair/my").text
    assert "HH001" in board.get("/repair/my").text


def test_a_transfer_through_the_pages_needs_another_person(web):
    aid, ids = build(web.engine)
    from .world import person

    clerk = web.as_role(Role.MF_CLERK)
    clerk.get(f"/repair/households/{ids[0]}")
    r = clerk.submit(f"/repair/households/{ids[0]}/change", {"kind": "transfer", "name": "新业主",
                                                               "id_number": person(33)})
    assert r.status_code == 303
    page = clerk.get(f"/repair/households/{ids[0]}")
    assert "待审核" in page.text and "批准" not in page.text
    from anju.maintfund.tables import mf_change

    with web.engine.connect() as conn:
        cid = conn.execute(select(mf_change.c.id)).scalar_one()
    reviewer = web.as_role(Role.MF_REVIEWER)
    reviewer.get(f"/repair/households/{ids[0]}")
    assert reviewer.submit(f"/repair/changes/{cid}/decide", {"decision": "approve"}).status_code == 303
    with web.engine.connect() as conn:
        old = conn.execute(select(mf_household).where(mf_household.c.id == ids[0])).one()
        new = conn.execute(select(mf_household).where(mf_household.c.previous_id == ids[0])).one()
    assert (old.status, old.balance, new.owner_name, new.balance) == ("moved", 0, "新业主", 763100)
