"""`anju calendar …`: see and edit the working-day calendar, count deadlines."""

from __future__ import annotations

from datetime import date

import typer

from anju.cli_support import console, get_engine, handles_errors, parse_date_option, print_json, signed_in
from anju.db import UnitOfWork

NAME = "calendar"
HELP = "工作日历：法定节假日与调休"
app = typer.Typer(no_args_is_help=True)


@app.command("show")
@handles_errors
def show(year: int, as_json: bool = typer.Option(False, "--json")) -> None:
    """列出某年与周一至周五规则不同的日期（节假日与调休上班日）。"""
    from sqlalchemy import select

    from anju.workcal.tables import calendar_day

    with get_engine().connect() as conn:
        rows = conn.execute(select(calendar_day).where(calendar_day.c.day >= date(year, 1, 1),
                                                       calendar_day.c.day < date(year + 1, 1, 1))
                            .order_by(calendar_day.c.day)).all()
    if as_json:
        print_json([{"day": r.day, "is_workday": bool(r.is_workday), "note": r.note, "source": r.source} for r in rows])
        return
    if not rows:
        console.print(f"{year}年没有节假日数据，请由管理员维护（anju calendar set）")
    for r in rows:
        console.print(f"{r.day} {'调休上班' if r.is_workday else '休息'} {r.note} [dim]{r.source}[/]")


@app.command("set")
@handles_errors
def set_cmd(day: str, work: bool = typer.Option(None, "--work/--off", help="上班日或休息日"),
            default: bool = typer.Option(False, "--default", help="恢复为周一至周五规则"),
            note: str = typer.Option("", "--note")) -> None:
    """维护工作日历中的一天。"""
    from anju.workcal.service import set_day

    engine = get_engine()
    actor = signed_in(engine)
    if not default and work is None:
        raise typer.BadParameter("请指定 --work、--off 或 --default")
    with UnitOfWork(engine) as uow:
        set_day(uow, actor, day=parse_date_option(day), is_workday=None if default else work, note=note)
        uow.commit()
    console.print("已保存")


@app.command("deadline")
@handles_errors
def deadline(accepted: str, workdays: int, as_json: bool = typer.Option(False, "--json")) -> None:
    """受理日起N个工作日的办结期限。"""
    from anju.workcal.service import load_calendar

    with get_engine().connect() as conn:
        cal = load_calendar(conn)
    due = cal.deadline(parse_date_option(accepted), workdays)
    if as_json:
        print_json({"accepted": parse_date_option(accepted), "workdays": workdays, "deadline": due})
    else:
        console.print(f"办结期限：{due}")
