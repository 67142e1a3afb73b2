"""Stored codes of transfers between centres (异地转移接续), merges and loan certificates, with their labels.

The receiving side (转入地) keeps ``transfer_in``, the sending side (转出地) ``transfer_out``; the progress codes
of the national platform (BDC904 AppPrStatus: 02 确认接收, 08 账户信息复核通过, 13 转出审核不通过, 00 正常办结,
05 转入撤销办结) are given beside each state (``platform_code``).
"""

from __future__ import annotations

from enum import StrEnum


class InStatus(StrEnum):
    """转入申请 at the receiving centre: the letter sent → the money paid by the other centre → credited."""

    SENT = "sent"  # 联系函已发出, waiting for the sending centre
    ACCEPTED = "accepted"  # the sending centre confirmed receipt (02)
    PAID = "paid"  # 转移信息 received, money on its way (08)
    CREDITED = "credited"  # credited to the member (00)
    REFUSED = "refused"  # the sending centre refused (13)
    CANCELLED = "cancelled"  # withdrawn by the receiving centre (05)

    @property
    def label(self) -> str:
        return {"sent": "联系函已发出", "accepted": "转出地已受理", "paid": "转出地已汇出", "credited": "已入账办结",
                "refused": "转出地审核不通过", "cancelled": "已撤销"}[self.value]

    @property
    def platform_code(self) -> str:
        return {"sent": "01", "accepted": "02", "paid": "08", "credited": "00", "refused": "13",
                "cancelled": "05"}[self.value]


class OutStatus(StrEnum):
    """转出受理 at the sending centre: letter received → reviewed (经办) → paid (审批, money out) → confirmed."""

    RECEIVED = "received"  # 联系函确认接收 (02)
    REVIEWED = "reviewed"  # 经办审核通过, waiting for the approver
    PAID = "paid"  # interest settled, money paid, account closed (08)
    DONE = "done"  # the receiving centre confirmed the arrival (00)
    REFUSED = "refused"  # 转出审核不通过 (13)
    CANCELLED = "cancelled"  # the receiving centre withdrew its letter (05)

    @property
    def label(self) -> str:
        return {"received": "待审核", "reviewed": "待审批", "paid": "已汇出", "done": "已办结",
                "refused": "审核不通过", "cancelled": "转入地已撤销"}[self.value]

    @property
    def platform_code(self) -> str:
        return {"received": "02", "reviewed": "02", "paid": "08", "done": "00", "refused": "13",
                "cancelled": "05"}[self.value]


class MergeStatus(StrEnum):
    APPLIED = "applied"
    MERGED = "merged"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"applied": "待审批", "merged": "已合并", "rejected": "已驳回"}[self.value]


class CertKind(StrEnum):
    ISSUED = "issued"  # we certify our member to a lending centre
    ACCEPTED = "accepted"  # another centre certified its member to us

    @property
    def label(self) -> str:
        return {"issued": "本中心出具", "accepted": "外地中心出具"}[self.value]


class CertStatus(StrEnum):
    VALID = "valid"
    RETURNED = "returned"  # 回执 registered (loan made or not)
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"valid": "有效", "returned": "已回执", "cancelled": "已作废"}[self.value]


class IdType(StrEnum):
    """证件类型 of the 联系函."""

    RESIDENT = "01"
    OFFICER = "02"
    PASSPORT = "03"
    PERMANENT_RESIDENT = "04"
    OTHER = "99"

    @property
    def label(self) -> str:
        return {"01": "身份证", "02": "军官证", "03": "护照", "04": "外国人永久居留证", "99": "其他"}[self.value]


class MessageType(StrEnum):
    """The four messages between centres (schemas in ``messages.py``)."""

    LETTER = "contact_letter"  # 联系函 (BDC901)
    REVIEW = "review_result"  # 审核结果 (受理 / 不通过)
    INFO = "transfer_info"  # 转移信息 = 账户信息表 (BDC905), with the money
    ARRIVAL = "arrival_confirmation"  # 到账确认 (BDC905 TxFunc 2)

    @property
    def label(self) -> str:
        return {"contact_letter": "联系函", "review_result": "审核结果", "transfer_info": "转移信息",
                "arrival_confirmation": "到账确认"}[self.value]
