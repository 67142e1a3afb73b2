"""`anju budget …`: codes, the import template, importing a year, checks, the ten tables, the 部门决算
document, staff texts and the demo year. (`anju performance …` lives in anju.performance.cli.)"""

from __future__ import annotations

from pathlib import Path

import typer

from anju.cli_support import console, get_engine, handles_errors, print_json, signed_in, system_actor
from anju.db import UnitOfWork

NAME = "budget"
HELP = "部门预决算：导入模板、年度数据、公开01–10表、部门决算文档与表间检查"
app = typer.Typer(no_args_is_help=True)

YEAR = typer.Argument(..., help="年度，如 2025")


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _checks_json(checks) -> list[dict]:
    return [{"code": c.code, "title": c.title, "ok": c.ok, "severity": c.severity, "details": list(c.details)}
            for c in checks]


def _print_checks(checks) -> None:
    for c in checks:
        mark = "[green]✓[/]" if c.ok else ("[red]✗[/]" if c.severity == "error" else "[yellow]![/]")
        console.print(f"{mark} {c.title}  [dim]{c.code}[/]")
        for d in c.details:
            console.print(f"    [red]•[/] {d}")


@app.command("template")
@handles_errors
def template_cmd(out: Path = typer.Argument(..., help="输出的 .xlsx 文件"),
                 year: int = typer.Option(None, "--year", help="导出已导入年度的数据（同一格式，可修改后再导入）")) -> None:
    """生成预决算数据导入模板（含填表说明、科目代码）；指定 --year 时导出该年度数据。"""
    from anju.budget.service import template_bytes

    with UnitOfWork(get_engine()) as uow:
        content = template_bytes(uow, system_actor("budget template"), year=year)
        uow.commit()  # the first use seeds the code tables
    _write(out, content)
    console.print(f"已生成 {out}")


