"""Chinese labels of the treasury area's codes: vouchers, permissions, audit actions, records."""

from __future__ import annotations

from anju.treasury.permissions import P

LABELS = {
    "voucher_kind": {
        "treasury.place_deposit": "资金存放（存款）", "treasury.place_bond": "购买国债", "treasury.accrue": "计提投资应收利息",
        "treasury.mature": "投资到期收回", "treasury.renew": "定期存款到期转存", "treasury.withdraw": "定期存款提前支取",
        "treasury.transfer": "资金调度",
    },
    "permission": {P.PLACE: "办理资金存放与调度", P.APPROVE: "审批资金存放与调度", P.ACCRUE: "计提投资利息",
                   P.READ: "查看资金管理与财务报表"},
    "audit_action": {
        "treasury.investment.apply": "提交资金存放", "treasury.investment.approve": "批准资金存放",
        "treasury.investment.reject": "驳回资金存放", "treasury.investment.mature": "投资到期收回",
        "treasury.investment.renew": "定期存款到期转存", "treasury.investment.withdraw": "定期存款提前支取",
        "treasury.investment.renewed": "转存生成新存单", "treasury.accrue": "计提投资应收利息",
        "treasury.transfer.apply": "提交资金调度", "treasury.transfer.approve": "批准资金调度",
        "treasury.transfer.reject": "驳回资金调度",
    },
    "entity": {"investment": "资金存放", "investment_accrual": "投资利息计提", "fund_transfer": "资金调度"},
    # ``from_account_no`` is labelled by the transfer area (原住房公积金账号); the treasury's problems name their field
    "field": {"base_amount": "基本存款额度", "base_rate": "基本额度利率", "face_value": "面值",
              "investment_id": "投资编号", "issuer": "发行人", "notice_days": "通知期（天）", "rollover": "转存方式",
              "term_months": "存期（月）", "to_account_no": "转入账户", "transfer_id": "调度编号"},
}

# the steps of an investment as its page lists them (event actions)
EVENT_LABELS = {"apply": "提交", "approve": "审批通过", "approve_one": "审批（一）", "reject": "驳回",
                "mature": "到期收回", "renew": "到期转存", "withdraw": "提前支取", "renewed": "转存生成"}
