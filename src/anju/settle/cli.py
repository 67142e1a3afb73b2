"""`anju bank …`: the entrusted banks — statements, matching, the 调节表, 日清月结 (settle), and the banks' accounts,
agreements, fees and assessment (bankcore's block)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from anju.cli_support import console, get_engine, handles_errors, parse_date_option, print_json, signed_in
from anju.core.dates import parse_month
from anju.core.money import format_yuan
from anju.db import UnitOfWork

NAME = "bank"
HELP = "受托银行：对账单、对账匹配、余额调节表、日清月结、专户与协议、手续费与考核"
app = typer.Typer(no_args_is_help=True)

# ---- settle: statements, matching, reconciliation

statement_app = typer.Typer(no_args_is_help=True, help="银行对账单")
app.add_typer(statement_app, name="statement")


def _yuan(fen: int) -> str:
    return format_yuan(fen, grouping=False)


@statement_app.command("import")
@handles_errors
def statement_import_cmd(file: Path, account: str = typer.Option(..., "--account", help="专户账号"),
                         on: str = typer.Option(None, "--date", help="对账单日期（文件只含一天时核对）"),
                         as_json: bool = typer.Option(False, "--json")) -> None:
    """导入专户对账单（按银行的对账单格式读取）；同一流水号重复导入不重复记录，所有错误行一次列出。"""
    from anju.settle import statements as stmts

    engine = get_engine()
    actor = signed_in(engine)
    data = file.read_bytes()
    with UnitOfWork(engine) as uow:
        rows = stmts.read_file(uow.conn, account, data, filename=file.name)
        out = stmts.import_statement(uow, actor, account_code=account, day=parse_date_option(on) if on else None,
                                     rows=rows, file_name=file.name, content=data)
        uow.commit()
    if as_json:
        print_json({"file_id": out.file_id, "lines": out.lines, "new": out.new, "already": out.already})
        return
    console.print(f"对账单已导入：共 {out.lines} 笔，新增 {out.new} 笔，已有 {out.already} 笔")


@app.command("match")
@handles_errors
def match_cmd(on: str = typer.Option(None, "--date", help="对账日期，默认今天"),
              account: str = typer.Option(None, "--account", help="专户账号，默认全部"),
              as_json: bool = typer.Option(False, "--json")) -> None:
    """自动匹配：银行流水号、备注业务流水号、金额日期、批量合计、冲正配对。"""
    from anju.settle import recon

    engine = get_engine()
    actor = signed_in(engine)
    day = parse_date_option(on)
    out = recon.run_match(engine, actor, on=day, account_code=account)
    if as_json:
        print_json({code: {"matched": r.matched, "suspects": r.suspects, "left_bank": r.left_bank,
                           "left_book": r.left_book} for code, r in out.items()})
        return
    from anju.settle.codes import MatchRule

    for code, r in out.items():
        made = "，".join(f"{MatchRule(k).label}{n}笔" for k, n in r.matched.items()) or "无"
        console.print(f"专户 {code}：匹配 {made}；金额不符 {r.suspects} 笔；未匹配 银行 {r.left_bank} 笔、中心 {r.left_book} 笔")


def reconciliation_json(r) -> dict:
    t = r.table
    return {"account": r.account.code, "bank": r.account.bank_name, "date": r.on.isoformat(), "closed": r.closed,
            "book_balance": _yuan(t.book_balance), "bank_balance": _yuan(t.bank_balance),
            "adjusted_book": _yuan(t.adjusted_book), "adjusted_ledger": _yuan(t.adjusted_book),
            "adjusted_bank": _yuan(t.adjusted_bank), "difference": _yuan(t.difference), "explanation": r.explanation,
            "items": [{"kind": i.kind.value, "kind_label": i.kind.label, "side": i.side.value, "ref": i.ref,
                       "date": i.day.isoformat(), "amount": _yuan(abs(i.amount)), "reason": i.reason,
                       "text": i.text} for i in t.items]}


@app.command("reconcile")
@handles_errors
def reconcile_cmd(account: str = typer.Option(..., "--account", help="专户账号"),
                  on: str = typer.Option(None, "--date", help="调节日期，默认今天"),
                  as_json: bool = typer.Option(False, "--json")) -> None:
    """打印银行存款余额调节表。"""
    from anju.settle import recon
    from anju.settle.codes import ItemKind

    engine = get_engine()
    with engine.connect() as conn:
        r = recon.reconcile(conn, account, parse_date_option(on))
    if as_json:
        print_json(reconciliation_json(r))
        return
    t = r.table
    console.print(f"[bold]银行存款余额调节表[/]  专户 {r.account.code}（{r.account.bank_name}）  {r.on.isoformat()}"
                  + ("  已日结" if r.closed else ""))
    grid = Table("中心日记账", "金额（元）", "银行对账单", "金额（元）")
    grid.add_row("日记账余额", format_yuan(t.book_balance), "对账单余额", format_yuan(t.bank_balance))
    grid.add_row("加：银行已收中心未收", format_yuan(t.total(ItemKind.BANK_IN)), "加：中心已收银行未收",
                 format_yuan(t.total(ItemKind.BOOK_IN)))
    grid.add_row("减：银行已付中心未付", format_yuan(t.total(ItemKind.BANK_OUT)), "减：中心已付银行未付",
                 format_yuan(t.total(ItemKind.BOOK_OUT)))
    grid.add_row("调节后余额", format_yuan(t.adjusted_book), "调节后余额", format_yuan(t.adjusted_bank))
    console.print(grid)
    if t.items:
        items = Table("类别", "日期", "金额（元）", "摘要", "原因")
        for i in t.items:
            items.add_row(i.kind.label, i.day.isoformat(), format_yuan(abs(i.amount)), i.text, i.reason or "[red]须说明[/]")
        console.print(items)
    if t.difference:
        console.print(f"[red]调节后余额不等，差额 {format_yuan(t.difference)} 元[/]"
                      + (f"：{r.explanation}" if r.explanation else ""))


@app.command("close-day")
@handles_errors
def close_day_cmd(on: str = typer.Argument(..., help="日结日期"),
                  explain: list[str] = typer.Option([], "--explain", help="专户账号=差额说明（调节后余额不等时）"),
                  as_json: bool = typer.Option(False, "--json")) -> None:
    """日结：每个专户调节相符（或差额已说明）且每笔未达账项都有原因时才能日结。"""
    from anju.settle import recon

    engine = get_engine()
    actor = signed_in(engine)
    explanations = dict(e.split("=", 1) for e in explain if "=" in e)
    with UnitOfWork(engine) as uow:
        out = recon.close_day(uow, actor, on=parse_date_option(on), explanations=explanations)
        uow.commit()
    if as_json:
        print_json([reconciliation_json(r) for r in out])
        return
    for r in out:
        console.print(f"专户 {r.account.code} {r.on.isoformat()} 已日结：调节后余额 {format_yuan(r.table.adjusted_bank)} 元，"
                      f"未达账项 {len(r.table.items)} 笔")


@app.command("close-month")
@handles_errors
def close_month_cmd(month: str = typer.Argument(..., help="YYYYMM")) -> None:
    """月结：当月每天都已日结才能月结。"""
    from anju.settle import recon

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        recon.close_month(uow, actor, month=parse_month(month))
        uow.commit()
    console.print(f"{month} 已月结")


@app.command("unmatched")
@handles_errors
def unmatched_cmd(on: str = typer.Option(None, "--date"), account: str = typer.Option(None, "--account"),
                  as_json: bool = typer.Option(False, "--json")) -> None:
    """未匹配明细（含账龄）。"""
    from anju.settle import recon

    engine = get_engine()
    with engine.connect() as conn:
        rows = recon.unmatched(conn, as_of=parse_date_option(on), account_code=account)
    if as_json:
        print_json([{"account": o.account_code, "side": o.side.value, "ref": o.ref, "date": o.day.isoformat(),
                     "amount": _yuan(o.amount), "text": o.text, "suspect": o.suspect, "age": o.age} for o in rows])
        return
    grid = Table("专户", "来源", "编号", "日期", "金额（元）", "摘要", "账龄（天）", "提示")
    for o in rows:
        grid.add_row(o.account_code, o.side.label, str(o.ref), o.day.isoformat(), format_yuan(o.amount), o.text,
                     str(o.age), o.suspect or "")
    console.print(grid)


@app.command("push-key")
@handles_errors
def push_key_cmd(prefix: str = typer.Argument(..., help="接口密钥前缀"),
                 bank: str = typer.Option(..., "--bank", help="受托银行代码")) -> None:
    """登记银行推送交易明细使用的接口密钥。"""
    from anju.auth import service as auth
    from anju.settle import statements as stmts

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        key = next((k for k in auth.list_api_keys(uow.conn) if k.prefix == prefix), None)
        if key is None:
            from anju.core.errors import NotFound
            from anju.settle.errors import SettleError

            raise NotFound(SettleError.PUSH_KEY_UNKNOWN, prefix=prefix)
        stmts.register_push_key(uow, actor, api_key_id=key.id, bank_code=bank)
        uow.commit()
    console.print(f"接口密钥 {prefix} 可推送受托银行 {bank} 的交易明细")


# ---- bankcore: banks, 专户, agreements, file layouts, fees, assessment (anju/settle/cli_banks.py)
from anju.settle import cli_banks  # noqa: E402

cli_banks.register(app)
