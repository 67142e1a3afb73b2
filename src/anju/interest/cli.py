"""`anju interest …`: deposit-interest tools; for now the 积数 calculator that explains one account's interest."""

from __future__ import annotations

from datetime import timedelta

import typer

from anju.cli_support import (
    Inputs,
    console,
    get_engine,
    handles_errors,
    parse_date_option,
    parse_int_option,
    parse_percent_option,
    print_json,
    system_actor,
)
from anju.core.errors import AnjuError, Problem
from anju.core.money import format_yuan, parse_yuan, yuan_str
from anju.interest.errors import InterestError

NAME = "interest"
HELP = "结息：积数计息试算与解释，月度利息计提"
app = typer.Typer(no_args_is_help=True)


def parse_move(text: str):
    """``"2024-10-15:1000.00"`` (or with a fullwidth colon) → Movement; the amount may be negative."""
    from anju.interest.calc import Movement

    day, sep, amount = text.replace("：", ":").partition(":")
    if not sep:
        raise AnjuError(InterestError.CLI_MOVEMENT_FORMAT, text=text)
    return Movement(parse_date_option(day), parse_yuan(amount))


def parse_basis(text: str) -> int:
    basis = parse_int_option(text)
    if basis not in (360, 365):
        raise AnjuError(InterestError.CLI_DAY_BASIS, text=text)
    return basis


def _rates(start, end, rate, basis):
    """The rate periods: from the command line when both values are given, else the policy in the database
    with whichever value was given put over it."""
    from dataclasses import replace

    from anju.interest.calc import RatePeriod, collapse_rates, rates_from_policy

    if rate is not None and basis is not None:
        return [RatePeriod(start, rate, basis)], "命令行"
    from anju.policy.store import load_store

    with get_engine().connect() as conn:
        periods = rates_from_policy(load_store(conn), start, end)
    overridden = [replace(p, rate=p.rate if rate is None else rate, basis=p.basis if basis is None else basis)
                  for p in periods]
    return collapse_rates(overridden), "政策参数" if rate is None and basis is None else "政策参数与命令行"


def _result_json(result, source: str) -> dict:
    from anju.policy.kinds import format_ratio

    return {
        "year": result.year, "start": result.start, "end_exclusive": result.end,
        "opening": yuan_str(result.opening), "closing": yuan_str(result.closing), "rate_source": source,
        "segments": [
            {"start": s.start, "end": s.last_day, "end_exclusive": s.end_exclusive, "balance": yuan_str(s.balance),
             "days": s.days, "jishu": yuan_str(s.jishu), "rate": str(s.rate), "rate_shown": format_ratio(s.rate),
             "basis": s.basis}
            for s in result.segments
        ],
        "days": sum(s.days for s in result.segments),
        "jishu_unit": "元·天",
        "jishu_total": yuan_str(result.jishu_total),
        "interest": yuan_str(result.interest),
    }


def _print_result(result, source: str) -> None:
    from rich.table import Table

    from anju.policy.kinds import format_ratio

    last_day = result.end - timedelta(days=1)
    t = Table(title=f"{result.year}年度结息（{result.start}至{last_day}，利率取自{source}）",
              header_style="bold")
    for h, justify in (("起止日期", "left"), ("余额", "right"), ("天数", "right"), ("积数（元·天）", "right"),
                       ("利率", "right"), ("基数", "right")):
        t.add_column(h, justify=justify)
    for s in result.segments:
        t.add_row(f"{s.start} 至 {s.last_day}", format_yuan(s.balance), str(s.days), format_yuan(s.jishu),
                  format_ratio(s.rate), str(s.basis))
    t.add_section()
    t.add_row("合计", "", str(sum(s.days for s in result.segments)), format_yuan(result.jishu_total), "", "")
    console.print(t)
    console.print(f"期初余额 {format_yuan(result.opening)} 元，期末余额 {format_yuan(result.closing)} 元")
    console.print(f"积数合计 {format_yuan(result.jishu_total)} 元·天，利息 [bold]{format_yuan(result.interest)}[/] 元"
                  "（各段积数×年利率÷天数基数之和，四舍五入到分）")