@app.command("import")
@handles_errors
def import_cmd(year: int = YEAR, file: Path = typer.Argument(..., exists=True, dir_okay=False),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """导入一个年度的预决算数据：全部检查后整体导入；重新导入整体替换该年度数据（记审计）。"""
    from anju.budget.service import import_workbook
    from anju.core.money import format_wan

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        summary = import_workbook(uow, actor, year=year, content=file.read_bytes(), source=file.name)
        uow.commit()
    if as_json:
        print_json({"ok": True, "year": year, "replaced": summary.replaced, "dept_name": summary.dept_name,
                    "lines": summary.lines, "income": format_wan(summary.income, grouping=False),
                    "spend": format_wan(summary.spend, grouping=False), "checks": _checks_json(summary.checks)})
        return
    console.print(f"[green]已{'替换' if summary.replaced else '导入'}[/] {year}年度 {summary.dept_name}：{summary.lines}行，"
                  f"本年收入{format_wan(summary.income)}万元，本年支出{format_wan(summary.spend)}万元")
    _print_checks([c for c in summary.checks if not c.ok])
    if all(c.ok for c in summary.checks):
        console.print("表间检查全部通过")


@app.command("check")
@handles_errors
def check_cmd(year: int = YEAR, as_json: bool = typer.Option(False, "--json")) -> None:
    """发布前的表间检查（01表=02、03表，收支平衡，06表=05表基本支出……）；有错误时退出码非零。"""
    from anju.budget.service import year_report

    with get_engine().connect() as conn:
        report = year_report(conn, system_actor("budget check"), year=year)
    errors = [c for c in report.checks if not c.ok and c.severity == "error"]
    if as_json:
        print_json({"year": year, "ok": not errors, "checks": _checks_json(report.checks)})
    else:
        _print_checks(report.checks)
        console.print("[bold green]全部检查通过[/]" if report.ok else
                      f"[bold red]{len([c for c in report.checks if not c.ok])}项检查未通过[/]")
    if errors:
        raise typer.Exit(1)


@app.command("show")
@handles_errors
def show_cmd(year: int = YEAR, as_json: bool = typer.Option(False, "--json")) -> None:
    """年度概况：收支总额、结转结余、预算执行、“三公”经费与检查结果。"""
    from anju.budget.rules import execution, format_percent
    from anju.budget.service import year_report
    from anju.core.money import format_wan

    with get_engine().connect() as conn:
        r = year_report(conn, system_actor("budget show"), year=year)
    d = r.data
    figures = {
        "本年收入合计": d.income_total(), "本年支出合计": d.spend_total(), "年初结转和结余": d.carry_in(),
        "年末结转和结余": d.carry_out(), "“三公”经费决算数": d.three_public("total", "actual"),
        "政府采购支出总额": d.procurement_total(),
    }
    rows = execution(d)
    if as_json:
        print_json({"year": year, "dept_name": d.dept_name,
                    "figures": {k: format_wan(v, grouping=False) for k, v in figures.items()},
                    "execution": [{"label": e.label, "initial": format_wan(e.initial, grouping=False),
                                   "adjustment": format_wan(e.adjustment, grouping=False),
                                   "full": format_wan(e.full, grouping=False),
                                   "actual": format_wan(e.actual, grouping=False), "rate": format_percent(e.rate)}
                                  for e in rows],
                    "checks_ok": r.ok})
        return
    console.print(f"[bold]{d.dept_name} {year}年度[/]（单位：万元）")
    for k, v in figures.items():
        console.print(f"  {k}：{format_wan(v)}")
    from rich.table import Table

    t = Table(title="预算执行情况", header_style="bold")
    for h in ("项目", "年初预算数", "调整数", "全年预算数", "实际支出数", "执行率"):
        t.add_column(h, justify="left" if h == "项目" else "right")
    for e in rows:
        t.add_row("  " * e.level + e.label, format_wan(e.initial), format_wan(e.adjustment), format_wan(e.full),
                  format_wan(e.actual), format_percent(e.rate))
    console.print(t)
    console.print("表间检查：" + ("全部通过" if r.ok else "[red]有未通过项，见 anju budget check[/]"))


@app.command("years")
@handles_errors
def years_cmd(as_json: bool = typer.Option(False, "--json")) -> None:
    """已导入的年度。"""
    from anju.budget.queries import years

    with get_engine().connect() as conn:
        rows = years(conn)
    if as_json:
        print_json([{"year": y.year, "dept_name": y.dept_name, "source": y.source, "updated_at": y.updated_at,
                     "updated_by": y.updated_by} for y in rows])
        return
    for y in rows:
        console.print(f"{y.year}  {y.dept_name}  {y.source}  {y.updated_at:%Y-%m-%d %H:%M} {y.updated_by}")


@app.command("tables")
@handles_errors
def tables_cmd(year: int = YEAR, out: Path = typer.Argument(..., help="输出的 .xlsx 文件")) -> None:
    """公开01–10表（Excel，每表一个工作表）。"""
    from anju.budget.service import final_accounts_xlsx

    with get_engine().connect() as conn:
        content = final_accounts_xlsx(conn, system_actor("budget tables"), year=year)
    _write(out, content)
    console.print(f"已生成 {out}")


@app.command("report")
@handles_errors
def report_cmd(year: int = YEAR, out: Path = typer.Argument(..., help="输出的 .docx 文件")) -> None:
    """部门决算文档（Word）：概况、公开01–10表、九项情况说明（含同比变动）、名词解释；检查未通过时文首列出。"""
    from anju.budget.service import final_accounts_docx, year_report

    with get_engine().connect() as conn:
        content = final_accounts_docx(conn, system_actor("budget report"), year=year)
        ok = year_report(conn, system_actor("budget report"), year=year).ok
    _write(out, content)
    console.print(f"已生成 {out}" + ("" if ok else "（[red]表间检查未通过，文首已列出[/]）"))


codes_app = typer.Typer(no_args_is_help=True, help="科目代码（功能分类、经济分类）")
app.add_typer(codes_app, name="codes")


def _kind(economic: bool):
    from anju.budget.service import CodeKind

    return CodeKind.ECONOMIC if economic else CodeKind.FUNCTIONAL


@codes_app.command("list")
@handles_errors
def codes_list(economic: bool = typer.Option(False, "--economic", help="经济分类（默认功能分类）"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """列出科目代码。"""
    from anju.budget import queries
    from anju.budget.service import ensure_codes

    with UnitOfWork(get_engine()) as uow:
        ensure_codes(uow.conn)
        codes = queries.econ_codes(uow.conn) if economic else queries.func_codes(uow.conn)
        uow.commit()
    if as_json:
        print_json([{"code": c.code, "name": c.name, "description": c.description} for c in codes])
        return
    for c in codes:
        console.print(f"{'  ' * (len(c.code) // 2 - 1)}{c.code}  {c.name}")


@codes_app.command("set")
@handles_errors
def codes_set(code: str, name: str, economic: bool = typer.Option(False, "--economic"),
              description: str = typer.Option(None, "--description", help="名词解释（功能分类）")) -> None:
    """新增或修改科目（上级科目须已存在）。"""
    from anju.budget.service import set_code

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        added = set_code(uow, actor, kind=_kind(economic), code=code, name=name, description=description)
        uow.commit()
    console.print(f"已{'新增' if added else '修改'}科目 {code} {name}")


@codes_app.command("remove")
@handles_errors
def codes_remove(code: str, economic: bool = typer.Option(False, "--economic")) -> None:
    """删除未被使用、没有下级的科目。"""
    from anju.budget.service import remove_code

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        remove_code(uow, actor, kind=_kind(economic), code=code)
        uow.commit()
    console.print(f"已删除科目 {code}")


@app.command("text")
@handles_errors
def text_cmd(year: int = YEAR, key: str = typer.Argument(..., help="文字说明项，见 anju budget text-keys"),
             value: str = typer.Option(None, "--value", help="内容（空字符串为清除）"),
             file: Path = typer.Option(None, "--file", exists=True, dir_okay=False, help="从UTF-8文本文件读取")) -> None:
    """填写或查看文档中的文字说明（职责、变动原因、自评各部分）。"""
    from anju.budget import queries
    from anju.budget.service import set_text

    engine = get_engine()
    if value is None and file is None:
        with engine.connect() as conn:
            console.print(queries.texts(conn, year).get(key, "（未填写）"))
        return
    actor = signed_in(engine)  # filling a text in is finance's act; looking at it records nothing
    body = file.read_text(encoding="utf-8") if file is not None else value
    with UnitOfWork(engine) as uow:
        set_text(uow, actor, year=year, key=key, body=body)
        uow.commit()
    console.print(f"已保存 {year}年度 {key}")


@app.command("text-keys")
def text_keys_cmd(as_json: bool = typer.Option(False, "--json")) -> None:
    """可填写的文字说明项。"""
    from anju.budget.service import text_keys

    keys = text_keys()
    if as_json:
        print_json([{"key": k, "label": v} for k, v in keys])
        return
    for k, v in keys:
        console.print(f"{k:28} {v}")


@app.command("demo-data")
@handles_errors
def demo_cmd(year: int = YEAR, previous: bool = typer.Option(True, "--previous/--no-previous",
                                                              help="同时生成上一年度（用于同比）")) -> None:
    """为示例中心生成一个演示年度（及上一年度）：预决算数据、文字说明、绩效指标。"""
    from anju.budget.demo import load_demo
    from anju.budget.service import department_name

    with UnitOfWork(get_engine()) as uow:
        dept = department_name(uow.conn) or "示例市住房公积金管理中心"
        out = load_demo(uow, system_actor("budget demo-data"), year=year, dept=dept, with_previous=previous)
        uow.commit()
    failed = [c for c in out["year"].checks if not c.ok]
    console.print(f"已生成 {dept} {year}年度演示数据" + (f"及{year - 1}年度" if previous else "")
                  + f"，绩效指标{out['indicators']}项；表间检查{'全部通过' if not failed else '有未通过项'}")
