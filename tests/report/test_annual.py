"""The annual report of a small centre: sections filled from the catalogue, consistency checks that pass (and
one that fails when the books are made to disagree), and the Word, PDF and Excel files with Chinese text and
charts — the PDF rendered to images and checked page by page for ink."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import update

from anju.db import UnitOfWork
from anju.registry.tables import account
from anju.report import annual, render
from anju.report import service as report_service
from tests.loan.helpers import disburse, opening
from tests.support.factory import CLERK, open_employer, open_members, pay_month

YEAR = 2026
AS_OF = date(2026, 6, 30)  # the report as known mid-year: the member accounts are still checked against the ledger


def small_centre(engine) -> None:
    """Employer 甲 with 4 members (base 5,000.00 × 12% × 2 = 1,200.00 a month) pays January–March 2026;
    one of them borrows 300,000.00 over 10 years on 2026-03-20."""
    eid = open_employer(engine, name="甲", first_month=202601, on=date(2026, 1, 5))
    ids = open_members(engine, eid, 4, first_month=202601, on=date(2026, 1, 5))
    for m, day in ((202601, date(2026, 1, 12)), (202602, date(2026, 2, 12)), (202603, date(2026, 3, 12))):
        pay_month(engine, eid, m, day)
    with engine.connect() as conn:
        member = conn.execute(account.select().where(account.c.id == ids[0])).one()
    disburse(engine, opening(member.person_id, member.account_no, amount=30_000_000, months=120,
                             on=date(2026, 3, 20)))
    with UnitOfWork(engine) as uow:
        report_service.set_text(uow, CLERK, year=YEAR, key="org", body="示例市住房公积金管理委员会有委员25名。")
        uow.commit()


@pytest.fixture
def built(engine):
    small_centre(engine)
    with engine.connect() as conn:
        return report_service.annual_report(conn, CLERK, year=YEAR, as_of=AS_OF)


def _text(report: annual.AnnualReport) -> str:
    return "\n".join(p for s in report.sections for p in [s.title, s.text, *s.paragraphs])


class TestContent:
    def test_sections_carry_the_hand_computed_figures(self, built):
        text = _text(built)
        assert built.title == "示例市住房公积金2026年年度报告"
        assert "示例市住房公积金管理委员会有委员25名。" in text
        # 4 × 1,200.00 × 3 = 14,400.00 = 0.00 亿元 (two decimals as published), 1.44 万元 in the tables
        assert "新开户职工4人，实缴职工4人" in text
        assert "发放个人住房贷款1笔、0.00亿元" in text  # 300,000.00 is 0.003 亿元
        # 个贷率 = 300,000.00 ÷ 14,400.00 = 2083.33%
        assert "个人住房贷款率（个贷率）2083.33%" in text
        assert "逾期率0.000‰" in text and "缴存率25.00%" in text  # paid 3 of the year's 12 months
        tables = {t.title: t for s in built.sections for t in s.tables}
        assert tables["缴存额按单位性质分布"].rows[0][:2] == ["城镇私营企业及其他城镇企业", "1.44"]
        assert tables["发放贷款按期限分布"].rows[0][:2] == ["5-10年（含）", "30.00"]
        assert [c.title for s in built.sections for c in s.charts][:1] == ["各月缴存额（万元）"]
        assert all(c.png.startswith(b"\x89PNG") for s in built.sections for c in s.charts)

    def test_every_consistency_check_passes_and_is_listed(self, built):
        names = {c.name: c for c in built.checks}
        assert {"缴存余额勾稽", "个人账户与总账一致", "贷款余额勾稽"} <= set(names)
        assert built.ok, [c.detail for c in built.checks if not c.ok]
        assert names["贷款余额勾稽"].detail.endswith("年末贷款余额300,000.00")

    def test_a_report_whose_books_disagree_says_so(self, engine):
        small_centre(engine)
        with engine.begin() as conn:  # corrupt one member balance behind the ledger's back
            conn.execute(update(account).where(account.c.id == 1).values(balance=account.c.balance + 1, current_balance=account.c.current_balance + 1))
        with engine.connect() as conn:
            report = report_service.annual_report(conn, CLERK, year=YEAR, as_of=AS_OF, charts=False)
        assert not report.ok
        assert [c.name for c in report.checks if not c.ok] == ["个人账户与总账一致"]


class TestFiles:
    def test_word_document_has_the_chinese_text_tables_and_charts(self, built):
        from docx import Document

        doc = Document(io.BytesIO(render.to_docx(built)))
        paragraphs = "\n".join(p.text for p in doc.paragraphs)
        assert "示例市住房公积金2026年年度报告" in paragraphs and "二、业务运行情况" in paragraphs
        assert "个贷率" in paragraphs and "附：数据核对" in paragraphs
        assert len(doc.tables) == sum(len(s.tables) for s in built.sections)
        assert len(doc.inline_shapes) == sum(len(s.charts) for s in built.sections)

    def test_pdf_embeds_cjk_fonts_and_no_page_is_blank(self, built):
        import pypdfium2 as pdfium

        data = render.to_pdf(built)
        assert data.startswith(b"%PDF")
        pdf = pdfium.PdfDocument(data)
        assert len(pdf) >= 2
        text = pdf[0].get_textpage().get_text_range()
        assert "年度报告" in text.replace(" ", "")
        for i in range(len(pdf)):
            image = pdf[i].render(scale=1).to_pil().convert("L")
            dark = sum(image.histogram()[:200])  # pixels darker than light grey
            words = pdf[i].get_textpage().get_text_range().replace(str(i + 1), "").strip()
            # ink beyond the page number: a last page may hold a single line of the appendix (~900 pixels)
            assert dark > 400 and words, f"page {i + 1} is blank"

    def test_excel_workbook_has_the_figures_and_the_checks(self, built):
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(render.to_xlsx(built)))
        assert wb.sheetnames[0] == "主要指标" and "数据核对" in wb.sheetnames
        rows = {r[0]: r for r in wb["主要指标"].iter_rows(min_row=3, values_only=True)}
        assert rows["deposit.amount"][1:4] == ("归集额", "万元", "1.44")
        assert rows["loan.issued_amount"][3] == "30.00"
        assert all(r[1] == "通过" for r in wb["数据核对"].iter_rows(min_row=2, values_only=True))


def test_staff_text_keys_are_checked(engine):
    from anju.core.errors import ValidationFailed

    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed):
        report_service.set_text(uow, CLERK, year=YEAR, key="nonsense", body="x")


def test_empty_sections_are_filled_and_growth_without_a_prior_year_is_said_in_words(engine):
    small_centre(engine)  # 2026 is the centre's first year: nothing to compare with
    with UnitOfWork(engine) as uow:
        report_service.set_text(uow, CLERK, year=YEAR, key="org", body="")  # staff wrote nothing
        uow.commit()
    with engine.connect() as conn:
        report = report_service.annual_report(conn, CLERK, year=YEAR, as_of=AS_OF, charts=False)
    sections = {s.title: s for s in report.sections}
    org, other = sections["一、机构概况"].text, sections["六、其他重要事项"].text
    # from the centre file: name, address, branches and entrusted banks
    assert org.startswith("示例市住房公积金管理中心，地址：示例市蒸湘区解放大道1号")
    assert "个营业网点（管理部）：中心营业部、" in org and "受托银行" in org and "工商银行" in org
    assert other.startswith("2026年住房公积金政策")
    text = _text(report)
    assert "增长—%" not in text and "—%" not in text
    assert "比上年增长上年无可比数据" not in text and "缴存额0.00亿元，上年无可比数据。" in text


def test_growth_is_said_as_a_fall_or_in_words():
    from anju.report.annual import _pieces

    class Values:
        def __call__(self, code):
            return {"deposit.amount_growth": -0.0525, "deposit.balance_growth": None}.get(code, 0)

    used = {}
    down = "".join(p for p, _ in _pieces("比上年增长{deposit.amount_growth|%}%。", Values(), 2026, used))
    assert down == "比上年下降5.25%。"
    none = "".join(p for p, _ in _pieces("余额比上年增长{deposit.balance_growth|%}%。", Values(), 2026, used))
    assert none == "余额上年无可比数据。"
    assert {"deposit.amount_growth", "deposit.balance_growth"} <= set(used)


def test_a_table_total_is_the_figure_the_text_quotes(engine, monkeypatch):
    """The 合计 of a breakdown table is the indicator's own value, the figure the text quotes; when the groups
    overlap (a member paying under two kinds of employer in a year is in both) their sum is shown beside it."""
    from anju.indicators import catalogue as cat

    small_centre(engine)
    with engine.connect() as conn:
        report = report_service.annual_report(conn, CLERK, year=YEAR, as_of=AS_OF, charts=False)
        table = {t.title: t for s in report.sections for t in s.tables}["实缴职工按单位性质分布"]
        quoted = _text(report).split("实缴职工", 1)[1].split("人", 1)[0]
        assert table.rows[-1][:2] == ["合计", quoted] and quoted == "4"
        # the same member counted under two kinds: the groups now add to more than the distinct count
        real_by = cat.by
        monkeypatch.setattr(cat, "by", lambda c, code, period, dim: (
            {**real_by(c, code, period, dim), "国家机关和事业单位": 1} if code == "registry.members_paying"
            else real_by(c, code, period, dim)))
        overlap = report_service.annual_report(conn, CLERK, year=YEAR, as_of=AS_OF, charts=False)
    rows = {t.title: t for s in overlap.sections for t in s.tables}["实缴职工按单位性质分布"].rows
    assert rows[-2][:2] == ["各组合计（同一对象可属多组）", "5"] and rows[-1][:2] == ["合计（不重复计数）", "4"]
