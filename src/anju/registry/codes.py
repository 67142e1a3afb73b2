"""Standard codes of the registry (JGJ/T 320 and the GB/T code lists it cites), with Chinese labels."""

from __future__ import annotations

from enum import StrEnum


class EmployerStatus(StrEnum):
    """单位账户状态 DWZHZT."""

    NORMAL = "01"
    OPENING = "02"
    DEFERRED = "03"
    CLOSED = "04"
    SEALED = "05"
    OTHER = "99"

    @property
    def label(self) -> str:
        return {"01": "正常", "02": "开户", "03": "缓缴", "04": "销户", "05": "封存", "99": "其他"}[self.value]


class AccountStatus(StrEnum):
    """个人账户状态 GRZHZT (冻结 is kept as a separate flag so that the underlying status survives it)."""

    NORMAL = "01"
    SEALED = "02"
    CLOSED_MERGED = "03"
    CLOSED_TRANSFERRED_OUT = "04"
    CLOSED_WITHDRAWN = "05"
    FROZEN = "06"
    OTHER = "99"

    @property
    def label(self) -> str:
        return {"01": "正常", "02": "封存", "03": "合并销户", "04": "外部转出销户", "05": "提取销户",
                "06": "冻结", "99": "其他"}[self.value]

    @property
    def closed(self) -> bool:
        return self in (AccountStatus.CLOSED_MERGED, AccountStatus.CLOSED_TRANSFERRED_OUT,
                        AccountStatus.CLOSED_WITHDRAWN)


class TxnType(StrEnum):
    """归集和提取业务类型 GJHTQYWLX: the type of every member business-detail row."""

    REMIT = "01"
    BACK_PAY = "02"
    OPEN = "03"
    REOPEN = "04"
    SEAL = "05"
    INTERNAL_TRANSFER = "06"
    TRANSFER_OUT = "07"
    TRANSFER_IN = "08"
    INTEREST = "09"
    BASE_CHANGE = "10"
    PARTIAL_WITHDRAWAL = "11"
    CLOSING_WITHDRAWAL = "12"
    DEFERRAL = "13"
    FREEZE = "14"
    UNFREEZE = "15"
    MERGE_OUT = "16"  # local extension: 合并销户, the account merged into another of the same person (03)
    OTHER = "99"

    @property
    def label(self) -> str:
        return TXN_LABELS[self]


# The status an account has after each status-changing business type (开户, 启封, 转移, 封存, 转出, 销户提取):
# the sub-ledger's events tell an account's status at any past date.
STATUS_EVENTS = {
    TxnType.OPEN.value: "01", TxnType.REOPEN.value: "01", TxnType.INTERNAL_TRANSFER.value: "01",
    TxnType.TRANSFER_IN.value: "01", TxnType.SEAL.value: "02", TxnType.TRANSFER_OUT.value: "04",
    TxnType.CLOSING_WITHDRAWAL.value: "05", TxnType.MERGE_OUT.value: "03",
}

TXN_LABELS = {
    TxnType.REMIT: "汇缴", TxnType.BACK_PAY: "补缴", TxnType.OPEN: "开户", TxnType.REOPEN: "启封",
    TxnType.SEAL: "封存", TxnType.INTERNAL_TRANSFER: "内部转移", TxnType.TRANSFER_OUT: "外部转出",
    TxnType.TRANSFER_IN: "外部转入", TxnType.INTEREST: "年终结息", TxnType.BASE_CHANGE: "基数调整",
    TxnType.PARTIAL_WITHDRAWAL: "部分提取", TxnType.CLOSING_WITHDRAWAL: "销户提取", TxnType.DEFERRAL: "缓缴处理",
    TxnType.FREEZE: "冻结", TxnType.UNFREEZE: "解冻", TxnType.MERGE_OUT: "合并销户", TxnType.OTHER: "其他",
}

# 冲账标识 CZBZ
NORMAL_ENTRY, REVERSAL_ENTRY = "01", "02"


class EmployerKind(StrEnum):
    """单位性质 as the annual reports break contributions down (国家机关和事业单位, 国有企业 …)."""

    ORGAN = "10"
    INSTITUTION = "11"
    STATE_OWNED = "20"
    COLLECTIVE = "30"
    FOREIGN = "40"
    PRIVATE = "50"
    INDIVIDUAL_BUSINESS = "51"
    NON_PROFIT = "60"
    OTHER = "99"

    @property
    def label(self) -> str:
        return {"10": "机关", "11": "事业单位", "20": "国有企业", "30": "城镇集体企业", "40": "外商投资企业",
                "50": "城镇私营企业及其他城镇企业", "51": "个体工商户", "60": "民办非企业单位和社会团体",
                "99": "其他"}[self.value]

    @property
    def report_group(self) -> str:
        """The group used by the published annual reports."""
        return {"10": "国家机关和事业单位", "11": "国家机关和事业单位", "20": "国有企业", "30": "城镇集体企业",
                "40": "外商投资企业", "50": "城镇私营企业及其他城镇企业", "51": "城镇私营企业及其他城镇企业",
                "60": "民办非企业单位和社会团体", "99": "其他"}[self.value]


class MaritalStatus(StrEnum):
    """婚姻状况 HYZK (GB/T 2261.2)."""

    SINGLE = "10"
    MARRIED = "20"
    WIDOWED = "30"
    DIVORCED = "40"
    UNKNOWN = "90"

    @property
    def label(self) -> str:
        return {"10": "未婚", "20": "已婚", "30": "丧偶", "40": "离婚", "90": "未说明"}[self.value]


# 行业 (GB/T 4754-2017 门类)
INDUSTRIES = {
    "A": "农、林、牧、渔业", "B": "采矿业", "C": "制造业", "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业", "F": "批发和零售业", "G": "交通运输、仓储和邮政业", "H": "住宿和餐饮业",
    "I": "信息传输、软件和信息技术服务业", "J": "金融业", "K": "房地产业", "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业", "N": "水利、环境和公共设施管理业", "O": "居民服务、修理和其他服务业",
    "P": "教育", "Q": "卫生和社会工作", "R": "文化、体育和娱乐业", "S": "公共管理、社会保障和社会组织",
    "T": "国际组织",
}


class AccountKind(StrEnum):
    EMPLOYEE = "employee"
    FLEXIBLE = "flexible"

    @property
    def label(self) -> str:
        return "单位职工" if self is AccountKind.EMPLOYEE else "灵活就业人员"


def label_of(enum_cls, code: str | None) -> str:
    if code is None:
        return ""
    try:
        return enum_cls(code).label
    except ValueError:
        return code
