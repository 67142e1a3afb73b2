"""Pages of statistics for managers and finance: 统计查询 (indicators × period × breakdown, against the same
period last year, chart, Excel), 管理驾驶舱 (this year to date against last year and the year's targets, the
risk lines), 年度目标, 指标说明与明细 (what a figure means and the records behind it, from any number), and the
annual report (HTML with its checks, the staff texts, Word/PDF/Excel and the JGJ/T 320 export).

Routes only translate between HTTP and ``anju.report.stats`` / ``anju.report.service``; FastAPI runs these
synchronous routes in its thread pool, so rendering a report never blocks the event loop.
"""

from __future__ import annotations

import io
import tempfile
import threading
import zipfile
from collections import OrderedDict
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request

from anju.auth.actor import Actor, can, require
from anju.core.errors import Problem, ValidationFailed
from anju.indicators import catalogue as cat
from anju.indicators.catalogue import Period, Unit
from anju.report import annual, stats
from anju.report import render as rendering
from anju.report import service as report
from anju.report.errors import ReportError
from anju.report.format import shown
from anju.report.permissions import P
from anju.report.svg import bars, gauge
from anju.web.kit import (
    MenuEntry,
    business_date,
    ctx,
    download,
    form_errors,
    redirect,
    render,
    requires,
    unit_of_work,
)
from anju.web.params import Year

router = APIRouter()
MENU = [
    MenuEntry("统计分析", "管理驾驶舱", "/stats/dashboard", P.READ, order=10),
    MenuEntry("统计分析", "统计查询", "/stats", P.READ, order=20),
    MenuEntry("统计分析", "年度报告", "/report/annual", P.READ, order=30),
    MenuEntry("统计分析", "年度目标", "/stats/targets", P.READ, order=40),
]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PERIOD_KINDS = (("year", "年度"), ("quarter", "季度"), ("month", "月份"), ("day", "日"), ("range", "起止日期"))
PAGE_SIZE = 50


def explain_url(code: str, period: Period, by: str | None = None, key: str | None = None) -> str:
    """The explanation of a figure; with ``by`` and ``key`` of one breakdown row (its own records)."""
    q = {"code": code, "period": stats.period_key(period)}
    if by and by != stats.BY_MONTH.code and key is not None:
        q.update(by=by, key=key)
    return "/stats/explain?" + urlencode(q)


def _helpers(**more) -> dict:
    return {"explain_url": explain_url, "shown": shown, "text": stats.text, "change_text": stats.change_text,
            "period_key": stats.period_key, "Unit": Unit, **more}


# ------------------------------------------------------------------------------------------------ 统计查询


def _period_from_form(q: dict, today: date) -> tuple[str, list[Problem]]:
    """The period key of the form's period fields (only those of the chosen kind are read)."""
    kind = q.get("kind") or "year"
    year = (q.get("year") or "").strip() or str(today.year)
    try:
        if kind == "year":
            key = str(int(year))
        elif kind == "quarter":
            key = f"{int(year)}Q{int(q.get('quarter') or 1)}"
        elif kind == "month":
            key = (q.get("month") or "").strip() or f"{today.year}{today.month:02d}"
        elif kind == "day":
            key = (q.get("day") or "").strip() or today.isoformat()
        else:
            start, end = (q.get("start") or "").strip(), (q.get("end") or "").strip()
            if not start or not end:
                return "", [Problem.of(ReportError.DATES_REQUIRED, field="start")]
            key = f"{start}..{end}"
    except ValueError:
        return "", [Problem.of(ReportError.YEAR_QUARTER_NUMBER, field="year")]
    try:
        stats.parse_period(key, field_name=kind if kind != "range" else "start")
    except ValidationFailed as exc:
        return "", exc.problems
    return key, []


def _form_of_key(key: str) -> dict:
    """The period fields that reproduce a period key (the inverse of ``_period_from_form``)."""
    try:
        p = Period.parse(key)
    except Exception:  # noqa: BLE001 - the query reports a bad key beside the form
        return {}
    k = stats.period_key(p)
    if k.isdigit() and len(k) == 4:
        return {"kind": "year", "year": k}
    if "Q" in k:
        return {"kind": "quarter", "year": k[:4], "quarter": k[5]}
    if k.isdigit():
        return {"kind": "month", "year": k[:4], "month": k}
    if ".." not in k:
        return {"kind": "day", "year": k[:4], "day": k}
    return {"kind": "range", "year": k[:4], "start": p.start.isoformat(), "end": p.last_day.isoformat()}


