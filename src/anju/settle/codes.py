"""Stored codes of the settlement area, with Chinese labels."""

from __future__ import annotations

from enum import StrEnum

# ---- bankcore: 专户 and agreement requests, fees, assessment


class ChangeKind(StrEnum):
    OPEN_ACCOUNT = "open_account"
    CLOSE_ACCOUNT = "close_account"
    SIGN_AGREEMENT = "sign_agreement"
    END_AGREEMENT = "end_agreement"

    @property
    def label(self) -> str:
        return {"open_account": "专户开户", "close_account": "专户销户", "sign_agreement": "签订委托协议",
                "end_agreement": "终止委托协议"}[self.value]


class ChangeStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"submitted": "待审批", "approved": "已批准", "rejected": "已驳回"}[self.value]


class FeeStatus(StrEnum):
    ACCRUED = "accrued"
    PAID = "paid"

    @property
    def label(self) -> str:
        return {"accrued": "已计提", "paid": "已支付"}[self.value]


class AssessStatus(StrEnum):
    DRAFT = "draft"
    FINAL = "final"

    @property
    def label(self) -> str:
        return {"draft": "草稿", "final": "已定稿"}[self.value]

# ---- end bankcore

# ---- settle: statements, matching, reconciliation


class MatchRule(StrEnum):
    """How a statement line was matched to the books (hpf-reference-2 §1.3, in this order)."""

    SERIAL = "serial"  # (1) the bank's transaction number is the one the business recorded
    REMARK = "remark"  # (2) 备注 = 业务流水号 (the voucher's idempotency key)
    AMOUNT = "amount"  # (3) amount + date window (+ counterparty), one candidate each side
    BATCH = "batch"  # (4) one bank line = Σ the vouchers of one batch (备注 = batch reference)
    REVERSAL = "reversal"  # (5) a reversal and its original (bank side, or a voucher and its reversal)
    MANUAL = "manual"  # by a person, checked by another

    @property
    def label(self) -> str:
        return {"serial": "银行流水号", "remark": "备注业务流水号", "amount": "金额日期", "batch": "批量合计",
                "reversal": "冲正配对", "manual": "人工匹配"}[self.value]


class ItemKind(StrEnum):
    """The four kinds of 未达账项."""

    BANK_IN = "1"  # 银行已收中心未收
    BANK_OUT = "2"  # 银行已付中心未付
    BOOK_IN = "3"  # 中心已收银行未收
    BOOK_OUT = "4"  # 中心已付银行未付

    @property
    def label(self) -> str:
        return {"1": "银行已收中心未收", "2": "银行已付中心未付", "3": "中心已收银行未收", "4": "中心已付银行未付"}[self.value]


class Side(StrEnum):
    BANK = "bank"  # a statement line
    BOOK = "book"  # a voucher line on the 专户's sub-account

    @property
    def label(self) -> str:
        return {"bank": "银行对账单", "book": "中心日记账"}[self.value]


class LineSource(StrEnum):
    FILE = "file"
    PUSH = "push"

    @property
    def label(self) -> str:
        return {"file": "对账单文件", "push": "实时推送"}[self.value]


class MatchRequestStatus(StrEnum):
    """A manual match or unmatch: submitted → approved (done) or rejected, by a second person."""

    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"submitted": "待复核", "approved": "已复核", "rejected": "已驳回"}[self.value]


class MatchRequestKind(StrEnum):
    MATCH = "match"
    UNMATCH = "unmatch"

    @property
    def label(self) -> str:
        return {"match": "人工匹配", "unmatch": "撤销匹配"}[self.value]
