"""The budget-year workbook: the documented import template (also used to export a year) and its parser.

Sheets: 填表说明, 基本情况, 收入, 预算, 支出, 结转结余, 三公经费, 政府采购, 国有资产, and 科目代码 (reference
only). Amounts are in 万元 (two decimals as published, up to six to stay exact to the fen). The parser reads
every sheet and returns all problems found — sheet, row, column and reason in Chinese — with the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from anju.budget.codes import Code, economic_level, functional_level
from anju.budget.errors import BudgetError
from anju.budget.rules import (
    FACTS,
    CarryLine,
    ExpenditureKind,
    FundSource,
    IncomeLine,
    IncomeSource,
    PlanLine,
    SpendLine,
    Unit,
    YearData,
    by_label,
)
from anju.core.errors import AnjuError, Problem
from anju.core.money import parse_wan, to_wan

# ---------------------------------------------------------------- sheet layouts

INFO, INCOME, PLAN, SPEND, CARRY = "基本情况", "收入", "预算", "支出", "结转结余"
THREE_PUBLIC, PROCUREMENT, ASSETS, CODES, README = "三公经费", "政府采购", "国有资产", "科目代码", "填表说明"

FUNC = "功能分类科目编码"
FUNC_NAME = "科目名称"
FUND = "资金来源"
KIND = "支出性质"
PROJECT = "项目名称"
ECON = "经济分类科目编码"
ECON_NAME = "经济分类科目名称"
INITIAL, ADJUST, FULL = "年初预算数", "预算调整数", "全年预算数"
ACTUAL = "决算数"
CARRY_IN, CARRY_OUT = "年初结转和结余", "年末结转和结余"
DEPT = "部门名称"

INCOME_HEADERS = (FUNC, FUNC_NAME, *[s.label for s in IncomeSource])
PLAN_HEADERS = (FUNC, FUNC_NAME, FUND, KIND, PROJECT, INITIAL, ADJUST, FULL)
SPEND_HEADERS = (FUNC, FUNC_NAME, FUND, KIND, PROJECT, ECON, ECON_NAME, ACTUAL)
CARRY_HEADERS = (FUNC, FUNC_NAME, FUND, CARRY_IN, CARRY_OUT)
OPTIONAL = {FUNC_NAME, ECON_NAME, PROJECT, FULL}


@dataclass(frozen=True)
class FactSheet:
    """A sheet of labelled rows: column A the label, then one value column per entry of ``columns``;
    ``keys[label]`` names the fact behind each value column (None where the cell does not apply)."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str | None, ...]], ...]


INFO_KEYS = ("unit.count", "staff.authorized", "staff.actual", "staff.other", "staff.retired",
             "staff.retired_unit", "staff.retired_pension", "unit.admin", "cost.admin_running", "surplus.used",
             "surplus.distributed")

FACT_SHEETS = (
    FactSheet(INFO, ("数值",), tuple((FACTS[k].label, (k,)) for k in INFO_KEYS)),
    FactSheet(THREE_PUBLIC, (INITIAL, FULL, ACTUAL), (
        ("因公出国（境）费", ("tp.outbound.initial", "tp.outbound.full", "tp.outbound.actual")),
        ("公务用车购置费", ("tp.vehicle_purchase.initial", "tp.vehicle_purchase.full", "tp.vehicle_purchase.actual")),
        ("公务用车运行维护费", ("tp.vehicle_running.initial", "tp.vehicle_running.full", "tp.vehicle_running.actual")),
        ("公务接待费", ("tp.reception.initial", "tp.reception.full", None)),
        ("（1）国内接待费", (None, None, "tp.reception_domestic.actual")),
        ("其中：外事接待费", (None, None, "tp.reception_fa.actual")),
        ("（2）国（境）外接待费", (None, None, "tp.reception_abroad.actual")),
        *[(FACTS[k].label, (None, None, k)) for k in (
            "tp.outbound_groups", "tp.outbound_persons", "tp.vehicles_bought", "tp.vehicles_held",
            "tp.domestic_batches", "tp.fa_batches", "tp.domestic_persons", "tp.fa_persons", "tp.abroad_batches",
            "tp.abroad_persons")],
    )),
    FactSheet(PROCUREMENT, ("金额（万元）",), tuple((FACTS[k].label, (k,)) for k in FACTS if k.startswith("proc."))),
    FactSheet(ASSETS, ("数量",), tuple((FACTS[k].label, (k,)) for k in FACTS if k.startswith("asset."))),
)

