"""Pages and API of bank reconciliation over HTTP on both databases: the 调节表 page, PDF and Excel, an item
explained and the day closed from the page, the API's adjusted balances, a gateway pushing the same transaction
twice with its key, a statement file uploaded with a bad line."""

from __future__ import annotations

from datetime import date

from anju.auth.actor import Role
from anju.bank import files
from tests.settle.support import ACCOUNT, book, load, match

D0, D1 = date(2026, 3, 1), date(2026, 3, 2)


def world(engine):
    book(engine, "open", D0, 100_000_000)
    book(engine, "remit:A", D1, 500_000)
    load(engine, D1, [{"serial": "S1", "txn_date": "2026-03-02", "amount": "5000.00", "balance": "1005000.00",
                       "remark": "remit:A"},
                      {"serial": "S2", "txn_date": "2026-03-02", "amount": "-300.00", "balance": "1004700.00",
                       "summary": "转账"}])
    match(engine, D1)


def test_the_page_explains_an_item_and_closes_the_day(web):
    world(web.engine)
    c = web.as_role(Role.FINANCE)
    r = c.get(f"/settle/reconcile?account={ACCOUNT}&on=2026-03-02")
    assert r.status_code == 200 and "银行存款余额调节表" in r.text and "须说明原因" in r.text
    r = c.submit("/settle/close-day", {"account": ACCOUNT, "on": "2026-03-02"})
    assert r.status_code == 422 and "须说明原因" in r.text
    import re

    ref = re.search(r'name="ref" value="(\d+)"', r.text).group(1)
    r = c.submit("/settle/items/note", {"account": ACCOUNT, "on": "2026-03-02", "side": "bank", "ref": ref,
                                        "note": "银行代扣款项，待回单"})
    assert r.status_code == 303
    r = c.submit("/settle/close-day", {"account": ACCOUNT, "on": "2026-03-02"})
    assert r.status_code == 303
    assert 'id="day-closed"' in c.get(f"/settle/reconcile?account={ACCOUNT}&on=2026-03-02").text
    pdf = c.get(f"/settle/reconcile.pdf?account={ACCOUNT}&on=2026-03-02")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = c.get(f"/settle/reconcile.xlsx?account={ACCOUNT}&on=2026-03-02")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert c.get("/settle/unmatched?on=2026-03-02").status_code == 200


def test_the_api_reconciles_and_a_gateway_pushes_once(web):
    world(web.engine)
    finance = web.api(web.api_key(Role.FINANCE))
    r = finance.get(f"/api/v1/bank/accounts/{ACCOUNT}/reconciliation?on=2026-03-02")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["adjusted_bank"] == body["adjusted_ledger"] == "1,005,000.00" or \
        body["adjusted_bank"] == body["adjusted_ledger"]
    key = web.api_key(Role.FINANCE)
    gateway = web.api(key)
    line = {"serial": "P9", "txn_date": "2026-03-02", "amount": "12.00", "balance": "1004712.00"}
    r = gateway.post(f"/api/v1/bank/accounts/{ACCOUNT}/transactions", json=line)
    assert r.status_code == 403 and r.json()["code"] == "settle.push_not_allowed"
    from anju.auth import service as auth
    from anju.db import UnitOfWork
    from anju.settle import statements as stmts
    from tests.settle.support import ADMIN

    with UnitOfWork(web.engine) as uow:
        kid = next(k.id for k in auth.list_api_keys(uow.conn) if key.startswith(f"anju_{k.prefix}_"))
        stmts.register_push_key(uow, ADMIN, api_key_id=kid, bank_code="01")
        uow.commit()
    first = gateway.post(f"/api/v1/bank/accounts/{ACCOUNT}/transactions", json=line)
    again = gateway.post(f"/api/v1/bank/accounts/{ACCOUNT}/transactions", json=line)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["line_id"] == again.json()["line_id"] and again.json()["created"] is False


def test_a_statement_file_with_a_bad_line_is_refused_whole(web):
    world(web.engine)
    rows = [{"序号": "1", "账号": ACCOUNT, "银行主机流水号": "F1", "金额": 100, "交易日期": D1, "余额": 1},
            {"序号": "2", "账号": ACCOUNT, "银行主机流水号": "F2", "金额": 200, "交易日期": D1, "余额": 2}]
    data = files.write(rows, files.STATEMENT).replace(b"|F2||||2.00|", b"|F2||||abc|")
    assert b"abc" in data
    c = web.as_role(Role.FINANCE)
    c.get("/settle/statements")
    r = c.submit("/settle/statements", {"account": ACCOUNT}, files={"file": ("s.txt", data, "text/plain")})
    assert r.status_code == 422 and '<td class="num">2</td><td>金额</td>' in r.text
    good = files.write(rows, files.STATEMENT)
    r = c.submit("/settle/statements", {"account": ACCOUNT}, files={"file": ("s.txt", good, "text/plain")})
    assert r.status_code == 303, r.text[r.text.find("errors-summary"):][:1500]
