"""The annual report as Word, PDF (Chinese fonts embedded) and Excel."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from anju.indicators.catalogue import Unit
from anju.report.annual import AnnualReport
from anju.report.format import shown

TEMPLATES = Path(__file__).with_name("templates")
CJK_SERIF = "Noto Serif CJK SC"
CJK_SANS = "Noto Sans CJK SC"


# --------------------------------------------------------------------------------------------- Word


def _cjk(run_or_style, name: str = CJK_SERIF) -> None:
    from docx.oxml.ns import qn

    font = run_or_style.font
    font.name = name
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def to_docx(report: AnnualReport) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        _cjk(doc.styles[name], CJK_SANS if name != "Normal" else CJK_SERIF)
    doc.styles["Normal"].font.size = Pt(11)
    title = doc.add_paragraph(report.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for sec in report.sections:
        doc.add_heading(sec.title, level=sec.level)
        if sec.text:
            for para in sec.text.split("\n"):
                if para.strip():
                    p = doc.add_paragraph(para.strip())
                    p.paragraph_format.first_line_indent = Pt(22)
        for text in sec.paragraphs:
            p = doc.add_paragraph(text)
            p.paragraph_format.first_line_indent = Pt(22)
        for t in sec.tables:
            doc.add_paragraph(t.title).alignment = WD_ALIGN_PARAGRAPH.CENTER
            table = doc.add_table(rows=1, cols=len(t.headers))
            table.style = "Table Grid"
            for i, h in enumerate(t.headers):
                table.rows[0].cells[i].text = h
            for row in t.rows:
                cells = table.add_row().cells
                for i, v in enumerate(row):
                    cells[i].text = str(v)
        for c in sec.charts:
            doc.add_picture(io.BytesIO(c.png), width=Cm(15))
            doc.add_paragraph(c.title).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_heading("附：数据核对", level=1)
    for chk in report.checks:
        doc.add_paragraph(f"{'通过' if chk.ok else '未通过'}　{chk.name}：{chk.detail}")
    doc.add_heading("附：指标口径", level=1)
    for name, definition in report.notes:
        doc.add_paragraph(f"{name}：{definition}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------- PDF


def to_html(report: AnnualReport, *, for_pdf: bool = True) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
    return env.get_template("report/annual_document.html").render(report=report, for_pdf=for_pdf)


def to_pdf(report: AnnualReport) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(report)).write_pdf()


# --------------------------------------------------------------------------------------------- Excel


def to_xlsx(report: AnnualReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append([report.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["指标代码", "指标名称", "单位", f"{report.year}年", f"{report.year - 1}年", "增减"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for code, name, unit, this, last in report.figures:
        u = Unit(unit)
        shown_unit = "万元" if u is Unit.YUAN else unit
        scale_unit = Unit.WAN if u is Unit.YUAN else u
        change = ""
        if isinstance(this, int) and isinstance(last, int) and last and u not in (Unit.PERCENT, Unit.PERMILLE):
            change = f"{shown(Decimal(this) / Decimal(last) - 1, Unit.PERCENT)}%"
        ws.append([code, name, shown_unit, shown(this, scale_unit), shown(last, scale_unit), change])
    for col, width in zip("ABCDEF", (30, 34, 8, 18, 18, 10), strict=True):
        ws.column_dimensions[col].width = width
    for sec in report.sections:
        for t in sec.tables:
            sheet = wb.create_sheet(t.title[:31])
            sheet.append(t.headers)
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in t.rows:
                sheet.append(row)
            sheet.column_dimensions["A"].width = 30
            sheet.column_dimensions["B"].width = 20
    checks = wb.create_sheet("数据核对")
    checks.append(["核对项", "结果", "说明"])
    for chk in report.checks:
        checks.append([chk.name, "通过" if chk.ok else "未通过", chk.detail])
    checks.column_dimensions["C"].width = 120
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