NOT_APPLICABLE_MARKS = ("", "—", "-", "---", "——", "/")

README_LINES = (
    "部门决算与预算数据导入模板（安居 anju budget import 年度 文件.xlsx）",
    "",
    "一、总体要求",
    "1. 金额单位为万元，按公开口径填两位小数；如从账簿取数，最多可填六位小数（精确到分），系统按分精确保存，公开表按四舍五入显示两位小数。",
    "2. 请勿修改各表第一行的列名和“基本情况”“三公经费”“政府采购”“国有资产”表A列的项目名称；空白行自动跳过；空白金额按0处理。",
    "3. 导入时检查全部工作表，所有问题一次列出（工作表、行号、列名、原因）；有任何问题则整份文件不导入。",
    "4. 再次导入同一年度的文件，将整体替换该年度的全部数据（原数据与替换人记入审计记录）；文字说明与绩效指标不受影响。",
    "",
    "二、各工作表",
    "基本情况：部门名称、单位数、人员（编制数、年末编制内实有人数、其他人员、离退休人员）、是否行政单位或参公单位（是/否）、"
    "机关运行经费、使用非财政拨款结余、结余分配。",
    "收入：按支出功能分类“项”级科目（7位编码）逐行填写各来源的本年收入（公开02表的口径，财政拨款分三类填写）。",
    "预算：按功能分类科目、资金来源、支出性质（项目支出须填项目名称）填写年初预算数和预算调整数；全年预算数可不填，填写时须等于二者之和。",
    "支出：按功能分类科目、资金来源、支出性质、项目名称、经济分类“款”级科目（5位编码）逐行填写决算数（公开03、05、06表的口径）。",
    "结转结余：按功能分类科目和资金来源填写年初结转和结余、年末结转和结余。",
    "三公经费：财政拨款“三公”经费的年初预算数、全年预算数、决算数及相关统计数（公开09表）；灰色格不填。",
    "政府采购：货物、工程、服务支出及授予中小企业、小微企业合同金额。",
    "国有资产：年末车辆数（按用途）和单价100万元（含）以上设备数（公开10表）。",
    "科目代码：当前可用的功能分类和经济分类科目（仅供参考，不导入；如需新增科目请先用 anju budget codes set 维护）。",
    "",
    "三、取值",
    f"资金来源：{'、'.join(f.label for f in FundSource)}。",
    f"支出性质：{'、'.join(k.label for k in ExpenditureKind)}。",
)


# ---------------------------------------------------------------- writing


