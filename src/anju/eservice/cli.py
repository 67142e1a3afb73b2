"""`anju cert …` (electronic certificates: verify, show, list, revoke, rotate the key) and `anju notify …`
(queue the day's notifications, send them, the outbox's state, a member's preferences), `anju eval …` (ratings)."""

from __future__ import annotations

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
    system_actor,
)
from anju.core.errors import AnjuError, NotFound
from anju.db import UnitOfWork
from anju.eservice import certs, evaluation, gateways, notify, sender, signing
from anju.eservice.codes import NoticeChannel, NoticeEvent, NoticeStatus
from anju.eservice.errors import EserviceError

cert_app = typer.Typer(no_args_is_help=True)
notify_app = typer.Typer(no_args_is_help=True)
eval_app = typer.Typer(no_args_is_help=True)
APPS = [("cert", "电子证明：核验、查看、撤销、轮换签名密钥", cert_app),
        ("notify", "短信和邮件通知：生成、发送、发送状态、通知方式", notify_app),
        ("eval", "服务评价（好差评）与差评整改", eval_app)]


# ------------------------------------------------------------------------------------------- certificates


def _print_verification(v: certs.Verification, as_json: bool) -> None:
    if as_json:
        print_json({"verdict": v.verdict.value, "ok": v.ok, "reason": v.reason, "no": v.no, "title": v.title,
                    "issued_on": v.issued_on, "valid_until": v.valid_until, "revoked_on": v.revoked_on,
                    "revoke_reason": v.revoke_reason, "facts": [{"label": k, "value": x} for k, x in v.facts]})
        return
    console.print(("[green]✔ " if v.ok else "[red]✘ 核验未通过：") + v.reason + "[/]")
    if v.no:
        console.print(f"{v.title}  证明编号 {v.no}  出具日期 {v.issued_on}"
                      + (f"  有效期至 {v.valid_until}" if v.valid_until else ""))
    if v.revoke_reason:
        console.print(f"撤销原因：{v.revoke_reason}")
    for k, x in v.facts:
        console.print(f"  {k}：{x}")


@cert_app.command("verify")
@handles_errors
def cert_verify(code: str, as_of: str = typer.Option(None, "--as-of"),
                as_json: bool = typer.Option(False, "--json")) -> None:
    """核验证明：核验码（或二维码中的网址）→ 证明内容，或不通过的原因。"""
    engine = get_engine()
    with engine.connect() as conn:
        v = certs.verify(conn, code, as_of=parse_date_option(as_of, default=business_today()))
    _print_verification(v, as_json)
    if not v.ok:
        raise typer.Exit(1)


@cert_app.command("show")
@handles_errors
def cert_show(no: str, as_json: bool = typer.Option(False, "--json")) -> None:
    """按证明编号查看登记内容、状态和核验码。"""
    engine = get_engine()
    with engine.connect() as conn:
        row = certs.get(conn, no)
        token = certs.token_of(conn, row)
        v = certs.verify(conn, token, as_of=business_today())
    if as_json:
        print_json({"no": row.no, "token": token, "path": certs.VERIFY_PATH + token, "verdict": v.verdict.value,
                    "facts": [{"label": k, "value": x} for k, x in certs.facts_of(row)]})
        return
    _print_verification(v, False)
    console.print(f"核验码：{token}")


@cert_app.command("list")
@handles_errors
def cert_list(q: str = typer.Option("", "--q", help="证明编号或业务号"), limit: int = typer.Option(50, "--limit"),
              as_json: bool = typer.Option(False, "--json")) -> None:
    """最近开具的电子证明。"""
    engine = get_engine()
    with engine.connect() as conn:
        rows = certs.recent(conn, text=q, limit=limit)
    if as_json:
        print_json([{"no": r.no, "kind": r.kind, "title": r.title, "subject": r.subject_ref, "issued_on": r.issued_on,
                     "revoked": r.revoked_at is not None} for r in rows])
        return
    t = Table("证明编号", "证明名称", "业务号", "出具日期", "状态")
    for r in rows:
        t.add_row(r.no, r.title, r.subject_ref, str(r.issued_on), "已撤销" if r.revoked_at else "有效")
    console.print(t)


@cert_app.command("revoke")
@handles_errors
def cert_revoke(no: str, reason: str = typer.Option(..., "--reason", help="撤销原因"),
                as_json: bool = typer.Option(False, "--json")) -> None:
    """撤销电子证明（此后核验提示已撤销及原因）。"""
    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        certs.revoke(uow, actor, no=no, reason=reason)
        uow.commit()
    if as_json:
        print_json({"ok": True, "no": no})
    else:
        console.print(f"已撤销证明 {no}")


@cert_app.command("rotate-key")
@handles_errors
def cert_rotate_key(as_json: bool = typer.Option(False, "--json")) -> None:
    """生成新的签名密钥并停用旧密钥；旧密钥签发的证明仍可核验。"""
    engine = get_engine()
    with UnitOfWork(engine) as uow:
        kid = signing.create_key(uow, system_actor("cert rotate-key"), rotate=True)
        uow.commit()
    if as_json:
        print_json({"kid": kid})
    else:
        console.print(f"新的签名密钥：{kid}（私钥保存在 {signing.key_dir(engine)}）")


