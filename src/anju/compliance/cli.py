"""`anju audit scan` (the nightly e-audit job, on the audit group) and `anju compliance …`: rules, the hit queue and
its disposition, other centres' lists, fraud and enforcement cases with their documents, complaints, dormant
accounts."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from anju.auth.cli import audit_app
from anju.cli_support import (
    business_today,
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

NAME = "compliance"
HELP = "稽查与执法：电子稽查规则与疑点、骗提骗贷案件、归集执法、投诉、睡眠户"
app = typer.Typer(no_args_is_help=True)


def _pct(found: int, checked: int) -> str:
    return "—" if not checked else f"{found * 100 / checked:.2f}%"  # float-ok: display only


@audit_app.command("scan")
@handles_errors
def scan_cmd(on: str = typer.Option(None, "--date", help="业务日期（默认今天）"),
             rule: list[str] = typer.Option(None, "--rule", help="只运行这些规则（代码，可多次）"),
             as_json: bool = typer.Option(False, "--json")) -> None:
    """电子稽查扫描（夜间作业）：按规则目录对全中心数据逐条规则检查，写入疑点及其证据，不重复已在核查中的疑点。"""
    from anju.compliance import catalogue, scan

    done = scan.scan(get_engine(), system_actor("audit scan"), as_of=parse_date_option(on), only=tuple(rule or ()))
    if as_json:
        print_json({"scan_id": done.scan_id, "as_of": done.as_of.isoformat(), "checked": done.checked,
                    "found": done.found, "new_hits": done.new_hits,
                    "rules": [r.__dict__ for r in done.rules]})
        return
    t = Table(title=f"{done.as_of} 电子稽查扫描（第{done.scan_id}次）")
    for col in ("规则", "名称", "被检查记录数", "疑点记录数", "疑点率", "新增疑点"):
        t.add_column(col)
    for r in done.rules:
        t.add_row(r.code, catalogue.BY_CODE[r.code].name, f"{r.checked:,}", f"{r.found:,}", _pct(r.found, r.checked),
                  f"{r.new_hits:,}")
    t.add_row("合计", "", f"{done.checked:,}", f"{done.found:,}", _pct(done.found, done.checked), f"{done.new_hits:,}")
    console.print(t)


@app.command("rules")
@handles_errors
def rules_cmd(as_json: bool = typer.Option(False, "--json")) -> None:
    """稽查规则目录：代码、名称、类别、风险等级、参数、是否启用。"""
    from anju.compliance import catalogue
    from anju.policy.store import policy_at

    with get_engine().connect() as conn:
        policy = policy_at(conn, business_today())
    on = {r.code for r in catalogue.enabled(policy)}
    rows = [{"code": r.code, "name": r.name, "family": r.family.label, "severity": r.severity.label,
             "params": {k: str(policy.get(k)) for k in r.params}, "enabled": r.code in on} for r in catalogue.RULES]
    if as_json:
        print_json(rows)
        return
    t = Table(title="电子稽查规则目录")
    for col in ("代码", "名称", "类别", "风险", "参数", "启用"):
        t.add_column(col)
    for r in rows:
        t.add_row(r["code"], r["name"], r["family"], r["severity"],
                  "；".join(f"{k}={v}" for k, v in r["params"].items()), "是" if r["enabled"] else "否")
    console.print(t)


@app.command("queue")
@handles_errors
def queue_cmd(status: str = typer.Option("open", "--status", help="open（待核查）、verified、excluded、fraud 或 all"),
              rule: str = typer.Option(None, "--rule"), as_json: bool = typer.Option(False, "--json")) -> None:
    """疑点核查队列：按核查期限排列，标出逾期。"""
    from anju.compliance import service

    day = business_today()
    with get_engine().connect() as conn:
        items = service.queue(conn, as_of=day, status=None if status == "all" else status, rule=rule, limit=500)
    if as_json:
        print_json([{**i.__dict__, "overdue": i.overdue} for i in items])
        return
    t = Table(title=f"疑点核查队列（{len(items)}条）")
    for col in ("编号", "规则", "风险", "对象", "职工", "发现", "期限", "状态", "证据"):
        t.add_column(col)
    for i in items:
        t.add_row(str(i.id), i.rule_name, i.severity, i.subject_key, i.person_name, str(i.found_on),
                  f"[red]{i.deadline}[/]" if i.overdue else str(i.deadline), i.status_label, str(i.evidence))
    console.print(t)


@app.command("dispose")
@handles_errors
def dispose_cmd(hit_id: int = typer.Argument(...),
                conclusion: str = typer.Option(..., "--as", help="verify（核实无误）、exclude（排除）或 propose（认定骗提骗贷）"),
                note: str = typer.Option(..., "--note", help="核查说明"),
                on: str = typer.Option(None, "--date")) -> None:
    """核查结论：核实无误、排除，或提出认定骗提骗贷（须另一人审批）。"""
    from anju.compliance import service

    engine = get_engine()
    with UnitOfWork(engine) as uow:
        service.dispose(uow, signed_in(engine), hit_id=hit_id, disposition=conclusion, note=note,
                        as_of=parse_date_option(on))
        uow.commit()
    console.print(f"疑点{hit_id}：{service.DISPOSITIONS[conclusion]}")


@app.command("decide")
@handles_errors
def decide_cmd(hit_id: int = typer.Argument(...), approve: bool = typer.Option(True, "--approve/--send-back"),
               note: str = typer.Option("", "--note"), on: str = typer.Option(None, "--date")) -> None:
    """审批骗提骗贷认定：同意则立案，退回则疑点回到待核查。"""
    from anju.compliance import service

    engine = get_engine()
    with UnitOfWork(engine) as uow:
        case_id = service.decide(uow, signed_in(engine), hit_id=hit_id, approve=approve, note=note,
                                 as_of=parse_date_option(on))
        uow.commit()
    console.print(f"已认定，立案（案件{case_id}）" if case_id else f"疑点{hit_id}已退回")


@app.command("remote-list")
@handles_errors
def remote_list_cmd(path: Path = typer.Argument(..., exists=True), centre: str = typer.Option(..., "--centre"),
                    on: str = typer.Option(None, "--date")) -> None:
    """导入外地中心缴存名单（证件号码、姓名、个人账户状态、缴至年月），供异地重复缴存规则比对。"""
    from anju.compliance import service
    from anju.core.sheets import UploadLimits
    from anju.policy.store import policy_at

    engine = get_engine()
    day = parse_date_option(on)
    with engine.connect() as conn:
        limits = UploadLimits.from_policy(policy_at(conn, day))
    with UnitOfWork(engine) as uow:
        list_id = service.import_remote_list(uow, signed_in(engine), centre=centre, data=path.read_bytes(),
                                             filename=path.name, as_of=day, limits=limits)
        uow.commit()
    console.print(f"已导入外地缴存名单（第{list_id}号）")


@app.command("supervision-import")
@handles_errors
def supervision_import_cmd(path: Path = typer.Argument(..., exists=True),
                           on: str = typer.Option(None, "--date")) -> None:
    """导入省级监管的跨中心疑点文件（疑点_<中心代码>.csv）到疑点核查队列；同一疑点编号再次导入不重复。"""
    from anju.compliance import crosscentre
    from anju.core.sheets import UploadLimits
    from anju.policy.store import policy_at

    engine = get_engine()
    day = parse_date_option(on)
    with engine.connect() as conn:
        limits = UploadLimits.from_policy(policy_at(conn, day))
    done = crosscentre.import_hits(engine, signed_in(engine), data=path.read_bytes(), filename=path.name, as_of=day,
                                   limits=limits)
    console.print(f"已导入省级疑点文件：{done.rows}行，新增疑点{done.new_hits}条，并入已有疑点{done.added}条，"
                  f"此前已导入{done.already}条，本中心无此人{len(done.unregistered)}条")
    for number, no in done.unregistered:
        console.print(f"  第{number}行 疑点编号{no}：本中心没有该证件号码的职工，未导入")


@app.command("case")
@handles_errors
def case_cmd(case_id: int = typer.Argument(...),
             step: str = typer.Option(..., "--step", help="recover、penalise、refer、ban 或 close"),
             note: str = typer.Option("", "--note", help="说明；处罚依据；移送机关"),
             amount: str = typer.Option(None, "--amount", help="罚款金额（元）"),
             on: str = typer.Option(None, "--date")) -> None:
    """骗提骗贷案件：追回、处罚决定、移送公安、禁止期、结案。"""
    from anju.compliance import cases

    engine = get_engine()
    day = parse_date_option(on)
    with UnitOfWork(engine) as uow:
        actor = signed_in(engine)
        if step == "recover":
            out = f"追回{format_yuan(cases.recover(uow, actor, case_id=case_id, note=note, as_of=day))}元"
        elif step == "penalise":
            cases.penalise(uow, actor, case_id=case_id, amount=parse_yuan(amount or "0"), basis=note, as_of=day)
            out = "已作出处罚决定"
        elif step == "refer":
            cases.refer(uow, actor, case_id=case_id, to=note, as_of=day)
            out = "已移送"
        elif step == "ban":
            out = f"禁止期至{cases.ban(uow, actor, case_id=case_id, as_of=day)}"
        else:
            cases.close(uow, actor, case_id=case_id, as_of=day, note=note)
            out = "已结案"
        uow.commit()
    console.print(out)


@app.command("document")
@handles_errors
def document_cmd(doc_id: int = typer.Argument(...), out: Path = typer.Option(..., "--out", help=".docx 或 .pdf")) -> None:
    """导出案件文书（Word 或 PDF）。"""
    from sqlalchemy import select

    from anju.compliance.documents import Document, to_docx, to_html
    from anju.compliance.tables import case_document

    with get_engine().connect() as conn:
        row = conn.execute(select(case_document).where(case_document.c.id == doc_id)).one()
    doc = Document.from_body(row.body)
    if out.suffix == ".pdf":
        from anju.web.pdf import html_to_pdf

        out.write_bytes(html_to_pdf(to_html(doc)))
    else:
        out.write_bytes(to_docx(doc))
    console.print(f"{doc.title}（{doc.no}）已写入 {out}")


@app.command("enforce")
@handles_errors
def enforce_cmd(employer: str = typer.Option(None, "--employer", help="单位账号（立案）"),
                case_id: int = typer.Option(None, "--case"),
                step: str = typer.Option("open", "--step",
                                         help="open、notice、order、demand、penalty、court、serve 或 close"),
                reason: str = typer.Option("unpaid", "--reason", help="unpaid（逾期不缴）或 unregistered（不登记）"),
                amount: str = typer.Option(None, "--amount"), served_how: str = typer.Option("直接送达", "--how"),
                served_to: str = typer.Option("", "--to"), note: str = typer.Option("", "--note"),
                on: str = typer.Option(None, "--date")) -> None:
    """归集执法：立案、催缴通知书、责令限期缴存决定书、催告书、行政处罚、申请法院强制执行、送达、结案。"""
    from anju.compliance import enforcement

    engine = get_engine()
    day = parse_date_option(on)
    with UnitOfWork(engine) as uow:
        actor = signed_in(engine)
        if step == "open":
            out = f"已立案（案件{enforcement.open_case(uow, actor, employer_no=employer or '', reason=reason, as_of=day)}）"
        elif step == "serve":
            enforcement.serve(uow, actor, case_id=case_id, served_on=day, how=served_how, to=served_to)
            out = "已登记送达"
        elif step == "close":
            enforcement.close(uow, actor, case_id=case_id, note=note, as_of=day)
            out = "已结案"
        else:
            doc = enforcement.advance(uow, actor, case_id=case_id, step=step, as_of=day,
                                      amount=parse_yuan(amount) if amount else None, basis=note)
            out = f"已出具文书（{doc}）"
        uow.commit()
    console.print(out)


@app.command("enforcement")
@handles_errors
def enforcement_cmd(status: str = typer.Option(None, "--stage"), as_json: bool = typer.Option(False, "--json")) -> None:
    """归集执法案件清单（按阶段）。"""
    from anju.compliance import enforcement
    from anju.compliance.codes import EnforcementStage

    with get_engine().connect() as conn:
        rows = enforcement.cases(conn, status=status)
    if as_json:
        print_json([{"no": r.no, "employer": r.employer_name, "stage": r.status, "owed": format_yuan(r.owed),
                     "deadline": r.deadline} for r in rows])
        return
    t = Table(title=f"归集执法案件（{len(rows)}件）")
    for col in ("案号", "单位", "阶段", "应缴未缴", "期限"):
        t.add_column(col)
    for r in rows:
        t.add_row(r.no, r.employer_name, EnforcementStage(r.status).label, format_yuan(r.owed), str(r.deadline or ""))
    console.print(t)


@app.command("complaint")
@handles_errors
def complaint_cmd(step: str = typer.Option("receive", "--step", help="receive、assign、reply 或 follow-up"),
                  complaint_id: int = typer.Option(None, "--id"),
                  channel: str = typer.Option("12329", "--channel", help="12329、petition（信访）或 online"),
                  kind: str = typer.Option("complaint", "--kind", help="consult、complaint 或 suggestion"),
                  subject: str = typer.Option("", "--subject"), text: str = typer.Option("", "--text"),
                  who: str = typer.Option("", "--who", help="诉求人；转办时为承办人"),
                  phone: str = typer.Option("", "--phone"), employer: str = typer.Option("", "--employer"),
                  satisfaction: str = typer.Option("satisfied", "--satisfaction"),
                  on: str = typer.Option(None, "--date")) -> None:
    """投诉：受理（12329、信访、网上）、转办、答复、回访。"""
    from anju.compliance import complaints

    engine = get_engine()
    day = parse_date_option(on)
    with UnitOfWork(engine) as uow:
        actor = signed_in(engine)
        if step == "receive":
            cid = complaints.receive(uow, actor, as_of=day, intake=complaints.Intake(
                channel=channel, kind=kind, subject=subject, content=text, complainant=who, phone=phone,
                employer_no=employer))
            out = f"已受理（第{cid}号）"
        elif step == "assign":
            complaints.assign(uow, actor, complaint_id=complaint_id, to=who, as_of=day)
            out = "已转办"
        elif step == "reply":
            complaints.reply(uow, actor, complaint_id=complaint_id, text=text, as_of=day)
            out = "已答复"
        else:
            complaints.follow_up(uow, actor, complaint_id=complaint_id, satisfaction=satisfaction, as_of=day)
            out = "已回访"
        uow.commit()
    console.print(out)


@app.command("dormant")
@handles_errors
def dormant_cmd(on: str = typer.Option(None, "--date"), as_json: bool = typer.Option(False, "--json")) -> None:
    """睡眠户：户数和金额，按类别。"""
    from anju.compliance import dormant
    from anju.compliance.codes import DormantKind

    with get_engine().connect() as conn:
        s = dormant.summary(conn, parse_date_option(on))
    if as_json:
        print_json({"accounts": s.accounts, "amount": format_yuan(s.amount),
                    "by_kind": {k: {"accounts": n, "amount": format_yuan(a)} for k, (n, a) in s.by_kind.items()}})
        return
    console.print(f"睡眠户{s.accounts:,}户，金额{format_yuan(s.amount)}元")
    for k, (n, a) in sorted(s.by_kind.items()):
        console.print(f"  {DormantKind(k).label}：{n:,}户，{format_yuan(a)}元")


@app.command("dormant-notify")
@handles_errors
def dormant_notify_cmd(channel: str = typer.Option("sms", "--channel", help="sms（短信）或 notice（公告）"),
                       on: str = typer.Option(None, "--date")) -> None:
    """向睡眠户发送通知（短信或公告），同一天同一渠道不重复。"""
    from anju.compliance import dormant

    engine = get_engine()
    with UnitOfWork(engine) as uow:
        n = dormant.notify(uow, signed_in(engine), as_of=parse_date_option(on), channel=channel)
        uow.commit()
    console.print(f"已通知{n:,}户")


@app.command("dormant-batch")
@handles_errors
def dormant_batch_cmd(accounts: list[str] = typer.Argument(..., help="个人账号"),
                      action: str = typer.Option("close", "--action", help="close（零额销户）或 merge（合并销户）"),
                      on: str = typer.Option(None, "--date")) -> None:
    """提交睡眠户处理批次（零额销户或合并销户），待另一人审批。"""
    from anju.compliance import dormant
    from anju.registry.queries import account_by_no

    engine = get_engine()
    with UnitOfWork(engine) as uow:
        ids = [getattr(account_by_no(uow.conn, no), "id", 0) for no in accounts]
        bid = dormant.apply_batch(uow, signed_in(engine), action=action, account_ids=ids, as_of=parse_date_option(on))
        uow.commit()
    console.print(f"已提交睡眠户处理批次（第{bid}号），待审批")


@app.command("dormant-decide")
@handles_errors
def dormant_decide_cmd(batch_id: int = typer.Argument(...), approve: bool = typer.Option(True, "--approve/--reject"),
                       note: str = typer.Option("", "--note"), on: str = typer.Option(None, "--date")) -> None:
    """审批睡眠户处理批次：同意则逐户销户或合并。"""
    from anju.compliance import dormant

    engine = get_engine()
    with UnitOfWork(engine) as uow:
        n = dormant.decide(uow, signed_in(engine), batch_id=batch_id, approve=approve, note=note,
                           as_of=parse_date_option(on))
        uow.commit()
    console.print(f"已办结{n}户" if approve else "已驳回")


@app.command("rates")
@handles_errors
def rates_cmd(as_json: bool = typer.Option(False, "--json")) -> None:
    """疑点率（最近一次扫描，按规则）：疑点记录数 ÷ 被检查记录数。"""
    from anju.compliance import service

    with get_engine().connect() as conn:
        rows = service.rates(conn)
    if as_json:
        print_json([{"code": r.code, "name": r.name, "checked": r.checked, "found": r.found,
                     "rate": None if r.rate is None else f"{r.rate:.6f}"} for r in rows])
        return
    for r in rows:
        console.print(f"{r.name}：{r.found:,} / {r.checked:,} = {_pct(r.found, r.checked)}")
