"""Pages of the budget area for the finance role: the years of budget and final-account data (import,
cross-table checks, the ten public tables, downloads, staff texts), the performance self-evaluation (the
scored indicator table, row edits with their audit history, imports, the scoring rules) and the code lists.

Routes only translate between HTTP and anju.budget.service; every rule lives there.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from anju.auth.actor import Actor, can
from anju.budget import queries
from anju.budget import service as budget
from anju.budget.errors import BudgetError
from anju.budget.rules import FISCAL_FUNDS, execution, format_percent
from anju.budget.scoring import Source, format_score
from anju.budget.service import BudgetPermission as P
from anju.budget.service import CodeKind
from anju.budget.sources import FUND_INDICATORS
from anju.budget.statements import Amount, C, Statement
from anju.core.errors import AnjuError, ErrorCode, NotFound, Problem, ValidationFailed
from anju.core.money import format_wan
from anju.core.sheets import UploadTooLarge
from anju.web.kit import MenuEntry, form_errors, redirect, render, requires, unit_of_work
from anju.web.params import Year
from anju.web.uploads import read_upload, upload_limits

router = APIRouter(prefix="/budget")
MENU = [
    MenuEntry("财务", "部门预决算", "/budget/years", P.READ, order=70),
    MenuEntry("财务", "绩效自评", "/budget/performance", P.READ, order=75),
    MenuEntry("财务", "预算科目代码", "/budget/codes", P.READ, order=80),
]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# ---------------------------------------------------------------- shared helpers


def page(request: Request, template: str, **context):
    """render() with the formatters the budget pages use: 万元 with two decimals as published, scores as the
    reports print them, percentages half-up."""
    return render(request, template, wan=format_wan, fmt=format_score, pct=format_percent, **context)


def download(content: bytes, filename: str, media_type: str) -> Response:
    """A file for the browser to save, its Chinese name kept (RFC 6266 / RFC 5987)."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})


@dataclass(frozen=True)
class ProblemRow:
    """A problem of an uploaded workbook, placed: sheet, row, column, message."""

    sheet: str
    row: int | None
    column: str
    message: str


def problem_rows(problems: list[Problem], *, sheet: str | None = None) -> list[ProblemRow]:
    """Workbook problems carry ``工作表·列`` (year data) or only the column (``sheet`` given: one-sheet
    indicator tables) as their field."""
    out = []
    for p in problems:
        field = p.field or ""
        if sheet is not None:
            out.append(ProblemRow(sheet, p.row, field, p.message))
        elif "·" in field:
            s, column = field.split("·", 1)
            out.append(ProblemRow(s, p.row, column, p.message))
        else:
            out.append(ProblemRow(field, p.row, "", p.message))
    return out


def _upload(request: Request, file: UploadFile | None) -> tuple[bytes, str, list[Problem]]:
    if file is None or not file.filename:
        return b"", "", [Problem.of(BudgetError.FILE_REQUIRED, field="file")]
    try:
        content, name = read_upload(file, upload_limits(request))  # the policy's upload.max_bytes
    except UploadTooLarge as exc:
        return b"", "", exc.problems
    if not content:
        return b"", name, [Problem.of(BudgetError.FILE_EMPTY, field="file")]
    return content, name, []


def _year(text: str) -> tuple[int | None, list[Problem]]:
    try:
        year = int((text or "").strip())
    except ValueError:
        return None, [Problem.of(BudgetError.YEAR_REQUIRED, field="year")]
    if year not in budget.YEAR_RANGE:
        return None, [Problem.of(BudgetError.YEAR_OUT_OF_RANGE, field="year", start=budget.YEAR_RANGE.start,
                                 last=budget.YEAR_RANGE.stop - 1)]
    return year, []


def _problems_of(exc: AnjuError) -> list[Problem]:
    return list(exc.problems) if isinstance(exc, ValidationFailed) else [Problem.from_error(exc)]


@dataclass(frozen=True)
class Cell:
    """A statement cell for the HTML table: the text as published and where it sits."""

    text: str
    colspan: int
    rowspan: int
    css: str


def _cells(rows: tuple[tuple[C, ...], ...], *, header: bool) -> list[list[Cell]]:
    out = []
    for row in rows:
        cells = []
        for c in row:
            numeric = isinstance(c.value, (Amount, int))
            align = c.align or ("center" if header else ("right" if numeric else "left"))
            css = " ".join(x for x in ({"center": "c", "right": "num", "left": ""}[align], "b" if c.bold else "") if x)
            cells.append(Cell(c.text(), c.span, c.rowspan, css))
        out.append(cells)
    return out


