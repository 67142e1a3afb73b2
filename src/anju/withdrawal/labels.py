"""Chinese labels of the withdrawal area's codes."""

from __future__ import annotations

from anju.withdrawal.codes import ACTION_LABELS as STEPS
from anju.withdrawal.permissions import P

LABELS = {
    "voucher_kind": {"withdrawal.payout": "提取支付", "withdrawal.income": "销户余额转增值收益",
                     "withdrawal.fraud": "骗提冲回"},
    "permission": {
        P.APPLY: "受理提取申请", P.READ: "查看提取申请", P.REVIEW: "提取复核", P.APPROVE: "提取审批",
        P.DECIDE: "驳回提取申请", P.FRAUD: "认定骗提", P.PAYOUT: "提取支付", P.RESEND: "重新支付",
        P.PROPERTY: "房屋登记", P.OFFSET: "按月对冲还贷",
    },
    "audit_action": {
        **{f"withdrawal.{step}": f"提取申请：{label}" for step, label in STEPS.items()},
        "withdrawal.payout.create": "生成付款文件", "withdrawal.payout.result": "导入支付结果",
        "withdrawal.property.declare": "登记房屋", "withdrawal.property.cancelled": "登记购房合同撤销",
        "withdrawal.property.use": "房屋用于提取",
    },
    "entity": {"withdrawal": "提取申请", "payout_batch": "付款文件", "property_holding": "房屋持有",
               "housing_property": "房屋"},
}
