"""``anju-supervise``: provincial supervision on Spark over the centres' JGJ/T 320 exports.

    anju-supervise run --export DIR [--export DIR …] --out DIR --from 2026-01-01 --to 2026-12-31 [--master local[2]]
    anju-supervise province --out DIR [--centres 3 --members 60 --months 3]   (the synthetic province, end to end)

On a cluster: ``spark-submit --master yarn …/anju/supervision/cli.py run …`` (docs/supervision.md)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import typer

NAME = "supervise"  # also `anju supervise …`
HELP = "住房公积金省级监管：在Spark上汇总各中心JGJ/T 320导出数据，计算全省指标并跨中心稽查"
app = typer.Typer(no_args_is_help=True, help=HELP)


def _day(text: str, label: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        typer.echo(f"{label}格式应为YYYY-MM-DD：{text}", err=True)
        raise typer.Exit(2) from None


def _print(result, out: Path) -> None:
    from anju.supervision import audit, indicators

    codes = sorted(result.figures.by_centre)
    typer.echo(f"中心：{'、'.join(f'{result.names[c]}（{c}）' for c in codes)}")
    for ind in indicators.ORDER:
        name, unit = indicators.NAMES[ind]
        typer.echo(f"  {name}（{unit}）：全省 {indicators.shown(ind, result.figures.total[ind])}；" + "，".join(
            f"{c} {indicators.shown(ind, result.figures.by_centre[c][ind])}" for c in codes))
    for code, rule in audit.RULES.items():
        typer.echo(f"  疑点·{rule.name}：{sum(1 for h in result.hits if h[1] == code)} 条")
    typer.echo(f"结果：{out}（indicators.parquet、hits.parquet、监管报告.xlsx与.pdf、疑点/疑点_<中心代码>.csv）")


@app.command("run")
def run_cmd(export: list[Path] = typer.Option(..., "--export", help="一个中心的导出目录（含manifest.json），可多次"),
            out: Path = typer.Option(..., "--out", help="结果目录"),
            start: str = typer.Option(..., "--from", help="期间起始日期YYYY-MM-DD"),
            end: str = typer.Option(..., "--to", help="期间截止日期YYYY-MM-DD（含）"),
            master: str = typer.Option(None, "--master", help="Spark master，默认local[2]；spark-submit下不用"),
            transfers: int = typer.Option(2, "--transfers", help="频繁异地转移：期间内转出次数下限")) -> None:
    """汇总各中心导出，计算全省与各中心指标，跨中心稽查，输出Parquet、Excel报告与各中心疑点文件。"""
    from anju.supervision.load import LoadError
    from anju.supervision.run import run
    from anju.supervision.session import spark

    first, last = _day(start, "期间起始日期"), _day(end, "期间截止日期")
    try:
        result = run(spark(master), export, out, start=first, end=last + timedelta(days=1), as_of=last,
                     transfers=transfers)
    except LoadError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    _print(result, out)


@app.command("province")
def province_cmd(out: Path = typer.Option(..., "--out", help="工作目录（各中心数据库、导出与结果）"),
                 centres: int = typer.Option(3, "--centres", help="中心数"),
                 members: int = typer.Option(60, "--members", help="每个中心的起始职工人数"),
                 months: int = typer.Option(3, "--months", help="模拟月数"),
                 start_month: int = typer.Option(202601, "--start", help="起始年月YYYYMM"),
                 master: str = typer.Option(None, "--master", help="Spark master，默认local[2]")) -> None:
    """模拟省份：生成若干中心（含跨中心的预置疑点）、逐中心导出、在Spark上运行省级监管。"""
    from anju.sim import province
    from anju.supervision.run import run
    from anju.supervision.session import spark

    built = province.build(out / "centres", centres=centres, members=members, months=months,
                           start_month=start_month, progress=typer.echo)
    exports = province.export(built, out / "exports")
    result = run(spark(master, small=members * centres <= 20_000), exports, out / "result", start=built.start,
                 end=built.end, as_of=built.last_day)
    _print(result, out / "result")
    found = {(h[1], h[3], h[-1]) for h in result.hits}
    missed = [c for c in built.planted for code in c.centres if (c.rule, c.id_number, code) not in found]
    typer.echo(f"预置疑点{len(built.planted)}个，{'全部查出' if not missed else f'未查出{len(missed)}个'}")


def main() -> None:
    from anju import compose

    compose.wire()
    app()


if __name__ == "__main__":
    main()
