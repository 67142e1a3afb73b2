"""The Chinese templates of notifications and their rendering (pure): variables in braces, one template per event
and channel, the channel's length limit applied (policy ``notify.sms_max_chars`` / ``notify.email_max_chars``)."""

from __future__ import annotations

import string
from dataclasses import dataclass

from anju.core.errors import AnjuError
from anju.eservice.codes import NoticeChannel, NoticeEvent
from anju.eservice.errors import EserviceError

SMS, EMAIL = NoticeChannel.SMS, NoticeChannel.EMAIL


@dataclass(frozen=True)
class Template:
    subject: str
    body: str


_SIGN = "【{centre}】"
TEMPLATES: dict[tuple[NoticeEvent, NoticeChannel], Template] = {
    (NoticeEvent.DEPOSIT_POSTED, SMS): Template(
        "", _SIGN + "{name}，您尾号{account_tail}的住房公积金账户于{day}入账{amount}元（{month}），当前余额{balance}元。"),
    (NoticeEvent.DEPOSIT_POSTED, EMAIL): Template(
        "住房公积金到账提醒", "{name}：\n\n您的住房公积金个人账户（{account_no}）于{day}入账{amount}元，缴存年月{month}，"
        "入账后余额{balance}元。\n\n{centre}"),
    (NoticeEvent.REPAY_DUE, SMS): Template(
        "", _SIGN + "{name}，您的公积金贷款（尾号{loan_tail}）第{period}期应还{amount}元，还款日{due}，请按时存足还款资金。"),
    (NoticeEvent.REPAY_DUE, EMAIL): Template(
        "住房公积金贷款还款提醒", "{name}：\n\n您的住房公积金贷款（贷款账号{loan_no}）第{period}期应还本息{amount}元，"
        "约定还款日{due}。请在还款日前将足额资金存入还款账户。\n\n{centre}"),
    (NoticeEvent.OVERDUE, SMS): Template(
        "", _SIGN + "{name}，您的公积金贷款（尾号{loan_tail}）已逾期{periods}期，欠款{arrears}元，请尽快归还，以免影响个人信用。"),
    (NoticeEvent.OVERDUE, EMAIL): Template(
        "住房公积金贷款逾期提醒", "{name}：\n\n您的住房公积金贷款（贷款账号{loan_no}）自{since}起逾期，目前逾期{periods}期，"
        "欠款（含罚息）{arrears}元。逾期记录将报送征信系统，请尽快归还。\n\n{centre}"),
    (NoticeEvent.WITHDRAWAL_PAID, SMS): Template(
        "", _SIGN + "{name}，您提取的住房公积金{amount}元已于{day}划入您的银行账户，账户余额{balance}元。"),
    (NoticeEvent.WITHDRAWAL_PAID, EMAIL): Template(
        "住房公积金提取到账通知", "{name}：\n\n您申请提取的住房公积金{amount}元已于{day}支付，个人账户（{account_no}）"
        "余额{balance}元。\n\n{centre}"),
    (NoticeEvent.DECISION, SMS): Template(
        "", _SIGN + "{name}，您的{business}（编号{no}）{result}。详情请登录个人网厅查询。"),
    (NoticeEvent.DECISION, EMAIL): Template(
        "住房公积金业务审批结果", "{name}：\n\n您的{business}（编号{no}，金额{amount}元）于{day}{result}。"
        "详情请登录个人网厅查询。\n\n{centre}"),
}


def variables(template: Template) -> set[str]:
    names = set()
    for text in (template.subject, template.body):
        names |= {f for _, f, _, _ in string.Formatter().parse(text) if f}
    return names


def render(event: NoticeEvent, channel: NoticeChannel, values: dict[str, object], *, max_chars: int
           ) -> tuple[str, str]:
    """(subject, body) of the message; a body over the channel's limit is cut and ends with “…”."""
    template = TEMPLATES.get((event, channel))
    if template is None:
        raise AnjuError(EserviceError.TEMPLATE_UNKNOWN, event=event.label, channel=channel.label)
    missing = sorted(variables(template) - set(values))
    if missing:
        raise AnjuError(EserviceError.TEMPLATE_VARIABLE, event=event.label, names="、".join(missing))
    subject = template.subject.format_map(values)
    body = template.body.format_map(values)
    if max_chars > 0 and len(body) > max_chars:
        body = body[: max_chars - 1] + "…"
    return subject, body