@dataclass(frozen=True)
class StatementView:
    st: Statement
    header: list[list[Cell]]
    body: list[list[Cell]]


def statement_view(st: Statement) -> StatementView:
    return StatementView(st, _cells(st.header, header=True), _cells(st.body, header=False))


# ---------------------------------------------------------------- years


def _years_page(request: Request, actor: Actor, *, errors=None, problems=None, values=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        rows = budget.year_statuses(uow.conn, actor)
    return page(request, "budget/years.html", status_code=status_code, rows=rows, may_manage=can(actor, P.MANAGE),
                  errors=errors or form_errors(), problems=problems or [], values=values or {})


@router.get("/years")
def years_page(request: Request, actor: Actor = Depends(requires(P.READ))):
    return _years_page(request, actor)


@router.get("/template.xlsx")
def template_download(request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request) as uow:  # not committed: the first use only shows the standard codes
        content = budget.template_bytes(uow, actor)
    return download(content, "部门预决算数据导入模板.xlsx", XLSX)


@router.post("/import")
def import_submit(request: Request, year: str = Form(""), file: UploadFile | None = File(None),
                  replacing: str = Form(""), actor: Actor = Depends(requires(P.MANAGE))):
    """Import a year's workbook: every problem with its sheet, row and column, and nothing stored; or the
    year replaced as a whole. Sent from the years list, or from a year's page to replace that year
    (``replacing``: the problems are shown there)."""
    y, problems = _year(year)
    content, name, more = _upload(request, file)
    problems += more
    values = {"year": year}
    back = int(replacing) if replacing.isdigit() and y == int(replacing) else None

    def again(errors, rows=()):
        if back is not None:
            return _year_page(request, actor, back, errors=errors, problems=list(rows), status_code=422)
        return _years_page(request, actor, errors=errors, problems=list(rows), values=values, status_code=422)

    if problems:
        return again(form_errors(problems))
    try:
        book = budget.open_book(content, name, upload_limits(request))  # read before the transaction opens
        with unit_of_work(request) as uow:
            summary = budget.import_workbook(uow, actor, year=y, content=content, source=name, book=book)
            uow.commit()
    except AnjuError as exc:
        if exc.status == 403:
            raise
        return again(form_errors([Problem.from_error(exc)]), problem_rows(_problems_of(exc)))
    failed = [c for c in summary.checks if not c.ok]
    note = "表间检查全部通过" if not failed else f"{len(failed)}项表间检查未通过，请查看"
    return redirect(request, f"/budget/years/{y}", flash=f"已{'替换' if summary.replaced else '导入'}{y}年度数据"
                    f"（{summary.lines}行）；{note}", kind="success" if not failed else "warning")


def _report(request: Request, actor: Actor, year: Year):
    with unit_of_work(request, read_only=True) as uow:
        return budget.year_report(uow.conn, actor, year=year)


@router.get("/years/{year}")
def year_page(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    return _year_page(request, actor, year)


def _year_page(request: Request, actor: Actor, year: Year, *, errors=None, problems=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        info = queries.year_info(uow.conn, year)
        if info is None:
            raise NotFound(ErrorCode.NOT_FOUND, what="年度预决算数据", key=f"{year}（请先在“部门预决算”导入）")
        report = budget.year_report(uow.conn, actor, year=year)
        history = budget.year_history(uow.conn, actor, year=year)
        frameworks = dict(budget.frameworks(uow.conn, actor))
    d = report.data
    figures = [("本年收入合计", d.income_total()), ("本年支出合计", d.spend_total()),
               ("年初结转和结余", d.carry_in()), ("年末结转和结余", d.carry_out()),
               ("财政拨款本年支出", d.spend_total(fund=FISCAL_FUNDS)),
               ("“三公”经费决算数", d.three_public("total", "actual")), ("政府采购支出总额", d.procurement_total())]
    return page(request, "budget/year.html", year=year, info=info, report=report,
                  figures=figures, execution=execution(d),
                  history=history, indicators=frameworks.get(year, 0),
                  statements=report.accounts.statements, may_manage=can(actor, P.MANAGE), status_code=status_code,
                  errors=errors or form_errors(), problems=problems or [], values={"year": str(year)})


@router.get("/years/{year}/template.xlsx")
def year_template_download(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request) as uow:  # not committed (see template_download)
        content = budget.template_bytes(uow, actor, year=year)
    return download(content, f"{year}年度部门预决算数据.xlsx", XLSX)


@router.get("/years/{year}/tables")
def tables_page(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    report = _report(request, actor, year)
    return page(request, "budget/tables.html", year=year, report=report,
                  views=[statement_view(st) for st in report.accounts.statements])


@router.get("/years/{year}/tables.xlsx")
def tables_download(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        content = budget.final_accounts_xlsx(uow.conn, actor, year=year)
    return download(content, f"{year}年度部门决算公开表.xlsx", XLSX)


@router.get("/years/{year}/final-accounts.docx")
def final_accounts_download(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        content = budget.final_accounts_docx(uow.conn, actor, year=year)
    return download(content, f"{year}年度部门决算.docx", DOCX)


# ---------------------------------------------------------------- staff texts


def _texts_page(request: Request, actor: Actor, year: Year, *, bodies: dict | None = None, errors=None,
                status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        fields = budget.text_fields(uow.conn, actor, year=year)
        info = queries.year_info(uow.conn, year)
    sections: dict[str, list] = {}
    for f in fields:
        sections.setdefault(f.section, []).append(f)
    return page(request, "budget/texts.html", status_code=status_code, year=year, info=info, sections=sections,
                  bodies=bodies or {f.key: f.body for f in fields}, may_manage=can(actor, P.MANAGE),
                  errors=errors or form_errors())


@router.get("/years/{year}/texts")
def texts_page(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    return _texts_page(request, actor, year)


@router.post("/years/{year}/texts")
async def texts_submit(year: Year, request: Request, actor: Actor = Depends(requires(P.MANAGE))):
    """The form's fields are the text keys (``text:<key>``), so it is read whole; the work runs in the thread
    pool like every synchronous route."""
    form = await request.form()
    bodies = {k[5:]: str(v) for k, v in form.multi_items() if k.startswith("text:")}
    return await run_in_threadpool(_save_texts, request, actor, year, bodies)


def _save_texts(request: Request, actor: Actor, year: Year, bodies: dict[str, str]):
    try:
        with unit_of_work(request) as uow:
            changed = budget.set_texts(uow, actor, year=year, bodies=bodies)
            uow.commit()
    except ValidationFailed as exc:
        return _texts_page(request, actor, year, bodies=bodies, errors=form_errors(exc.problems), status_code=422)
    flash = f"已保存{len(changed)}项文字说明" if changed else "没有修改"
    return redirect(request, f"/budget/years/{year}/texts", flash=flash)


# ---------------------------------------------------------------- performance self-evaluation


def _performance_index(request: Request, actor: Actor, *, errors=None, problems=None, values=None,
                       status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        frameworks = budget.frameworks(uow.conn, actor)
        years = {y.year for y in budget.years(uow.conn, actor)}
    return page(request, "budget/performance_index.html", status_code=status_code, frameworks=frameworks,
                  budget_years=years, may_manage=can(actor, P.MANAGE), errors=errors or form_errors(),
                  problems=problems or [], values=values or {})


@router.get("/performance")
def performance_index(request: Request, actor: Actor = Depends(requires(P.READ))):
    return _performance_index(request, actor)


@router.get("/performance/template.xlsx")
def indicator_template_download(request: Request, actor: Actor = Depends(requires(P.READ))):
    return download(budget.indicator_template_bytes(actor), "绩效指标表模板.xlsx", XLSX)


@router.post("/performance/import")
def indicators_import(request: Request, year: str = Form(""), file: UploadFile | None = File(None),
                      actor: Actor = Depends(requires(P.MANAGE))):
    y, problems = _year(year)
    content, name, more = _upload(request, file)
    problems += more
    values = {"year": year}
    if problems:
        return _performance_index(request, actor, errors=form_errors(problems), values=values, status_code=422)
    try:
        book = budget.open_book(content, name, upload_limits(request))  # read before the transaction opens
        with unit_of_work(request) as uow:
            n = budget.import_indicators(uow, actor, year=y, content=content, source=name, book=book)
            uow.commit()
    except AnjuError as exc:
        if exc.status == 403:
            raise
        return _performance_index(request, actor, values=values, status_code=422,
                                  errors=form_errors([Problem.from_error(exc)]),
                                  problems=problem_rows(_problems_of(exc), sheet="指标表"))
    return redirect(request, f"/budget/performance/{y}", flash=f"已导入{y}年度绩效指标{n}项（整体替换）")


@dataclass(frozen=True)
class IndicatorLine:
    """One row of the scored table as the page shows it, or a group subtotal after its group's last row."""

    seq: int | None
    scored: object = None  # scoring.Scored
    actual: str | None = None
    automatic: bool = False  # filled from the data (budget execution, a connected fund indicator)
    fallback: bool = False  # meant to be filled from the data, but the source is not there: the typed value
    provenance: str = ""
    source: str = ""
    group: object = None  # scoring.Group, on a subtotal line


def indicator_lines(ye) -> list[IndicatorLine]:
    ev = ye.evaluation
    last = {r.indicator.level1: i for i, r in enumerate(ev.rows) if r.applicable}
    groups = {g.name: g for g in ev.groups}
    out = []
    for i, (r, stored, actual, origin, auto) in enumerate(zip(ev.rows, ye.stored, ye.self_evaluation.actuals,
                                                              ye.self_evaluation.provenance, ye.automatic,
                                                              strict=True)):
        row = stored.row
        source = row.source.label + (f"：{FUND_INDICATORS[row.fund_code].name}"
                                     if row.source is Source.FUND and row.fund_code in FUND_INDICATORS else "")
        out.append(IndicatorLine(stored.seq, r, actual, auto, not auto and row.source is not Source.MANUAL, origin,
                                 source))
        name = r.indicator.level1
        if last.get(name) == i and name in groups:
            out.append(IndicatorLine(None, group=groups[name]))
    return out


@router.get("/performance/{year}")
def performance_page(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        if year not in dict(budget.frameworks(uow.conn, actor)):
            return redirect(request, "/budget/performance", flash=f"{year}年度尚未导入绩效指标表，请先导入",
                            kind="warning")
        ye = budget.evaluate_year(uow.conn, actor, year=year)
        history = budget.framework_history(uow.conn, actor, year=year)
        rules = budget.rules_of(uow.conn, actor, year=year)
        has_budget = queries.year_info(uow.conn, year) is not None
    return page(request, "budget/performance.html", year=year, ye=ye, ev=ye.evaluation, lines=indicator_lines(ye),
                  places=ye.rules.deviation_places, history=history, rules=rules,
                  has_budget=has_budget, execution_rate=format_percent(ye.execution_rate),
                  may_manage=can(actor, P.MANAGE))


def _indicator_page(request: Request, actor: Actor, year: Year, seq: int, *, values: dict | None = None,
                    errors=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        ye = budget.evaluate_year(uow.conn, actor, year=year)
        history = budget.indicator_history(uow.conn, actor, year=year, seq=seq)
    line = next((x for x in indicator_lines(ye) if x.seq == seq), None)
    if line is None:
        raise NotFound(ErrorCode.NOT_FOUND, what=f"{year}年度绩效指标", key=seq)
    stored = next(s for s in ye.stored if s.seq == seq)
    ind = stored.row.indicator
    if values is None:
        values = {"target": ind.target, "actual": ind.actual or "", "weight": format_score(ind.weight, 6),
                  "score": format_score(ind.score, 6), "reason": ind.reason, "cause": ind.cause,
                  "evidence": stored.row.evidence}
    return page(request, "budget/indicator.html", status_code=status_code, year=year, seq=seq, line=line,
                  stored=stored, history=history, values=values, errors=errors or form_errors(),
                  places=ye.rules.deviation_places, may_manage=can(actor, P.MANAGE))


@router.get("/performance/{year}/indicators/{seq}")
def indicator_page(year: Year, seq: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    return _indicator_page(request, actor, year, seq)


@router.post("/performance/{year}/indicators/{seq}")
def indicator_submit(year: Year, seq: int, request: Request, target: str = Form(""), actual: str = Form(""),
                     weight: str = Form(""), score: str = Form(""), reason: str = Form(""), cause: str = Form(""),
                     evidence: str = Form(""), actor: Actor = Depends(requires(P.MANAGE))):
    values = {"target": target, "actual": actual, "weight": weight, "score": score, "reason": reason,
              "cause": cause, "evidence": evidence}
    try:
        with unit_of_work(request) as uow:
            changed = budget.update_indicator(uow, actor, year=year, seq=seq, **values)
            uow.commit()
    except ValidationFailed as exc:
        return _indicator_page(request, actor, year, seq, values=values, errors=form_errors(exc.problems),
                               status_code=422)
    flash = ("已修改：" + "、".join(budget.FIELD_LABELS.get(k, k) for k in changed)) if changed else "没有修改"
    return redirect(request, f"/budget/performance/{year}/indicators/{seq}", flash=flash)


def _rules_page(request: Request, actor: Actor, year: Year, *, text: str | None = None, errors=None,
                status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        view = budget.rules_of(uow.conn, actor, year=year)
    return page(request, "budget/rules.html", status_code=status_code, year=year, view=view, rules=view.rules,
                  text=view.pretty_json() if text is None else text, errors=errors or form_errors(), may_manage=can(actor, P.MANAGE))


@router.get("/performance/{year}/rules")
def rules_page(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    return _rules_page(request, actor, year)


@router.post("/performance/{year}/rules")
def rules_submit(year: Year, request: Request, rules: str = Form(""), actor: Actor = Depends(requires(P.MANAGE))):
    try:
        with unit_of_work(request) as uow:
            budget.set_rules_json(uow, actor, year=year, text=rules)
            uow.commit()
    except ValidationFailed as exc:
        return _rules_page(request, actor, year, text=rules, errors=form_errors(exc.problems), status_code=422)
    return redirect(request, f"/budget/performance/{year}/rules", flash=f"已保存{year}年度评分规则")


@router.get("/performance/{year}/self-evaluation.docx")
def self_evaluation_download(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        content = budget.self_evaluation_docx(uow.conn, actor, year=year)
    return download(content, f"{year}年度部门整体支出绩效自评报告.docx", DOCX)


@router.get("/performance/{year}/indicators.xlsx")
def indicator_table_download(year: Year, request: Request, actor: Actor = Depends(requires(P.READ))):
    with unit_of_work(request, read_only=True) as uow:
        content = budget.indicator_table_xlsx(uow.conn, actor, year=year)
    return download(content, f"{year}年度部门整体支出绩效自评表.xlsx", XLSX)


# ---------------------------------------------------------------- code lists


def _kind(kind: str) -> CodeKind:
    try:
        return CodeKind(kind)
    except ValueError:
        raise NotFound(ErrorCode.NOT_FOUND, what="科目分类", key=kind) from None


def _codes_page(request: Request, actor: Actor, kind: CodeKind, *, values=None, errors=None, status_code: int = 200):
    with unit_of_work(request) as uow:  # not committed: before the first edit, the standard lists are shown
        codes = budget.code_list(uow.conn, actor, kind=kind)
    return page(request, "budget/codes.html", status_code=status_code, kind=kind, kinds=list(CodeKind), codes=codes,
                  values=values or {}, errors=errors or form_errors(), may_manage=can(actor, P.MANAGE))


@router.get("/codes")
def codes_page(request: Request, kind: str = "functional", actor: Actor = Depends(requires(P.READ))):
    return _codes_page(request, actor, _kind(kind))


_CODE_FIELDS = {"编码": "code", "名称": "name"}


@router.post("/codes")
def code_submit(request: Request, kind: str = Form("functional"), code: str = Form(""), name: str = Form(""),
                description: str = Form(""), actor: Actor = Depends(requires(P.MANAGE))):
    k = _kind(kind)
    values = {"code": code, "name": name, "description": description}
    try:
        with unit_of_work(request) as uow:
            added = budget.set_code(uow, actor, kind=k, code=code.strip(), name=name,
                                    description=description if k is CodeKind.FUNCTIONAL else None)
            uow.commit()
    except ValidationFailed as exc:
        problems = [Problem(p.message, field=p.field, row=p.row, input=_CODE_FIELDS.get(p.field or "", p.input),
                            code=p.code) for p in exc.problems]
        return _codes_page(request, actor, k, values=values, errors=form_errors(problems), status_code=422)
    return redirect(request, f"/budget/codes?kind={k.value}",
                    flash=f"已{'新增' if added else '修改'}{k.label}科目{code.strip()} {name.strip()}")


@router.post("/codes/remove")
def code_remove(request: Request, kind: str = Form("functional"), code: str = Form(""),
                actor: Actor = Depends(requires(P.MANAGE))):
    k = _kind(kind)
    try:
        with unit_of_work(request) as uow:
            budget.remove_code(uow, actor, kind=k, code=code.strip())
            uow.commit()
    except AnjuError as exc:
        if exc.status == 403:
            raise
        return redirect(request, f"/budget/codes?kind={k.value}", flash=exc.message, kind="error")
    return redirect(request, f"/budget/codes?kind={k.value}", flash=f"已删除{k.label}科目{code.strip()}")