@app.command("calc")
@handles_errors
def calc_cmd(
    year: str = typer.Option(..., "--year", help="结息年度（6月30日结息的年份），如 2025 即 2024-07-01至2025-06-30"),
    opening: str = typer.Option("0.00", "--opening", help="年度期初余额（元）"),
    moves: list[str] = typer.Option(None, "--move", help="发生额“日期:金额”，支取为负，如 2025-03-01:-5000.00；可多次"),
    basis: str = typer.Option(None, "--basis", help="计息天数基数：360或365；省略时取政策参数"),
    rate: str = typer.Option(None, "--rate", help="年利率（百分数），如 1.50；省略时取政策参数"),
    as_json: bool = typer.Option(False, "--json", help="以JSON输出（金额为元，积数为元·天）"),
) -> None:
    """积数计息试算：逐段列出余额、天数、积数和利率，给出积数合计与利息。给出--rate与--basis时不需要数据库。"""
    from anju.core.dates import interest_year
    from anju.interest.calc import compute_interest

    inputs = Inputs()
    settle_year = inputs.read("结息年度", parse_int_option, year)
    opening_fen = inputs.read("期初余额", parse_yuan, opening)
    movements = [inputs.read("发生额", parse_move, m) for m in moves or ()]
    day_basis = inputs.read("计息天数基数", parse_basis, basis)
    annual_rate = inputs.read("年利率", parse_percent_option, rate)
    if settle_year is not None and not 1901 <= settle_year <= 9999:
        inputs.problems.append(Problem.of(InterestError.YEAR_OUT_OF_RANGE, field="结息年度", year=year))
    inputs.check()
    period = interest_year(settle_year)
    rates, source = _rates(period.start, period.end, annual_rate, day_basis)
    result = compute_interest(opening=opening_fen, movements=movements, start=period.start, end=period.end,
                              rates=rates)
    if as_json:
        print_json(_result_json(result, source))
    else:
        _print_result(result, source)



@app.command("explain")
@handles_errors
def explain_cmd(key: str = typer.Argument(..., help="个人账号或身份证号码"),
                year: int = typer.Option(..., "--year", help="结息年度（截至当年6月30日）"),
                as_json: bool = typer.Option(False, "--json")) -> None:
    """解释一个账户某年度的利息：各段余额、天数、积数和利率。"""
    from sqlalchemy import select

    from anju.interest.queries import explain
    from anju.interest.tables import interest_settlement
    from anju.registry.cli import _account_id

    with get_engine().connect() as conn:
        account_id = _account_id(conn, key)
        result = explain(conn, account_id, year)
        credited = conn.execute(select(interest_settlement.c.interest).where(
            interest_settlement.c.year == year, interest_settlement.c.account_id == account_id)).scalar()
    if as_json:
        out = _result_json(result, "政策参数")
        out["credited"] = None if credited is None else yuan_str(credited)
        print_json(out)
        return
    _print_result(result, "政策参数")
    if credited is not None:
        console.print(f"结息记账：{format_yuan(credited)} 元" + ("（与计算一致）" if credited == result.interest else "[red]（不一致）[/]"))


@app.command("accrue")
@handles_errors
def accrue_cmd(month: str = typer.Option(..., "--month", help="计提月份 YYYYMM，计提至该月末"),
               on: str = typer.Option(None, "--date", help="业务日期，默认今天（须在该月末或之后）"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """月度利息计提：按积数计算本结息年度至该月末应计的职工利息，与已计提数的差额记一张凭证（借41101/贷211；
    少于已计提时冲回）。同一月份重复执行不会重复记账。"""
    from anju.core.dates import format_month, parse_month
    from anju.interest.monthly import accrue_month

    result = accrue_month(get_engine(), system_actor("interest accrue"), month=parse_month(month), as_of=parse_date_option(on))
    if as_json:
        print_json({"month": result.month, "year": result.year, "total": yuan_str(result.total),
                    "amount": yuan_str(result.amount), "voucher_id": result.voucher_id, "created": result.created})
        return
    shown = format_month(result.month)
    if not result.created:
        console.print(f"{shown}已计提（本月记账{format_yuan(result.amount)}元），未重复记账")
    elif result.amount == 0:
        console.print(f"{shown}利息计提：截至月末应计{format_yuan(result.total)}元，与已计提数相同，无需记账")
    else:
        direction = "计提" if result.amount > 0 else "冲回"
        console.print(f"{shown}利息计提完成：{result.year}年度截至月末应计利息{format_yuan(result.total)}元，"
                      f"本月{direction}{format_yuan(abs(result.amount))}元（凭证{result.voucher_id}）")
