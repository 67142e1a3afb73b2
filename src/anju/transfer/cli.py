"""`anju transfer …`: transfers between centres (异地转移接续) — the register of other centres, letters on both
sides, the messages as files, account merges and loan certificates."""

from __future__ import annotations

import json
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
from anju.core.money import format_yuan, parse_yuan
from anju.db import UnitOfWork
from anju.transfer import messages
from anju.transfer import service as svc
from anju.transfer.flow import IN_FLOW, OUT_FLOW

NAME = "transfer"
HELP = "异地转移接续：异地中心、转入联系函、转出审核审批、报文文件、账户合并、异地贷款缴存使用证明"
app = typer.Typer(no_args_is_help=True)


def _in_id(conn, no: str) -> int:
    from sqlalchemy import select

    from anju.core.errors import NotFound
    from anju.transfer.errors import TransferError
    from anju.transfer.tables import transfer_in

    rid = conn.execute(select(transfer_in.c.id).where(transfer_in.c.no == no)).scalar()
    if rid is None:
        raise NotFound(TransferError.LETTER_UNKNOWN, no=no)
    return rid


def _out_id(conn, no: str) -> int:
    from sqlalchemy import select

    from anju.core.errors import NotFound
    from anju.transfer.errors import TransferError
    from anju.transfer.tables import transfer_out

    rid = conn.execute(select(transfer_out.c.id).where(transfer_out.c.no == no)).scalar()
    if rid is None:
        raise NotFound(TransferError.LETTER_UNKNOWN, no=no)
    return rid


@app.command("centre-add")
@handles_errors
def centre_add_cmd(code: str, name: str, account_no: str = typer.Option(..., "--account", help="资金账号"),
                   account_name: str = typer.Option(..., "--account-name", help="户名"),
                   bank_name: str = typer.Option(..., "--bank", help="开户银行"),
                   phone: str = typer.Option("", "--phone")) -> None:
    """登记（或更正）异地中心：中心代码、名称、接收转移资金的账户。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        svc.register_centre(uow, actor, code=code, name=name, account_no=account_no, account_name=account_name,
                            bank_name=bank_name, phone=phone)
        uow.commit()
    console.print(f"已登记异地中心 {code} {name}")


@app.command("centres")
def centres_cmd(as_json: bool = typer.Option(False, "--json")) -> None:
    """列出登记的异地中心。"""
    with get_engine().connect() as conn:
        rows = svc.centres(conn)
    if as_json:
        print_json([{"code": r.code, "name": r.name, "account_no": r.account_no, "bank_name": r.bank_name}
                    for r in rows])
        return
    t = Table("中心代码", "名称", "资金账号", "开户银行")
    for r in rows:
        t.add_row(r.code, r.name, r.account_no, r.bank_name)
    console.print(t)


@app.command("letter")
@handles_errors
def letter_cmd(id_number: str = typer.Option(..., "--id-number", help="证件号码（本中心已开户或启封）"),
               from_centre: str = typer.Option(..., "--from-centre", help="转出中心代码"),
               from_account: str = typer.Option(..., "--from-account", help="原住房公积金账号"),
               from_employer: str = typer.Option("", "--from-employer", help="原工作单位名称"),
               on: str = typer.Option(None, "--date"), as_json: bool = typer.Option(False, "--json")) -> None:
    """转入受理：生成联系函并放入待发报文。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        letter = svc.write_letter(uow, actor, id_number=id_number, from_centre=from_centre,
                                  from_account_no=from_account, from_employer_name=from_employer,
                                  as_of=parse_date_option(on))
        uow.commit()
    if as_json:
        print_json({"id": letter.id, "no": letter.no, "status": letter.status})
    else:
        console.print(f"联系函 {letter.no} 已生成，待发送（anju transfer outbox DIR）")


@app.command("list")
def list_cmd(side: str = typer.Option("in", "--side", help="in 转入 / out 转出"),
             status: str = typer.Option(None, "--status"), as_json: bool = typer.Option(False, "--json")) -> None:
    """列出转入或转出联系函（含办理时限）。"""
    with get_engine().connect() as conn:
        rows = svc.letters_in(conn, status=status) if side == "in" else svc.letters_out(conn, status=status)
    flow = IN_FLOW if side == "in" else OUT_FLOW
    centre_col = "from_centre" if side == "in" else "to_centre"
    if as_json:
        print_json([{"no": r.no, "status": r.status, "status_label": flow.label(r.status), "name": r.name,
                     "centre": getattr(r, centre_col), "deadline": r.deadline,
                     "amount": None if r.amount is None else format_yuan(r.amount, grouping=False)} for r in rows])
        return
    t = Table("联系函编号", "状态", "姓名", "对方中心", "办理时限", "转移金额（元）")
    for r in rows:
        t.add_row(r.no, flow.label(r.status), r.name, getattr(r, centre_col), str(r.deadline or "—"),
                  "—" if r.amount is None else format_yuan(r.amount))
    console.print(t)


