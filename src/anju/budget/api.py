"""API of the budget area: years of budget and final-account data, their cross-table checks and the ten public
tables, the performance self-evaluation (indicators with scores, row edits with their history, scoring rules),
the code lists, and the documents as files.

Amounts are strings in 万元 with two decimals, as the tables publish them (the field names say so: ``*_wan``);
scores are strings as the reports print them (``"7.95"``, ``"10"``). Every rule lives in anju.budget.service.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Body, Depends, File, Request, UploadFile
from pydantic import BaseModel, Field

from anju.auth.actor import Actor
from anju.budget import service as budget
from anju.budget.rules import FISCAL_FUNDS, execution, format_percent
from anju.budget.scoring import format_score
from anju.budget.service import BudgetPermission as P
from anju.budget.service import CodeKind
from anju.budget.statements import Amount, C, Statement
from anju.budget.web import DOCX, XLSX, download, indicator_lines
from anju.core.errors import ErrorCode, NotFound
from anju.core.money import format_wan
from anju.web.kit import requires, unit_of_work
from anju.web.params import Id, Timestamp, Year
from anju.web.uploads import read_upload, upload_limits

router = APIRouter(prefix="/budget", tags=["部门预决算与绩效自评"])

FILE_RESPONSES = {200: {"content": {XLSX: {}, DOCX: {}}, "description": "文件"}}


def wan(fen: int) -> str:
    return format_wan(fen, grouping=False)


def _content(request: Request, file: UploadFile) -> tuple[bytes, str]:
    """The upload within the policy's upload.max_bytes (413 over it)."""
    content, name = read_upload(file, upload_limits(request))
    return content, name or "upload.xlsx"


# ---------------------------------------------------------------- years


class Check(BaseModel):
    code: str
    title: str
    ok: bool
    severity: str = Field(description="error：表间不一致；warning：发布前值得核对")
    details: list[str] = Field(description="不一致的数字（万元）")


def _checks(checks) -> list[Check]:
    return [Check(code=c.code, title=c.title, ok=c.ok, severity=c.severity, details=list(c.details)) for c in checks]


class YearItem(BaseModel):
    year: int
    dept_name: str
    income_total_wan: str
    spend_total_wan: str
    checks_ok: bool = Field(description="没有未通过的错误级检查")
    failed_checks: list[str]
    indicators: int = Field(description="绩效指标项数（0：未导入指标表）")
    source: str
    updated_at: Timestamp = Field(description="最近导入时间（UTC）")
    updated_by: str


