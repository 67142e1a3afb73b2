"""`anju sim`: generate a synthetic centre (employers, members, months of remittances, interest) into the
configured database."""

from __future__ import annotations

import typer

from anju.cli_support import business_today, console, fail, get_engine, handles_errors, print_json

NAME = "sim"
HELP = "模拟中心：按随机种子生成单位、职工与若干月的缴存、结息（小规模走业务服务，大规模批量写入）"
app = typer.Typer(invoke_without_command=True)


@app.callback()
@handles_errors
def generate(members: int = typer.Option(1000, "--members", help="起始职工人数"),
             employers: int = typer.Option(None, "--employers", help="单位数（默认约每65名职工一个单位）"),
             seed: int = typer.Option(1, "--seed", help="随机种子（同一种子生成同样的中心）"),
             months: int = typer.Option(12, "--months", help="模拟月数"),
             start: int = typer.Option(None, "--start", help="起始年月YYYYMM（默认使最后一个月为本月）"),
             path: str = typer.Option("auto", "--path", help="auto、service（业务服务）或 bulk（批量）"),
             activity: list[str] = typer.Option(None, "--activity", help="加入的业务活动，如 withdrawal（可多次）"),
             share: float = typer.Option(1.0, "--activity-share", help="业务活动频率倍数（大规模测试可取0.1）"),
             verify: bool = typer.Option(True, "--verify/--no-verify", help="生成后运行 anju verify 的全部检查"),
             as_json: bool = typer.Option(False, "--json", help="以JSON输出")) -> None:
    """生成模拟中心。"""
    from anju.core.dates import add_months, month_of
    from anju.sim.plan import SimConfig
    from anju.sim.run import run
    from anju.verify import run_all

    today = business_today()
    start = start or add_months(month_of(today), -(months - 1))
    end_date = today if add_months(start, months - 1) == month_of(today) else None
    config = SimConfig(seed=seed, members=members, employers=employers, start_month=start, months=months,
                       end_date=end_date, activities=tuple(activity or ()),
                       activity_share=share)
    engine = get_engine()
    try:
        result = run(engine, config, path=path, progress=None if as_json else lambda s: console.print(f"[dim]{s}[/]"))
    except ValueError as exc:
        fail(str(exc), as_json=as_json)
        return
    out = {"path": result.path, "members": result.members, "employers": result.employers, "months": result.months,
           "seconds": round(result.seconds, 1), "steps": {k: round(v, 1) for k, v in result.steps.items()}}
    if verify:
        with engine.connect() as conn:
            bad = [r.check.name for r in run_all(conn) if not r.ok]
        out["verify"] = bad if bad else "ok"
    if as_json:
        print_json(out)
    else:
        console.print(f"已生成：{result.employers}个单位、{result.members}名职工、{result.months}个月"
                      f"（{result.path}，{result.seconds:.1f}秒）")
        if verify:
            console.print("[bold green]全部检查通过[/]" if out["verify"] == "ok" else f"[bold red]未通过：{out['verify']}[/]")
    if verify and out["verify"] != "ok":
        raise typer.Exit(1)