@router.get("/stats")
def stats_page(request: Request, actor: Actor = Depends(requires(P.READ))):
    q = request.query_params
    today = business_date(request)
    codes = q.getlist("code")
    form = {"kind": q.get("kind") or "year", "year": q.get("year") or str(today.year), "quarter": q.get("quarter") or "1",
            "month": q.get("month") or "", "day": q.get("day") or "", "start": q.get("start") or "",
            "end": q.get("end") or "", "by": q.get("by") or "", "unit": q.get("unit") or "万元"}
    if q.get("period"):  # a link from an explanation: show its period in the form
        form.update(_form_of_key(q.get("period")))
    result, charts, problems = None, [], []
    money = stats.money_unit(form["unit"])
    if codes or q.get("period"):
        key, problems = (q.get("period"), []) if q.get("period") else _period_from_form(form, today)
        if not problems:
            try:
                with unit_of_work(request, read_only=True) as uow:
                    result = stats.query(uow.conn, actor, codes=codes, period=stats.parse_period(key),
                                         breakdown=form["by"] or None)
                charts = _charts(result, money)
            except ValidationFailed as exc:
                problems = exc.problems
    export = "/stats/export.xlsx?" + urlencode(list(q.multi_items())) if result else None
    return render(request, "report/stats.html", status_code=422 if problems else 200,
                  sections=stats.indicators_by_section(), breakdowns=stats.breakdowns(), chosen=set(codes),
                  form=form, kinds=PERIOD_KINDS, result=result, charts=charts, money=money,
                  errors=form_errors(problems), export=export, **_helpers())


def _charts(result: stats.Query, money: Unit) -> list:
    """One chart per indicator: this period against the same period last year, by the breakdown's keys."""
    out = []
    groups: dict[str, list[stats.Row]] = {}
    for r in result.rows:
        groups.setdefault(r.code, []).append(r)
    for rows in groups.values():
        ind = rows[0].ind
        unit = stats.display_unit(ind, money)

        def num(v, unit=unit):
            t = shown(v, unit).replace(",", "")
            return None if v is None else Decimal(t)

        labels = [r.key or ind.name for r in rows]
        if result.breakdown == stats.BY_MONTH:  # “2026年01月” is too wide under a bar: 1月, or 26.01 across years
            one_year = len({r.period.start.year for r in rows}) == 1
            labels = [f"{r.period.start.month}月" if one_year else f"{r.period.start:%y.%m}" for r in rows]
        out.append(bars(ind.name, labels, [(result.period.label, [num(r.this) for r in rows]),
                                           (result.last.label, [num(r.last) for r in rows])], unit.value))
    return out


@router.get("/stats/export.xlsx")
def stats_export(request: Request, actor: Actor = Depends(requires(P.READ))):
    q = request.query_params
    key = q.get("period")
    if not key:
        key, problems = _period_from_form(dict(q.items()), business_date(request))
        if problems:
            raise ValidationFailed(problems)
    with unit_of_work(request, read_only=True) as uow:
        result = stats.query(uow.conn, actor, codes=q.getlist("code"), period=stats.parse_period(key),
                             breakdown=q.get("by") or None)
    return download(stats.query_workbook(result, stats.money_unit(q.get("unit"))), f"统计查询（{result.period.label}）.xlsx")


# ------------------------------------------------------------------------------------------------ 指标说明与明细


