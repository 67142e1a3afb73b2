"""Generated documents open and read back: Chinese text intact, the numbers where they belong (both databases)."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import docx
import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from anju.auth.actor import Actor, Channel, Role
from anju.budget import service
from anju.budget.demo import load_demo
from anju.budget.perf_table import read_indicator_workbook
from anju.budget.scoring import evaluate
from anju.budget.workbook import Book
from anju.db import UnitOfWork

FINANCE = Actor("caiwu", frozenset({Role.FINANCE}), Channel.COUNTER)
DEPT = "示例市住房公积金管理中心"


@pytest.fixture
def demo(engine):
    with UnitOfWork(engine) as uow:
        load_demo(uow, FINANCE, year=2025, dept=DEPT)
        uow.commit()
    return engine


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in docx.Document(BytesIO(content)).paragraphs if p.text.strip()]


class TestFinalAccountsWorkbook:
    def test_ten_sheets_with_the_published_layout(self, demo):
        with demo.connect() as conn:
            wb = load_workbook(BytesIO(service.final_accounts_xlsx(conn, FINANCE, year=2025)))
        assert wb.sheetnames == [f"公开{i:02d}表" for i in range(1, 11)]
        ws = wb["公开01表"]
        assert ws["A1"].value == "收入支出决算总表" and ws["A2"].value == f"部门：{DEPT}"
        assert ws["I2"].value is None and ws["F2"].value == "公开01表" and ws["F3"].value == "金额单位：万元"
        rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r[0]}
        assert rows["一、一般公共预算财政拨款收入"][1:3] == ("1", Decimal("2077.16")) or \
            rows["一、一般公共预算财政拨款收入"][2] == pytest.approx(2077.16)
        assert rows["本年收入合计"][5] == pytest.approx(2088.51)
        assert ws.cell(row=7, column=3).number_format == "#,##0.00"
        merged = {str(m) for m in ws.merged_cells.ranges}
        assert "A4:C4" in merged and "D4:F4" in merged  # 收入 | 支出

    def test_table_06_and_09_numbers(self, demo):
        with demo.connect() as conn:
            wb = load_workbook(BytesIO(service.final_accounts_xlsx(conn, FINANCE, year=2025)))
        t06 = {r[0]: r for r in wb["公开06表"].iter_rows(values_only=True) if r[0]}
        assert t06["301"][2] == pytest.approx(880.64) and t06["30101"][1] == "基本工资"
        assert t06["人员经费合计"][2] == pytest.approx(952.39)
        t09 = {r[0]: r for r in wb["公开09表"].iter_rows(values_only=True) if r[0]}
        assert t09["3.公务接待费"][2:] == (1, 1, pytest.approx(0.42))


class TestFinalAccountsDocument:
    def test_the_document_reads_back_in_chinese_with_the_figures(self, demo):
        with demo.connect() as conn:
            content = service.final_accounts_docx(conn, FINANCE, year=2025)
        doc = docx.Document(BytesIO(content))
        texts = [p.text for p in doc.paragraphs if p.text.strip()]
        assert texts[0] == f"{DEPT}2025年度部门决算"
        for heading in ("第一部分　示例市住房公积金管理中心概况", "第二部分　2025年度部门决算表", "一、收入决算情况说明",
                        "五、财政拨款“三公”经费支出决算情况说明", "九、预算绩效情况说明", "第四部分　名词解释"):
            assert heading in texts
        body = "\n".join(texts)
        assert "本年收入合计2083.02万元，比上年增加107.22万元，增长5.43%" in body
        assert "自评综合得分98.51分，评价结果为“优”" in body
        assert "发布前检查未通过" not in body
        assert len(doc.tables) == 10
        first = doc.tables[0]
        assert [c.text for c in first.rows[3].cells][:3] == ["一、一般公共预算财政拨款收入", "1", "2,077.16"]
        fonts = doc.styles["Normal"].element.rPr.rFonts
        assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"
        assert any(s.orientation == 1 for s in doc.sections)  # the tables are landscape

    def test_a_failing_check_puts_a_warning_first(self, demo):
        with demo.begin() as conn:
            conn.execute(text("DELETE FROM budget_carry WHERE year = 2025"))
        with demo.connect() as conn:
            texts = paragraphs(service.final_accounts_docx(conn, FINANCE, year=2025))
        assert texts[1] == "发布前检查未通过"
        assert any("收支平衡" in t for t in texts[2:6])


class TestSelfEvaluation:
    def test_the_report_has_the_seed_structure_and_the_table(self, demo):
        with demo.connect() as conn:
            content = service.self_evaluation_docx(conn, FINANCE, year=2025)
        doc = docx.Document(BytesIO(content))
        texts = [p.text for p in doc.paragraphs if p.text.strip()]
        assert texts[0] == f"{DEPT}2025年度部门整体支出绩效自评报告"
        headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
        assert headings == ["一、基本情况", "二、预算执行情况", "三、绩效目标完成情况", "四、存在的问题及原因",
                            "五、改进措施", "六、结果应用和公开"]
        body = "\n".join(texts)
        assert "实际支出2077.16万元，预算执行率98.33%" in body
        assert "综合评分为98.51分，评价等级为“优”" in body
        assert "一是受房地产市场影响，个人住房贷款发放额未达年度目标。" in body
        table = doc.tables[-1]
        assert [c.text for c in table.rows[0].cells][:3] == ["一级指标", "二级指标", "三级指标"]
        loan = next(r for r in table.rows if r.cells[2].text == "个人住房贷款发放额")
        assert [c.text for c in loan.cells[3:8]] == ["≥90000万元", "81240.00万元", "4", "3.61", "-9.73%"]
        assert "未接入" in loan.cells[8].text
        assert table.rows[-1].cells[6].text == "98.51"
        groups = doc.tables[1]
        assert [c.text for c in groups.rows[1].cells] == ["权重", "10", "28", "30", "32", "100"]

    def test_the_indicator_table_in_excel_scores_again_to_the_same_total(self, demo):
        with demo.connect() as conn:
            content = service.indicator_table_xlsx(conn, FINANCE, year=2025)
            total = service.evaluate_year(conn, FINANCE, year=2025).evaluation.total
        wb = load_workbook(BytesIO(content))
        assert wb["绩效指标"]["A1"].value == f"{DEPT}2025年度部门整体支出绩效自评表"
        rows, problems = read_indicator_workbook(Book(content))
        assert problems == [] and len(rows) == 24
        assert rows[3].indicator.target == "=100%"  # kept as text, not turned into a formula
        assert evaluate([r.indicator for r in rows]).total == total
