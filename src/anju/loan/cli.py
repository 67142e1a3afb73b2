"""`anju loan …`: housing-loan tools; for now the repayment-schedule calculator (还款计划试算)."""

from __future__ import annotations

import typer

from anju.cli_support import (
    Inputs,
    console,
    handles_errors,
    parse_date_option,
    parse_int_option,
    parse_percent_option,
    print_json,
)
from anju.core.money import format_yuan, parse_yuan, yuan_str

NAME = "loan"
HELP = "个人住房贷款：还款计划试算等"
app = typer.Typer(no_args_is_help=True)


def _schedule_json(schedule) -> dict:
    from anju.policy.kinds import format_ratio

    return {
        "method": schedule.method.value,
        "method_name": schedule.method.label,
        "principal": yuan_str(schedule.principal),
        "annual_rate": str(schedule.annual_rate),
        "annual_rate_shown": format_ratio(schedule.annual_rate),
        "months": schedule.months,
        "total_payment": yuan_str(schedule.total_payment),
        "total_principal": yuan_str(schedule.total_principal),
        "total_interest": yuan_str(schedule.total_interest),
        "instalments": [
            {"period": i.period, "due_date": i.due_date, "payment": yuan_str(i.payment),
             "principal": yuan_str(i.principal), "interest": yuan_str(i.interest), "balance": yuan_str(i.balance)}
            for i in schedule.instalments
        ],
    }


def _print_schedule(schedule) -> None:
    from rich.table import Table

    from anju.policy.kinds import format_ratio

    dated = schedule.instalments[0].due_date is not None
    title = (f"还款计划（{schedule.method.label}，贷款{format_yuan(schedule.principal)}元，{schedule.months}期，"
             f"年利率{format_ratio(schedule.annual_rate)}）")
    t = Table(title=title, header_style="bold")
    t.add_column("期次", justify="right")
    if dated:
        t.add_column("还款日")
    for h in ("月供", "本金", "利息", "剩余本金"):
        t.add_column(h, justify="right")
    for i in schedule.instalments:
        amounts = (format_yuan(i.payment), format_yuan(i.principal), format_yuan(i.interest), format_yuan(i.balance))
        t.add_row(str(i.period), *((str(i.due_date),) if dated else ()), *amounts)
    t.add_section()
    totals = (format_yuan(schedule.total_payment), format_yuan(schedule.total_principal),
              format_yuan(schedule.total_interest), "")
    t.add_row("合计", *(("",) if dated else ()), *totals)
    console.print(t)


@app.command("schedule")
@handles_errors
def schedule_cmd(
    amount: str = typer.Option(..., "--amount", help="贷款金额（元），如 1000000.00"),
    months: str = typer.Option(..., "--months", help="期数（月），1至360"),
    rate: str = typer.Option(..., "--rate", help="年利率（百分数），如 2.60 表示2.60%"),
    method: str = typer.Option("equal-installment", "--method",
                               help="还款方式：equal-installment（等额本息）或 equal-principal（等额本金）"),
    start: str = typer.Option(None, "--start", help="放款日期；给出时按月排出还款日"),
    day: str = typer.Option(None, "--day", help="约定还款日（1至31），默认为放款日的日"),
    actual_days: bool = typer.Option(False, "--actual-days", help="首期按放款日至首期还款日的实际天数计息"),
    basis: str = typer.Option("360", "--basis", help="首期按实际天数计息时的天数基数：360或365"),
    as_json: bool = typer.Option(False, "--json", help="以JSON输出（金额为元）"),
) -> None:
    """还款计划试算：逐期列出月供、本金、利息和剩余本金，以及合计。不需要数据库。"""
    from anju.loan.schedule import Method, build_schedule

    inputs = Inputs()
    principal = inputs.read("贷款金额", parse_yuan, amount)
    term = inputs.read("期数", parse_int_option, months)
    annual_rate = inputs.read("年利率", parse_percent_option, rate)
    how = inputs.read("还款方式", Method.parse, method)
    disbursed = inputs.read("放款日期", parse_date_option, start)
    repayment_day = inputs.read("约定还款日", parse_int_option, day)
    day_basis = inputs.read("计息天数基数", parse_int_option, basis)
    inputs.check()
    schedule = build_schedule(principal, annual_rate, term, how, start=disbursed, repayment_day=repayment_day,
                              first_period_actual_days=actual_days, day_basis=day_basis)
    if as_json:
        print_json(_schedule_json(schedule))
    else:
        _print_schedule(schedule)
