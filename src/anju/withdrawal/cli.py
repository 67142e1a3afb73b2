"""`anju withdrawal …`: the reasons in force, 试算 for one account, the queue with ageing, payment files to the
entrusted banks and their results, and the uses of a home."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from anju.cli_support import (
    console,
    get_engine,
    handles_errors,
    parse_date_option,
    print_json,
    signed_in,
    system_actor,
)
from anju.core.errors import AnjuError
from anju.core.money import format_yuan, parse_yuan
from anju.db import UnitOfWork
from anju.policy.store import policy_at
from anju.registry.cli import _account_id
from anju.withdrawal import payout, queries, rules
from anju.withdrawal import service as wd
from anju.withdrawal.codes import KINDS, kind_label, status_label
from anju.withdrawal.errors import WithdrawalError
from anju.workcal.service import load_calendar

NAME = "withdrawal"
HELP = "提取：提取情形与政策、试算、待办时限、付款文件与银行回盘、房屋使用记录"
app = typer.Typer(no_args_is_help=True)


@app.command("reasons")
@handles_errors
def reasons_cmd(on: str = typer.Option(None, "--date", help="适用日期（默认今天）"),
                as_json: bool = typer.Option(False, "--json")) -> None:
    """某日适用的提取情形：是否受理、销户、周期、次数、限额、申请要素与材料。"""
    day = parse_date_option(on)
    with get_engine().connect() as conn:
        policy = policy_at(conn, day)
    table = {code: rules.rules_at(policy, code) for code in KINDS}
    if as_json:
        print_json({code: {**r.__dict__, "label": KINDS[code].label, "reason": KINDS[code].reason.value}
                    for code, r in table.items()})
        return
    t = Table(title=f"{day} 适用的提取情形")
    for col in ("代码", "提取情形", "原因", "受理", "销户", "周期", "次数", "每人限额", "每户限额"):
        t.add_column(col)
    for code, r in table.items():
        t.add_row(code, KINDS[code].label, KINDS[code].reason.value, "是" if r.allowed else "否",
                  "是" if r.closes else "", r.period or "", str(r.max_times or ""),
                  format_yuan(r.cap_person) if r.cap_person is not None else "",
                  format_yuan(r.cap_family) if r.cap_family is not None else "")
    console.print(t)


def _pairs(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values:
        key, sep, text = v.replace("＝", "=").partition("=")
        if not sep:
            raise AnjuError(WithdrawalError.CLI_FACT_FORMAT, v=v)
        out[key.strip()] = text.strip()
    return out


@app.command("check")
@handles_errors
def check_cmd(account: str = typer.Argument(..., help="个人账号或身份证号"),
              kind: str = typer.Argument(..., help="提取情形代码（见 anju withdrawal reasons）"),
              fact: list[str] = typer.Option([], "--fact", help="申请要素 代码=值，可重复"),
              doc: list[str] = typer.Option([], "--doc", help="已提交的材料名称，可重复；--all-docs 视为齐全"),
              all_docs: bool = typer.Option(False, "--all-docs"),
              amount: str = typer.Option(None, "--amount", help="申请金额（元）"),
              on: str = typer.Option(None, "--date"), as_json: bool = typer.Option(False, "--json")) -> None:
    """试算：某职工今天按某情形最多可提取多少，以及每一条限制或不能提取的原因。"""
    day = parse_date_option(on)
    with get_engine().connect() as conn:
        documents = list(policy_at(conn, day)[f"withdrawal.reason.{kind}"]["documents"]) if all_docs \
            and kind in KINDS else doc
        found = wd.assess(conn, system_actor("withdrawal check"), account_id=_account_id(conn, account), kind=kind, facts=_pairs(fact),
                          documents=documents, requested=parse_yuan(amount) if amount else None, as_of=day)
    e = found.eligibility
    if as_json:
        print_json({"allowed": found.ok, "max_amount": format_yuan(e.max_amount, grouping=False),
                    "explanation": e.explanation(), "problems": [str(p) for p in found.problems],
                    "signals": [s.text for s in found.signals]})
        raise typer.Exit(0 if found.ok else 1)
    console.print(f"[bold]{found.person_name}[/] {e.label}（{day}）")
    for p in found.problems:
        console.print(f"[red]• {p}[/]")
    for line in e.explanation():
        console.print(f"• {line}")
    for s in found.signals:
        console.print(f"[yellow]疑点：{s.text}[/]")
    if not found.ok:
        raise typer.Exit(1)


@app.command("queue")
@handles_errors
def queue_cmd(on: str = typer.Option(None, "--date"), as_json: bool = typer.Option(False, "--json")) -> None:
    """待复核、待审批的申请，按工作日计算的已用天数与剩余天数（超期的标红）。"""
    day = parse_date_option(on)
    with get_engine().connect() as conn:
        items = queries.queue(conn, as_of=day, calendar=load_calendar(conn))
    if as_json:
        print_json([i.__dict__ for i in items])
        return
    t = Table(title=f"待办提取（{day}）")
    for col in ("申请编号", "姓名", "提取情形", "金额", "状态", "受理", "期限", "剩余工作日"):
        t.add_column(col)
    for i in items:
        left = f"[red]超期{-i.left}[/]" if i.overdue else str(i.left)
        t.add_row(i.no, i.name, kind_label(i.kind), format_yuan(i.amount), status_label(i.status),
                  str(i.accepted_on), str(i.deadline), left)
    console.print(t)


@app.command("payout-file")
@handles_errors
def payout_file_cmd(bank: str = typer.Argument(..., help="受托银行代码"), out: Path = typer.Argument(..., help="输出目录"),
                    on: str = typer.Option(None, "--date", help="支付日期"),
                    fmt: str = typer.Option("csv", "--format", help="csv 或 xlsx")) -> None:
    """生成一家受托银行当日的付款文件（已审批的提取；销户类先结息至支付日）并写入目录。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        batch = wd.create_payout_batch(uow, actor, bank_code=bank, pay_day=parse_date_option(on))
        uow.commit()
    with engine.connect() as conn:
        name, data, _ = wd.payout_file(conn, actor, batch_id=batch.id, fmt=fmt)
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_bytes(data)
    console.print(f"付款文件 {out / name}：{batch.count} 笔，合计 {format_yuan(batch.total)} 元（编号 {batch.id}）")


