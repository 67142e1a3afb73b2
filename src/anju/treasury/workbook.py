"""The statements as an Excel workbook (openpyxl, as the project's other workbooks): one sheet per statement in
the standard layout — title, 编制单位 and period, 单位：元, 行次 and the comparative columns (the balance sheet's
assets and claims side by side) — and a sheet of the checks."""

from __future__ import annotations

from io import BytesIO

from anju.core.money import to_decimal_yuan
from anju.treasury.statements import Statement, StatementSet

BODY_FONT, HEADING_FONT, MONEY_FORMAT = "宋体", "黑体", "#,##0.00"


def _sheet(wb, st: Statement, s: StatementSet, centre: str):
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(st.title)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sides = [(st.left_head, st.left)] + ([(st.right_head, st.right)] if st.right else [])
    width = (2 + len(st.columns)) * len(sides)
    ws.cell(1, 1, st.title).font = Font(name=HEADING_FONT, size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(2, 1, f"编制单位：{centre}")
    ws.cell(2, max(2, width // 2), s.period_label)
    ws.cell(2, width, f"{st.code}　单位：元").alignment = Alignment(horizontal="right")
    top = 3
    for n, (head, rows) in enumerate(sides):
        col0 = 1 + n * (2 + len(st.columns))
        for j, text in enumerate((head, "行次", *st.columns)):
            c = ws.cell(top, col0 + j, text)
            c.font, c.alignment, c.border = Font(name=BODY_FONT, bold=True), Alignment(horizontal="center"), border
        for i, r in enumerate(rows, start=1):
            cells = [("　" * r.indent) + r.label, r.row, *[None if v is None else to_decimal_yuan(v) for v in r.values]]
            for j, v in enumerate(cells):
                c = ws.cell(top + i, col0 + j, v)
                c.font, c.border = Font(name=BODY_FONT, bold=r.bold), border
                if j >= 2:
                    c.number_format = MONEY_FORMAT
                elif j == 1:
                    c.alignment = Alignment(horizontal="center")
        ws.column_dimensions[get_column_letter(col0)].width = 34
        ws.column_dimensions[get_column_letter(col0 + 1)].width = 6
        for j in range(len(st.columns)):
            ws.column_dimensions[get_column_letter(col0 + 2 + j)].width = 20
    return ws


def to_xlsx(s: StatementSet, *, centre: str = "") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for st in s.statements:
        _sheet(wb, st, s, centre)
    ws = wb.create_sheet("勾稽检查")
    ws.append(["检查", "结果", "说明"])
    for c in s.checks:
        ws.append([c.label, "通过" if c.ok else "未通过", c.detail])
    ws.column_dimensions["A"].width, ws.column_dimensions["C"].width = 60, 90
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
