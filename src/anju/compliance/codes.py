"""Stored codes of the compliance area, with Chinese labels (values never change)."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        return {"high": "高", "medium": "中", "low": "低"}[self.value]


class Family(StrEnum):
    """Rule families of hpf-reference-2 §5.1."""

    REMOTE_DUPLICATE = "remote_dup"
    LOCAL_DUPLICATE = "local_dup"
    BASE = "base"
    AGE = "age"
    STOP_AFTER = "stop_after"
    SAME_HOME = "same_home"
    CONTRACT = "contract"
    RENT_HOME = "rent_home"
    IDENTITY = "identity"
    SEALED = "sealed"
    EARLY = "early"
    BACK_PAY = "back_pay"
    SUPERVISION = "supervision"  # found by the provincial supervision job and imported (``疑点_<中心代码>.csv``)

    @property
    def label(self) -> str:
        return FAMILY_LABELS[self]


FAMILY_LABELS = {
    Family.REMOTE_DUPLICATE: "异地重复缴存", Family.LOCAL_DUPLICATE: "本地多账户", Family.BASE: "缴存基数异常",
    Family.AGE: "超龄/未成年缴存", Family.STOP_AFTER: "提取后短期断缴/贷后断缴", Family.SAME_HOME: "同一房屋多次提取/贷款",
    Family.CONTRACT: "购房提取后合同撤销", Family.RENT_HOME: "租房提取与有房冲突", Family.IDENTITY: "身份信息异常",
    Family.SEALED: "封存账户异常提取", Family.EARLY: "首次缴存后短期提取", Family.BACK_PAY: "补缴后即提取",
    Family.SUPERVISION: "省级跨中心稽查",
}


class HitStatus(StrEnum):
    """A 疑点: open → (核实无误 | 排除) by the auditor, or 认定 proposed → approved (maker-checker)."""

    OPEN = "open"
    VERIFIED = "verified"
    EXCLUDED = "excluded"
    PROPOSED = "proposed"
    FRAUD = "fraud"

    @property
    def label(self) -> str:
        return {"open": "待核查", "verified": "核实无误", "excluded": "排除", "proposed": "认定骗提骗贷待审批",
                "fraud": "认定骗提骗贷"}[self.value]


OPEN_HITS = (HitStatus.OPEN.value, HitStatus.PROPOSED.value)


class CaseStage(StrEnum):
    """A fraud case (骗提骗贷案件): 认定 → 追回 → 处罚决定 → 移送公安 → 禁止期 → 结案."""

    CONFIRMED = "confirmed"
    RECOVERED = "recovered"
    PENALISED = "penalised"
    REFERRED = "referred"
    BANNED = "banned"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"confirmed": "已认定", "recovered": "已追回", "penalised": "已处罚", "referred": "已移送公安",
                "banned": "禁止期内", "closed": "已结案"}[self.value]


class EnforcementStage(StrEnum):
    """归集执法: 立案 → 催缴通知书 → 责令限期缴存决定书 → 催告 → 行政处罚 / 申请法院强制执行 → 结案."""

    OPENED = "opened"
    NOTICE = "notice"
    ORDER = "order"
    DEMAND = "demand"
    PENALTY = "penalty"
    COURT = "court"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"opened": "已立案", "notice": "已催缴", "order": "已责令限期缴存", "demand": "已催告",
                "penalty": "已行政处罚", "court": "已申请法院强制执行", "closed": "已结案"}[self.value]


class EnforcementReason(StrEnum):
    UNREGISTERED = "unregistered"  # 不办理缴存登记或不设立账户 (条例第三十七条)
    UNPAID = "unpaid"  # 逾期不缴或少缴 (条例第三十八条)

    @property
    def label(self) -> str:
        return {"unregistered": "不办理缴存登记", "unpaid": "逾期不缴或少缴"}[self.value]


class DocKind(StrEnum):
    NOTICE = "notice"
    ORDER = "order"
    DEMAND = "demand"
    PENALTY = "penalty"
    COURT = "court"
    RECOVERY = "recovery"
    DECISION = "decision"
    REFERRAL = "referral"

    @property
    def label(self) -> str:
        return {"notice": "催缴通知书", "order": "责令限期缴存决定书", "demand": "催告书", "penalty": "行政处罚决定书",
                "court": "强制执行申请书", "recovery": "追回通知书", "decision": "处罚决定书",
                "referral": "案件移送书"}[self.value]

    @property
    def short(self) -> str:
        """The document's 字 in its number (公积金催字〔2026〕第00001号)."""
        return {"notice": "催", "order": "责", "demand": "告", "penalty": "罚", "court": "执", "recovery": "追",
                "decision": "处", "referral": "移"}[self.value]


class Channel(StrEnum):
    HOTLINE = "12329"
    PETITION = "petition"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return {"12329": "12329热线", "petition": "信访", "online": "网上投诉"}[self.value]


class ComplaintKind(StrEnum):
    CONSULT = "consult"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"

    @property
    def label(self) -> str:
        return {"consult": "咨询", "complaint": "投诉", "suggestion": "建议"}[self.value]


class ComplaintStatus(StrEnum):
    RECEIVED = "received"
    ASSIGNED = "assigned"
    REPLIED = "replied"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"received": "已受理", "assigned": "已转办", "replied": "已答复", "closed": "已回访办结"}[self.value]


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"
    NEUTRAL = "neutral"
    UNSATISFIED = "unsatisfied"

    @property
    def label(self) -> str:
        return {"satisfied": "满意", "neutral": "基本满意", "unsatisfied": "不满意"}[self.value]


class DormantKind(StrEnum):
    SEALED_LONG = "sealed_long"
    ZERO_LONG = "zero_long"
    PAST_AGE = "past_age"

    @property
    def label(self) -> str:
        return {"sealed_long": "长期封存", "zero_long": "长期零余额", "past_age": "超龄未销户"}[self.value]


class DormantAction(StrEnum):
    CLOSE = "close"  # 零额销户
    MERGE = "merge"  # 合并销户 (balance moved to the person's other account)

    @property
    def label(self) -> str:
        return {"close": "零额销户", "merge": "合并销户"}[self.value]


class BatchStatus(StrEnum):
    APPLIED = "applied"
    DONE = "done"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"applied": "待审批", "done": "已办结", "rejected": "已驳回"}[self.value]
