"""API of statistics (/api/v1/stats): the indicator catalogue, a figure for any period (and breakdown) with the
same period last year, the records behind a figure, the year's targets, the dashboard, the annual report as
JSON and as Word/PDF/Excel, and the JGJ/T 320 export.

Money is a yuan string with two decimals; ratios are the exact fraction as a string ("0.663100" = 66.31%),
with ``text`` giving the figure as the centres print it; counts are integers; ``null`` where undefined.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from anju.auth.actor import Actor
from anju.core.errors import ErrorCode, NotFound, Problem, ValidationFailed
from anju.core.money import yuan_str
from anju.indicators import catalogue as cat
from anju.indicators.catalogue import MONEY_UNITS, Period
from anju.report import service as report
from anju.report import stats
from anju.report.errors import ReportError
from anju.report.format import with_unit
from anju.report.permissions import P
from anju.web.kit import DOCX, XLSX, business_date, download, file_responses, requires, unit_of_work
from anju.web.params import Count, Year

router = APIRouter(prefix="/stats", tags=["统计"])

Scalar = str | int | None


class BreakdownOut(BaseModel):
    code: str
    label: str


class IndicatorOut(BaseModel):
    code: str
    name: str
    unit: str
    definition: str = Field(..., description="口径（计算公式）")
    section: str
    stock: bool = Field(..., description="期末时点数（true）或期间发生数（false）")
    breakdowns: list[BreakdownOut]
    explainable: bool = Field(..., description="有逐笔明细（detail）")
    depends: list[str]


class PeriodOut(BaseModel):
    key: str = Field(..., description="2025、2025Q3、202507、2025-07-15 或 2025-01-01..2025-06-30")
    label: str
    start: date
    last_day: date


class ValueOut(BaseModel):
    code: str
    name: str
    unit: str
    period: PeriodOut
    value: Scalar
    text: str
    last_period: PeriodOut
    last_value: Scalar
    last_text: str
    change: str | None = Field(None, description="增长率（金额、数量）或差值（比率），分数形式")
    change_text: str
    breakdown: str | None = None
    values: dict[str, Scalar] | None = Field(None, description="按维度分组的本期值")
    last_values: dict[str, Scalar] | None = None


class DetailOut(BaseModel):
    code: str
    name: str
    definition: str
    period: PeriodOut
    value: Scalar
    headers: list[str]
    rows: list[list[Scalar]]
    total: int = Field(..., description="明细总行数（不分页；按分组筛选时为该组的行数）")
    offset: int
    limit: int
    by: str | None = Field(None, description="所解释的分组维度（by 与 key 一起给出时）")
    key: str | None = Field(None, description="所解释的分组行（如 国有企业）")
    key_value: Scalar = Field(None, description="该分组行的数值")
    listed_by_key: bool = Field(False, description="rows 是否只列该分组行的记录（否则该指标明细不能按此分组筛选，列出全部记录）")


class TargetIn(BaseModel):
    op: str = Field("ge", description="ge 不低于 / le 不高于")
    value: str = Field(..., description="以显示单位填写：金额为万元，比率为%或‰")


class TargetOut(BaseModel):
    code: str
    name: str
    unit: str = Field(..., description="目标值的单位（金额为万元）")
    op: str
    value: str


class FigureOut(BaseModel):
    code: str
    name: str
    unit: str
    value: Scalar
    last_value: Scalar
    change: str | None
    target: TargetOut | None
    met: bool | None
    completion: str | None


class RiskOut(BaseModel):
    code: str
    name: str
    unit: str
    value: Scalar
    line: str | None = Field(None, description="警戒线或目标（分数形式）")
    line_source: str
    breached: bool | None


class DashboardOut(BaseModel):
    year: int
    period: PeriodOut
    last_period: PeriodOut
    figures: list[FigureOut]
    risks: list[RiskOut]


class CheckOut(BaseModel):
    name: str
    ok: bool
    detail: str


class TableOut(BaseModel):
    title: str
    code: str | None
    breakdown: str | None
    headers: list[str]
    rows: list[list[str]]


class SectionOut(BaseModel):
    title: str
    level: int
    text: str
    paragraphs: list[str]
    tables: list[TableOut]


class AnnualFigureOut(BaseModel):
    code: str
    name: str
    unit: str
    value: Scalar
    last_value: Scalar


class AnnualOut(BaseModel):
    year: int
    title: str
    ok: bool
    checks: list[CheckOut]
    sections: list[SectionOut]
    figures: list[AnnualFigureOut]
    texts: dict[str, str]


def _period(p: Period) -> PeriodOut:
    return PeriodOut(key=stats.period_key(p), label=p.label, start=p.start, last_day=p.last_day)


def _indicator(ind: cat.Indicator) -> IndicatorOut:
    return IndicatorOut(code=ind.code, name=ind.name, unit=ind.unit.value, definition=ind.definition,
                        section=ind.section, stock=ind.stock,
                        breakdowns=[BreakdownOut(code=b.code, label=b.label) for b in ind.breakdowns],
                        explainable=ind.detail is not None, depends=list(ind.depends))


@router.get("/indicators", response_model=list[IndicatorOut], summary="指标目录")
def indicators(actor: Actor = Depends(requires(P.READ))):
    return [_indicator(ind) for ind in cat.catalogue().values()]


@router.get("/indicators/{code}", response_model=IndicatorOut, summary="一个指标的口径")
def indicator(code: str, actor: Actor = Depends(requires(P.READ))):
    return _indicator(stats.indicator(code))


@router.get("/indicators/{code}/value", response_model=ValueOut, summary="指标在某期间的值（可分组），含上年同期")
def value(code: str, period: str, request: Request, by: str | None = None, actor: Actor = Depends(requires(P.READ))):
    stats.indicator(code)  # 404 for an unknown indicator
    p = stats.parse_period(period)
    with unit_of_work(request, read_only=True) as uow:
        q = stats.query(uow.conn, actor, codes=[code], period=p)
        split = stats.query(uow.conn, actor, codes=[code], period=p, breakdown=by) if by else None
    if split is not None and split.unsupported:
        raise ValidationFailed([Problem.of(ReportError.BREAKDOWN_UNSUPPORTED, field="by",
                                           name=q.rows[0].ind.name, by=by)])
    row = q.rows[0]
    unit = row.ind.unit
    return ValueOut(code=code, name=row.ind.name, unit=unit.value, period=_period(p),
                    value=stats.api_value(row.this, unit), text=with_unit(row.this, unit), last_period=_period(q.last),
                    last_value=stats.api_value(row.last, unit), last_text=with_unit(row.last, unit),
                    change=None if row.change is None else stats.ratio_str(row.change),
                    change_text=stats.change_text(row.ind, row.change), breakdown=by,
                    values=None if split is None else {r.key: stats.api_value(r.this, unit) for r in split.rows},
                    last_values=None if split is None else {r.key: stats.api_value(r.last, unit) for r in split.rows})


@router.get("/indicators/{code}/detail", response_model=DetailOut, summary="指标背后的记录（分页）")
def detail(code: str, period: str, request: Request, offset: Count = 0, limit: Count = 100, by: str | None = None,
           key: str | None = None, actor: Actor = Depends(requires(P.READ))):
    if offset < 0 or not 1 <= limit <= 10_000:
        raise ValidationFailed([Problem.of(ReportError.PAGE_BOUNDS, field="limit")])
    p = stats.parse_period(period)
    with unit_of_work(request, read_only=True) as uow:
        e = stats.explain(uow.conn, actor, code=code, period=p, offset=offset, limit=limit, by=by, key=key)
    if e.headers is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="该指标的明细", key=code)
    rows = [[_cell(e, i, v) for i, v in enumerate(r)] for r in e.rows]
    return DetailOut(code=code, name=e.ind.name, definition=e.ind.definition, period=_period(p),
                     value=stats.api_value(e.value, e.ind.unit), headers=e.headers, rows=rows, total=e.total,
                     offset=offset, limit=limit, by=e.by.code if e.by else None, key=e.key,
                     key_value=stats.api_value(e.key_value, e.ind.unit) if e.by else None,
                     listed_by_key=e.listed_by_key)


def _cell(e: stats.Explanation, i: int, v) -> Scalar:
    if v is None:
        return None
    if i in e.money_columns and isinstance(v, int):
        return yuan_str(v)
    if isinstance(v, int):
        return v
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


@router.get("/indicators/{code}/detail.xlsx", summary="指标明细（Excel）", responses=file_responses(XLSX))
def detail_xlsx(code: str, period: str, request: Request, by: str | None = None, key: str | None = None,
                actor: Actor = Depends(requires(P.READ))):
    p = stats.parse_period(period)
    with unit_of_work(request, read_only=True) as uow:  # the rows stream from the connection into the workbook
        e = stats.explain(uow.conn, actor, code=code, period=p, limit=stats.MAX_EXPORT_ROWS, by=by, key=key)
        data = stats.explanation_workbook(e)
    name = f"{e.ind.name}（{e.key}）" if e.by is not None else e.ind.name
    return download(data, f"{name}明细（{p.label}）.xlsx")


# ------------------------------------------------------------------------------------------------ targets


def _target(ind: cat.Indicator, t) -> TargetOut:
    return TargetOut(code=ind.code, name=ind.name, unit="万元" if ind.unit in MONEY_UNITS else ind.unit.value,
                     op=t.op, value=str(t.value))


@router.get("/targets/{year}", response_model=list[TargetOut], summary="年度目标")
def targets(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        rows = stats.target_rows(uow.conn, actor, year=year)
        goals = report.targets(uow.conn, year)
    return [_target(r.ind, goals[r.ind.code]) for r in rows if r.ind.code in goals]


@router.put("/targets/{year}/{code}", response_model=TargetOut, summary="设置年度目标")
def set_target(year: Year, code: str, body: TargetIn, request: Request, actor: Actor = Depends(requires(P.WRITE))):
    with unit_of_work(request) as uow:
        report.set_target(uow, actor, year=year, code=code, op=body.op, value=body.value)
        uow.commit()
    with unit_of_work(request, read_only=True) as uow:
        goal = report.targets(uow.conn, year)[code]
    return _target(cat.get(code), goal)


@router.delete("/targets/{year}/{code}", status_code=204, summary="删除年度目标")
def delete_target(year: Year, code: str, request: Request, actor: Actor = Depends(requires(P.WRITE))):
    with unit_of_work(request) as uow:
        found = report.clear_target(uow, actor, year=year, code=code)
        uow.commit()
    if not found:
        raise NotFound(ErrorCode.NOT_FOUND, what="年度目标", key=f"{year} {code}")
    return Response(status_code=204)


# ------------------------------------------------------------------------------------------------ dashboard


@router.get("/dashboard", response_model=DashboardOut, summary="管理驾驶舱：本年累计、上年同期、年度目标、风险指标")
def dashboard(request: Request, year: Year | None = None, actor: Actor = Depends(requires(P.READ))):
    today = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        d = stats.dashboard(uow.conn, actor, year=year or today.year, as_of=today)
    figures = []
    for f in d.figures:
        figures.append(FigureOut(code=f.code, name=f.ind.name, unit=f.ind.unit.value,
                                 value=stats.api_value(f.this, f.ind.unit), last_value=stats.api_value(f.last, f.ind.unit),
                                 change=None if f.change is None else stats.ratio_str(f.change),
                                 target=_target(f.ind, f.target) if f.target else None, met=f.met,
                                 completion=None if f.completion is None else
                                 stats.ratio_str(f.completion)))
    risks = [RiskOut(code=r.code, name=r.name, unit=r.unit.value, value=stats.api_value(r.value, r.unit),
                     line=None if r.line is None else str(r.line), line_source=r.line_source, breached=r.breached)
             for r in d.risks]
    return DashboardOut(year=d.year, period=_period(d.period), last_period=_period(d.last), figures=figures,
                        risks=risks)


# ------------------------------------------------------------------------------------------------ annual report


@router.get("/annual/{year}", response_model=AnnualOut, summary="年度报告（JSON）")
def annual(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    from anju.report.web import built_report

    r = built_report(request, actor, year, charts=False)
    with unit_of_work(request, read_only=True) as uow:
        texts = report.texts(uow.conn, year)
    figures = []
    for code, name, unit, this, last in r.figures:
        u = cat.Unit(unit)
        figures.append(AnnualFigureOut(code=code, name=name, unit=unit, value=stats.api_value(this, u),
                                       last_value=stats.api_value(last, u)))
    return AnnualOut(year=year, title=r.title, ok=r.ok,
                     checks=[CheckOut(name=c.name, ok=c.ok, detail=c.detail) for c in r.checks],
                     sections=[SectionOut(title=s.title, level=s.level, text=s.text, paragraphs=s.paragraphs,
                                          tables=[TableOut(title=t.title, code=t.code, breakdown=t.breakdown,
                                                           headers=t.headers, rows=t.rows) for t in s.tables])
                               for s in r.sections],
                     figures=figures, texts=texts)


@router.get("/annual/{year}/report.{fmt}", summary="年度报告文件：docx、pdf 或 xlsx",
            responses=file_responses(DOCX, "application/pdf", XLSX))
def annual_file(year: Year, fmt: str, request: Request, actor: Actor = Depends(requires(P.READ))):
    from anju.report.web import FORMATS, built_report

    if fmt not in FORMATS:
        raise ValidationFailed([Problem.of(ReportError.FORMAT_DOCUMENT, field="fmt")])
    make, media = FORMATS[fmt]
    r = built_report(request, actor, year, charts=fmt != "xlsx")
    return download(make(r), f"{r.title}.{fmt}", media)


@router.post("/jgj-export", summary="按JGJ/T 320字段代码导出（zip，内含CSV或Excel）",
             responses=file_responses("application/zip"))
def jgj_export(request: Request, fmt: str = "csv", actor: Actor = Depends(requires(P.EXPORT))):
    from anju.report.web import export_zip

    data, stamp = export_zip(request, actor, fmt)
    return download(data, f"JGJT320数据交换（{stamp}）.zip", "application/zip")
