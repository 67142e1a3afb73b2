"""Stored codes of the digital-services area (labels in ``labels.py``)."""

from __future__ import annotations

from enum import StrEnum


class CertKind(StrEnum):
    DEPOSIT = "deposit"  # 住房公积金缴存证明
    LOAN_SETTLED = "loan_settled"  # 个人住房公积金贷款结清证明
    WITHDRAWAL = "withdrawal"  # 住房公积金提取回执
    REMOTE_LOAN = "remote_loan"  # 异地贷款职工住房公积金缴存使用证明 (the transfer area)

    @property
    def label(self) -> str:
        return CERT_KIND_LABELS[self]


CERT_KIND_LABELS = {
    CertKind.DEPOSIT: "住房公积金缴存证明", CertKind.LOAN_SETTLED: "个人住房公积金贷款结清证明",
    CertKind.WITHDRAWAL: "住房公积金提取回执", CertKind.REMOTE_LOAN: "异地贷款职工住房公积金缴存使用证明",
}


class Verdict(StrEnum):
    """The answer of verifying a code."""

    VALID = "valid"
    MALFORMED = "malformed"
    BAD_SIGNATURE = "bad_signature"
    UNKNOWN_KEY = "unknown_key"
    UNKNOWN = "unknown"  # signed by us but no such certificate (or its facts changed)
    REVOKED = "revoked"
    EXPIRED = "expired"


class NoticeEvent(StrEnum):
    DEPOSIT_POSTED = "deposit_posted"  # 到账提醒
    REPAY_DUE = "repay_due"  # 还款提醒
    OVERDUE = "overdue"  # 逾期提醒
    WITHDRAWAL_PAID = "withdrawal_paid"  # 提取到账
    DECISION = "decision"  # 审批结果

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS = {
    NoticeEvent.DEPOSIT_POSTED: "到账提醒", NoticeEvent.REPAY_DUE: "还款提醒", NoticeEvent.OVERDUE: "逾期提醒",
    NoticeEvent.WITHDRAWAL_PAID: "提取到账", NoticeEvent.DECISION: "审批结果",
}


class NoticeChannel(StrEnum):
    SMS = "sms"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return {"sms": "短信", "email": "电子邮件"}[self.value]


class NoticeStatus(StrEnum):
    QUEUED = "queued"  # waiting (also after a failed attempt, until next_at)
    SENDING = "sending"  # claimed by a sender
    SENT = "sent"  # accepted by the gateway
    FAILED = "failed"  # gave up after the last attempt
    SUPPRESSED = "suppressed"  # opted out, or over the person's daily limit

    @property
    def label(self) -> str:
        return {"queued": "待发送", "sending": "发送中", "sent": "已发送", "failed": "发送失败",
                "suppressed": "未发送（退订或超限）"}[self.value]


class Business(StrEnum):
    """What a person rates (好差评) and how 离柜率 groups business: by kind."""

    ACCOUNT = "account"  # 账户业务（开户、封存、启封、转移、变更）
    DEPOSIT = "deposit"  # 缴存业务
    WITHDRAWAL = "withdrawal"  # 提取业务
    LOAN = "loan"  # 贷款业务
    TRANSFER = "transfer"  # 转移接续
    CERTIFICATE = "certificate"  # 证明开具

    @property
    def label(self) -> str:
        return BUSINESS_LABELS[self]


BUSINESS_LABELS = {
    Business.ACCOUNT: "账户业务", Business.DEPOSIT: "缴存业务", Business.WITHDRAWAL: "提取业务",
    Business.LOAN: "贷款业务", Business.TRANSFER: "转移接续", Business.CERTIFICATE: "证明开具",
}

# Reasons a person may tick with a rating (好差评 评价原因).
REASONS = {
    "fast": "办理快捷", "polite": "态度热情", "clear": "指引清楚", "online": "网上可办",
    "slow": "办理时间长", "rude": "服务态度差", "unclear": "一次告知不清", "repeat": "材料重复提交",
    "system": "系统不好用",
}


class FollowupStatus(StrEnum):
    OPEN = "open"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"open": "整改中", "done": "已整改"}[self.value]