@app.command("review")
@handles_errors
def review_cmd(no: str, on: str = typer.Option(None, "--date")) -> None:
    """转出审核（经办）：身份、账户状态、在办提取和贷款；有问题时请用 refuse 退回。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        svc.review_out(uow, actor, transfer_out_id=_out_id(uow.conn, no), as_of=parse_date_option(on))
        uow.commit()
    console.print(f"联系函 {no} 审核通过，待审批")


@app.command("approve")
@handles_errors
def approve_cmd(no: str, on: str = typer.Option(None, "--date")) -> None:
    """转出审批（非审核人）：结息至当日、划款至转入中心、销户，并生成转移信息。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        amount = svc.approve_out(uow, actor, transfer_out_id=_out_id(uow.conn, no), as_of=parse_date_option(on))
        uow.commit()
    console.print(f"联系函 {no} 已转出 {format_yuan(amount)} 元")


@app.command("refuse")
@handles_errors
def refuse_cmd(no: str, reason: str = typer.Option(..., "--reason"), on: str = typer.Option(None, "--date")) -> None:
    """转出审核不通过：写明原因，退回转入中心。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        svc.refuse_out(uow, actor, transfer_out_id=_out_id(uow.conn, no), reason=reason,
                       as_of=parse_date_option(on))
        uow.commit()
    console.print(f"联系函 {no} 已退回")


@app.command("credit")
@handles_errors
def credit_cmd(no: str, amount: str = typer.Option(..., "--amount", help="银行到账金额（元）"),
               on: str = typer.Option(None, "--date")) -> None:
    """转入资金到账：核对金额后记入职工账户（非联系函经办人）。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        svc.credit(uow, actor, transfer_in_id=_in_id(uow.conn, no), amount=parse_yuan(amount),
                   as_of=parse_date_option(on))
        uow.commit()
    console.print(f"联系函 {no} 已入账 {format_yuan(parse_yuan(amount))} 元")


@app.command("outbox")
@handles_errors
def outbox_cmd(directory: Path, centre: str = typer.Option(None, "--centre", help="只导出发往该中心的报文")) -> None:
    """导出待发报文（每条一个 JSON 文件），交换给对方中心。"""
    engine = get_engine()
    directory.mkdir(parents=True, exist_ok=True)
    with UnitOfWork(engine) as uow:
        out = svc.take_outbox(uow, centre_code=centre)
        for m in out:
            (directory / f"{m.centre}-{m.letter_no}-{m.type}-{m.id}.json").write_text(m.body, encoding="utf-8")
        uow.commit()
    console.print(f"已导出 {len(out)} 条报文至 {directory}")


@app.command("inbox")
@handles_errors
def inbox_cmd(files: list[Path], on: str = typer.Option(None, "--date")) -> None:
    """接收对方中心的报文文件（重复的文件只处理一次）。"""
    engine = get_engine()
    actor = system_actor("transfer inbox")
    done = dup = 0
    for path in files:
        with UnitOfWork(engine) as uow:
            got = svc.receive(uow, actor, path.read_bytes(), as_of=parse_date_option(on))
            uow.commit()
        dup += got.duplicate
        done += not got.duplicate
    console.print(f"已接收 {done} 条报文，重复 {dup} 条")


@app.command("schema")
def schema_cmd(directory: Path) -> None:
    """写出四种报文（联系函、审核结果、转移信息、到账确认）的 JSON Schema。"""
    directory.mkdir(parents=True, exist_ok=True)
    for name, schema in messages.schemas().items():
        (directory / f"{name}.schema.json").write_text(json.dumps(schema, ensure_ascii=False, indent=2),
                                                        encoding="utf-8")
    console.print(f"已写出 {len(messages.MODELS)} 个报文格式至 {directory}")


