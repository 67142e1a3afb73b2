"""`anju policy …`: show the values in force, the history, change one value, load or check a file."""

from __future__ import annotations

from pathlib import Path

import typer

from anju.cli_support import console, get_engine, handles_errors, parse_date_option, print_json, signed_in
from anju.db import UnitOfWork

NAME = "policy"
HELP = "政策参数：查看、历史、修改、载入"
app = typer.Typer(no_args_is_help=True)


@app.command("show")
@handles_errors
def show(as_of: str = typer.Option(None, "--as-of", help="日期，默认今天"),
         as_json: bool = typer.Option(False, "--json")) -> None:
    """显示某日生效的全部政策参数。"""
    from dataclasses import asdict

    from anju.policy.queries import in_force

    day = parse_date_option(as_of)
    with get_engine().connect() as conn:
        rows = [asdict(r) for r in in_force(conn, day)]
    if as_json:
        print_json({"as_of": day, "values": rows})
        return
    from rich.table import Table

    t = Table(title=f"{day} 生效的政策参数", header_style="bold")
    for h in ("参数", "名称", "值", "自何日起"):
        t.add_column(h)
    for r in rows:
        t.add_row(r["key"], r["label"], r["shown"], str(r["effective_from"]))
    console.print(t)


@app.command("history")
@handles_errors
def history(key: str = typer.Argument(None, help="参数名，省略则全部"),
            as_json: bool = typer.Option(False, "--json")) -> None:
    """显示参数的全部版本（生效日期、版本号、值、依据、记录人）。"""
    from anju.policy.queries import history as versions_of

    with get_engine().connect() as conn:
        rows = [{"key": v.key, "effective_from": v.effective_from, "version": v.version, "value": v.shown,
                 "note": v.note, "recorded_by": v.recorded_by, "recorded_at": v.recorded_at, "source": v.source}
                for v in versions_of(conn, key)]
    if as_json:
        print_json(rows)
        return
    from rich.table import Table

    t = Table(header_style="bold")
    for h in ("参数", "生效日期", "版本", "值", "依据", "记录人"):
        t.add_column(h)
    for r in rows:
        t.add_row(r["key"], str(r["effective_from"]), str(r["version"]), r["value"], r["note"], r["recorded_by"])
    console.print(t)


@app.command("set")
@handles_errors
def set_(key: str, value: str, effective: str = typer.Option(..., "--from", help="生效日期"),
         note: str = typer.Option(..., "--note", help="依据（文件名或文号）"),
         as_json: bool = typer.Option(False, "--json")) -> None:
    """自某日起修改一个参数（生成新版本，历史保留）。"""
    from anju.policy.service import set_value

    engine = get_engine()
    actor = signed_in(engine)
    raw: object = value
    if value.lstrip("-").isdigit():
        raw = int(value)
    elif value in ("true", "false"):
        raw = value == "true"
    with UnitOfWork(engine) as uow:
        stored = set_value(uow, actor, key=key, raw=raw, effective=parse_date_option(effective), note=note)
        uow.commit()
    if as_json:
        print_json({"ok": True, "stored": stored})
    else:
        console.print("已保存新版本" if stored else "值未变化，未生成新版本")


@app.command("check")
def check(path: Path, as_json: bool = typer.Option(False, "--json")) -> None:
    """检查中心参数文件，列出全部问题（不写入数据库）。"""
    from anju.policy.service import check_file

    parsed, problems = check_file(path)
    if as_json:
        print_json({"ok": not problems, "problems": [str(p) for p in problems], "changes": len(parsed.changes)})
    elif problems:
        console.print(f"[red]{path} 有{len(problems)}处问题：[/]")
        for p in problems:
            console.print(f"  • {p}")
    else:
        console.print(f"[green]{path} 无误[/]：{len(parsed.banks)}家受托银行，{len(parsed.changes)}个生效日期")
    if problems:
        raise typer.Exit(1)


@app.command("load")
@handles_errors
def load(path: Path, as_json: bool = typer.Option(False, "--json")) -> None:
    """载入（或重新载入）中心参数文件；值未变化的参数不生成新版本。"""
    from anju.policy.service import load_centre

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        summary = load_centre(uow, actor, text=path.read_text(encoding="utf-8"), source=path.name)
        uow.commit()
    if as_json:
        print_json(summary)
    else:
        console.print(f"已载入{summary.centre}：新增参数版本{summary.versions_added}个，受托银行{summary.banks_added}家，"
                      f"会计科目{summary.accounts_added}个")
