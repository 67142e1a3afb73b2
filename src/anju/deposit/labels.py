"""Chinese labels of the deposit area's codes (汇缴、补缴、退缴、缓缴)."""

from __future__ import annotations

from anju.deposit.permissions import P

LABELS = {
    "voucher_kind": {"deposit.remit": "汇缴入账", "deposit.backpay": "补缴入账", "deposit.refund": "退缴"},
    "permission": {
        P.LIST_SUBMIT: "提交汇（补）缴清册", P.PAYMENT_CONFIRM: "确认缴款到账", P.REFUND_APPLY: "申请退缴",
        P.REFUND_DECIDE: "审批退缴", P.DEFERRAL_APPLY: "申请缓缴或降低比例", P.DEFERRAL_DECIDE: "审批缓缴或降低比例",
        P.BASE_ADJUST: "年度基数调整", P.FLEXIBLE_PAY: "灵活就业人员缴存", P.READ: "查看缴存业务",
    },
    "audit_action": {
        "deposit.list.generate": "生成缴存清册", "deposit.list.import": "导入缴存清册", "deposit.list.cancel": "撤销缴存清册",
        "deposit.payment.confirm": "确认缴款到账", "deposit.payment.confirm_first": "到账确认初录（待复核）",
        "deposit.payment.confirm_rejected": "到账确认复核退回", "deposit.post.group": "缴存入账", "deposit.refund.apply": "申请退缴",
        "deposit.refund.approve": "批准退缴", "deposit.refund.reject": "驳回退缴", "deposit.deferral.apply": "申请缓缴",
        "deposit.deferral.approved": "批准缓缴", "deposit.deferral.rejected": "驳回缓缴",
        "deposit.deferral.end": "结束缓缴", "deposit.base_adjust": "年度基数调整",
        "deposit.flexible.pay": "灵活就业人员缴存",
    },
    "entity": {"remittance": "缴存清册", "refund": "退缴申请", "deferral": "缓缴申请"},
}
