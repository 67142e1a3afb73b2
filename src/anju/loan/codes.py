"""Loan codes: loan purposes, loan statuses, the JGJ/T 320 loan business types (DKYWMXLX) with the local
ones the sub-ledger needs, the five risk classes (风险等级) and repayment-run states."""

from __future__ import annotations

from enum import StrEnum


class Purpose(StrEnum):
    """贷款用途 (local codes; the annual report counts 商转公 apart)."""

    PURCHASE_NEW = "01"  # 购买新建商品住房
    PURCHASE_USED = "02"  # 购买二手住房
    BUILD = "03"  # 自建、翻建住房
    REPAIR = "04"  # 大修住房
    COMMERCIAL_TRANSFER = "05"  # 商转公（商业贷款转公积金贷款）

    @property
    def label(self) -> str:
        return PURPOSE_LABELS[self]


PURPOSE_LABELS = {
    Purpose.PURCHASE_NEW: "购买新建商品住房", Purpose.PURCHASE_USED: "购买二手住房", Purpose.BUILD: "自建翻建住房",
    Purpose.REPAIR: "大修住房", Purpose.COMMERCIAL_TRANSFER: "商业贷款转公积金贷款",
}


class LoanStatus(StrEnum):
    """贷款状态 of a loan account."""

    NORMAL = "01"  # 正常
    OVERDUE = "02"  # 逾期
    SETTLED = "03"  # 结清
    WRITTEN_OFF = "04"  # 核销

    @property
    def label(self) -> str:
        return {"01": "正常", "02": "逾期", "03": "结清", "04": "核销"}[self.value]


class TxnType(StrEnum):
    """个人贷款业务明细类型 DKYWMXLX (JGJ/T 320-2014), and local types 90–92 that are not exported."""

    DISBURSE = "01"  # 发放
    REPAY = "02"  # 正常还款
    PREPAY = "03"  # 提前还款
    OVERDUE_REPAY = "04"  # 逾期还款
    FUND_REPAY = "05"  # 公积金提取还款
    SETTLE = "06"  # 结清
    EXTEND = "07"  # 展期
    SHORTEN = "08"  # 缩期
    WRITE_OFF = "09"  # 核销
    TO_OVERDUE = "90"  # local: 转逾期 (principal 121 → 122)
    REPRICE = "91"  # local: 利率调整 (the remaining plan recomputed on January 1)
    REVERSE = "92"  # local: 冲正 (a fund repayment reversed)

    @property
    def label(self) -> str:
        return TXN_LABELS[self]


TXN_LABELS = {
    TxnType.DISBURSE: "发放", TxnType.REPAY: "正常还款", TxnType.PREPAY: "提前还款", TxnType.OVERDUE_REPAY: "逾期还款",
    TxnType.FUND_REPAY: "公积金提取还款", TxnType.SETTLE: "结清", TxnType.EXTEND: "展期", TxnType.SHORTEN: "缩期",
    TxnType.WRITE_OFF: "核销", TxnType.TO_OVERDUE: "转逾期", TxnType.REPRICE: "利率调整", TxnType.REVERSE: "冲正",
}


class RiskClass(StrEnum):
    """五级分类 风险等级 (JGJ/T 320)."""

    NORMAL = "01"  # 正常
    SPECIAL = "02"  # 关注
    SUBSTANDARD = "03"  # 次级
    DOUBTFUL = "04"  # 可疑
    LOSS = "05"  # 损失

    @property
    def label(self) -> str:
        return {"01": "正常", "02": "关注", "03": "次级", "04": "可疑", "05": "损失"}[self.value]


class InstalmentStatus(StrEnum):
    DUE = "due"  # 未到期或待还
    PAID = "paid"  # 已还清
    OVERDUE = "overdue"  # 逾期（可能部分已还）
    SUPERSEDED = "superseded"  # replaced by a recomputed plan (rate change, prepayment)


class WriteOffStatus(StrEnum):
    """A 核销 request (``loan/flows.py``): requested → done (approved and posted) or rejected."""

    REQUESTED = "requested"
    DONE = "done"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"requested": "待审批", "done": "已核销", "rejected": "已驳回"}[self.value]


#: Overdue buckets (逾期账龄) by overdue days: (label, lowest day, highest day or None).
BUCKETS = (("1个月以内", 1, 30), ("1-3个月", 31, 90), ("3-6个月", 91, 180), ("6-12个月", 181, 365),
           ("1-3年", 366, 1095), ("3年以上", 1096, None))


def bucket(days: int) -> str:
    for label, low, high in BUCKETS:
        if days >= low and (high is None or days <= high):
            return label
    return "未逾期"
