"""`anju ledger …`: trial balance, vouchers, manual journal entries, reversal and period closing."""

from __future__ import annotations

import typer

from anju.cli_support import console, get_engine, handles_errors, parse_date_option, print_json, signed_in
from anju.core import labels
from anju.core.money import format_yuan
from anju.db import UnitOfWork

NAME = "ledger"
HELP = "总账：凭证、试算平衡、结账"
app = typer.Typer(no_args_is_help=True)


@app.command("trial-balance")
@handles_errors
def trial_balance_cmd(as_of: str = typer.Option(None, "--as-of"), as_json: bool = typer.Option(False, "--json"),
                      book: str = typer.Option("hpf", "--book", help="账套：hpf 住房公积金，mf 住宅专项维修资金")) -> None:
    """试算平衡表：一个账套各科目借贷发生额与余额。"""
    from anju.ledger.queries import trial_balance

    day = parse_date_option(as_of)
    with get_engine().connect() as conn:
        rows = trial_balance(conn, as_of=day, book=book)
    total_d = sum(r.debit for r in rows if r.is_leaf)
    total_c = sum(r.credit for r in rows if r.is_leaf)
    if as_json:
        print_json({"as_of": day, "book": book, "balanced": total_d == total_c, "debit_total": format_yuan(total_d, grouping=False),
                    "credit_total": format_yuan(total_c, grouping=False),
                    "accounts": [{"code": r.code, "name": r.name, "debit": format_yuan(r.debit, grouping=False),
                                  "credit": format_yuan(r.credit, grouping=False),
                                  "balance": format_yuan(r.balance, grouping=False), "side": r.side} for r in rows]})
        return
    from rich.table import Table

    t = Table(title=f"试算平衡表（截至{day}）", header_style="bold")
    for h, j in (("科目", "left"), ("名称", "left"), ("借方发生额", "right"), ("贷方发生额", "right"),
                 ("方向", "center"), ("余额", "right")):
        t.add_column(h, justify=j)
    for r in rows:
        if r.debit or r.credit or not r.parent:
            t.add_row(r.code, r.name, format_yuan(r.debit), format_yuan(r.credit), r.side, format_yuan(r.balance))
    t.add_row("合计", "", format_yuan(total_d), format_yuan(total_c), "", "平衡" if total_d == total_c else "不平衡")
    console.print(t)


@app.command("vouchers")
@handles_errors
def vouchers_cmd(start: str = typer.Option(None, "--from"), end: str = typer.Option(None, "--to", help="不含"),
                 limit: int = typer.Option(50, "--limit"), as_json: bool = typer.Option(False, "--json")) -> None:
    """凭证列表。"""
    from anju.ledger.queries import list_vouchers

    with get_engine().connect() as conn:
        rows = list_vouchers(conn, start=parse_date_option(start) if start else None,
                             end=parse_date_option(end) if end else None, limit=limit)
    if as_json:
        print_json([dict(r._mapping) for r in rows])
        return
    from rich.table import Table

    t = Table(header_style="bold")
    for h in ("ID", "凭证号", "日期", "类型", "摘要"):
        t.add_column(h)
    for r in rows:
        t.add_row(str(r.id), f"{r.period}-{r.number:05d}", str(r.voucher_date), labels.voucher_kind(r.kind), r.summary)
    console.print(t)


@app.command("show")
@handles_errors
def show_cmd(voucher_id: int, as_json: bool = typer.Option(False, "--json")) -> None:
    """显示一张凭证及其分录。"""
    from anju.core.errors import ErrorCode, NotFound
    from anju.ledger.queries import voucher_with_lines

    with get_engine().connect() as conn:
        head, lines = voucher_with_lines(conn, voucher_id)
    if head is None:
        raise NotFound(ErrorCode.VOUCHER_NOT_FOUND, voucher=voucher_id)
    if as_json:
        print_json({"voucher": dict(head._mapping), "lines": [dict(r._mapping) for r in lines]})
        return
    console.print(f"记账凭证 {head.period}-{head.number:05d}  {head.voucher_date}  {head.summary}  [dim]{head.idempotency_key}[/]")
    for r in lines:
        side = f"借 {format_yuan(r.debit)}" if r.debit else f"    贷 {format_yuan(r.credit)}"
        console.print(f"  {r.account_code} {r.account_name}  {side}")


def _parse_line(text: str):
    from anju.core.errors import AnjuError, ErrorCode
    from anju.core.money import parse_yuan
    from anju.ledger.rules import Line

    try:
        account, side, amount = text.split(":")
    except ValueError:
        raise AnjuError(ErrorCode.VOUCHER_LINE, detail=f"分录应写成 科目:dr|cr:金额，实际为{text}") from None
    fen = parse_yuan(amount)
    if side.lower() in ("dr", "借", "d"):
        return Line.dr(account, fen)
    if side.lower() in ("cr", "贷", "c"):
        return Line.cr(account, fen)
    raise AnjuError(ErrorCode.VOUCHER_LINE, detail=f"借贷方向应为dr或cr：{text}")


@app.command("post")
@handles_errors
def post_cmd(key: str = typer.Option(..., "--key", help="业务键（幂等）"), on: str = typer.Option(None, "--date"),
             summary: str = typer.Option(..., "--summary"),
             line: list[str] = typer.Option(..., "--line", help="科目:dr|cr:金额，可多次"),
             as_json: bool = typer.Option(False, "--json")) -> None:
    """手工记账（财务）：一张借贷平衡的凭证；同一业务键重复提交返回原凭证。"""
    from anju.ledger.service import post_manual

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        posted = post_manual(uow, actor, key=key, voucher_date=parse_date_option(on), summary=summary,
                             lines=[_parse_line(x) for x in line])
        uow.commit()
    if as_json:
        print_json(posted)
    else:
        console.print(f"{'已记账' if posted.created else '该业务键已记账，返回原凭证'}：{posted.label}（ID {posted.id}）")


@app.command("reverse")
@handles_errors
def reverse_cmd(voucher_id: int, reason: str = typer.Option(..., "--reason"), on: str = typer.Option(None, "--date"),
                as_json: bool = typer.Option(False, "--json")) -> None:
    """冲销一张凭证（生成镜像凭证并相互关联）。"""
    from anju.ledger.service import reverse

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        posted = reverse(uow, actor, voucher_id=voucher_id, key=f"reverse:{voucher_id}",
                         voucher_date=parse_date_option(on), reason=reason)
        uow.commit()
    if as_json:
        print_json(posted)
    else:
        console.print(f"已冲销，冲销凭证 {posted.label}（ID {posted.id}）")


@app.command("close-period")
@handles_errors
def close_period_cmd(period: int, as_json: bool = typer.Option(False, "--json")) -> None:
    """结账：此后该期间不能再记账。"""
    from anju.ledger.service import close_period

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        close_period(uow, actor, period=period)
        uow.commit()
    if as_json:
        print_json({"ok": True, "period": period})
    else:
        console.print(f"会计期间{period}已结账")