@router.get("/years", response_model=list[YearItem], summary="已导入的年度及其检查结果")
def list_years(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        rows = budget.year_statuses(uow.conn, actor)
    return [YearItem(year=r.info.year, dept_name=r.info.dept_name, income_total_wan=wan(r.income),
                     spend_total_wan=wan(r.spend), checks_ok=r.ok, failed_checks=[c.code for c in r.failed],
                     indicators=r.indicators, source=r.info.source, updated_at=r.info.updated_at,
                     updated_by=r.info.updated_by) for r in rows]


class ExecutionRow(BaseModel):
    label: str
    level: int = Field(description="0 合计，1 基本支出／项目支出，2 单个项目")
    initial_wan: str
    adjustment_wan: str
    full_wan: str
    actual_wan: str
    rate_percent: str | None = Field(description="执行率，如 \"99.27\"；全年预算为0时为空")


class YearDetail(BaseModel):
    year: int
    dept_name: str
    income_total_wan: str
    spend_total_wan: str
    carry_in_wan: str
    carry_out_wan: str
    fiscal_spend_wan: str = Field(description="财政拨款本年支出")
    three_public_actual_wan: str = Field(description="“三公”经费决算数")
    procurement_total_wan: str = Field(description="政府采购支出总额")
    execution: list[ExecutionRow]
    checks_ok: bool
    checks: list[Check]


def _percent(value) -> str | None:
    shown = format_percent(value)
    return None if shown == "—" else shown.rstrip("%")


@router.get("/years/{year}", response_model=YearDetail, summary="一个年度的概况、预算执行和表间检查")
def get_year(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        r = budget.year_report(uow.conn, actor, year=year)
    d = r.data
    return YearDetail(
        year=year, dept_name=d.dept_name, income_total_wan=wan(d.income_total()), spend_total_wan=wan(d.spend_total()),
        carry_in_wan=wan(d.carry_in()), carry_out_wan=wan(d.carry_out()),
        fiscal_spend_wan=wan(d.spend_total(fund=FISCAL_FUNDS)),
        three_public_actual_wan=wan(d.three_public("total", "actual")), procurement_total_wan=wan(d.procurement_total()),
        execution=[ExecutionRow(label=e.label, level=e.level, initial_wan=wan(e.initial), adjustment_wan=wan(e.adjustment),
                                full_wan=wan(e.full), actual_wan=wan(e.actual), rate_percent=_percent(e.rate))
                   for e in execution(d)],
        checks_ok=r.ok, checks=_checks(r.checks))


@router.get("/years/{year}/checks", response_model=list[Check], summary="发布前的表间检查（全部，通过与否）")
def year_checks(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return _checks(budget.year_report(uow.conn, actor, year=year).checks)


class ImportResult(BaseModel):
    year: int
    replaced: bool
    lines: int
    income_total_wan: str
    spend_total_wan: str
    checks_ok: bool
    checks: list[Check]


@router.post("/years/{year}/import", response_model=ImportResult,
             operation_id="import_budget_year",  # names the form's schema: Body_import_budget_year
             summary="导入年度数据（.xlsx，按模板）：有任何问题时422并列出全部问题（工作表·列、行），不写入")
def import_year(year: Year, request: Request, file: UploadFile = File(...), actor: Actor = Depends(requires(P.MANAGE))):
    content, name = _content(request, file)
    book = budget.open_book(content, name, upload_limits(request))  # read before the transaction opens
    with unit_of_work(request) as uow:
        s = budget.import_workbook(uow, actor, year=year, content=content, source=name, book=book)
        uow.commit()
    return ImportResult(year=year, replaced=s.replaced, lines=s.lines, income_total_wan=wan(s.income),
                        spend_total_wan=wan(s.spend), checks_ok=all(c.ok or c.severity != "error" for c in s.checks),
                        checks=_checks(s.checks))


@router.get("/template.xlsx", summary="导入模板（含填表说明与科目代码）", responses=FILE_RESPONSES)
def template(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request) as uow:  # not committed: the first use only shows the standard codes
        return download(budget.template_bytes(uow, actor), "部门预决算数据导入模板.xlsx", XLSX)


@router.get("/years/{year}/template.xlsx", summary="导出年度数据（导入模板格式）", responses=FILE_RESPONSES)
def year_template(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request) as uow:
        return download(budget.template_bytes(uow, actor, year=year), f"{year}年度部门预决算数据.xlsx", XLSX)


# ---------------------------------------------------------------- the ten tables


class Cell(BaseModel):
    text: str = Field(description="单元格内容，如公开表所印（金额为万元两位小数，带千分位）")
    amount_wan: str | None = Field(None, description="金额单元格：万元两位小数，不带千分位")
    count: int | None = Field(None, description="数量单元格（车辆数、批次、人次……）")
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False


class BudgetStatementOut(BaseModel):
    number: str
    code: str
    title: str
    dept: str
    year: int
    unit: str
    columns: int
    header: list[list[Cell]]
    body: list[list[Cell]]
    notes: list[str]


def _cell(c: C) -> Cell:
    amount = wan(c.value.fen) if isinstance(c.value, Amount) else None
    count = c.value if isinstance(c.value, int) and not isinstance(c.value, bool) else None
    return Cell(text=c.text(), amount_wan=amount, count=count, colspan=c.span, rowspan=c.rowspan, bold=c.bold)


def _statement(st: Statement) -> BudgetStatementOut:
    return BudgetStatementOut(number=st.number, code=st.code, title=st.title, dept=st.dept, year=st.year, unit=st.unit,
                        columns=st.ncols, header=[[_cell(c) for c in row] for row in st.header],
                        body=[[_cell(c) for c in row] for row in st.body], notes=list(st.notes))


@router.get("/years/{year}/tables", response_model=list[BudgetStatementOut], summary="公开01–10表（行列布局，含合并单元格）")
def tables(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        report = budget.year_report(uow.conn, actor, year=year)
    return [_statement(st) for st in report.accounts.statements]


@router.get("/years/{year}/tables/{number}", response_model=BudgetStatementOut, summary="一张公开表（01–10）")
def table(year: Year, number: str, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        report = budget.year_report(uow.conn, actor, year=year)
    found = next((st for st in report.accounts.statements if st.number == number.zfill(2)), None)
    if found is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="公开表", key=number)
    return _statement(found)


@router.get("/years/{year}/tables.xlsx", summary="公开01–10表（Excel）", responses=FILE_RESPONSES)
def tables_xlsx(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        content = budget.final_accounts_xlsx(uow.conn, actor, year=year)
    return download(content, f"{year}年度部门决算公开表.xlsx", XLSX)


@router.get("/years/{year}/final-accounts.docx", summary="部门决算（Word）", responses=FILE_RESPONSES)
def final_accounts_docx(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        content = budget.final_accounts_docx(uow.conn, actor, year=year)
    return download(content, f"{year}年度部门决算.docx", DOCX)


# ---------------------------------------------------------------- staff texts


class Text(BaseModel):
    key: str
    label: str
    section: str
    body: str
    updated_at: Timestamp | None
    updated_by: str


class TextBody(BaseModel):
    body: str = Field(description="内容；空字符串为清除")


def _texts(conn, actor, year) -> list[Text]:
    return [Text(key=f.key, label=f.label, section=f.section, body=f.body, updated_at=f.updated_at,
                 updated_by=f.updated_by) for f in budget.text_fields(conn, actor, year=year)]


@router.get("/years/{year}/texts", response_model=list[Text], summary="文档中由工作人员撰写的文字说明")
def texts(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return _texts(uow.conn, actor, year)


@router.put("/years/{year}/texts/{key}", response_model=Text, summary="填写或清除一项文字说明（记审计）")
def put_text(year: Year, key: str, body: TextBody, request: Request, actor: Actor = Depends(requires(P.MANAGE))):
    with unit_of_work(request) as uow:
        budget.set_texts(uow, actor, year=year, bodies={key: body.body})
        uow.commit()
    with unit_of_work(request, read_only=True) as uow:
        return next(t for t in _texts(uow.conn, actor, year) if t.key == key)


# ---------------------------------------------------------------- performance self-evaluation


class Framework(BaseModel):
    year: int
    indicators: int


@router.get("/performance", response_model=list[Framework], summary="有绩效指标表的年度")
def frameworks(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return [Framework(year=y, indicators=n) for y, n in budget.frameworks(uow.conn, actor)]


class Indicator(BaseModel):
    seq: int
    level1: str
    level2: str
    level3: str
    target: str
    actual: str | None = Field(description="计分所用的实际完成值（自动取数或人工填报）")
    automatic: bool = Field(description="实际完成值由系统取数（预算执行率、已接入的业务指标）")
    provenance: str = Field(description="实际完成值的来源说明")
    source: str = Field(description="manual / execution / fund")
    fund_code: str | None
    weight: str
    applicable: bool
    met: bool | None
    deviation: str | None = Field(description="偏差率，如 \"11.66%\"")
    computed_score: str | None = Field(description="按规则计算的得分")
    score: str | None = Field(description="计入总分的得分（评价人评分优先）")
    overridden: bool
    reason: str = Field(description="评价人评分理由")
    note: str = Field(description="计分说明")
    cause: str
    evidence: str
    updated_at: Timestamp
    updated_by: str


class Group(BaseModel):
    name: str
    weight: str
    score: str
    rate_percent: str | None


class Evaluation(BaseModel):
    year: int
    total: str
    total_weight: str
    grade: str
    complete: bool = Field(description="每项都已评分（否则总分不完整）")
    execution_rate_percent: str | None = Field(description="预算执行率（取自预决算数据）")
    groups: list[Group]
    indicators: list[Indicator]
    problems: list[str]
    warnings: list[str]


def _indicator(line, stored, places: int) -> Indicator:
    r, ind, row = line.scored, line.scored.indicator, stored.row
    return Indicator(seq=stored.seq, level1=ind.level1, level2=ind.level2, level3=ind.level3, target=ind.target,
                     actual=line.actual, automatic=line.automatic, provenance=line.provenance,
                     source=row.source.value, fund_code=row.fund_code or None, weight=format_score(ind.weight, 6),
                     applicable=r.applicable, met=r.met, deviation=r.deviation_text(places) or None,
                     computed_score=format_score(r.computed) or None, score=format_score(r.score) or None,
                     overridden=r.overridden, reason=ind.reason, note=r.note, cause=ind.cause,
                     evidence=row.evidence, updated_at=stored.updated_at, updated_by=stored.updated_by)


def _evaluation(conn, actor, year: int) -> Evaluation:
    ye = budget.evaluate_year(conn, actor, year=year)
    ev, places = ye.evaluation, ye.rules.deviation_places
    stored = {s.seq: s for s in ye.stored}
    rows = [_indicator(x, stored[x.seq], places) for x in indicator_lines(ye) if x.seq is not None]
    return Evaluation(year=year, total=format_score(ev.total), total_weight=format_score(ev.total_weight),
                      grade=ev.grade, complete=ev.complete, execution_rate_percent=_percent(ye.execution_rate),
                      groups=[Group(name=g.name, weight=format_score(g.weight), score=format_score(g.score),
                                    rate_percent=_percent(g.rate)) for g in ev.groups],
                      indicators=rows, problems=[str(p) for p in ev.problems], warnings=[str(p) for p in ev.warnings])


@router.get("/performance/{year}", response_model=Evaluation, summary="年度绩效自评：各项指标的偏差率与得分、小计、总分、等级")
def evaluation(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return _evaluation(uow.conn, actor, year)


class IndicatorUpdate(BaseModel):
    """Only the fields sent are changed; ``score: null`` withdraws the evaluator's score."""

    target: str | None = None
    actual: str | None = None
    weight: str | None = None
    score: str | None = Field(None, description="评价人评分（覆盖规则得分，须同时有 reason）；null 取消")
    reason: str | None = None
    cause: str | None = None
    evidence: str | None = None


class IndicatorChanged(BaseModel):
    changed: dict[str, str | None] = Field(description="改动的字段及新值")
    indicator: Indicator


@router.patch("/performance/{year}/indicators/{seq}", response_model=IndicatorChanged,
              summary="修改一项指标（目标值、实际完成值、分值、评价人评分及理由……），逐字段记审计")
def update_indicator(year: Year, seq: Id, body: IndicatorUpdate, request: Request,
                     actor: Actor = Depends(requires(P.MANAGE))):
    with unit_of_work(request) as uow:
        changed = budget.update_indicator(uow, actor, year=year, seq=seq, **body.model_dump(exclude_unset=True))
        uow.commit()
    with unit_of_work(request, read_only=True) as uow:
        ev = _evaluation(uow.conn, actor, year)
    return IndicatorChanged(changed={k: None if v is None else str(v) for k, v in changed.items()},
                            indicator=next(i for i in ev.indicators if i.seq == seq))


class FieldChange(BaseModel):
    field: str
    before: str | None
    after: str | None


class Change(BaseModel):
    seq: int = Field(description="审计记录序号")
    at: Timestamp = Field(description="时间（UTC）")
    username: str
    roles: str
    channel: str
    action: str
    action_label: str
    fields: list[FieldChange]
    note: str


def _changes(changes) -> list[Change]:
    def s(v):
        return None if v is None else str(v)

    return [Change(seq=c.seq, at=c.at, username=c.username, roles=c.roles, channel=c.channel, action=c.action,
                   action_label=c.action_label, note=c.note,
                   fields=[FieldChange(field=f, before=s(b), after=s(a)) for f, b, a in c.fields]) for c in changes]


@router.get("/performance/{year}/indicators/{seq}/history", response_model=list[Change],
            summary="一项指标的修改记录（审计日志，最新在前）")
def indicator_history(year: Year, seq: Id, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return _changes(budget.indicator_history(uow.conn, actor, year=year, seq=seq))


@router.post("/performance/{year}/import", response_model=Framework,
             operation_id="import_performance_indicators",  # names the form's schema
             summary="导入年度绩效指标表（.xlsx）：整体替换；有问题时422并列出全部问题")
def import_indicators(year: Year, request: Request, file: UploadFile = File(...),
                      actor: Actor = Depends(requires(P.MANAGE))):
    content, name = _content(request, file)
    book = budget.open_book(content, name, upload_limits(request))  # read before the transaction opens
    with unit_of_work(request) as uow:
        n = budget.import_indicators(uow, actor, year=year, content=content, source=name, book=book)
        uow.commit()
    return Framework(year=year, indicators=n)


class RulesOut(BaseModel):
    year: int
    rules: dict
    updated_at: Timestamp | None = Field(description="最近设置时间（UTC）；空：使用默认规则")
    updated_by: str


def _rules(conn, actor, year) -> RulesOut:
    view = budget.rules_of(conn, actor, year=year)
    return RulesOut(year=year, rules=json.loads(view.rules.to_json()), updated_at=view.updated_at,
                    updated_by=view.updated_by)


@router.get("/performance/{year}/rules", response_model=RulesOut, summary="年度评分规则")
def get_rules(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        return _rules(uow.conn, actor, year)


@router.put("/performance/{year}/rules", response_model=RulesOut,
            summary="设置年度评分规则（JSON对象；未知项、取值有误时422并列出全部问题）")
def put_rules(year: Year, request: Request, rules: dict = Body(..., description="评分规则，与 GET 返回的 rules 同形"),
              actor: Actor = Depends(requires(P.MANAGE))):
    with unit_of_work(request) as uow:
        budget.set_rules_json(uow, actor, year=year, text=json.dumps(rules, ensure_ascii=False))
        uow.commit()
    with unit_of_work(request, read_only=True) as uow:
        return _rules(uow.conn, actor, year)


@router.get("/performance/{year}/self-evaluation.docx", summary="绩效自评报告（Word）", responses=FILE_RESPONSES)
def self_evaluation_docx(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        content = budget.self_evaluation_docx(uow.conn, actor, year=year)
    return download(content, f"{year}年度部门整体支出绩效自评报告.docx", DOCX)


@router.get("/performance/{year}/indicators.xlsx", summary="绩效自评表（Excel）", responses=FILE_RESPONSES)
def indicators_xlsx(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        content = budget.indicator_table_xlsx(uow.conn, actor, year=year)
    return download(content, f"{year}年度部门整体支出绩效自评表.xlsx", XLSX)


# ---------------------------------------------------------------- code lists


class Code(BaseModel):
    code: str
    name: str
    description: str = Field("", description="名词解释（功能分类）")


class CodeBody(BaseModel):
    name: str
    description: str | None = None


@router.get("/codes/{kind}", response_model=list[Code], summary="科目代码（functional 功能分类 / economic 经济分类）")
def codes(kind: CodeKind, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request) as uow:  # not committed (see template)
        return [Code(code=c.code, name=c.name, description=c.description or "")
                for c in budget.code_list(uow.conn, actor, kind=kind)]


@router.put("/codes/{kind}/{code}", response_model=Code, summary="新增或修改科目（上级科目须已存在；记审计）")
def put_code(kind: CodeKind, code: str, body: CodeBody, request: Request, actor: Actor = Depends(requires(P.MANAGE))):
    with unit_of_work(request) as uow:
        budget.set_code(uow, actor, kind=kind, code=code, name=body.name,
                        description=body.description if kind is CodeKind.FUNCTIONAL else None)
        uow.commit()
    with unit_of_work(request, read_only=True) as uow:
        return next(Code(code=c.code, name=c.name, description=c.description or "")
                    for c in budget.code_list(uow.conn, actor, kind=kind) if c.code == code)


@router.delete("/codes/{kind}/{code}", status_code=204, summary="删除未被使用、没有下级的科目（记审计）")
def delete_code(kind: CodeKind, code: str, request: Request, actor: Actor = Depends(requires(P.MANAGE))):
    with unit_of_work(request) as uow:
        budget.remove_code(uow, actor, kind=kind, code=code)
        uow.commit()

