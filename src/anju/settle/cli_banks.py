"""`anju bank …` (bankcore's block): the entrusted banks' register (专户, agreements, file layouts), the requests a
second person approves, fees and the yearly assessment. Registered on settle's ``bank`` app by
``register(app)``; every command calls anju.bank / anju.settle, nothing is computed here."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from anju.cli_support import (
    business_today,
    console,
    get_engine,
    handles_errors,
    parse_date_option,
    print_json,
    signed_in,
)
from anju.core.dates import format_month, parse_month
from anju.core.money import format_yuan, parse_yuan
from anju.db import UnitOfWork

account_app = typer.Typer(no_args_is_help=True, help="专户（银行账户）登记：开户、销户须另一人审批")
agreement_app = typer.Typer(no_args_is_help=True, help="委托协议：签订、终止须另一人审批")
change_app = typer.Typer(no_args_is_help=True, help="专户与协议申请：查看、审批、驳回")


def register(app: typer.Typer) -> None:
    app.add_typer(account_app, name="account")
    app.add_typer(agreement_app, name="agreement")
    app.add_typer(change_app, name="change")
    app.command("banks")(banks_cmd)
    app.command("layout")(layout_cmd)
    app.command("layout-set")(layout_set_cmd)
    app.command("fees")(fees_cmd)
    app.command("fee-statement")(fee_statement_cmd)
    app.command("fee-pay")(fee_pay_cmd)
    app.command("fee-figure")(fee_figure_cmd)
    app.command("assess")(assess_cmd)
    app.command("assess-show")(assess_show_cmd)
    app.command("assess-enter")(assess_enter_cmd)
    app.command("assess-final")(assess_final_cmd)


def _table(headers, rows) -> None:
    t = Table(header_style="bold")
    for h in headers:
        t.add_column(h)
    for r in rows:
        t.add_row(*[str(v) if v is not None else "" for v in r])
    console.print(t)


# ----------------------------------------------------------------------------------------- register (read)


@handles_errors
def banks_cmd(as_json: bool = typer.Option(False, "--json")) -> None:
    """受托银行及其委托协议、专户。"""
    from anju.bank import queries
    from anju.bank.labels import label

    engine = get_engine()
    with engine.connect() as conn:
        data = [{"code": b.code, "name": b.name, "short_name": b.short_name, "active": b.active,
                 "agreements": [{"no": g.no, "title": g.title, "status": g.status, "valid_from": str(g.valid_from),
                                 "valid_to": str(g.valid_to or "")} for g in queries.agreements(conn, bank=b.code)],
                 "accounts": [{"account_no": a.account_no, "purpose": a.purpose,
                               "purpose_label": label("bank_account_purpose", a.purpose), "ledger_code": a.ledger_code,
                               "status": a.status, "opened_on": str(a.opened_on)}
                              for a in queries.accounts(conn, bank=b.code)]} for b in queries.banks(conn)]
    if as_json:
        print_json(data)
        return
    _table(("代码", "受托银行", "委托协议", "专户"),
           [(b["code"], b["short_name"], "、".join(g["no"] for g in b["agreements"]),
             "；".join(f"{a['purpose_label']} {a['account_no']}（{a['ledger_code']}）" for a in b["accounts"]))
            for b in data])


@account_app.command("list")
@handles_errors
def account_list_cmd(bank: str = typer.Option(None, "--bank"), purpose: str = typer.Option(None, "--purpose"),
                     as_json: bool = typer.Option(False, "--json")) -> None:
    """专户登记簿（按银行、性质）。"""
    from anju.bank import queries
    from anju.bank.labels import label

    with get_engine().connect() as conn:
        rows = queries.accounts(conn, bank=bank, purpose=purpose)
    if as_json:
        print_json([{**r._asdict(), "opened_on": str(r.opened_on), "closed_on": str(r.closed_on or "")}
                    for r in rows])
        return
    _table(("银行", "性质", "账号", "户名", "科目", "开户日期", "销户日期", "状态"),
           [(r.bank_code, label("bank_account_purpose", r.purpose), r.account_no, r.account_name, r.ledger_code,
             r.opened_on, r.closed_on, label("bank_account_status", r.status)) for r in rows])


@agreement_app.command("list")
@handles_errors
def agreement_list_cmd(bank: str = typer.Option(None, "--bank")) -> None:
    """委托协议（编号、期限、委托业务、手续费与考核条款）。"""
    from anju.bank import queries
    from anju.bank.labels import label

    with get_engine().connect() as conn:
        rows = queries.agreements(conn, bank=bank)
    _table(("银行", "编号", "名称", "委托业务", "期限", "状态", "手续费条款"),
           [(r.bank_code, r.no, r.title, "、".join(label("bank_service", s) for s in r.services.split(",")),
             f"{r.valid_from}至{r.valid_to or '长期'}", label("bank_agreement_status", r.status), r.fee_terms)
            for r in rows])


@handles_errors
def layout_cmd(bank: str = typer.Argument(..., help="受托银行代码"), as_json: bool = typer.Option(False, "--json")) -> None:
    """该行各类银行文件的格式（列、编码、分隔符、CSV/XLSX；未另行约定的用默认格式，见 docs/bank-files.md）。"""
    from anju.bank import queries
    from anju.bank.labels import label

    with get_engine().connect() as conn:
        layouts = queries.file_layouts(conn, bank)
    if as_json:
        print_json({k: {"own": own, "layout": json.loads(la.to_json())} for k, (la, own) in layouts.items()})
        return
    _table(("文件", "格式", "编码", "分隔符", "表头", "列", "来源"),
           [(label("bank_file_kind", k), la.format, la.encoding, la.delimiter, "有" if la.header else "无",
             "、".join(la.names), "本行约定" if own else "默认") for k, (la, own) in layouts.items()])


@handles_errors
def layout_set_cmd(bank: str = typer.Argument(..., help="受托银行代码"),
                   kind: str = typer.Argument(..., help="payout / payout_result / deduction / deduction_result / "
                                                       "deposit_receipt / statement"),
                   fmt: str = typer.Option(None, "--format", help="csv / xlsx"),
                   encoding: str = typer.Option(None, "--encoding", help="utf-8-sig / utf-8 / gbk / gb18030"),
                   delimiter: str = typer.Option(None, "--delimiter"),
                   header: bool = typer.Option(None, "--header/--no-header"),
                   column: list[str] = typer.Option([], "--column", help="按该行顺序逐列给出：名称 或 名称=该行表头")) -> None:
    """设定该行某类银行文件的格式（在默认格式上修改；列须是该类文件的列且必需列齐全）。"""
    from anju.settle import accounts

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        accounts.set_layout(uow, actor, bank_code=bank, kind=kind, format=fmt, encoding=encoding, delimiter=delimiter,
                            header=header, columns=column or None)
        uow.commit()
    console.print("已设定文件格式")


# ----------------------------------------------------------------------------------------- requests (signed in)


@account_app.command("open")
@handles_errors
def account_open_cmd(bank: str = typer.Option(..., "--bank"), purpose: str = typer.Option(..., "--purpose",
                     help="collect 归集户 / loan 贷款户 / settle 结算户 / gain 增值收益户 / fixed 定期 / notice 通知"),
                     account_no: str = typer.Option(..., "--account-no"), name: str = typer.Option(..., "--name"),
                     ledger_code: str = typer.Option(..., "--ledger", help="会计科目，如 10101"),
                     opened_on: str = typer.Option(..., "--opened-on"),
                     agreement: str = typer.Option(None, "--agreement", help="委托协议编号"),
                     branch: str = typer.Option(None, "--branch", help="开户网点")) -> None:
    """申请登记新开立的专户（另一人审批后生效）。"""
    from anju.settle import accounts

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        cid = accounts.request_open_account(uow, actor, bank_code=bank, purpose=purpose, account_no=account_no,
                                            account_name=name, ledger_code=ledger_code,
                                            opened_on=parse_date_option(opened_on), as_of=business_today(),
                                            agreement_no=agreement, branch_name=branch)
        uow.commit()
    console.print(f"已提交专户开户申请（编号{cid}），待审批")


@account_app.command("close")
@handles_errors
def account_close_cmd(account_no: str = typer.Argument(...), closed_on: str = typer.Option(..., "--closed-on"),
                      reason: str = typer.Option(..., "--reason")) -> None:
    """申请专户销户（另一人审批后生效）。"""
    from anju.settle import accounts

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        cid = accounts.request_close_account(uow, actor, account_no=account_no, closed_on=parse_date_option(closed_on),
                                             reason=reason, as_of=business_today())
        uow.commit()
    console.print(f"已提交专户销户申请（编号{cid}），待审批")


@agreement_app.command("sign")
@handles_errors
def agreement_sign_cmd(bank: str = typer.Option(..., "--bank"), no: str = typer.Option(..., "--no"),
                       title: str = typer.Option(..., "--title"),
                       services: str = typer.Option(..., "--services", help="逗号分隔：collect,payout,loan,settle,deposit"),
                       signed_on: str = typer.Option(..., "--signed-on"), valid_from: str = typer.Option(..., "--from"),
                       valid_to: str = typer.Option(None, "--to"), fee_terms: str = typer.Option("", "--fee-terms"),
                       assessment_terms: str = typer.Option("", "--assessment-terms")) -> None:
    """申请登记签订的委托协议（另一人审批后生效）。"""
    from anju.settle import accounts

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        cid = accounts.request_sign_agreement(
            uow, actor, bank_code=bank, no=no, title=title, services=[s.strip() for s in services.split(",") if s],
            signed_on=parse_date_option(signed_on), valid_from=parse_date_option(valid_from),
            valid_to=parse_date_option(valid_to) if valid_to else None, as_of=business_today(), fee_terms=fee_terms,
            assessment_terms=assessment_terms)
        uow.commit()
    console.print(f"已提交委托协议申请（编号{cid}），待审批")


@agreement_app.command("end")
@handles_errors
def agreement_end_cmd(no: str = typer.Argument(...), ended_on: str = typer.Option(..., "--ended-on"),
                      reason: str = typer.Option(..., "--reason")) -> None:
    """申请终止委托协议（另一人审批后生效）。"""
    from anju.settle import accounts

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        cid = accounts.request_end_agreement(uow, actor, no=no, ended_on=parse_date_option(ended_on), reason=reason,
                                             as_of=business_today())
        uow.commit()
    console.print(f"已提交终止委托协议申请（编号{cid}），待审批")


@change_app.command("list")
@handles_errors
def change_list_cmd(status: str = typer.Option(None, "--status", help="submitted / approved / rejected")) -> None:
    """专户与协议申请。"""
    from anju.settle import accounts
    from anju.settle.codes import ChangeKind, ChangeStatus

    with get_engine().connect() as conn:
        rows = accounts.changes(conn, status=status)
    _table(("编号", "申请号", "事项", "银行", "内容", "状态", "申请人", "审批人"),
           [(r.id, r.no, ChangeKind(r.kind).label, r.bank_code, r.payload_json[:80], ChangeStatus(r.status).label,
             r.created_by, r.decided_by) for r in rows])


@change_app.command("approve")
@handles_errors
def change_approve_cmd(change_id: int = typer.Argument(...), note: str = typer.Option("", "--note")) -> None:
    """审批通过（不能审批本人提交的申请）：专户或协议随即登记。"""
    from anju.settle import accounts

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        accounts.approve(uow, actor, change_id=change_id, as_of=business_today(), note=note)
        uow.commit()
    console.print("已审批通过")


@change_app.command("reject")
@handles_errors
def change_reject_cmd(change_id: int = typer.Argument(...), reason: str = typer.Option(..., "--reason")) -> None:
    """驳回申请（须填写理由）。"""
    from anju.settle import accounts

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        accounts.reject(uow, actor, change_id=change_id, reason=reason, as_of=business_today())
        uow.commit()
    console.print("已驳回")


# ----------------------------------------------------------------------------------------- fees


def _print_fees(rows, as_json: bool) -> None:
    from anju.settle.fees import HEADERS

    if as_json:
        print_json([{k: v for k, v in r.items()} for r in rows])
        return
    _table(HEADERS, [[r[h] for h in HEADERS] for r in rows])


@handles_errors
def fees_cmd(month: str = typer.Option(..., "--month", help="YYYYMM"), as_json: bool = typer.Option(False, "--json")) -> None:
    """计提该月各受托银行手续费（借 业务支出，贷 其他应付款 219；同月重复执行不重复计提），并列出手续费结算单。"""
    from anju.settle import fees

    engine = get_engine()
    actor = signed_in(engine)
    m = parse_month(month)
    out = fees.accrue_month(engine, actor, month=m, as_of=business_today())
    with engine.connect() as conn:
        rows = fees.statement(conn, month=m)
    if not as_json:
        console.print(f"{format_month(m)}：本次计提 {out.rows} 项，{format_yuan(out.total)} 元")
    _print_fees(rows, as_json)


@handles_errors
def fee_statement_cmd(month: str = typer.Option(..., "--month", help="YYYYMM"), bank: str = typer.Option(None, "--bank"),
                      xlsx: Path = typer.Option(None, "--xlsx", help="另存为 Excel 结算单"),
                      as_json: bool = typer.Option(False, "--json")) -> None:
    """手续费结算单（与银行金额核对）。"""
    from anju.settle import fees

    with get_engine().connect() as conn:
        m = parse_month(month)
        rows = fees.statement(conn, month=m, bank_code=bank)
        if xlsx:
            xlsx.write_bytes(fees.statement_xlsx(conn, month=m, bank_code=bank))
    _print_fees(rows, as_json)


@handles_errors
def fee_pay_cmd(month: str = typer.Option(..., "--month"), bank: str = typer.Option(..., "--bank"),
                paid_on: str = typer.Option(None, "--date", help="支付日期，默认今天")) -> None:
    """支付受托银行该月手续费（借 219，贷 该行归集户或结算户科目）。"""
    from anju.settle import fees

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        total = fees.pay(uow, actor, month=parse_month(month), bank_code=bank,
                         paid_on=parse_date_option(paid_on, default=business_today()))
        uow.commit()
    console.print(f"已支付 {format_yuan(total)} 元")


@handles_errors
def fee_figure_cmd(month: str = typer.Option(..., "--month"), bank: str = typer.Option(..., "--bank"),
                   fee_type: str = typer.Option(..., "--type", help="loan / collect / payout / account"),
                   amount: str = typer.Option(..., "--amount", help="银行提供的金额（元）")) -> None:
    """登记银行提供的手续费金额，与计提金额核对。"""
    from anju.settle import fees

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        diff = fees.enter_bank_figure(uow, actor, month=parse_month(month), bank_code=bank, fee_type=fee_type,
                                      amount=parse_yuan(amount))
        uow.commit()
    console.print("与计提金额一致" if diff == 0 else f"差额（银行−中心）：{format_yuan(diff)} 元")


# ----------------------------------------------------------------------------------------- assessment


def _print_assessment(stored, as_json: bool) -> None:
    from anju.settle.assess import show_value

    if as_json:
        print_json(stored)
        return
    for s in stored:
        console.print(f"[bold]{s['bank']}[/bold]：{s['score']}分，{s['grade']}（{s['status_label']}）")
        _table(("一级指标", "二级指标", "分值", "目标值", "实际值", "得分", "计分说明"),
               [(it["group"], it["name"], it["weight"], show_value(it, "target"), show_value(it), it["score"],
                 it["note"]) for it in s["items"]])


@handles_errors
def assess_cmd(year: int = typer.Option(..., "--year"), bank: str = typer.Option(None, "--bank"),
               docx: Path = typer.Option(None, "--docx", help="另存为 Word 考核报告"),
               xlsx: Path = typer.Option(None, "--xlsx", help="另存为 Excel 评分表"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """计算受托银行年度考核（业务数据指标自动取数，人工指标见 assess-enter；已定稿的不再改动）。"""
    from anju.org.queries import centre_display_name
    from anju.settle import assess

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        assess.compute(uow, actor, year=year, bank_code=bank)
        uow.commit()
    with engine.connect() as conn:
        stored = [s for s in assess.stored(conn, year) if not bank or s["bank_code"] == bank]
        if docx:
            docx.write_bytes(assess.docx(conn, year, centre=centre_display_name(conn) or ""))
        if xlsx:
            xlsx.write_bytes(assess.xlsx(conn, year))
    _print_assessment(stored, as_json)


@handles_errors
def assess_show_cmd(year: int = typer.Option(..., "--year"), as_json: bool = typer.Option(False, "--json"),
                    docx: Path = typer.Option(None, "--docx"), xlsx: Path = typer.Option(None, "--xlsx")) -> None:
    """查看已计算的年度考核（可导出 Word、Excel）。"""
    from anju.org.queries import centre_display_name
    from anju.settle import assess

    with get_engine().connect() as conn:
        stored = assess.stored(conn, year)
        if docx:
            docx.write_bytes(assess.docx(conn, year, centre=centre_display_name(conn) or ""))
        if xlsx:
            xlsx.write_bytes(assess.xlsx(conn, year))
    _print_assessment(stored, as_json)


@handles_errors
def assess_enter_cmd(year: int = typer.Option(..., "--year"), bank: str = typer.Option(..., "--bank"),
                     value: list[str] = typer.Option([], "--value", help="指标=值，如 window_service=9、link_availability=99.8%"),
                     deduct: list[str] = typer.Option([], "--deduct", help="理由=扣分"),
                     veto: str = typer.Option(None, "--veto", help="一票否决事由")) -> None:
    """填报人工指标、扣分和一票否决，并重新计分。"""
    from anju.settle import assess

    engine = get_engine()
    actor = signed_in(engine)
    actuals = dict(v.split("=", 1) for v in value if "=" in v)
    cuts = [tuple(d.rsplit("=", 1)) for d in deduct if "=" in d]
    with UnitOfWork(engine) as uow:
        sheet = assess.enter(uow, actor, year=year, bank_code=bank, actuals=actuals, deductions=cuts or None, veto=veto)
        uow.commit()
    console.print(f"{bank}：{sheet.total}分，{sheet.grade}")


@handles_errors
def assess_final_cmd(year: int = typer.Option(..., "--year"), bank: str = typer.Option(..., "--bank")) -> None:
    """考核定稿（定稿后的得分决定下一年度手续费考核系数）。"""
    from anju.settle import assess

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        assess.finalise(uow, actor, year=year, bank_code=bank)
        uow.commit()
    console.print("已定稿")
