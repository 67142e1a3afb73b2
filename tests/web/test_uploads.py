"""Every upload route refuses a file over the policy's byte limit in Chinese, naming the limit; an over-long
list is refused naming the row limit; a list with many bad rows lists the first problems and counts the rest."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from anju.auth.actor import Role, cli_actor
from anju.db import UnitOfWork
from anju.policy import service as policy_service
from anju.policy.store import load_store
from tests.support import factory

LIMIT = 2048  # bytes, set as the policy value upload.max_bytes for these tests
BIG = ("姓名,证件号码\n" + "张三,1\n" * 400).encode()  # over LIMIT
assert len(BIG) > LIMIT


def set_policy(engine, key: str, value) -> None:
    with UnitOfWork(engine) as uow:
        first = load_store(uow.conn).change_dates()[0]
        policy_service.set_value(uow, cli_actor("test"), key=key, raw=value, effective=first, note="测试：上传限制")
        uow.commit()


@pytest.fixture
def small(web):
    set_policy(web.engine, "upload.max_bytes", LIMIT)
    return web


def _refused(r) -> None:
    assert r.status_code in (413, 422), r.status_code
    assert "超过大小上限2KB" in r.text, r.text[:500]


def test_every_upload_page_refuses_a_file_over_the_byte_limit(small):
    web = small
    eid = factory.open_employer(web.engine, name="上传单位")
    clerk = web.as_role(Role.CLERK)
    finance = web.as_role(Role.FINANCE)
    files = {"file": ("big.csv", BIG)}
    r = clerk.post(f"/deposit/employers/{eid}/upload", data={"csrf_token": clerk.csrf, "kind": "01",
                                                             "period_from": "202602"}, files=files)
    assert r.status_code == 413
    _refused(r)
    _refused(clerk.post(f"/deposit/employers/{eid}/base-adjust", data={"csrf_token": clerk.csrf, "year": "2026"},
                        files=files))
    _refused(finance.post("/deposit/receipts", data={"csrf_token": finance.csrf}, files=files))
    _refused(finance.post("/loan/runs/202602/01/result", data={"csrf_token": finance.csrf}, files=files))
    _refused(finance.post("/withdrawal/payouts/1/result", data={"csrf_token": finance.csrf}, files=files))
    _refused(finance.post("/budget/import", data={"csrf_token": finance.csrf, "year": "2025"},
                          files={"file": ("big.xlsx", BIG)}))
    _refused(finance.post("/budget/performance/import", data={"csrf_token": finance.csrf, "year": "2025"},
                          files={"file": ("big.xlsx", BIG)}))


def test_every_upload_api_refuses_a_file_over_the_byte_limit_with_413(small):
    web = small
    eid = factory.open_employer(web.engine, name="上传单位")
    clerk = web.api(web.api_key(Role.CLERK))
    finance = web.api(web.api_key(Role.FINANCE))
    for api, url, data in ((clerk, f"/api/v1/deposit/employers/{eid}/lists", {"kind": "01", "period_from": "202602"}),
                           (finance, "/api/v1/budget/years/2025/import", {}),
                           (finance, "/api/v1/budget/performance/2025/import", {})):
        r = api.post(url, data=data, files={"file": ("big.xlsx", BIG)})
        assert r.status_code == 413, (url, r.status_code, r.text[:300])
        body = r.json()
        assert body["status"] == 413 and "超过大小上限2KB" in body["problems"][0]["message"]


def _list_csv(rows: list[list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["姓名", "证件号码", "缴存基数", "单位缴存比例", "个人缴存比例", "单位月缴存额", "个人月缴存额"])
    w.writerows(rows)
    return buf.getvalue().encode()


def test_a_list_over_the_row_limit_is_refused_naming_the_limit(web):
    set_policy(web.engine, "upload.max_rows", 11)
    eid = factory.open_employer(web.engine, name="上传单位", first_month=202602, on=date(2026, 2, 1))
    api = web.api(web.api_key(Role.CLERK))
    rows = [[f"职工{n}", factory.person_id(n), "5000.00", "12%", "12%", "600.00", "600.00"] for n in range(1, 12)]
    r = api.post(f"/api/v1/deposit/employers/{eid}/lists", data={"kind": "01", "period_from": "202602"},
                 files={"file": ("list.csv", _list_csv(rows))})
    assert r.status_code == 422
    messages = [p["message"] for p in r.json()["problems"]]
    assert any("文件超过行数上限11行" in m and "第12行起未读取" in m for m in messages), messages


def test_a_list_with_many_bad_rows_shows_the_first_problems_and_counts_the_rest(web):
    set_policy(web.engine, "upload.max_problems", 5)
    eid = factory.open_employer(web.engine, name="上传单位", first_month=202602, on=date(2026, 2, 1))
    api = web.api(web.api_key(Role.CLERK))
    rows = [[f"职工{n}", factory.person_id(n), "5000.00", "12%", "12%", "600.00", "600.00"] for n in range(1, 21)]
    r = api.post(f"/api/v1/deposit/employers/{eid}/lists", data={"kind": "01", "period_from": "202602"},
                 files={"file": ("list.csv", _list_csv(rows))})
    assert r.status_code == 422
    problems = r.json()["problems"]
    assert len(problems) == 6
    assert problems[-1]["message"].startswith("……另有") and problems[-1]["message"].endswith("处错误")
    hidden = int(problems[-1]["message"].removeprefix("……另有").removesuffix("处错误"))
    assert hidden >= 15  # 20 unknown members at least, five of them shown