# ------------------------------------------------------------------------------------------- notifications


def _events(values: list[str] | None) -> list[NoticeEvent] | None:
    if not values:
        return None
    out = []
    for v in values:
        try:
            out.append(NoticeEvent(v))
        except ValueError:
            raise AnjuError(EserviceError.EVENT_UNKNOWN, value=v) from None
    return out


@notify_app.command("queue")
@handles_errors
def notify_queue(on: str = typer.Option(None, "--date", help="业务日期（默认今天）"),
                 event: list[str] = typer.Option(None, "--event", help="只生成这些事项：deposit_posted、repay_due、"
                                                                         "overdue、withdrawal_paid、decision"),
                 as_json: bool = typer.Option(False, "--json")) -> None:
    """生成当日通知（到账、还款、逾期、提取到账、审批结果），重复执行不重复生成。"""
    engine = get_engine()
    made = notify.queue(engine, system_actor("notify queue"), as_of=parse_date_option(on, default=business_today()),
                        events=_events(event))
    if as_json:
        print_json(made)
        return
    for e in NoticeEvent:
        console.print(f"{e.label}：新增 {made.get(e.value, 0)} 条")


@notify_app.command("send")
@handles_errors
def notify_send(channel: list[str] = typer.Option(None, "--channel", help="sms 或 email（默认全部）"),
                as_json: bool = typer.Option(False, "--json")) -> None:
    """发送到期的通知（网关见环境变量 ANJU_SMS_URL、ANJU_SMTP_HOST 等；未配置的渠道写入文件）。"""
    engine = get_engine()
    for c in channel or []:
        if c not in tuple(NoticeChannel):
            raise AnjuError(EserviceError.CHANNEL_UNKNOWN, value=c)
    result = sender.send(engine, system_actor("notify send"), gateways.from_environment(),
                         channels=tuple(channel) if channel else None)
    if as_json:
        print_json(result)
        return
    console.print(f"已发送 {result['sent']} 条，待重试 {result['retry']} 条，失败 {result['failed']} 条，"
                  f"未发送（退订或超限）{result['suppressed']} 条" + ("；免打扰时段，短信暂缓" if result["quiet"] else ""))


@notify_app.command("status")
@handles_errors
def notify_status(as_json: bool = typer.Option(False, "--json")) -> None:
    """各事项、各渠道通知的发送状态。"""
    engine = get_engine()
    with engine.connect() as conn:
        counts = sender.status_counts(conn)
    if as_json:
        print_json([{"event": e, "channel": c, "status": s, "count": n} for (e, c, s), n in sorted(counts.items())])
        return
    t = Table("事项", "渠道", "状态", "条数")
    for (e, c, s), n in sorted(counts.items()):
        t.add_row(NoticeEvent(e).label, NoticeChannel(c).label, NoticeStatus(s).label, str(n))
    console.print(t)


@notify_app.command("prefs")
@handles_errors
def notify_prefs(key: str = typer.Argument(..., help="个人账号或身份证号"),
                 email: str = typer.Option(None, "--email", help="电子邮件地址（空字符串为删除）"),
                 optout: list[str] = typer.Option(None, "--optout", help="退订：渠道:事项，如 sms:deposit_posted、all:all"),
                 as_json: bool = typer.Option(False, "--json")) -> None:
    """设置缴存职工的电子邮件地址和退订事项（柜面代办）。"""
    from anju.registry import queries as registry

    engine = get_engine()
    actor = signed_in(engine)
    with UnitOfWork(engine) as uow:
        who = registry.person_by_key(uow.conn, key)
        if who is None:
            raise NotFound(EserviceError.PERSON_NOT_FOUND, key=key)
        person_id = who.id
        pairs = None if optout is None else [tuple((x.split(":", 1) + ["all"])[:2]) for x in optout]
        notify.set_preferences(uow, actor, person_id=person_id, email=email, optouts=pairs)
        uow.commit()
    if as_json:
        print_json({"ok": True, "person_id": person_id})
    else:
        console.print("已保存通知方式")


# ------------------------------------------------------------------------------------------- evaluations


@eval_app.command("list")
@handles_errors
def eval_list(open_only: bool = typer.Option(False, "--open", help="只看未办结的差评整改"),
              as_json: bool = typer.Option(False, "--json")) -> None:
    """最近的服务评价和差评整改事项。"""
    engine = get_engine()
    with engine.connect() as conn:
        rows = evaluation.recent(conn, open_only=open_only)
    if as_json:
        print_json([dict(r._mapping) for r in rows])
        return
    t = Table("业务", "编号", "评分", "原因", "渠道", "日期", "整改")
    for r in rows:
        t.add_row(r.business_label, r.ref, str(r.score), r.reasons_text, r.channel_label, str(r.rated_on),
                  r.followup_text)
    console.print(t)