@router.get("/stats/explain")
def explain_page(request: Request, code: str, period: str, page: int = 1, by: str | None = None,
                 key: str | None = None, actor: Actor = Depends(requires(P.READ))):
    p = stats.parse_period(period)
    page = max(page, 1)
    with unit_of_work(request, read_only=True) as uow:
        e = stats.explain(uow.conn, actor, code=code, period=p, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
                          by=by, key=key)
        pages = max(1, -(-e.total // PAGE_SIZE))
        if page > pages:  # past the end (the data changed, or a typed URL): show the last page
            page = pages
            e = stats.explain(uow.conn, actor, code=code, period=p, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
                              by=by, key=key)
    base = explain_url(code, p, by, key)
    return render(request, "report/explain.html", e=e, rows=e.rows, page=page, pages=pages, base=base,
                  first_row=(page - 1) * PAGE_SIZE, key=stats.period_key(p),
                  export_url=base.replace("/stats/explain?", "/stats/explain.xlsx?", 1),
                  max_export=stats.MAX_EXPORT_ROWS, whole_url=explain_url(code, p),
                  breakdown_links=[(b.label, "/stats?" + urlencode({"code": code, "period": stats.period_key(p),
                                                                     "by": b.code})) for b in e.ind.breakdowns],
                  **_helpers())


@router.get("/stats/explain.xlsx")
def explain_export(request: Request, code: str, period: str, by: str | None = None, key: str | None = None,
                   actor: Actor = Depends(requires(P.READ))):
    p = stats.parse_period(period)
    with unit_of_work(request, read_only=True) as uow:  # the rows stream from the connection into the workbook
        e = stats.explain(uow.conn, actor, code=code, period=p, limit=stats.MAX_EXPORT_ROWS, by=by, key=key)
        data = stats.explanation_workbook(e)
    name = f"{e.ind.name}（{e.key}）" if e.by is not None else e.ind.name
    return download(data, f"{name}明细（{p.label}）.xlsx")


# ------------------------------------------------------------------------------------------------ 管理驾驶舱


def _year(request: Request, year: Year | None) -> int:
    return year or business_date(request).year


@router.get("/stats/dashboard")
def dashboard_page(request: Request, year: Year | None = None, actor: Actor = Depends(requires(P.READ))):
    y = _year(request, year)
    with unit_of_work(request, read_only=True) as uow:
        d = stats.dashboard(uow.conn, actor, year=y, as_of=business_date(request))
    gauges = []
    for r in d.risks:
        value = None if r.value is None else Decimal(shown(r.value, r.unit))
        line = None if r.line is None else Decimal(shown(r.line, r.unit))
        label = "警戒线" if r.line_source == "政策参数" else "目标"
        gauges.append((r, gauge(r.name, value, line, r.unit.value, line_label=label, breached=r.breached)))
    this_year = business_date(request).year
    return render(request, "report/dashboard.html", d=d, gauges=gauges, years=range(this_year - 5, this_year + 1),
                  may_write=can(actor, P.WRITE), **_helpers())


# ------------------------------------------------------------------------------------------------ 年度目标


def _targets_page(request: Request, actor: Actor, year: Year, *, values: dict | None = None, errors=None,
                  status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        rows = stats.target_rows(uow.conn, actor, year=year)
    values = values or {r.ind.code: {"op": r.op or "", "value": r.value} for r in rows}
    return render(request, "report/targets.html", status_code=status_code, year=year, rows=rows, values=values,
                  may_write=can(actor, P.WRITE), errors=errors or form_errors())


@router.get("/stats/targets")
def targets_page(request: Request, year: Year | None = None, actor: Actor = Depends(requires(P.READ))):
    return _targets_page(request, actor, _year(request, year))


@router.post("/stats/targets")
async def targets_submit(request: Request, actor: Actor = Depends(requires(P.WRITE))):
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    return await run_in_threadpool(_save_targets, request, actor, form)


def _save_targets(request: Request, actor: Actor, form):
    try:
        year = int(form.get("year") or "")
    except ValueError:
        year = business_date(request).year
    entered = {}
    for k, v in form.multi_items():
        if k.startswith("value:"):
            code = k[6:]
            entered[code] = {"op": str(form.get(f"op:{code}") or "ge"), "value": str(v).strip()}
    with unit_of_work(request, read_only=True) as uow:
        current = {r.ind.code: (r.op, r.value) for r in stats.target_rows(uow.conn, actor, year=year)}
    changed = {c: e for c, e in entered.items() if e["value"] and (e["op"], e["value"]) != current.get(c)}
    cleared = [c for c, e in entered.items() if not e["value"] and current.get(c, (None, ""))[1]]
    problems: list[Problem] = []
    try:
        with unit_of_work(request) as uow:
            for code in cleared:
                report.clear_target(uow, actor, year=year, code=code)
            for code, e in changed.items():
                try:
                    report.set_target(uow, actor, year=year, code=code, op=e["op"], value=e["value"])
                except ValidationFailed as exc:
                    problems += [Problem(f"{cat.get(code).name}：{p.message}", field="目标值", input=f"value:{code}",
                                         code=p.code)
                                 for p in exc.problems]
            if problems:
                raise ValidationFailed(problems)
            uow.commit()
    except ValidationFailed as exc:
        return _targets_page(request, actor, year, values=entered, errors=form_errors(exc.problems), status_code=422)
    done = [f"已保存{len(changed)}项目标"] * bool(changed) + [f"已删除{len(cleared)}项目标"] * bool(cleared)
    return redirect(request, f"/stats/targets?year={year}", flash="，".join(done) or "没有修改")


# ------------------------------------------------------------------------------------------------ 年度报告

# Built reports, per application (``app.state``), year and data version: a report takes seconds to minutes to
# build on a large centre, and the page, its three downloads and the API would otherwise each build it again.
# The version is the newest audit record, voucher and member sub-ledger row (every business change writes
# one of them: texts and targets are audited, postings make vouchers, batch jobs write rows) and today's date
# (one check depends on it), so any change makes a new entry; the oldest entries are dropped.
_CACHE_LOCK = threading.Lock()
REPORT_CACHE_SIZE = 6


def _report_cache(request: Request) -> tuple[OrderedDict, threading.Lock]:
    state = request.app.state
    with _CACHE_LOCK:
        if not hasattr(state, "annual_reports"):
            state.annual_reports = (OrderedDict(), threading.Lock())
    return state.annual_reports


def data_version(conn) -> tuple:
    from sqlalchemy import func, select

    from anju.auth.tables import audit_log
    from anju.ledger.tables import voucher
    from anju.registry.tables import member_txn

    return tuple(conn.execute(select(func.max(t.c.id))).scalar() for t in (audit_log, voucher, member_txn))


def _lookup(reports: OrderedDict, lock, base: tuple, charts: bool) -> annual.AnnualReport | None:
    with lock:
        for key in ((*base, True),) if charts else ((*base, False), (*base, True)):
            if key in reports:
                reports.move_to_end(key)
                return reports[key]
    return None


def _keep(reports: OrderedDict, lock, key: tuple, built: annual.AnnualReport) -> None:
    with lock:
        reports[key] = built
        while len(reports) > REPORT_CACHE_SIZE:
            reports.popitem(last=False)


def built_report(request: Request, actor: Actor, year: Year, *, charts: bool = True) -> annual.AnnualReport:
    """The annual report of a year, built once per data version (``report.read`` is checked every time)."""
    require(actor, P.READ)
    reports, lock = _report_cache(request)
    with unit_of_work(request, read_only=True) as uow:
        base = (year, business_date(request), data_version(uow.conn))
        hit = _lookup(reports, lock, base, charts)
        if hit is not None:
            return hit
        built = report.annual_report(uow.conn, actor, year=year, as_of=base[1], charts=charts)
    _keep(reports, lock, (*base, charts), built)
    return built


PAGE_WAIT_SECONDS = 8.0  # the page waits this long for a report being built, then shows progress and polls


def report_or_job(request: Request, actor: Actor, year: Year):
    """For the page: the built report, or — when building takes longer than PAGE_WAIT_SECONDS (a large
    centre) — the background job building it (``anju.web.jobs``), which the page polls."""
    from anju.web import jobs

    require(actor, P.READ)
    reports, lock = _report_cache(request)
    engine = ctx(request).engine
    with unit_of_work(request, read_only=True) as uow:
        base = (year, business_date(request), data_version(uow.conn))
    hit = _lookup(reports, lock, base, True)
    if hit is not None:
        return hit

    def work(job) -> str:
        with engine.connect() as conn:
            built = report.annual_report(conn, actor, year=year, as_of=base[1], charts=True)
        _keep(reports, lock, (*base, True), built)
        return f"《{built.title}》已生成"

    name = f"report-annual-{year}-{id(reports)}"
    job = jobs.start(name, f"{year}年年度报告", actor.username, work)
    jobs.wait(name, PAGE_WAIT_SECONDS)
    hit = _lookup(reports, lock, base, True)
    if hit is None and job.status == "failed":
        raise ValidationFailed([Problem.of(ReportError.ANNUAL_FAILED, message=job.message)])
    return hit if hit is not None else job


def _report_year(request: Request, year: Year | None) -> int:
    return year or business_date(request).year - 1


@router.get("/report/annual")
def annual_page(request: Request, year: Year | None = None, actor: Actor = Depends(requires(P.READ))):
    y = _report_year(request, year)
    return _annual_page(request, actor, y)


def _annual_page(request: Request, actor: Actor, year: Year, *, bodies: dict | None = None, errors=None,
                 status_code: int = 200):
    r = report_or_job(request, actor, year)
    this_year = business_date(request).year
    if not isinstance(r, annual.AnnualReport):
        return render(request, "report/annual_pending.html", job=r, year=year,
                      years=range(this_year - 5, this_year + 1))
    with unit_of_work(request, read_only=True) as uow:
        saved = report.texts(uow.conn, year)
    return render(request, "report/annual.html", status_code=status_code, r=r, year=year,
                  period=Period.year(year), years=range(this_year - 5, this_year + 1),
                  text_keys=annual.TEXT_KEYS, bodies=bodies or saved, may_write=can(actor, P.WRITE),
                  may_export=can(actor, P.EXPORT), errors=errors or form_errors(), **_helpers())


@router.post("/report/annual/{year}/texts")
async def annual_texts(year: Year, request: Request, actor: Actor = Depends(requires(P.WRITE))):
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    bodies = {k[5:]: str(v) for k, v in form.multi_items() if k.startswith("text:")}
    return await run_in_threadpool(_save_texts, request, actor, year, bodies)


def _save_texts(request: Request, actor: Actor, year: Year, bodies: dict[str, str]):
    with unit_of_work(request, read_only=True) as uow:
        saved = report.texts(uow.conn, year)
    changed = {k: v for k, v in bodies.items() if v.strip() != saved.get(k, "").strip()}
    try:
        with unit_of_work(request) as uow:
            for key, body in changed.items():
                report.set_text(uow, actor, year=year, key=key, body=body.strip())
            uow.commit()
    except ValidationFailed as exc:
        return _annual_page(request, actor, year, bodies=bodies, errors=form_errors(exc.problems), status_code=422)
    return redirect(request, f"/report/annual?year={year}#texts",
                    flash=f"已保存{len(changed)}段文字" if changed else "没有修改")


FORMATS = {"docx": (rendering.to_docx, DOCX), "pdf": (rendering.to_pdf, "application/pdf"),
           "xlsx": (rendering.to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


@router.get("/report/annual/{year}/report.{fmt}")
def annual_download(year: Year, fmt: str, request: Request, actor: Actor = Depends(requires(P.READ))):
    if fmt not in FORMATS:
        raise ValidationFailed([Problem.of(ReportError.FORMAT_DOCUMENT, field="fmt")])
    make, media = FORMATS[fmt]
    r = built_report(request, actor, year, charts=fmt != "xlsx")
    return download(make(r), f"{r.title}.{fmt}", media)


@router.post("/report/jgj-export")
def jgj_export(request: Request, fmt: str = Form("csv"), actor: Actor = Depends(requires(P.EXPORT))):
    """Every JGJ/T 320 table (CSV or Excel), zipped; the export is recorded in the audit log."""
    data, stamp = export_zip(request, actor, fmt)
    return download(data, f"JGJT320数据交换（{stamp}）.zip", "application/zip")


def export_zip(request: Request, actor: Actor, fmt: str) -> tuple[bytes, str]:
    from anju.report.jgj import export

    if fmt not in ("csv", "xlsx"):
        raise ValidationFailed([Problem.of(ReportError.FORMAT_TABLE, field="fmt")])
    with tempfile.TemporaryDirectory() as tmp, unit_of_work(request, read_only=True) as uow:
        export(uow.conn, actor, Path(tmp), fmt=fmt)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted(Path(tmp).iterdir()):
                z.write(f, f.name)
    return buf.getvalue(), business_date(request).isoformat()

