"""Writing layouts out: a Statement into an Excel sheet (openpyxl) or a Word table (python-docx), and a small
Word writer with Chinese fonts. Files at the edge; the layouts themselves are built elsewhere, purely."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from io import BytesIO

from anju.budget.statements import Amount, C, Statement
from anju.core.money import to_wan

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
MONEY_FORMAT = "#,##0.00"


def place(rows: tuple[tuple[C, ...], ...]) -> Iterator[tuple[int, int, C]]:
    """Grid positions (row, column) of every cell, honouring column and row spans."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            yield r, c, cell
            for dr in range(cell.rowspan):
                for dc in range(cell.span):
                    taken.add((r + dr, c + dc))
            c += cell.span


def cell_value(cell: C) -> object:
    """What an Excel cell holds: 万元 as a two-place Decimal, counts as int, text as text."""
    if isinstance(cell.value, Amount):
        return to_wan(cell.value.fen)
    return cell.value


# ---------------------------------------------------------------- Excel


def write_sheet(wb, st: Statement, *, sheet_title: str | None = None):
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(sheet_title or (st.code or st.title)[:31])
    n = st.ncols
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.cell(1, 1, st.title).font = Font(name=HEADING_FONT, size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    line = 2
    if st.dept or st.code:
        ws.cell(2, 1, f"部门：{st.dept}" if st.dept else "")
        if n >= 3:
            ws.cell(2, max(2, n // 2), f"{st.year}年度" if st.year else "").alignment = Alignment(horizontal="center")
        ws.cell(2, n, st.code).alignment = Alignment(horizontal="right")
        line = 3
    if st.unit:
        ws.cell(line, n, st.unit).alignment = Alignment(horizontal="right")
        line += 1
    top = line
    for part, bold in ((st.header, True), (st.body, False)):
        for r, c, cell in place(part):
            row, col = top + r, 1 + c
            xl = ws.cell(row, col, cell_value(cell))
            xl.font = Font(name=BODY_FONT, size=10, bold=bold or cell.bold)
            numeric = isinstance(cell.value, (Amount, int))
            xl.alignment = Alignment(horizontal=cell.align or ("center" if bold else ("right" if numeric else "left")),
                                     vertical="center", wrap_text=True)
            if isinstance(cell.value, Amount):
                xl.number_format = MONEY_FORMAT
            if cell.span > 1 or cell.rowspan > 1:
                ws.merge_cells(start_row=row, start_column=col, end_row=row + cell.rowspan - 1,
                               end_column=col + cell.span - 1)
        height = len(part)
        for row in range(top, top + height):
            for col in range(1, n + 1):
                ws.cell(row, col).border = border
        top += height
    for i, note in enumerate(st.notes):
        prefix = "注：" if i == 0 else "　　"
        number = f"{i + 1}. " if len(st.notes) > 1 else ""
        ws.cell(top + i, 1, f"{prefix}{number}{note}").alignment = Alignment(wrap_text=False)
    for i, width in enumerate(st.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(4, width * 1.4)
    ws.freeze_panes = ws.cell(line + len(st.header), 1)
    return ws


def workbook_bytes(statements: list[Statement]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for st in statements:
        write_sheet(wb, st)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- Word


class DocWriter:
    """A Word document with Chinese fonts set for East Asian text (so 宋体/黑体 are used, not a fallback)."""

    def __init__(self) -> None:
        from docx import Document
        from docx.shared import Pt

        self.doc = Document()
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(12)
        self._font(normal, BODY_FONT)
        for name, size in (("Title", 20), ("Heading 1", 16), ("Heading 2", 14), ("Heading 3", 12)):
            style = self.doc.styles[name]
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.color.rgb = None
            self._font(style, HEADING_FONT)

    @staticmethod
    def _font(target, name: str) -> None:
        from docx.oxml.ns import qn

        target.font.name = name
        rpr = target.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), name)

    def title(self, text: str, subtitle: str | None = None) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = self.doc.add_paragraph(text, style="Title")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if subtitle:
            s = self.doc.add_paragraph(subtitle)
            s.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.add_paragraph(text, style=f"Heading {level}")

    def para(self, text: str, *, bold: bool = False, indent: bool = True, center: bool = False,
             size: float | None = None, color: tuple[int, int, int] | None = None) -> None:  # float-ok: font size
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt, RGBColor

        p = self.doc.add_paragraph()
        if indent and not center:
            p.paragraph_format.first_line_indent = Pt(24)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if color:
            run.font.color.rgb = RGBColor(*color)

    def page_break(self) -> None:
        self.doc.add_page_break()

    def orientation(self, landscape: bool) -> None:
        """Start a new section in landscape (wide tables) or portrait."""
        from docx.enum.section import WD_ORIENT, WD_SECTION

        current = self.doc.sections[-1]
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        width, height = current.page_width, current.page_height
        if landscape != (width > height):
            section.page_width, section.page_height = height, width
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT

    def statement(self, st: Statement, *, font_size: float = 8, with_caption: bool = True) -> None:  # float-ok: font size
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        if with_caption:
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(st.title)
            run.bold = True
            run.font.size = Pt(14)
            if st.dept or st.code or st.unit:
                meta = self.doc.add_paragraph()
                parts = [f"部门：{st.dept}" if st.dept else "", f"{st.year}年度" if st.year else "", st.code, st.unit]
                r = meta.add_run("　　".join(x for x in parts if x))
                r.font.size = Pt(9)
        rows = st.header + st.body
        table = self.doc.add_table(rows=len(rows), cols=st.ncols)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        nhead = len(st.header)
        # Take the cells once, before merging: table.cell() re-reads the whole table on every call.
        flat = table._cells
        grid = [flat[r * st.ncols:(r + 1) * st.ncols] for r in range(len(rows))]
        for r, c, cell in place(rows):
            target = grid[r][c]
            if cell.span > 1 or cell.rowspan > 1:
                target = target.merge(grid[r + cell.rowspan - 1][c + cell.span - 1])
            target.text = ""
            para = target.paragraphs[0]
            run = para.add_run(_docx_text(cell))
            run.font.size = Pt(font_size)
            run.bold = cell.bold or r < nhead
            numeric = isinstance(cell.value, (Amount, int))
            align = cell.align or ("center" if r < nhead else ("right" if numeric else "left"))
            para.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                              "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
        for i, note in enumerate(st.notes):
            prefix = "注：" if i == 0 else "　　"
            number = f"{i + 1}. " if len(st.notes) > 1 else ""
            p = self.doc.add_paragraph()
            r = p.add_run(f"{prefix}{number}{note}")
            r.font.size = Pt(8)

    def bytes(self) -> bytes:
        buf = BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def _docx_text(cell: C) -> str:
    if isinstance(cell.value, Decimal):
        return format(cell.value, "f")
    return cell.text()
