"""Files that once crashed the reader: every one is a Chinese 4xx problem through the API and the page upload,
and a Chinese message with exit code 1 (no traceback) through the command line, on both databases."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from anju.auth.actor import Role
from anju.core import sheets
from anju.core.errors import ErrorCode
from anju.registry.tables import employer
from tests.support import factory
from tests.support.cli import invoke_as, signed_in_user
from tests.support.factory import person_id, xlsx

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

HAN = re.compile(r"[\u4e00-\u9fff]")
HEADERS = ["序号", "姓名", "证件号码", "缴存基数", "单位缴存比例", "个人缴存比例", "单位月缴存额", "个人月缴存额",
           "月缴存额合计", "缴存年月"]


def row(n: int) -> list:
    return [n, f"职工{n}", person_id(n, "1" if n % 2 else "2"), "5000.00", "12%", "12%", "600.00", "600.00",
            "1200.00", 202604]


def _rezip(data: bytes, change) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, change(info.filename, src.read(info.filename)))
    return out.getvalue()


def broken_sheet_xml() -> bytes:
    """A workbook whose sheet XML stops half-way (the header row is intact, the data rows are not)."""
    good = xlsx([row(n) for n in range(1, 40)])
    return _rezip(good, lambda name, b: b[: len(b) * 2 // 3] if name == "xl/worksheets/sheet1.xml" else b)


def billion_laughs() -> bytes:
    """A sheet whose XML declares nested entities (a few hundred bytes that expand to gigabytes)."""
    entities = '<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE worksheet [{entities}]>\n'.encode()

    def change(name: str, b: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return b
        body = b.split(b"?>", 1)[1] if b.startswith(b"<?xml") else b
        return head + body.replace(b"<t>", b"<t>&a9;", 1)

    return _rezip(xlsx([row(1)], text_id=True), change)


def csv_bytes(rows: list[list], encoding: str = "utf-8", sep: str = ",") -> bytes:
    lines = [sep.join(HEADERS)] + [sep.join(str(c) for c in r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def over_long_field() -> bytes:
    bad = row(2)
    bad[1] = "长" * 140_000
    return csv_bytes([row(1), bad])


def nul_in_a_cell() -> bytes:
    bad = row(2)
    bad[1] = "职工\x002"
    return csv_bytes([row(1), bad, row(3)])


def control_character() -> bytes:
    bad = row(1)
    bad[1] = "职工\x071"
    return csv_bytes([bad])


BAD = {
    "broken-xml": ("清册.xlsx", broken_sheet_xml, "已损坏"),
    "billion-laughs": ("清册.xlsx", billion_laughs, "DTD"),
    "field-over-limit": ("清册.csv", over_long_field, "超过131072个字符"),
    "nul": ("清册.csv", nul_in_a_cell, "控制字符"),
    "control-character": ("清册.csv", control_character, "控制字符"),
}


@pytest.fixture
def shop(web):
    eid = factory.open_employer(web.engine, name="清册单位", first_month=202604, on=date(2026, 3, 1))
    factory.open_members(web.engine, eid, 3, first_month=202604, on=date(2026, 3, 1))
    return eid


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_file_is_a_chinese_422_problem_through_the_api(web, shop, case):
    filename, make, words = BAD[case]
    api = web.api(web.api_key(Role.CLERK))
    r = api.post(f"/api/v1/deposit/employers/{shop}/lists", data={"kind": "01", "period_from": "202604"},
                 files={"file": (filename, make())})
    assert r.status_code == 422, r.text
    body = r.json()
    assert r.headers["content-type"] == "application/problem+json" and body["code"] == "invalid"
    messages = " ".join(p["message"] for p in body["problems"])
    assert words in messages and HAN.search(body["detail"]), body


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_file_is_a_chinese_422_page_through_the_upload_form(web, shop, case):
    filename, make, words = BAD[case]
    clerk = web.as_role(Role.CLERK)
    clerk.get(f"/deposit/employers/{shop}/upload")
    r = clerk.post(f"/deposit/employers/{shop}/upload", data={"csrf_token": clerk.csrf, "kind": "01",
                                                              "period_from": "202604"},
                   files={"file": (filename, make())})
    assert r.status_code == 422 and words in r.text


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_file_is_a_chinese_message_and_exit_1_on_the_command_line(web, shop, case, tmp_path):
    filename, make, words = BAD[case]
    path = tmp_path / filename
    path.write_bytes(make())
    with web.engine.connect() as conn:
        no = conn.execute(select(employer.c.account_no).where(employer.c.id == shop)).scalar_one()
    clerk = signed_in_user(web.engine, "clerk_cli", Role.CLERK)  # uploading a list is the clerk's act
    result = invoke_as(web.engine, clerk, "deposit", "import", str(path), "--employer", no, "--period", "202604",
                    "--date", "2026-03-02", "--json")
    assert result.exit_code == 1
    assert "Traceback" not in result.output and words in result.output, result.output


def test_a_utf16_csv_with_a_byte_order_mark_is_read(web, shop):
    """Excel's "Unicode text" export: UTF-16 with a BOM and tabs between the cells."""
    api = web.api(web.api_key(Role.CLERK))
    for data in (csv_bytes([row(1), row(2), row(3)], "utf-16"),
                 csv_bytes([row(1), row(2), row(3)], "utf-16", sep="\t")):
        r = api.post(f"/api/v1/deposit/employers/{shop}/lists", data={"kind": "01", "period_from": "202604"},
                     files={"file": ("清册.csv", data)})
        assert r.status_code == 201, r.text
        assert r.json()["line_count"] == 3
        api.post(f"/api/v1/deposit/lists/{r.json()['id']}/cancel", json={"reason": "重做"})


def test_a_rejected_row_with_a_control_character_still_gets_its_error_workbook():
    """The error workbook replaces characters a worksheet cannot hold instead of failing (IllegalCharacterError)."""
    data = sheets.write_table(["姓名", "错误说明"], [["张\x00三", "姓名与登记不符\x1b"], ["李四", None]],
                              text_columns=["姓名"])
    ws = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[2]] == ["张\ufffd三", "姓名与登记不符\ufffd"]
    streamed = sheets.write_table_stream(["姓名"], [["王\x08五"]])
    assert load_workbook(io.BytesIO(streamed)).active["A2"].value == "王\ufffd五"


def test_the_budget_import_refuses_a_workbook_declaring_entities_too(web):
    """The budget area reads workbooks with its own reader; the same DTD check runs before it."""
    api = web.api(web.api_key(Role.FINANCE))
    r = api.post("/api/v1/budget/years/2025/import", files={"file": ("预决算.xlsx", billion_laughs())})
    assert r.status_code in (400, 422) and r.headers["content-type"] == "application/problem+json", r.text
    assert r.json()["code"] == ErrorCode.SHEET_XML_DECLARATION  # the budget import raises the reader's own error