@app.command("payout-result")
@handles_errors
def payout_result_cmd(batch_id: int = typer.Argument(..., help="付款文件编号"),
                      file: Path = typer.Argument(..., help="银行回盘文件（csv/xlsx/xls）"),
                      on: str = typer.Option(None, "--date"), as_json: bool = typer.Option(False, "--json")) -> None:
    """银行回盘：成功的入账（一张凭证：借201 贷101），失败的退回待重发或撤销；有任何错误则整批不处理。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        s = wd.load_payout_result(uow, actor, batch_id=batch_id, data=file.read_bytes(), filename=file.name,
                                  as_of=parse_date_option(on))
        uow.commit()
    if as_json:
        print_json({"paid": s.paid, "paid_total": format_yuan(s.paid_total, grouping=False), "failed": s.failed,
                    "voucher_id": s.voucher_id})
        return
    console.print(f"回盘已处理：成功 {s.paid} 笔 {format_yuan(s.paid_total)} 元，失败 {s.failed} 笔；凭证 {s.voucher_id}")


@app.command("home-uses")
@handles_errors
def home_uses_cmd(address: str = typer.Option(None, "--address"), certificate: str = typer.Option(None, "--certificate"),
                  contract: str = typer.Option(None, "--contract"), as_json: bool = typer.Option(False, "--json")) -> None:
    """同一房屋（不动产权证号、合同编号或规范化地址）被哪些提取和贷款使用过。"""
    with get_engine().connect() as conn:
        uses = queries.property_uses(conn, address=address, certificate_no=certificate, contract_no=contract)
    if as_json:
        print_json([u.__dict__ for u in uses])
        return
    for u in uses:
        console.print(f"{u.on_day} {u.person_name} {'提取' if u.use == 'withdrawal' else '贷款'} {u.ref_label} "
                      f"{format_yuan(u.amount)} 元 {u.address}{'' if u.active else '（已失效）'}")
    if not uses:
        console.print("没有使用记录")


# the payment-file layout, for the bank's developers
@app.command("layout")
def layout_cmd() -> None:
    """付款文件与回盘文件的版式。"""
    console.print("付款文件列：" + "、".join(payout.PAYMENT_HEADERS))
    console.print("回盘文件列：" + "、".join(payout.RESULT_REQUIRED + payout.RESULT_OPTIONAL) + "（处理结果：成功/失败）")
