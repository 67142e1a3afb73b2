"""`anju stats …` (indicators for any period and breakdown) and `anju report …` (the annual report, texts,
targets, JGJ/T 320 export)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from anju.cli_support import (
    business_today,
    console,
    get_engine,
    handles_errors,
    print_json,
    signed_in,
    system_actor,
)
from anju.db import UnitOfWork
from anju.indicators import catalogue as cat
from anju.report.format import shown, with_unit

stats_app = typer.Typer(no_args_is_help=True)
report_app = typer.Typer(no_args_is_help=True)
export_app = typer.Typer(no_args_is_help=True)
APPS = [("stats", "统计：指标目录、任意期间与维度的指标值、指标明细", stats_app),
        ("report", "年度报告（Word/PDF/Excel）、报告文字、年度目标、按JGJ/T 320导出", report_app),
        ("export", "数据交换：按JGJ/T 320导出全部标准表（Parquet与CSV，附清单）", export_app)]


@stats_app.command("list")
@handles_errors
def list_cmd(as_json: bool = typer.Option(False, "--json")) -> None:
    """指标目录：代码、名称、单位、口径、可用维度。"""
    rows = [{"code": c, "name": i.name, "unit": i.unit.value, "definition": i.definition,
             "breakdowns": [b.code for b in i.breakdowns], "explainable": i.detail is not None}
            for c, i in cat.catalogue().items()]
    if as_json:
        print_json(rows)
        return
    t = Table(header_style="bold")
    for h in ("代码", "名称", "单位", "口径", "维度"):
        t.add_column(h)
    for r in rows:
        t.add_row(r["code"], r["name"], r["unit"], r["definition"], "、".join(r["breakdowns"]))
    console.print(t)


@stats_app.command("value")
@handles_errors
def value_cmd(code: str, period: str = typer.Option(..., "--period", help="2025、2025Q3、202507、2025-07-15 或 2025-01-01..2025-06-30"),
              by: str = typer.Option(None, "--by", help="分组维度"), as_json: bool = typer.Option(False, "--json")) -> None:
    """某指标在某期间的值（可按维度分组）。"""
    from anju.report.service import indicator_value

    p = cat.Period.parse(period)
    ind = cat.get(code)
    with get_engine().connect() as conn:
        result = indicator_value(conn, system_actor("stats value"), code=code, period=p, breakdown=by)
    if as_json:
        if isinstance(result, dict):
            print_json({"code": code, "period": p.label, "unit": ind.unit.value,
                        "values": {k: shown(v, ind.unit).replace(",", "") for k, v in result.items()}})
        else:
            print_json({"code": code, "period": p.label, "unit": ind.unit.value,
                        "value": shown(result, ind.unit).replace(",", "")})
        return
    if isinstance(result, dict):
        t = Table(title=f"{ind.name}（{p.label}）", header_style="bold")
        t.add_column(next(b.label for b in ind.breakdowns if b.code == by))
        t.add_column(ind.unit.value, justify="right")
        for k, v in result.items():
            t.add_row(k, shown(v, ind.unit))
        console.print(t)
    else:
        console.print(f"{ind.name}（{p.label}）：{with_unit(result, ind.unit)}　[dim]{ind.definition}[/]")


@stats_app.command("detail")
@handles_errors
def detail_cmd(code: str, period: str = typer.Option(..., "--period"), out: Path = typer.Option(None, "--out"),
               limit: int = typer.Option(50, "--limit")) -> None:
    """指标背后的记录（可导出为Excel）。"""
    from anju.core.sheets import write_table_stream
    from anju.report.service import indicator_detail
    from anju.report.stats import MAX_EXPORT_ROWS

    with get_engine().connect() as conn:
        d = indicator_detail(conn, system_actor("stats detail"), code=code, period=cat.Period.parse(period),
                             limit=MAX_EXPORT_ROWS if out else limit)
        if out:  # the rows stream from the connection into the workbook
            out.write_bytes(write_table_stream(d.headers, d.rows, sheet="明细"))
            console.print(f"已导出 {min(d.total, MAX_EXPORT_ROWS)} 行到 {out}"
                          + (f"（共 {d.total} 行，超过Excel工作表上限）" if d.total > MAX_EXPORT_ROWS else ""))
            return
    t = Table(header_style="bold")
    for h in d.headers:
        t.add_column(h)
    for r in d.rows:
        t.add_row(*[str(v) for v in r])
    console.print(t)
    if d.total > limit:
        console.print(f"……共 {d.total} 行，用 --out 导出全部")


@report_app.command("annual")
@handles_errors
def annual_cmd(year: int = typer.Option(..., "--year"), out: Path = typer.Option(Path("."), "--out", help="输出目录"),
               charts: bool = typer.Option(True, "--charts/--no-charts"), as_json: bool = typer.Option(False, "--json")) -> None:
    """生成年度报告：Word、PDF（嵌入中文字体）和Excel，并列出数据核对结果。"""
    from anju.report import render
    from anju.report.service import annual_report

    with get_engine().connect() as conn:
        report = annual_report(conn, system_actor("report annual"), year=year, as_of=business_today(), charts=charts)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"{report.title}"
    files = {".docx": render.to_docx(report), ".pdf": render.to_pdf(report), ".xlsx": render.to_xlsx(report)}
    for suffix, data in files.items():
        stem.with_suffix(suffix).write_bytes(data)
    if as_json:
        print_json({"title": report.title, "files": [str(stem.with_suffix(s)) for s in files], "ok": report.ok,
                    "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in report.checks]})
        return
    console.print(f"已生成《{report.title}》：{', '.join(str(stem.with_suffix(s)) for s in files)}")
    for c in report.checks:
        console.print(f"{'[green]✓[/]' if c.ok else '[red]✗[/]'} {c.name}：{c.detail}")


@report_app.command("text")
@handles_errors
def text_cmd(year: int = typer.Option(..., "--year"), key: str = typer.Option(..., "--key", help="org 机构概况 / other 其他重要事项"),
             file: Path = typer.Option(..., "--file", help="UTF-8 文本文件")) -> None:
    """填写年度报告中由工作人员撰写的段落。"""
    from anju.report.service import set_text

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        set_text(uow, actor, year=year, key=key, body=file.read_text(encoding="utf-8"))
        uow.commit()
    console.print("已保存")


@report_app.command("target")
@handles_errors
def target_cmd(year: int = typer.Option(..., "--year"), code: str = typer.Option(..., "--code"),
               op: str = typer.Option("ge", "--op", help="ge 不低于 / le 不高于"),
               value: str = typer.Option(..., "--value", help="以指标显示单位填写：金额为万元，比率为%或‰")) -> None:
    """设置年度目标（首页仪表板对照显示）。"""
    from anju.report.service import set_target

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        set_target(uow, actor, year=year, code=code, op=op, value=value)
        uow.commit()
    console.print("已保存")


@report_app.command("export-jgj")
@handles_errors
def export_jgj_cmd(out: Path = typer.Option(..., "--out", help="输出目录"),
                   fmt: str = typer.Option("csv", "--format", help="csv 或 xlsx")) -> None:
    """按《住房公积金基础数据标准》（JGJ/T 320）字段代码导出单位、个人、账户、业务明细和贷款数据。"""
    from anju.report.jgj import export

    with get_engine().connect() as conn:
        written = export(conn, system_actor("report export-jgj"), out, fmt=fmt)
    for name, rows in written.items():
        console.print(f"{name}：{rows} 行")


@export_app.command("jgj")
@handles_errors
def export_jgj_standard_cmd(to: Path = typer.Option(..., "--to", help="输出目录"),
                            since: str = typer.Option(None, "--since", help="增量导出的起始日期YYYY-MM-DD（默认全量）"),
                            fmt: str = typer.Option("parquet,csv", "--format", help="parquet、csv 或 parquet,csv"),
                            as_json: bool = typer.Option(False, "--json", help="以JSON输出清单")) -> None:
    """按《住房公积金基础数据标准》（JGJ/T 320-2014）导出中心持有的全部标准表：Parquet与CSV，全量或自某日起增量，
    附清单manifest.json（中心代码、期间、各表行数与SHA-256）。"""
    from datetime import date

    from anju.cli_support import fail
    from anju.report.jgj import export_standard

    try:
        start = date.fromisoformat(since) if since else None
    except ValueError:
        fail(f"起始日期格式应为YYYY-MM-DD：{since}", as_json=as_json)
        return
    formats = tuple(f.strip() for f in fmt.split(",") if f.strip())
    with get_engine().connect() as conn:
        manifest = export_standard(conn, system_actor("export jgj"), to, as_of=business_today(), since=start,
                                   formats=formats)
    if as_json:
        print_json(manifest)
        return
    console.print(f"{manifest['centre_name']}（{manifest['centre_code']}）"
                  f"{'增量自' + manifest['period']['from'] if since else '全量'}至{manifest['period']['to']}：")
    for t in manifest["tables"]:
        console.print(f"  {t['code']} {t['name']}：{t['rows']} 行")
    for t in manifest["pending"]:
        console.print(f"  [yellow]{t['code']} {t['name']}：尚未导出（{t['reason']}）[/]")
    console.print(f"清单：{to / 'manifest.json'}")
