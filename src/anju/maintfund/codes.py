"""Stored codes of the maintenance fund (labels in ``labels.py`` and on the enums)."""

from __future__ import annotations

from enum import StrEnum

BOOK = "mf"  # the ledger's account book of the maintenance fund
BANK = "M1002"  # 维修资金专户存款
HOUSEHOLD = "M200101"  # 分户维修资金 (sub-ledger mf_household, ref = account number)
COMMON = "M200102"  # 公共维修资金 (sub-ledger mf_common, ref = area code)
DEVELOPER_DUE = "M1131"  # 应收开发建设单位维修资金 (unsold units' shares)
OWNER_DUE = "M1132"  # 应收业主分摊款 (a household short of its share)
PROJECT = "M1201"  # 维修项目暂付款 (stage payments until the final split)
RETENTION = "M2101"  # 应付质量保证金
MGMT_FEE = "M2201"  # 应付管理费用
INCOME = "M4101"  # 增值收益 (interest and other income of the fund)
SUB_HOUSEHOLD = "mf_household"
SUB_COMMON = "mf_common"


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return LABELS[type(self).__name__][self.value]


class Manager(_Labelled):
    GOVERNMENT = "gov"  # 住建代管
    OWNERS = "owners"  # 业主大会


class UnitKind(_Labelled):
    RESIDENTIAL = "res"
    NON_RESIDENTIAL = "nonres"
    PUBLIC = "public"  # 公房 (sold public housing)


class HouseholdStatus(_Labelled):
    NORMAL = "normal"
    TRANSFERRED = "moved"  # 已过户: the account went to the new owner's row
    LOST = "lost"  # 灭失销户


class BillKind(_Labelled):
    FIRST = "first"  # 首期交存
    TOPUP = "topup"  # 续筹


class BillStatus(_Labelled):
    BILLED = "billed"
    PAID = "paid"


class Payer(_Labelled):
    OWNER = "owner"
    DEVELOPER = "developer"


class TxnKind(_Labelled):
    DEPOSIT = "deposit"  # 交存
    INTEREST = "interest"  # 增值收益分配
    USE = "use"  # 使用分摊
    REFUND = "refund"  # 灭失退还
    TRANSFER_OUT = "xfer_out"  # 过户转出
    TRANSFER_IN = "xfer_in"  # 过户转入


class ProjectKind(_Labelled):
    GENERAL = "general"  # 一般
    EMERGENCY = "emergency"  # 应急


class ProjectStatus(_Labelled):
    APPLIED = "applied"
    PLANNED = "planned"
    PUBLICIZING = "public"
    VOTING = "voting"
    VOTE_FAILED = "vote_failed"
    VOTED = "voted"
    APPROVED = "approved"
    PAYING = "paying"
    ACCEPTED = "accepted"
    SETTLED = "settled"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class Decision(_Labelled):
    USE = "use"  # 使用维修资金: 双过半 of participants
    RAISE = "raise"  # 筹集维修资金: 双3/4 of participants


class Choice(_Labelled):
    AGREE = "agree"
    DISAGREE = "disagree"
    ABSTAIN = "abstain"


class ChangeKind(_Labelled):
    TRANSFER = "transfer"  # 过户
    REFUND = "refund"  # 房屋灭失退还


class ChangeStatus(_Labelled):
    APPLIED = "applied"
    APPROVED = "approved"
    REJECTED = "rejected"


LABELS: dict[str, dict[str, str]] = {
    "Manager": {"gov": "住建代管", "owners": "业主大会"},
    "UnitKind": {"res": "住宅", "nonres": "非住宅", "public": "公房"},
    "HouseholdStatus": {"normal": "正常", "moved": "已过户", "lost": "灭失销户"},
    "BillKind": {"first": "首期交存", "topup": "续筹"},
    "BillStatus": {"billed": "待缴", "paid": "已缴"},
    "Payer": {"owner": "业主", "developer": "开发建设单位"},
    "TxnKind": {"deposit": "交存", "interest": "增值收益分配", "use": "使用分摊", "refund": "灭失退还",
                "xfer_out": "过户转出", "xfer_in": "过户转入"},
    "ProjectKind": {"general": "一般维修", "emergency": "应急维修"},
    "ProjectStatus": {"applied": "已申请", "planned": "方案已定", "public": "公示中", "voting": "表决中",
                      "vote_failed": "表决未通过", "voted": "表决通过", "approved": "已审核", "paying": "拨付中",
                      "accepted": "已验收", "settled": "已决算分摊", "published": "已公示", "cancelled": "已撤销"},
    "Decision": {"use": "使用维修资金", "raise": "筹集维修资金"},
    "Choice": {"agree": "同意", "disagree": "不同意", "abstain": "弃权"},
    "ChangeKind": {"transfer": "过户", "refund": "灭失退还"},
    "ChangeStatus": {"applied": "待审核", "approved": "已审核", "rejected": "已驳回"},
}