def build_workbook(func_codes: Sequence[Code], econ_codes: Sequence[Code], data: YearData | None = None):
    """The template (``data`` None) or a year exported in the same layout, ready to edit and re-import."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    grey = PatternFill("solid", fgColor="D9D9D9")
    wb = Workbook()
    ws = wb.active
    ws.title = README
    for i, line in enumerate(README_LINES, start=1):
        ws.cell(i, 1, line).alignment = Alignment(wrap_text=False)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 120

    def table(name: str, headers: Sequence[str], rows: Iterable[Sequence[object]], widths: Sequence[int]):
        sheet = wb.create_sheet(name)
        for c, h in enumerate(headers, start=1):
            sheet.cell(1, c, h).font = bold
            sheet.column_dimensions[get_column_letter(c)].width = widths[c - 1]
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(r, c, value)
                if isinstance(value, Decimal):
                    cell.number_format = "0.00####"
                elif headers[c - 1] in (FUNC, ECON):
                    cell.number_format = "@"
        sheet.freeze_panes = "A2"
        return sheet

    def lists(sheet, column: str, values: Sequence[str], headers: Sequence[str]):
        col = get_column_letter(headers.index(column) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        dv.add(f"{col}2:{col}2000")
        sheet.add_data_validation(dv)

    d = data or YearData(0, "")
    fnames = {c.code: c.name for c in func_codes}
    enames = {c.code: c.name for c in econ_codes}
    funds = [f.label for f in FundSource]
    kinds = [k.label for k in ExpenditureKind]

    # 基本情况 and the other labelled sheets
    for fs in FACT_SHEETS:
        sheet = wb.create_sheet(fs.name)
        sheet.cell(1, 1, "项目").font = bold
        for c, h in enumerate(fs.columns, start=2):
            sheet.cell(1, c, h).font = bold
            sheet.column_dimensions[get_column_letter(c)].width = 16
        sheet.column_dimensions["A"].width = 44
        r = 2
        if fs.name == INFO:
            sheet.cell(r, 1, DEPT)
            sheet.cell(r, 2, d.dept_name or None)
            r += 1
        for label, keys in fs.rows:
            sheet.cell(r, 1, label)
            for c, key in enumerate(keys, start=2):
                cell = sheet.cell(r, c)
                if key is None:
                    cell.fill = grey
                    continue
                if data is not None:
                    cell.value = _fact_cell(key, d.fact(key))
                if FACTS[key].unit is Unit.WAN:
                    cell.number_format = "0.00####"
            r += 1

    by_code: dict[str, dict[IncomeSource, int]] = {}
    for line in d.income:
        by_code.setdefault(line.func_code, {})[line.source] = line.amount
    table(INCOME, INCOME_HEADERS,
          [[code, fnames.get(code, ""), *[_wan_cell(by_code[code].get(s, 0)) for s in IncomeSource]]
           for code in sorted(by_code)], [18, 30, *[16] * len(IncomeSource)])
    plan = table(PLAN, PLAN_HEADERS,
                 [[p.func_code, fnames.get(p.func_code, ""), p.fund.label, p.kind.label, p.project or None,
                   _wan_cell(p.initial), _wan_cell(p.adjustment), _wan_cell(p.full)] for p in d.plan],
                 [18, 30, 24, 14, 30, 14, 14, 14])
    lists(plan, FUND, funds, PLAN_HEADERS)
    lists(plan, KIND, kinds, PLAN_HEADERS)
    spend = table(SPEND, SPEND_HEADERS,
                  [[s.func_code, fnames.get(s.func_code, ""), s.fund.label, s.kind.label, s.project or None,
                    s.econ_code, enames.get(s.econ_code, ""), _wan_cell(s.amount)] for s in d.spend],
                  [18, 30, 24, 14, 30, 18, 26, 14])
    lists(spend, FUND, funds, SPEND_HEADERS)
    lists(spend, KIND, kinds, SPEND_HEADERS)
    carry = table(CARRY, CARRY_HEADERS,
                  [[c.func_code, fnames.get(c.func_code, ""), c.fund.label, _wan_cell(c.carry_in),
                    _wan_cell(c.carry_out)] for c in d.carry], [18, 30, 24, 16, 16])
    lists(carry, FUND, funds, CARRY_HEADERS)
    ref = table(CODES, ("功能分类科目编码", "功能分类科目名称", "", "经济分类科目编码", "经济分类科目名称"), [],
                [18, 36, 4, 18, 30])
    for i, c in enumerate(func_codes, start=2):
        ref.cell(i, 1, c.code).number_format = "@"
        ref.cell(i, 2, c.name)
    for i, c in enumerate(econ_codes, start=2):
        ref.cell(i, 4, c.code).number_format = "@"
        ref.cell(i, 5, c.name)
    for i, name in enumerate((README, INFO, INCOME, PLAN, SPEND, CARRY, THREE_PUBLIC, PROCUREMENT, ASSETS, CODES)):
        wb.move_sheet(name, offset=i - wb.sheetnames.index(name))
    return wb


def _wan_cell(fen: int) -> Decimal | None:
    return None if fen == 0 else to_wan(fen, 6).normalize() if fen % 10_000 else to_wan(fen)


def _fact_cell(key: str, value: int) -> object:
    unit = FACTS[key].unit
    if unit is Unit.FLAG:
        return "是" if value else "否"
    if unit is Unit.WAN:
        return _wan_cell(value)
    return value


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class XCell:
    """A cell seen twice: the value Excel last computed (None when blank or never computed) and, when the
    cell holds a formula, its text. A formula nobody computed must not pass for an empty cell."""

    value: object = None
    formula: str | None = None
    number_format: str = "General"

    @property
    def uncomputed(self) -> bool:
        return self.formula is not None and self.value is None


class Book:
    """A workbook loaded for reading: values as last computed, and formulas."""

    def __init__(self, content: bytes) -> None:
        from io import BytesIO

        from openpyxl import load_workbook

        self.values = load_workbook(BytesIO(content), data_only=True)
        self.formulas = load_workbook(BytesIO(content), data_only=False)

    @property
    def sheetnames(self) -> list[str]:
        return self.values.sheetnames

    def rows(self, name: str, min_row: int = 1, max_row: int | None = None):
        """(row number, [XCell …]) for every row from ``min_row``."""
        wv, wf = self.values[name], self.formulas[name]
        pairs = zip(wv.iter_rows(min_row=min_row, max_row=max_row),
                    wf.iter_rows(min_row=min_row, max_row=max_row), strict=False)
        for r, (vals, forms) in enumerate(pairs, start=min_row):
            cells = []
            for v, f in zip(vals, forms, strict=False):
                formula = f.value if getattr(f, "data_type", None) == "f" and isinstance(f.value, str) else None
                cells.append(XCell(v.value, formula, getattr(v, "number_format", None) or "General"))
            yield r, cells


def put_text(cell, text: str | None) -> None:
    """Write text that Excel must not take for a formula ("=100%" stays the target "=100%")."""
    cell.value = text
    if isinstance(text, str) and text.startswith("="):
        cell.data_type = "s"


def cell_text(value: object) -> str:
    """A cell as text: numbers without a spurious ".0" (a code typed as a number stays a code)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


