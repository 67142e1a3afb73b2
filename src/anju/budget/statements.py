"""The ten public final-account tables (公开01–10表) as layouts, and the cross-table checks.

Each builder reads the year's lines by its own path (by income source, by functional code, by economic
code …) and reports the totals it printed as *figures*; the checks compare those figures across tables,
so a builder that drops a line or a year whose data do not balance both show up before publishing.
The layouts follow the national template as published in seed 004 (景德镇 2024 部门决算). Pure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from anju.budget.codes import (
    CLASSES,
    ECON_OUTBOUND,
    ECON_RECEPTION,
    ECON_VEHICLE_PURCHASE,
    ECON_VEHICLE_RUNNING,
    GOODS_CLASS,
    PERSONNEL_CLASSES,
    ordinal,
    parent_of,
)
from anju.budget.rules import (
    FACTS,
    FISCAL_FUNDS,
    VEHICLE_KINDS,
    ExpenditureKind,
    FundSource,
    IncomeSource,
    YearData,
    rollup,
)
from anju.core.money import format_wan

# ---------------------------------------------------------------- layout values


@dataclass(frozen=True)
class Amount:
    """Money in a table cell: stored in fen, shown in 万元 with two decimals (half-up)."""

    fen: int

    def __str__(self) -> str:
        return format_wan(self.fen)


@dataclass(frozen=True)
class C:
    """A cell: text, an Amount, a count (int) or None (blank); spans are counted in grid columns/rows."""

    value: str | Amount | int | None = None
    span: int = 1
    rowspan: int = 1
    bold: bool = False
    align: str | None = None  # left | center | right; by default text left, numbers right

    def text(self) -> str:
        if self.value is None:
            return ""
        return str(self.value)


Row = tuple[C, ...]
DASH = "---"


@dataclass(frozen=True)
class Statement:
    number: str  # "01"
    title: str
    dept: str
    year: int
    unit: str
    widths: tuple[int, ...]  # column widths in characters
    header: tuple[Row, ...]
    body: tuple[Row, ...]
    notes: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return f"公开{self.number}表" if self.number else ""

    @property
    def ncols(self) -> int:
        return len(self.widths)


def amt(fen: int, *, blank_zero: bool = True, bold: bool = False) -> C:
    return C(None if blank_zero and fen == 0 else Amount(fen), bold=bold)


def txt(text: str, span: int = 1, *, bold: bool = False, align: str | None = None, rowspan: int = 1) -> C:
    return C(text, span, rowspan, bold, align)


@dataclass
class FinalAccounts:
    year: int
    dept: str
    statements: list[Statement] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)

    def statement(self, number: str) -> Statement:
        return next(s for s in self.statements if s.number == number)


# ---------------------------------------------------------------- shared pieces


def _func_tree(amounts: dict[str, list[int]]) -> list[tuple[str, list[int]]]:
    """Rows of a 类/款/项 table: every code with a non-zero column, its 款 and 类 rolled up, in code order."""
    width = len(next(iter(amounts.values()), []))
    rolled: dict[str, list[int]] = defaultdict(lambda: [0] * width)
    for code, values in amounts.items():
        c: str | None = code
        while c:
            rolled[c] = [a + b for a, b in zip(rolled[c], values, strict=True)]
            c = parent_of(c)
    return [(code, rolled[code]) for code in sorted(rolled) if any(rolled[code])]


def _func_header(columns: list[str], *, numbered: bool = True, top: str = "项目") -> tuple[Row, ...]:
    return (
        (txt(top, 4, align="center"), *[txt(c, rowspan=2, align="center") for c in columns]),
        (txt("支出功能分类科目编码", 3, align="center"), txt("科目名称", align="center")),
        (txt("类", align="center"), txt("款", align="center"), txt("项", align="center"),
         txt("栏次", align="center"),
         *[txt(str(i) if numbered else "", align="center") for i in range(1, len(columns) + 1)]),
    )


def _func_body(data: YearData, rows: list[tuple[str, list[int]]], totals: list[int], *,
               blank_zero: bool) -> tuple[Row, ...]:
    out: list[Row] = [(txt("", 3), txt("合计", align="center", bold=True),
                       *[amt(v, blank_zero=blank_zero, bold=True) for v in totals])]
    for code, values in rows:
        out.append((txt(code, 3), txt(data.func_name(code)), *[amt(v, blank_zero=blank_zero) for v in values]))
    return tuple(out)


def _class_of(code: str) -> str:
    return code[:3]


# ---------------------------------------------------------------- 公开01表


INCOME_ROWS = (
    ("一、一般公共预算财政拨款收入", (IncomeSource.GENERAL,)),
    ("二、政府性基金预算财政拨款收入", (IncomeSource.GOV_FUND,)),
    ("三、国有资本经营预算财政拨款收入", (IncomeSource.SOE,)),
    ("四、上级补助收入", (IncomeSource.SUPERIOR,)),
    ("五、事业收入", (IncomeSource.BUSINESS,)),
    ("六、经营收入", (IncomeSource.OPERATING,)),
    ("七、附属单位上缴收入", (IncomeSource.AFFILIATE,)),
    ("八、其他收入", (IncomeSource.OTHER,)),
)


def table01(data: YearData, fig: dict[str, int]) -> Statement:
    by_source: dict[IncomeSource, int] = defaultdict(int)
    for line in data.income:
        by_source[line.source] += line.amount
    by_class: dict[str, int] = defaultdict(int)
    for line in data.spend:
        by_class[_class_of(line.func_code)] += line.amount
    left: list[tuple[str, int | None]] = []
    for label, sources in INCOME_ROWS:
        value = sum(by_source[s] for s in sources)
        left.append((label, value))
        fig[f"01.income.{sources[0].value}"] = value
    left += [("", None)] * (26 - len(left))
    right = []
    for i, (code, name) in enumerate(CLASSES, start=1):
        right.append((f"{ordinal(i)}、{name}", by_class.get(code, 0)))
        fig[f"01.spend.{code}"] = by_class.get(code, 0)
    income_total = sum(v for _, v in left if v)
    spend_total = sum(v for _, v in right)
    used, distributed = data.fact("surplus.used"), data.fact("surplus.distributed")
    carry_in, carry_out = data.carry_in(), data.carry_out()
    fig.update({"01.income_total": income_total, "01.spend_total": spend_total, "01.surplus_used": used,
                "01.surplus_distributed": distributed, "01.carry_in": carry_in, "01.carry_out": carry_out,
                "01.left_total": income_total + used + carry_in,
                "01.right_total": spend_total + distributed + carry_out})
    body: list[Row] = []
    for i, ((ll, lv), (rl, rv)) in enumerate(zip(left, right, strict=True)):
        body.append((txt(ll), txt(str(i + 1), align="center"), C(None) if lv is None else amt(lv),
                     txt(rl), txt(str(i + 32), align="center"), amt(rv)))
    tail = (("本年收入合计", income_total, "本年支出合计", spend_total),
            ("使用非财政拨款结余（含专用结余）", used, "结余分配", distributed),
            ("年初结转和结余", carry_in, "年末结转和结余", carry_out),
            ("", None, "", None),
            ("总计", fig["01.left_total"], "总计", fig["01.right_total"]))
    for j, (ll, lv, rl, rv) in enumerate(tail):
        bold = j in (0, 4)
        body.append((txt(ll, bold=bold, align="center" if bold else None), txt(str(27 + j), align="center"),
                     C(None) if lv is None else amt(lv, bold=bold),
                     txt(rl, bold=bold, align="center" if bold else None), txt(str(58 + j), align="center"),
                     C(None) if rv is None else amt(rv, bold=bold)))
    header = ((txt("收入", 3, align="center"), txt("支出", 3, align="center")),
              (txt("项目", align="center"), txt("行次", align="center"), txt("金额", align="center"),
               txt("项目（按功能分类）", align="center"), txt("行次", align="center"), txt("金额", align="center")),
              (txt("栏次", align="center"), txt(""), txt("1", align="center"), txt("栏次", align="center"),
               txt(""), txt("2", align="center")))
    return Statement("01", "收入支出决算总表", data.dept_name, data.year, "金额单位：万元",
                     (30, 5, 12, 30, 5, 12), header, tuple(body),
                     ("本表反映部门（单位）本年度的总收支和年末结转结余情况。", "本套报表金额单位转换时可能存在尾数误差。"))


# ---------------------------------------------------------------- 公开02表

INCOME_COLUMNS = (
    ("财政拨款收入", (IncomeSource.GENERAL, IncomeSource.GOV_FUND, IncomeSource.SOE)),
    ("上级补助收入", (IncomeSource.SUPERIOR,)),
    ("事业收入", (IncomeSource.BUSINESS,)),
    ("经营收入", (IncomeSource.OPERATING,)),
    ("附属单位上缴收入", (IncomeSource.AFFILIATE,)),
    ("其他收入", (IncomeSource.OTHER,)),
)


def table02(data: YearData, fig: dict[str, int]) -> Statement:
    per_code: dict[str, list[int]] = defaultdict(lambda: [0] * (len(INCOME_COLUMNS) + 1))
    for line in data.income:
        values = per_code[line.func_code]
        for i, (_, sources) in enumerate(INCOME_COLUMNS, start=1):
            if line.source in sources:
                values[i] += line.amount
        values[0] += line.amount
    rows = _func_tree(dict(per_code))
    totals = [sum(v[i] for c, v in rows if len(c) == 3) for i in range(len(INCOME_COLUMNS) + 1)]
    for i, key in enumerate(("total", "fiscal", "superior", "business", "operating", "affiliate", "other")):
        fig[f"02.{key}"] = totals[i]
    header = _func_header(["本年收入合计", *[c for c, _ in INCOME_COLUMNS]])
    return Statement("02", "收入决算表", data.dept_name, data.year, "金额单位：万元",
                     (4, 4, 4, 30, 12, 12, 11, 11, 11, 11, 11), header,
                     _func_body(data, rows, totals, blank_zero=False),
                     ("本表反映部门（单位）本年度取得的各项收入情况。",))


# ---------------------------------------------------------------- 公开03表

SPEND_KINDS = (ExpenditureKind.BASIC, ExpenditureKind.PROJECT, ExpenditureKind.REMIT,
               ExpenditureKind.OPERATING, ExpenditureKind.SUBSIDY)


def table03(data: YearData, fig: dict[str, int]) -> Statement:
    per_code: dict[str, list[int]] = defaultdict(lambda: [0] * (len(SPEND_KINDS) + 1))
    for line in data.spend:
        values = per_code[line.func_code]
        values[0] += line.amount
        values[1 + SPEND_KINDS.index(line.kind)] += line.amount
    rows = _func_tree(dict(per_code))
    totals = [sum(v[i] for c, v in rows if len(c) == 3) for i in range(len(SPEND_KINDS) + 1)]
    fig["03.total"] = totals[0]
    for i, kind in enumerate(SPEND_KINDS, start=1):
        fig[f"03.{kind.value}"] = totals[i]
    for code, values in rows:
        if len(code) == 3:
            fig[f"03.class.{code}"] = values[0]
    header = _func_header(["本年支出合计", *[k.label for k in SPEND_KINDS]])
    return Statement("03", "支出决算表", data.dept_name, data.year, "金额单位：万元",
                     (4, 4, 4, 30, 12, 12, 12, 11, 11, 12), header,
                     _func_body(data, rows, totals, blank_zero=True),
                     ("本表反映部门（单位）本年度各项支出情况。",))


# ---------------------------------------------------------------- 公开04表


def table04(data: YearData, fig: dict[str, int]) -> Statement:
    income = {f: data.income_of(IncomeSource(f.value)) for f in FISCAL_FUNDS}
    carry_in = {f: data.carry_in([f]) for f in FISCAL_FUNDS}
    carry_out = {f: data.carry_out([f]) for f in FISCAL_FUNDS}
    spend: dict[FundSource, dict[str, int]] = {f: defaultdict(int) for f in FISCAL_FUNDS}
    for line in data.spend:
        if line.fund.is_fiscal:
            spend[line.fund][_class_of(line.func_code)] += line.amount
    for f in FISCAL_FUNDS:
        fig[f"04.income.{f.value}"] = income[f]
        fig[f"04.carry_in.{f.value}"] = carry_in[f]
        fig[f"04.carry_out.{f.value}"] = carry_out[f]
        fig[f"04.spend.{f.value}"] = sum(spend[f].get(code, 0) for code, _ in CLASSES)
        for code, _ in CLASSES:
            fig[f"04.spend.{f.value}.{code}"] = spend[f].get(code, 0)
    income_total = sum(income.values())
    spend_total = sum(fig[f"04.spend.{f.value}"] for f in FISCAL_FUNDS)
    fig["04.income_total"] = income_total
    fig["04.spend_total"] = spend_total
    fig["04.left_total"] = income_total + sum(carry_in.values())
    fig["04.right_total"] = spend_total + sum(carry_out.values())
    labels = ("一、一般公共预算财政拨款", "二、政府性基金预算财政拨款", "三、国有资本经营预算财政拨款")
    body: list[Row] = []
    for i, (code, name) in enumerate(CLASSES):
        ll, lv = (labels[i], income[FISCAL_FUNDS[i]]) if i < 3 else ("", None)
        cols = [spend[f].get(code, 0) for f in FISCAL_FUNDS]
        body.append((txt(ll), txt(str(i + 1), align="center"), C(None) if lv is None else amt(lv),
                     txt(f"{ordinal(i + 1)}、{name}"), txt(str(i + 33), align="center"), amt(sum(cols)),
                     *[amt(v) for v in cols]))
    cols_total = [fig[f"04.spend.{f.value}"] for f in FISCAL_FUNDS]
    cols_out = [carry_out[f] for f in FISCAL_FUNDS]
    tail: list[tuple[str, int | None, str, list[int] | None, bool]] = [
        ("本年收入合计", income_total, "本年支出合计", cols_total, True),
        ("年初财政拨款结转和结余", sum(carry_in.values()), "年末财政拨款结转和结余", cols_out, False),
        *[(labels[k], carry_in[FISCAL_FUNDS[k]], "", None, False) for k in range(3)],
        ("总计", fig["04.left_total"], "总计", [a + b for a, b in zip(cols_total, cols_out, strict=True)], True),
    ]
    for j, (ll, lv, rl, rv, bold) in enumerate(tail):
        right = [C(None)] * 4 if rv is None else [amt(sum(rv), bold=bold), *[amt(v, bold=bold) for v in rv]]
        body.append((txt(ll, bold=bold, align="center" if bold else None), txt(str(27 + j), align="center"),
                     amt(lv or 0, bold=bold), txt(rl, bold=bold, align="center" if bold else None),
                     txt(str(59 + j), align="center"), *right))
    header = ((txt("收入", 3, align="center"), txt("支出", 6, align="center")),
              (txt("项目", align="center"), txt("行次", align="center"), txt("金额", align="center"),
               txt("项目（按功能分类）", align="center"), txt("行次", align="center"), txt("合计", align="center"),
               txt("一般公共预算财政拨款", align="center"), txt("政府性基金预算财政拨款", align="center"),
               txt("国有资本经营预算财政拨款", align="center")),
              (txt("栏次", align="center"), txt(""), txt("1", align="center"), txt("栏次", align="center"),
               txt(""), *[txt(str(i), align="center") for i in range(2, 6)]))
    return Statement("04", "财政拨款收入支出决算总表", data.dept_name, data.year, "金额单位：万元",
                     (26, 5, 11, 28, 5, 11, 12, 12, 12), header, tuple(body),
                     ("本表反映部门（单位）本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的"
                      "总收支和年末结转结余情况。",))


# ---------------------------------------------------------------- 公开05表 / 08表


def _basic_project_table(data: YearData, fig: dict[str, int], fund: FundSource, number: str, title: str,
                         note: tuple[str, ...], *, total_label: str) -> Statement:
    per_code: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for line in data.spend:
        if line.fund is not fund:
            continue
        values = per_code[line.func_code]
        values[0] += line.amount
        if line.kind is ExpenditureKind.BASIC:
            values[1] += line.amount
        elif line.kind is ExpenditureKind.PROJECT:
            values[2] += line.amount
    rows = _func_tree(dict(per_code))
    totals = [sum(v[i] for c, v in rows if len(c) == 3) for i in range(3)]
    fig[f"{number}.total"], fig[f"{number}.basic"], fig[f"{number}.project"] = totals
    for code, values in rows:
        if len(code) == 3:
            fig[f"{number}.class.{code}"] = values[0]
    header = _func_header([total_label, "基本支出", "项目支出"])
    return Statement(number, title, data.dept_name, data.year, "金额单位：万元", (4, 4, 4, 34, 14, 14, 14),
                     header, _func_body(data, rows, totals, blank_zero=True), note)


def table05(data: YearData, fig: dict[str, int]) -> Statement:
    return _basic_project_table(data, fig, FundSource.GENERAL, "05", "一般公共预算财政拨款支出决算表",
                                ("本表反映部门（单位）本年度一般公共预算财政拨款支出情况。",), total_label="本年支出合计")


def table08(data: YearData, fig: dict[str, int]) -> Statement:
    return _basic_project_table(data, fig, FundSource.SOE, "08", "国有资本经营预算财政拨款支出决算表",
                                ("本表反映部门（单位）本年度国有资本经营预算财政拨款支出情况。",
                                 "当此表数据为空时，即本部门（单位）无国有资本经营预算财政拨款支出。"), total_label="合计")


# ---------------------------------------------------------------- 公开06表


def table06(data: YearData, fig: dict[str, int]) -> Statement:
    amounts: dict[str, int] = defaultdict(int)
    for line in data.spend:
        if line.fund is FundSource.GENERAL and line.kind is ExpenditureKind.BASIC:
            amounts[line.econ_code] += line.amount
    rolled = rollup(amounts)
    codes = sorted(set(data.econ_names) | set(rolled))
    classes = [c for c in codes if len(c) == 3]

    def block(selected: Iterable[str]) -> list[tuple[str, str, int, bool]]:
        out = []
        for cls in selected:
            out.append((cls, data.econ_name(cls), rolled.get(cls, 0), True))
            out += [(c, data.econ_name(c), rolled.get(c, 0), False) for c in codes
                    if len(c) == 5 and c.startswith(cls)]
        return out

    personnel = block(c for c in classes if c in PERSONNEL_CLASSES)
    goods = block(c for c in classes if c == GOODS_CLASS)
    others = block(c for c in classes if c not in PERSONNEL_CLASSES and c != GOODS_CLASS)
    personnel_total = sum(rolled.get(c, 0) for c in classes if c in PERSONNEL_CLASSES)
    public_total = sum(rolled.get(c, 0) for c in classes if c not in PERSONNEL_CLASSES)
    fig["06.personnel"], fig["06.public"] = personnel_total, public_total
    fig["06.total"] = personnel_total + public_total
    for cls in classes:
        fig[f"06.class.{cls}"] = rolled.get(cls, 0)
    body: list[Row] = []
    for i in range(max(len(personnel), len(goods), len(others))):
        cells: list[C] = []
        for blk in (personnel, goods, others):
            if i < len(blk):
                code, name, value, top = blk[i]
                cells += [txt(code, bold=top), txt(name, bold=top), amt(value, blank_zero=False, bold=top)]
            else:
                cells += [C(None), C(None), C(None)]
        body.append(tuple(cells))
    body.append((txt("人员经费合计", 2, bold=True, align="center"), amt(personnel_total, blank_zero=False, bold=True),
                 txt("公用经费合计", 5, bold=True, align="center"), amt(public_total, blank_zero=False, bold=True)))
    header = ((txt("人员经费", 3, align="center"), txt("公用经费", 6, align="center")),
              tuple(txt(h, align="center") for h in ("经济分类", "科目名称", "金额") * 3))
    return Statement("06", "一般公共预算财政拨款基本支出决算表", data.dept_name, data.year, "金额单位：万元",
                     (7, 22, 10, 7, 20, 10, 7, 22, 10), header, tuple(body),
                     ("本表反映部门（单位）本年度一般公共预算财政拨款基本支出明细情况。",))


# ---------------------------------------------------------------- 公开07表


def table07(data: YearData, fig: dict[str, int]) -> Statement:
    per_code: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    for line in data.carry:
        if line.fund is FundSource.GOV_FUND:
            per_code[line.func_code][0] += line.carry_in
            per_code[line.func_code][5] += line.carry_out
    for line in data.income:
        if line.source is IncomeSource.GOV_FUND:
            per_code[line.func_code][1] += line.amount
    for line in data.spend:
        if line.fund is FundSource.GOV_FUND:
            values = per_code[line.func_code]
            values[2] += line.amount
            if line.kind is ExpenditureKind.BASIC:
                values[3] += line.amount
            elif line.kind is ExpenditureKind.PROJECT:
                values[4] += line.amount
    rows = _func_tree(dict(per_code)) if per_code else []
    totals = [sum(v[i] for c, v in rows if len(c) == 3) for i in range(6)]
    for i, key in enumerate(("carry_in", "income", "spend", "basic", "project", "carry_out")):
        fig[f"07.{key}"] = totals[i]
    header = (
        (txt("项目", 4, align="center"), txt("年初结转和结余", rowspan=2, align="center"),
         txt("本年收入", rowspan=2, align="center"), txt("本年支出", 3, align="center"),
         txt("年末结转和结余", rowspan=2, align="center")),
        (txt("支出功能分类科目编码", 3, align="center"), txt("科目名称", align="center"), txt("小计", align="center"),
         txt("基本支出", align="center"), txt("项目支出", align="center")),
        (txt("类", align="center"), txt("款", align="center"), txt("项", align="center"), txt("栏次", align="center"),
         *[txt(str(i), align="center") for i in range(1, 7)]),
    )
    return Statement("07", "政府性基金预算财政拨款收入支出决算表", data.dept_name, data.year, "金额单位：万元",
                     (4, 4, 4, 28, 11, 11, 11, 11, 11, 11), header,
                     _func_body(data, rows, totals, blank_zero=True),
                     ("本表反映部门（单位）本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
                      "当此表数据为空时，即本部门（单位）无政府性基金预算财政拨款收入、支出。"))


# ---------------------------------------------------------------- 公开09表


def table09(data: YearData, fig: dict[str, int]) -> Statement:
    cols = ("initial", "full", "actual")

    def money_row(no: int, label: str, item: str, *, budget: bool = True, bold: bool = False) -> Row:
        values = [data.three_public(item, c) for c in cols]
        for c, v in zip(cols, values, strict=True):
            fig[f"09.{item}.{c}"] = v
        cells = [amt(v, blank_zero=False, bold=bold) for v in values]
        if not budget:
            cells[0] = cells[1] = txt(DASH, align="center")
        return (txt(label, bold=bold), txt(str(no), align="center"), *cells)

    def count_row(no: int, key: str) -> Row:
        fig[f"09.{key}"] = data.fact(key)
        return (txt(f"{_COUNT_PREFIX[key]}{FACTS[key].label}" if key in _COUNT_PREFIX else FACTS[key].label),
                txt(str(no), align="center"), txt(DASH, align="center"), txt(DASH, align="center"),
                C(data.fact(key)))

    body = (
        money_row(1, "一、“三公”经费支出", "total", bold=True),
        money_row(2, "1.因公出国（境）费", "outbound"),
        money_row(3, "2.公务用车购置及运行维护费", "vehicle"),
        money_row(4, "（1）公务用车购置费", "vehicle_purchase"),
        money_row(5, "（2）公务用车运行维护费", "vehicle_running"),
        money_row(6, "3.公务接待费", "reception"),
        (txt("（1）国内接待费"), txt("7", align="center"), txt(DASH, align="center"), txt(DASH, align="center"),
         amt(data.fact("tp.reception_domestic.actual"), blank_zero=False)),
        (txt("其中：外事接待费"), txt("8", align="center"), txt(DASH, align="center"), txt(DASH, align="center"),
         amt(data.fact("tp.reception_fa.actual"), blank_zero=False)),
        (txt("（2）国（境）外接待费"), txt("9", align="center"), txt(DASH, align="center"), txt(DASH, align="center"),
         amt(data.fact("tp.reception_abroad.actual"), blank_zero=False)),
        (txt("二、相关统计数", bold=True), txt("10", align="center"), *[txt(DASH, align="center")] * 3),
        *[count_row(11 + i, key) for i, key in enumerate(THREE_PUBLIC_COUNTS)],
    )
    header = ((txt("项目", align="center"), txt("栏次", align="center"), txt("年初预算数", align="center"),
               txt("全年预算数", align="center"), txt("决算数", align="center")),
              (txt("行次", align="center"), txt(""), txt("1", align="center"), txt("2", align="center"),
               txt("3", align="center")))
    return Statement("09", "财政拨款“三公”经费支出决算表", data.dept_name, data.year, "金额单位：万元",
                     (34, 6, 14, 14, 14), header, body,
                     ("本表反映部门本年度财政拨款“三公”经费支出预决算情况。财政拨款包括一般公共预算财政拨款和政府性基金预算"
                      "财政拨款。年初预算数为年初“三公”经费部门预算数；全年预算数为按规定程序调整调剂后的全年“三公”经费部门预算数；"
                      "决算数为当年实际支出数。", "当此表数据为空时，即本部门（单位）无财政拨款“三公”经费支出。"))


THREE_PUBLIC_COUNTS = ("tp.outbound_groups", "tp.outbound_persons", "tp.vehicles_bought", "tp.vehicles_held",
                       "tp.domestic_batches", "tp.fa_batches", "tp.domestic_persons", "tp.fa_persons",
                       "tp.abroad_batches", "tp.abroad_persons")
_COUNT_PREFIX = {"tp.outbound_groups": "1.", "tp.outbound_persons": "2.", "tp.vehicles_bought": "3.",
                 "tp.vehicles_held": "4.", "tp.domestic_batches": "5.", "tp.domestic_persons": "6.",
                 "tp.abroad_batches": "7.", "tp.abroad_persons": "8."}


# ---------------------------------------------------------------- 公开10表


def table10(data: YearData, fig: dict[str, int]) -> Statement:
    fig["10.vehicles"] = data.vehicles()
    fig["10.equipment"] = data.fact("asset.equipment_1m")
    body: list[Row] = [(txt("一、车辆数合计（台、辆）", bold=True), txt("1", align="center"), C(data.vehicles()))]
    for i, key in enumerate(VEHICLE_KINDS, start=1):
        body.append((txt(f"{i}. {FACTS[key].label}"), txt(str(i + 1), align="center"), C(data.fact(key))))
    body.append((txt("二、单价100万元（含）以上设备（不含车辆）（台、套）", bold=True), txt("10", align="center"),
                 C(data.fact("asset.equipment_1m"))))
    header = ((txt("项目", align="center"), txt("栏次", align="center"), txt("决算数", align="center")),)
    return Statement("10", "国有资产占用情况表", data.dept_name, data.year, "单位：台、辆、套", (50, 8, 14), header,
                     tuple(body),
                     (f"本表反映截止{data.year}年12月31日，部门（单位）占用的国有资产情况。",
                      "当本表数据为空时，即本部门（单位）无相关资产。"))


BUILDERS = (table01, table02, table03, table04, table05, table06, table07, table08, table09, table10)


def build(data: YearData) -> FinalAccounts:
    accounts = FinalAccounts(data.year, data.dept_name)
    for builder in BUILDERS:
        accounts.statements.append(builder(data, accounts.figures))
    return accounts


# ---------------------------------------------------------------- cross-table checks


@dataclass(frozen=True)
class CheckResult:
    code: str
    title: str
    ok: bool
    details: tuple[str, ...] = ()
    severity: str = "error"  # error: the tables disagree; warning: worth a look before publishing


def _diff(label: str, a: int, b: int) -> str:
    return f"{label}：{format_wan(a)}万元 ≠ {format_wan(b)}万元（差额{format_wan(a - b)}万元）"


def _result(code: str, title: str, pairs: Iterable[tuple[str, int, int]], severity: str = "error") -> CheckResult:
    details = tuple(_diff(label, a, b) for label, a, b in pairs if a != b)
    return CheckResult(code, title, not details, details, severity)


def cross_checks(data: YearData, accounts: FinalAccounts | None = None) -> list[CheckResult]:
    """The checks run before publishing (`anju budget check`); every result, passed or not."""
    acc = accounts or build(data)
    f = acc.figures
    out = [
        _result("t01_t02", "公开01表收入与公开02表一致",
                [("本年收入合计", f["01.income_total"], f["02.total"]),
                 ("财政拨款收入", f["01.income.general"] + f["01.income.gov_fund"] + f["01.income.soe"], f["02.fiscal"]),
                 *[(label[2:], f[f"01.income.{src[0].value}"], f[f"02.{src[0].value}"])
                   for label, src in INCOME_ROWS[3:]]]),
        _result("t01_t03", "公开01表支出与公开03表一致",
                [("本年支出合计", f["01.spend_total"], f["03.total"]),
                 *[(f"{name}（{code}类）", f[f"01.spend.{code}"], f.get(f"03.class.{code}", 0))
                   for code, name in CLASSES]]),
        _result("t01_balance", "收支平衡：本年收入＋使用非财政拨款结余＋年初结转和结余＝本年支出＋结余分配＋年末结转和结余",
                [("公开01表收入总计与支出总计", f["01.left_total"], f["01.right_total"])]),
        _result("t04_balance", "财政拨款收支平衡（公开04表）：各类财政拨款本年收入＋年初结转＝本年支出＋年末结转",
                [(f"{fund.label}", f[f"04.income.{fund.value}"] + f[f"04.carry_in.{fund.value}"],
                  f[f"04.spend.{fund.value}"] + f[f"04.carry_out.{fund.value}"]) for fund in FISCAL_FUNDS]),
        _result("t01_t04", "公开04表财政拨款收入与公开01表一致",
                [(fund.label, f[f"04.income.{fund.value}"], f[f"01.income.{fund.value}"]) for fund in FISCAL_FUNDS]),
        _result("t04_t05", "公开04表一般公共预算财政拨款支出与公开05表一致",
                [("本年支出合计", f["04.spend.general"], f["05.total"]),
                 *[(f"{name}（{code}类）", f[f"04.spend.general.{code}"], f.get(f"05.class.{code}", 0))
                   for code, name in CLASSES]]),
        _result("t05_t06", "公开06表（人员经费＋公用经费）等于公开05表基本支出",
                [("基本支出", f["06.total"], f["05.basic"])]),
        _result("t04_t07", "公开07表与公开04表政府性基金预算财政拨款一致",
                [("本年收入", f["07.income"], f["04.income.gov_fund"]),
                 ("本年支出", f["07.spend"], f["04.spend.gov_fund"]),
                 ("年初结转和结余", f["07.carry_in"], f["04.carry_in.gov_fund"]),
                 ("年末结转和结余", f["07.carry_out"], f["04.carry_out.gov_fund"])]),
        _result("t07_codes", "公开07表各科目：年初结转和结余＋本年收入−本年支出＝年末结转和结余",
                _gov_fund_by_code(data)),
        _result("t04_t08", "公开08表与公开04表国有资本经营预算财政拨款一致",
                [("本年支出", f["08.total"], f["04.spend.soe"])]),
        _result("t09_econ", "公开09表“三公”经费决算数与财政拨款支出经济分类一致", _three_public_vs_econ(data),
                severity="warning"),
        _procurement(data),
    ]
    return out


def _gov_fund_by_code(data: YearData) -> list[tuple[str, int, int]]:
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for line in data.carry:
        if line.fund is FundSource.GOV_FUND:
            per[line.func_code][0] += line.carry_in
            per[line.func_code][3] += line.carry_out
    for line in data.income:
        if line.source is IncomeSource.GOV_FUND:
            per[line.func_code][1] += line.amount
    for line in data.spend:
        if line.fund is FundSource.GOV_FUND:
            per[line.func_code][2] += line.amount
    return [(f"{code} {data.func_name(code)}", a + b - c, d) for code, (a, b, c, d) in sorted(per.items())]


def _three_public_vs_econ(data: YearData) -> list[tuple[str, int, int]]:
    fiscal = (FundSource.GENERAL, FundSource.GOV_FUND)
    return [
        ("因公出国（境）费与30212", data.three_public("outbound", "actual"),
         data.spend_total(fund=fiscal, econ_prefix=ECON_OUTBOUND)),
        ("公务用车购置费与31013", data.three_public("vehicle_purchase", "actual"),
         data.spend_total(fund=fiscal, econ_prefix=ECON_VEHICLE_PURCHASE)),
        ("公务用车运行维护费与30231", data.three_public("vehicle_running", "actual"),
         data.spend_total(fund=fiscal, econ_prefix=ECON_VEHICLE_RUNNING)),
        ("公务接待费与30217", data.three_public("reception", "actual"),
         data.spend_total(fund=fiscal, econ_prefix=ECON_RECEPTION)),
    ]


def _procurement(data: YearData) -> CheckResult:
    details = []
    for kind, label in (("goods", "货物"), ("works", "工程"), ("services", "服务")):
        if data.fact(f"proc.sme_{kind}") > data.fact(f"proc.{kind}"):
            details.append(f"{label}采购授予中小企业合同金额{format_wan(data.fact(f'proc.sme_{kind}'))}万元"
                           f"超过{label}支出{format_wan(data.fact(f'proc.{kind}'))}万元")
    by_kind = sum(data.fact(f"proc.sme_{k}") for k in ("goods", "works", "services"))
    if by_kind != data.fact("proc.sme"):
        details.append(_diff("授予中小企业合同金额与货物、工程、服务分项之和", data.fact("proc.sme"), by_kind))
    if data.fact("proc.sme") > data.procurement_total():
        details.append(f"授予中小企业合同金额{format_wan(data.fact('proc.sme'))}万元超过政府采购支出总额"
                       f"{format_wan(data.procurement_total())}万元")
    if data.fact("proc.small_micro") > data.fact("proc.sme"):
        details.append("授予小微企业合同金额超过授予中小企业合同金额")
    return CheckResult("procurement", "政府采购：中小企业、小微企业合同金额不超过相应支出且分项相符", not details,
                       tuple(details))