@app.command("show")
def show_cmd(no: str, as_json: bool = typer.Option(False, "--json")) -> None:
    """一份联系函（转入或转出）的状态、金额、办理记录和报文。"""
    from anju.core.errors import NotFound

    engine = get_engine()
    with engine.connect() as conn:
        try:
            row, flow, side = svc.letter_in(conn, _in_id(conn, no)), IN_FLOW, "in"
        except NotFound:
            row, flow, side = svc.letter_out(conn, _out_id(conn, no)), OUT_FLOW, "out"
        events = svc.events(conn, flow, row.id)
        sent = svc.messages_of(conn, row.no)
    head = {"no": row.no, "side": side, "status": row.status, "status_label": flow.label(row.status),
            "name": row.name, "deadline": row.deadline,
            "amount": None if row.amount is None else format_yuan(row.amount, grouping=False),
            "events": [{"on": e.on_day, "who": e.username, "action": e.action, "to": flow.label(e.to_status),
                        "note": e.note} for e in events],
            "messages": [{"direction": m.direction, "type": m.type, "at": m.created_at} for m in sent]}
    if as_json:
        print_json(head)
        return
    console.print(f"{'转入' if side == 'in' else '转出'}联系函 {row.no} · {row.name} · {flow.label(row.status)} · "
                  f"办理时限 {row.deadline or '—'}" + ("" if row.amount is None else f" · {format_yuan(row.amount)} 元"))
    for e in head["events"]:
        console.print(f"  {e['on']} {e['who']} {e['action']} → {e['to']} {e['note'] or ''}")


@app.command("merge")
@handles_errors
def merge_cmd(keep: str = typer.Option(..., "--keep", help="保留的个人账号"),
              merge: str = typer.Option(..., "--merge", help="并入（销户）的个人账号"),
              reason: str = typer.Option(..., "--reason"), on: str = typer.Option(None, "--date")) -> None:
    """申请合并同一人的两个账户（待审批）。"""
    from anju.transfer import merge as merging

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        m = merging.apply(uow, actor, keep_account_no=keep, merge_account_no=merge, reason=reason,
                          as_of=parse_date_option(on))
        uow.commit()
    console.print(f"合并申请 {m.no}（编号{m.id}）已提交，待审批")


@app.command("merge-decide")
@handles_errors
def merge_decide_cmd(merge_id: int, approve: bool = typer.Option(True, "--approve/--reject"),
                     note: str = typer.Option("", "--note"), on: str = typer.Option(None, "--date")) -> None:
    """审批账户合并：批准即结息、转移余额和缴存记录、并入账户销户（合并销户）。"""
    from anju.transfer import merge as merging

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        amount = merging.decide(uow, actor, merge_id=merge_id, approve=approve, note=note,
                                as_of=parse_date_option(on))
        uow.commit()
    console.print(f"已合并，转入 {format_yuan(amount)} 元" if approve else "已驳回")


@app.command("certificate-issue")
@handles_errors
def certificate_issue_cmd(id_number: str = typer.Option(..., "--id-number"),
                          lending_centre: str = typer.Option(..., "--lending-centre", help="贷款城市公积金中心"),
                          on: str = typer.Option(None, "--date"), as_json: bool = typer.Option(False, "--json")) -> None:
    """出具异地贷款缴存使用证明。"""
    from anju.transfer import certificates

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        cert = certificates.issue(uow, actor, id_number=id_number, lending_centre=lending_centre,
                                  as_of=parse_date_option(on))
        uow.commit()
    if as_json:
        print_json(cert.data)
        return
    for key, label in certificates.FIELDS.items():
        console.print(f"{label}：{cert.data.get(key, '')}")


@app.command("certificate-accept")
@handles_errors
def certificate_accept_cmd(no: str = typer.Option(..., "--no"), centre: str = typer.Option(..., "--centre"),
                           name: str = typer.Option(..., "--name"), id_number: str = typer.Option(..., "--id-number"),
                           balance: str = typer.Option(..., "--balance"), monthly: str = typer.Option(..., "--monthly"),
                           months: int = typer.Option(..., "--continuous-months"),
                           loans: int = typer.Option(0, "--loan-count"),
                           issued_on: str = typer.Option(..., "--issued-on"),
                           valid_until: str = typer.Option(..., "--valid-until"),
                           on: str = typer.Option(None, "--date")) -> None:
    """登记外地中心出具的异地贷款缴存使用证明（本中心发放异地缴存职工贷款时使用）。"""
    from anju.transfer import certificates

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        cert = certificates.accept(uow, actor, no=no, issuing_centre=centre, name=name, id_number=id_number,
                                   balance=balance, monthly=monthly, continuous_months=months, loan_count=loans,
                                   issued_on=parse_date_option(issued_on), valid_until=parse_date_option(valid_until),
                                   as_of=parse_date_option(on))
        uow.commit()
    console.print(f"已登记证明 {cert.no}")