def cell_decimal(value: object) -> Decimal | None:
    """A numeric cell as an exact Decimal. Excel keeps numbers as binary floats; the shortest text that
    reads back as the same float is what was typed, so that text is used (never the float itself)."""
    if value is None or (isinstance(value, str) and value.strip() in NOT_APPLICABLE_MARKS):
        return None
    if isinstance(value, bool):
        raise ValueError("不是数值")
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    text = str(value).strip().replace(",", "").replace("，", "")
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"“{value}”不是数值") from exc


class _Reader:
    """Collects problems while reading cells of one workbook."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, sheet: str, row: int | None, column: str | None, code: StrEnum | AnjuError, /,
                **params: object) -> None:
        """A problem of a cell (sheet·column, row): a code with its message's values, or an error (a parse that
        failed) whose code and message it keeps."""
        where = f"{sheet}·{column}" if column else sheet
        if isinstance(code, AnjuError):
            self.problems.append(Problem.from_error(code, field=where, row=row))
        else:
            self.problems.append(Problem.of(code, field=where, row=row, **params))

    def _not_number(self, sheet: str, row: int, column: str, what: str, value: object) -> None:
        """:func:`cell_decimal` refused the cell: a yes/no cell, or text that is not a number."""
        if isinstance(value, bool):
            self.problem(sheet, row, column, BudgetError.WB_NOT_NUMBER, what=what)
        else:
            self.problem(sheet, row, column, BudgetError.WB_TEXT_NOT_NUMBER, what=what, value=value)

    def formula(self, sheet: str, row: int, column: str, cell: XCell) -> bool:
        if cell.uncomputed:
            self.problem(sheet, row, column, BudgetError.WB_FORMULA_NO_VALUE, formula=cell.formula)
            return True
        return False

    def amount(self, sheet: str, row: int, column: str, cell: XCell, *, allow_negative: bool = False,
               required: bool = False) -> int:
        if self.formula(sheet, row, column, cell):
            return 0
        value = cell.value
        try:
            number = cell_decimal(value)
        except ValueError:
            self._not_number(sheet, row, column, "金额", value)
            return 0
        if number is None:
            if required:
                self.problem(sheet, row, column, BudgetError.WB_AMOUNT_MISSING)
            return 0
        try:
            fen = parse_wan(number)
        except AnjuError as exc:
            self.problem(sheet, row, column, exc)
            return 0
        if fen < 0 and not allow_negative:
            self.problem(sheet, row, column, BudgetError.WB_AMOUNT_NEGATIVE, number=number)
            return 0
        return fen

    def count(self, sheet: str, row: int, column: str, cell: XCell) -> int:
        if self.formula(sheet, row, column, cell):
            return 0
        value = cell.value
        try:
            number = cell_decimal(value)
        except ValueError:
            self._not_number(sheet, row, column, "数量", value)
            return 0
        if number is None:
            return 0
        if number != number.to_integral_value() or number < 0:
            self.problem(sheet, row, column, BudgetError.WB_COUNT_INVALID, value=cell_text(value))
            return 0
        return int(number)

    def flag(self, sheet: str, row: int, column: str, cell: XCell) -> int:
        text = cell_text(cell.value)
        if text in ("", "否", "N", "n", "0"):
            return 0
        if text in ("是", "Y", "y", "1"):
            return 1
        self.problem(sheet, row, column, BudgetError.WB_FLAG_INVALID, text=text)
        return 0


def _headers(cells: list[XCell]) -> dict[str, int]:
    out = {}
    for i, cell in enumerate(cells):
        text = cell_text(cell.value).replace(" ", "").replace("　", "")
        if text and text not in out:
            out[text] = i
    return out


def _blank(cells: list[XCell]) -> bool:
    return all(cell_text(c.value) == "" and c.formula is None for c in cells)


def parse_year_workbook(book: Book, *, year: int, func_codes: Iterable[str], econ_codes: Iterable[str]
                        ) -> tuple[YearData, list[Problem]]:
    """Read a filled template; returns the year and every problem found (the year is unusable if any)."""
    funcs, econs = set(func_codes), set(econ_codes)
    rd = _Reader()
    names = set(book.sheetnames)
    empty = XCell()
    for required in (INFO, INCOME, PLAN, SPEND, CARRY, THREE_PUBLIC, PROCUREMENT, ASSETS):
        if required not in names:
            rd.problem(required, None, None, BudgetError.WB_SHEET_MISSING, sheet=required)

    def sheet_rows(name: str, expected: Sequence[str]):
        """(row, {header: XCell}) for the data rows of a table sheet; [] when its header is wrong."""
        if name not in names:
            return []
        rows = list(book.rows(name))
        if not rows:
            for h in expected:
                if h not in OPTIONAL:
                    rd.problem(name, 1, h, BudgetError.WB_COLUMN_MISSING)
            return []
        headers = _headers(rows[0][1])
        missing = [h for h in expected if h not in headers and h not in OPTIONAL]
        for h in missing:
            rd.problem(name, 1, h, BudgetError.WB_COLUMN_MISSING)
        if missing:
            return []
        return [(r, {h: (cells[i] if i < len(cells) else empty) for h, i in headers.items()})
                for r, cells in rows[1:] if not _blank(cells)]

    def func_code(sheet: str, row: int, cell: XCell) -> str | None:
        code = cell_text(cell.value)
        if not code:
            rd.problem(sheet, row, FUNC, BudgetError.WB_FUNC_MISSING)
            return None
        if functional_level(code) != 3:
            rd.problem(sheet, row, FUNC, BudgetError.WB_FUNC_SHAPE, code=code)
            return None
        if code not in funcs:
            rd.problem(sheet, row, FUNC, BudgetError.FUNCTION_SUBJECT_UNKNOWN, code=code)
            return None
        return code

    def enum(sheet: str, row: int, column: str, cell: XCell, enum_cls):
        text = cell_text(cell.value)
        member = by_label(enum_cls, text)
        if member is None:
            allowed = "、".join(m.label for m in enum_cls)
            rd.problem(sheet, row, column, BudgetError.WB_CHOICE, allowed=allowed, text=text or "（空）")
        return member

    def project(sheet: str, row: int, kind: ExpenditureKind | None, cell: XCell | None) -> str:
        name = cell_text(None if cell is None else cell.value)
        if kind is ExpenditureKind.PROJECT and not name:
            rd.problem(sheet, row, PROJECT, BudgetError.WB_PROJECT_REQUIRED)
        elif kind is not None and kind is not ExpenditureKind.PROJECT and name:
            rd.problem(sheet, row, PROJECT, BudgetError.WB_PROJECT_NOT_ALLOWED, kind=kind.label)
        if len(name) > 100:
            rd.problem(sheet, row, PROJECT, BudgetError.WB_PROJECT_TOO_LONG)
        return name

    seen: dict[tuple, int] = {}

    def unique(sheet: str, row: int, key: tuple, what: str) -> bool:
        first = seen.get((sheet, *key))
        if first is not None:
            rd.problem(sheet, row, None, BudgetError.WB_ROW_TWICE, what=what, first=first)
            return False
        seen[(sheet, *key)] = row
        return True

    dept = ""
    facts: dict[str, int] = {}
    for fs in FACT_SHEETS:
        if fs.name not in names:
            continue
        found: dict[str, int] = {}
        for r, cells in book.rows(fs.name, min_row=2):
            label = cell_text(cells[0].value if cells else None)
            if not label:
                continue
            if fs.name == INFO and label == DEPT:
                dept = cell_text(cells[1].value if len(cells) > 1 else None)
                continue
            keys = dict(fs.rows).get(label)
            if keys is None:
                rd.problem(fs.name, r, "项目", BudgetError.WB_ITEM_UNKNOWN, label=label)
                continue
            if label in found:
                rd.problem(fs.name, r, "项目", BudgetError.WB_ITEM_TWICE, label=label, first=found[label])
                continue
            found[label] = r
            for i, key in enumerate(keys):
                cell = cells[i + 1] if i + 1 < len(cells) else empty
                column = fs.columns[i]
                if key is None:
                    if cell_text(cell.value) not in NOT_APPLICABLE_MARKS or cell.formula:
                        rd.problem(fs.name, r, column, BudgetError.WB_CELL_NOT_APPLICABLE)
                    continue
                unit = FACTS[key].unit
                if unit is Unit.WAN:
                    facts[key] = rd.amount(fs.name, r, column, cell)
                elif unit is Unit.COUNT:
                    facts[key] = rd.count(fs.name, r, column, cell)
                else:
                    facts[key] = rd.flag(fs.name, r, column, cell)
        for label, _ in fs.rows:
            if label not in found:
                rd.problem(fs.name, None, "项目", BudgetError.WB_ITEM_MISSING, label=label)
    if INFO in names and not dept:
        rd.problem(INFO, None, DEPT, BudgetError.DEPARTMENT_NAME_MISSING)
    if len(dept) > 100:
        rd.problem(INFO, None, DEPT, BudgetError.WB_DEPARTMENT_TOO_LONG)

    income: list[IncomeLine] = []
    for r, row in sheet_rows(INCOME, INCOME_HEADERS):
        code = func_code(INCOME, r, row[FUNC])
        amounts = {s: rd.amount(INCOME, r, s.label, row[s.label]) for s in IncomeSource}
        if code and unique(INCOME, r, (code,), f"科目{code}"):
            income += [IncomeLine(code, s, a) for s, a in amounts.items() if a]

    plan: list[PlanLine] = []
    for r, row in sheet_rows(PLAN, PLAN_HEADERS):
        code = func_code(PLAN, r, row[FUNC])
        fund = enum(PLAN, r, FUND, row[FUND], FundSource)
        kind = enum(PLAN, r, KIND, row[KIND], ExpenditureKind)
        name = project(PLAN, r, kind, row.get(PROJECT))
        initial = rd.amount(PLAN, r, INITIAL, row[INITIAL], allow_negative=False)
        adjust = rd.amount(PLAN, r, ADJUST, row[ADJUST], allow_negative=True)
        if FULL in row and (cell_text(row[FULL].value) or row[FULL].formula):
            full = rd.amount(PLAN, r, FULL, row[FULL], allow_negative=True)
            if full != initial + adjust:
                rd.problem(PLAN, r, FULL, BudgetError.WB_FULL_NOT_SUM)
        if initial + adjust < 0:
            rd.problem(PLAN, r, ADJUST, BudgetError.WB_FULL_NEGATIVE)
        if code and fund and kind and unique(PLAN, r, (code, fund, kind, name), "同一科目、资金来源、支出性质和项目"):
            plan.append(PlanLine(code, fund, kind, name, initial, adjust))

    spend: list[SpendLine] = []
    for r, row in sheet_rows(SPEND, SPEND_HEADERS):
        code = func_code(SPEND, r, row[FUNC])
        fund = enum(SPEND, r, FUND, row[FUND], FundSource)
        kind = enum(SPEND, r, KIND, row[KIND], ExpenditureKind)
        name = project(SPEND, r, kind, row.get(PROJECT))
        econ = cell_text(row[ECON].value)
        if not econ:
            rd.problem(SPEND, r, ECON, BudgetError.WB_ECON_MISSING)
            econ = None
        elif economic_level(econ) != 2:
            rd.problem(SPEND, r, ECON, BudgetError.WB_ECON_SHAPE, econ=econ)
            econ = None
        elif econ not in econs:
            rd.problem(SPEND, r, ECON, BudgetError.ECONOMIC_SUBJECT_UNKNOWN, code=econ)
            econ = None
        amount = rd.amount(SPEND, r, ACTUAL, row[ACTUAL], required=True)
        if code and fund and kind and econ and unique(SPEND, r, (code, fund, kind, name, econ),
                                                      "同一科目、资金来源、支出性质、项目和经济分类"):
            spend.append(SpendLine(code, fund, kind, name, econ, amount))

    carry: list[CarryLine] = []
    for r, row in sheet_rows(CARRY, CARRY_HEADERS):
        code = func_code(CARRY, r, row[FUNC])
        fund = enum(CARRY, r, FUND, row[FUND], FundSource)
        cin = rd.amount(CARRY, r, CARRY_IN, row[CARRY_IN])
        cout = rd.amount(CARRY, r, CARRY_OUT, row[CARRY_OUT])
        if code and fund and unique(CARRY, r, (code, fund), "同一科目和资金来源"):
            carry.append(CarryLine(code, fund, cin, cout))

    data = YearData(year, dept, tuple(income), tuple(plan), tuple(spend), tuple(carry), facts)
    return data, rd.problems
