"""Performance indicator tables in Excel: read one as the reports lay it out (merged 一级/二级 cells, targets
written "≥54.12"), and write a scored one back in a layout that reads in again."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from anju.budget.errors import BudgetError
from anju.budget.scoring import (
    Evaluation,
    Indicator,
    Method,
    Source,
    format_score,
    method_by_label,
    source_by_label,
)
from anju.budget.sources import FUND_INDICATORS
from anju.budget.workbook import Book, XCell, cell_decimal, cell_text, put_text
from anju.core.errors import Problem

SHEET = "绩效指标"
L1, L2, L3, TARGET, ACTUAL, WEIGHT, SCORE = "一级指标", "二级指标", "三级指标", "目标值", "实际完成值", "分值", "得分"
METHOD, REASON, CAUSE, SOURCE, CODE, EVIDENCE = "计分方式", "评分理由", "偏差原因分析及改进措施", "数据来源", "指标代码", "完成值来源"
DEVIATION, NOTE = "偏差率", "计分说明"

ALIASES: dict[str, tuple[str, ...]] = {
    L1: (L1,), L2: (L2,), L3: (L3, "指标名称"),
    TARGET: (TARGET, "年度指标值", "指标目标值", "指标值", "年度目标值"),
    ACTUAL: (ACTUAL, "实际值", "指标完成值", "完成值", "全年实际值"),
    WEIGHT: (WEIGHT, "权重"),
    SCORE: (SCORE, "评分"),
    METHOD: (METHOD,), REASON: (REASON, "评分说明"),
    CAUSE: (CAUSE, "偏差原因", "原因分析", "偏差原因分析"),
    SOURCE: (SOURCE,), CODE: (CODE, "业务指标代码"), EVIDENCE: (EVIDENCE, "佐证材料"),
}
REQUIRED = (L1, L2, L3, TARGET, ACTUAL, WEIGHT)
TOTAL_MARKS = ("总分", "合计", "总计", "评价等级")


@dataclass(frozen=True)
class IndicatorRow:
    """A row of the framework: what is scored, plus where its actual comes from."""

    indicator: Indicator
    source: Source = Source.MANUAL
    fund_code: str = ""
    evidence: str = ""


def _norm(text: str) -> str:
    return "".join(text.split()).replace("　", "")


def _find_header(book: Book, name: str) -> tuple[int, dict[str, int]] | None:
    for r, cells in book.rows(name, 1, 20):
        found: dict[str, int] = {}
        for i, cell in enumerate(cells):
            text = _norm(cell_text(cell.value))
            for column, aliases in ALIASES.items():
                if column not in found and text in aliases:
                    found[column] = i
        if L3 in found and WEIGHT in found:
            return r, found
    return None


_CONSTANT = re.compile(r"^=\s*[+-]?\d+(?:\.\d+)?\s*[%‰]?\s*$")


def _quantity_text(cell: XCell, *, keep_equals: bool) -> str | None:
    """A target or actual cell as the report writes it. Excel turns a typed "=100%" into a formula: a
    constant formula is read back as the text typed (the target "=100%"; for an actual, "100%"). A number
    formatted as a percentage becomes "95%". None for a formula Excel never computed."""
    if cell.formula is not None and _CONSTANT.match(cell.formula):
        text = cell.formula.replace(" ", "")
        return text if keep_equals else text[1:]
    if cell.uncomputed:
        return None
    value = cell.value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and "%" in cell.number_format:
        pct = (cell_decimal(value) * 100).normalize()
        return f"{format(pct, 'f')}%"
    return cell_text(value)


def read_indicator_workbook(book: Book) -> tuple[list[IndicatorRow], list[Problem]]:
    """Every indicator row of the first sheet that has the columns (or the sheet named 绩效指标)."""
    problems: list[Problem] = []
    names = [SHEET] if SHEET in book.sheetnames else list(book.sheetnames)
    located = sheet = None
    for sheet in names:
        located = _find_header(book, sheet)
        if located is not None:
            break
    if located is None:
        return [], [Problem.of(BudgetError.PERF_HEADER_NOT_FOUND)]
    header_row, cols = located
    for name in REQUIRED:
        if name not in cols:
            problems.append(Problem.of(BudgetError.PERF_COLUMN_MISSING, field=name, row=header_row))
    if problems:
        return [], problems
    rows: list[IndicatorRow] = []
    last1 = last2 = ""
    empty = XCell()
    for r, cells in book.rows(sheet, header_row + 1):
        def get(name: str, cells=cells) -> XCell:
            i = cols.get(name)
            return empty if i is None or i >= len(cells) else cells[i]

        def text(name: str) -> str:
            return cell_text(get(name).value)

        if all(cell_text(c.value) == "" and c.formula is None for c in cells):
            continue
        level1, level2, level3 = text(L1), text(L2), text(L3)
        if any(_norm(x).startswith(TOTAL_MARKS) for x in (level1, level2, level3) if x):
            continue
        level1 = level1 or last1
        level2 = level2 or last2
        last1, last2 = level1, level2
        here: list[Problem] = []

        def number(name: str, here=here, r=r) -> Decimal | None:
            cell = get(name)
            if cell.uncomputed:
                here.append(Problem.of(BudgetError.PERF_FORMULA_NO_VALUE, field=name, row=r,
                                       formula=cell.formula))
                return None
            try:
                return cell_decimal(cell.value)
            except ValueError as exc:
                here.append(Problem.of(BudgetError.PERF_CELL_INVALID, field=name, row=r, name=name, exc=exc))
                return None

        weight, score = number(WEIGHT), number(SCORE)
        method = method_by_label(text(METHOD))
        if method is None:
            here.append(Problem.of(BudgetError.PERF_SCORING_INVALID, field=METHOD, row=r, text=text(METHOD)))
            method = Method.AUTO
        source = source_by_label(text(SOURCE))
        if source is None:
            here.append(Problem.of(BudgetError.PERF_SOURCE_INVALID, field=SOURCE, row=r, text=text(SOURCE)))
            source = Source.MANUAL
        if source is Source.EXECUTION and method is Method.AUTO:
            method = Method.EXECUTION
        code = text(CODE)
        if source is Source.FUND and code not in FUND_INDICATORS:
            known = "、".join(f"{k}（{v.name}）" for k, v in FUND_INDICATORS.items())
            here.append(Problem.of(BudgetError.PERF_FUND_CODE_UNKNOWN, field=CODE, row=r, code=code,
                                   known=known))
        if not level1:
            here.append(Problem.of(BudgetError.PERF_LEVEL1_MISSING, field=L1, row=r))
        if weight is not None and not level3:
            here.append(Problem.of(BudgetError.PERF_LEVEL3_MISSING, field=L3, row=r))
        if len(level3) > 200 or len(level1) > 60 or len(level2) > 60:
            here.append(Problem.of(BudgetError.PERF_NAME_TOO_LONG, field=L3, row=r))
        target = _quantity_text(get(TARGET), keep_equals=True)
        actual = _quantity_text(get(ACTUAL), keep_equals=False)
        for value, name in ((target, TARGET), (actual, ACTUAL)):
            if value is None:
                here.append(Problem.of(BudgetError.PERF_FORMULA_NO_TEXT, field=name, row=r,
                                       formula=get(name).formula))
        indicator = Indicator(
            level1=level1, level2=level2, level3=level3, target=target or "", actual=actual or None,
            weight=weight, score=score, method=method, reason=text(REASON), cause=text(CAUSE), row=r)
        problems += here
        rows.append(IndicatorRow(indicator, source, code if source is Source.FUND else "", text(EVIDENCE)))
    if not rows and not problems:
        problems.append(Problem.of(BudgetError.PERF_NO_ROWS, row=header_row))
    return rows, problems


# ---------------------------------------------------------------- writing

OUT_COLUMNS = (L1, L2, L3, TARGET, ACTUAL, WEIGHT, SCORE, DEVIATION, SOURCE, CODE, EVIDENCE, NOTE, REASON, CAUSE)


def indicator_workbook(ev: Evaluation, rows: list[IndicatorRow], *, title: str = "",
                       actuals: list[str | None] | None = None):
    """The scored table (one row per indicator, 总分 and 评价等级 at the end) and the 一级指标 summary."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    top = 1
    if title:
        ws.cell(1, 1, title).font = Font(bold=True, size=14)
        top = 2
    for c, h in enumerate(OUT_COLUMNS, start=1):
        ws.cell(top, c, h).font = Font(bold=True)
    widths = (14, 16, 30, 14, 14, 7, 7, 10, 10, 22, 12, 26, 26, 40)
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    for i, (scored, row) in enumerate(zip(ev.rows, rows, strict=True)):
        ind = scored.indicator
        actual = actuals[i] if actuals is not None else ind.actual
        values = (ind.level1, ind.level2, ind.level3, ind.target, actual or "", _num(ind.weight),
                  _num(scored.score), scored.deviation_text(), row.source.label, row.fund_code, row.evidence,
                  scored.note, ind.reason if scored.overridden else "", ind.cause)
        for c, v in enumerate(values, start=1):
            cell = ws.cell(top + 1 + i, c)
            if isinstance(v, str):
                put_text(cell, v)
            else:
                cell.value = v
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    end = top + 1 + len(ev.rows)
    ws.cell(end, 1, "总分").font = Font(bold=True)
    ws.cell(end, 6, _num(ev.total_weight))
    ws.cell(end, 7, _num(ev.total)).font = Font(bold=True)
    ws.cell(end + 1, 1, "评价等级").font = Font(bold=True)
    ws.cell(end + 1, 7, ev.grade)
    ws.freeze_panes = ws.cell(top + 1, 1)
    summary = wb.create_sheet("一级指标汇总")
    for c, h in enumerate(("一级指标", "权重", "得分", "得分率"), start=1):
        summary.cell(1, c, h).font = Font(bold=True)
        summary.column_dimensions[get_column_letter(c)].width = 24 if c == 1 else 12
    for r, g in enumerate(ev.groups, start=2):
        summary.cell(r, 1, g.name)
        summary.cell(r, 2, _num(g.weight))
        summary.cell(r, 3, _num(g.score))
        rate = g.rate
        summary.cell(r, 4, None if rate is None else rate.quantize(Decimal("0.0001"))).number_format = "0.00%"
    r = len(ev.groups) + 2
    summary.cell(r, 1, "合计").font = Font(bold=True)
    summary.cell(r, 2, _num(ev.total_weight))
    summary.cell(r, 3, _num(ev.total))
    if ev.total_weight:
        summary.cell(r, 4, (ev.total / ev.total_weight).quantize(Decimal("0.0001"))).number_format = "0.00%"
    return wb


