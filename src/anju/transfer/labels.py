"""Chinese labels of the transfer area's codes (异地转移接续, 账户合并, 异地贷款缴存使用证明)."""

from __future__ import annotations

from anju.transfer.permissions import P

LABELS = {
    "voucher_kind": {"transfer.out": "异地转出", "transfer.in": "异地转入", "transfer.merge": "账户合并"},
    "permission": {
        "transfer.out": "办理异地转出", P.LETTER: "受理异地转入（联系函）", P.CREDIT: "异地转入资金入账",
        P.OUT_REVIEW: "审核异地转出", P.OUT_APPROVE: "审批异地转出", P.EXCHANGE: "接收异地中心报文",
        P.CENTRES: "登记异地中心", P.MERGE_APPLY: "申请账户合并", P.MERGE_DECIDE: "审批账户合并",
        P.CERTIFICATE: "办理异地贷款缴存使用证明", P.APPLY_ONLINE: "网上申请异地转入", P.READ: "查看异地转移接续",
    },
    "audit_action": {
        "transfer.out": "异地转出", "transfer.centre": "登记异地中心",
        "transfer.in.apply": "受理异地转入", "transfer.in.send": "发出联系函", "transfer.in.cancel": "撤销转入联系函",
        "transfer.in.credit": "异地转入入账", "transfer.in.accepted": "转出地确认受理",
        "transfer.in.refused": "转出地审核不通过", "transfer.in.paid": "登记转移信息",
        "transfer.send.receive": "接收转出联系函", "transfer.send.review": "审核异地转出",
        "transfer.send.approve": "审批异地转出（结息、划款、销户）", "transfer.send.refuse": "异地转出审核不通过",
        "transfer.send.confirm": "转入地确认到账", "transfer.send.cancelled": "转入地撤销联系函",
        "transfer.merge.apply": "申请账户合并", "transfer.merge.approve": "批准账户合并",
        "transfer.merge.reject": "驳回账户合并",
        "transfer.certificate.issue": "出具异地贷款缴存使用证明", "transfer.certificate.accept": "登记外地缴存使用证明",
        "transfer.certificate.receipt": "登记证明回执", "transfer.certificate.cancel": "作废缴存使用证明",
    },
    "field": {"from_account_no": "原住房公积金账号", "from_centre": "转出中心", "from_employer_name": "原工作单位名称",
              "letter_id": "联系函"},
    "entity": {"transfer_in": "转入联系函", "transfer_out": "转出联系函", "transfer_centre": "异地中心",
               "account_merge": "账户合并申请", "loan_certificate": "异地贷款缴存使用证明"},
}
