"""Loan servicing through HTTP on both databases: the loan page at the counter and on the member portal (own loans
only), the repayment-run monitor from deduction file to posting, the collection list, settlement at the counter
and its certificate, the API."""

from __future__ import annotations

from datetime import date

from anju.auth.actor import Role
from anju.loan import bankfile
from tests.loan.helpers import borrowers, disburse, failures, opening


def _setup(web):
    (p1, a1), (p2, a2) = borrowers(web.engine, 2)
    one = disburse(web.engine, opening(p1, a1, n=1, on=date(2026, 1, 15)))
    two = disburse(web.engine, opening(p2, a2, n=2, on=date(2026, 1, 15)))
    web.user("officer", Role.LOAN_OFFICER)
    web.user("member1", Role.MEMBER, person_id=p1)
    return one, two


def test_run_monitor_collection_loan_page_and_settlement(web):
    one, two = _setup(web)
    off = web.login("officer")
    found = off.get(f"/loan/accounts?q={one}")
    assert found.status_code == 200 and f"/loan/accounts/{one}" in found.text
    page = off.get(f"/loan/accounts/{one}")
    assert page.status_code == 200 and "下期应还" in page.text and "第 1 期，2026-02-15" in page.text

    made = off.submit("/loan/runs", {"month": "2026-03"})  # the web clock stands on 2026-03-02
    assert made.status_code == 303 and made.headers["location"] == "/loan/runs/202603"
    # creating the run marked February's unpaid instalments overdue; March asks for them with penalty
    coll = off.get("/loan/collection")
    assert coll.status_code == 200 and one in coll.text and "1个月以内" in coll.text
    monitor = off.get("/loan/runs/202603")
    assert monitor.status_code == 200 and "待银行回盘" in monitor.text
    csv = off.get("/loan/runs/202603/01/file?fmt=csv")
    assert csv.status_code == 200 and "DKKK_01_202603.csv" in csv.headers["content-disposition"]
    rows = csv.content.decode("utf-8-sig").splitlines()[1:]
    assert len(rows) == 2
    bad = off.submit("/loan/runs/202603/01/result", files={"file": ("r.csv", "扣款流水号,处理结果\r\n".encode())})
    assert bad.status_code == 422 and "没有处理结果" in bad.text
    results = [bankfile.Result(r.split(",")[1], int(r.split(",")[8].replace(".", "")), "paid", "", "B")
               for r in rows]
    loaded = off.submit("/loan/runs/202603/01/result", files={"file": ("r.csv", bankfile.result_csv(results))})
    assert loaded.status_code == 303
    posted = off.submit("/loan/runs/202603/01/post")
    assert posted.status_code == 303 and "已记账" in off.get("/loan/runs/202603").text
    assert one not in off.get("/loan/collection").text

    settle = off.submit(f"/loan/accounts/{one}/pay", {"kind": "settle"})
    assert settle.status_code == 303
    cert = off.get(f"/loan/accounts/{one}/settlement")
    assert cert.status_code == 200 and "结清证明" in cert.text and "已于 2026年03月02日 全部结清" in cert.text
    pdf = off.get(f"/loan/accounts/{one}/settlement.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert off.get(f"/loan/accounts/{two}/settlement").status_code == 409  # not settled
    too_small = off.submit(f"/loan/accounts/{two}/pay", {"kind": "prepay", "amount": "100.00"})
    assert too_small.status_code == 422 and "不得低于10,000.00元" in too_small.text

    mem = web.login("member1")
    mine = mem.get("/loan/mine")
    assert mine.status_code == 200 and one in mine.text and two not in mine.text
    assert mem.get(f"/loan/accounts/{one}").status_code == 200
    assert mem.get(f"/loan/accounts/{two}").status_code == 403
    api = web.api(web.api_key(Role.LOAN_OFFICER))
    got = api.get(f"/api/v1/loans/{two}")
    assert got.status_code == 200 and got.json()["status"] == "01" and got.json()["next_due"]["period"] == 3
    assert api.get(f"/api/v1/loans/{two}/plan").json()[0]["status"] == "paid"
    assert sorted(t["type"] for t in api.get(f"/api/v1/loans/{one}/history").json()) == ["01", "04", "06", "90"]
    assert api.get("/api/v1/loans/runs/202603").json()["banks"][0]["status"] == "posted"
    assert api.get("/api/v1/loans/collection").json() == []
    assert failures(web.engine) == {}