def _num(value: Decimal | None):
    if value is None:
        return None
    text = format_score(value, 4)
    return Decimal(text)


TEMPLATE_COLUMNS = (L1, L2, L3, TARGET, ACTUAL, WEIGHT, SCORE, REASON, METHOD, SOURCE, CODE, EVIDENCE, CAUSE)
TEMPLATE_NOTES = (
    "绩效指标表填写说明（anju performance score --input 文件.xlsx；anju performance import 年度 文件.xlsx）",
    "必填列：一级指标、二级指标、三级指标、目标值、实际完成值、分值。一级、二级指标与上一行相同时可留空（合并单元格亦可）。",
    "目标值按自评表的写法填写：≥54.12、>=1800、<=10%、=100%、≤0.3‰、90%-95%（区间）；只写数值（如 90%）视为“≥”；"
    "定性指标写等级，如 健全、规范、合理、较显著、效果明显。不适用的指标在三级指标或目标值写“不适用”，分值留空。",
    "得分：留空按规则计分；填写即为评价人评分（覆盖规则得分），请在“评分理由”列说明理由。",
    "计分方式：留空或“按目标值”；“预算执行率”为分值×执行率；“人工评分”只取得分列。",
    "数据来源：人工填报（默认）、预算执行（取年度预决算数据的执行率）、业务指标（填写指标代码，由住房公积金业务统计自动取数；"
    "统计口径接入前按人工填报的实际完成值计分）。",
    "规则：达到目标得满分；未达到的“≥”指标得 分值×实际值÷目标值，“≤”指标得 分值×目标值÷实际值，“=”指标得 分值×(1−|偏差率|)；"
    "定性指标比目标低一档得60%、低两档得30%；偏差率＝(实际值−目标值)÷目标值；得分四舍五入保留两位小数；"
    "评价等级：优≥90，良≥80，中≥60，差<60。",
)


def template_workbook():
    """An empty indicator table with the columns the reader understands, and the instructions."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    for c, h in enumerate(TEMPLATE_COLUMNS, start=1):
        ws.cell(1, c, h).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(c)].width = 30 if h in (L3, CAUSE, REASON) else 14
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("填写说明")
    for i, line in enumerate(TEMPLATE_NOTES, start=1):
        notes.cell(i, 1, line)
    notes.column_dimensions["A"].width = 150
    codes = wb.create_sheet("业务指标代码")
    for c, h in enumerate(("指标代码", "指标名称", "单位"), start=1):
        codes.cell(1, c, h).font = Font(bold=True)
    for r, spec in enumerate(FUND_INDICATORS.values(), start=2):
        codes.cell(r, 1, spec.code)
        codes.cell(r, 2, spec.name)
        codes.cell(r, 3, spec.unit)
    codes.column_dimensions["A"].width = 32
    codes.column_dimensions["B"].width = 30
    return wb
