"""Chinese labels of the synthetic centre's bulk loads (they write audit records like any other change)."""

from __future__ import annotations

LABELS = {
    "audit_action": {"sim.bulk.registry": "模拟数据：批量开户", "sim.bulk.remit": "模拟数据：批量汇缴"},
    "entity": {"sim_month": "模拟月份"},
    # the simulator acts through logins that have no user row (anju.sim.context, the loan crew of anju.loanapp.demo)
    "operator": {"sim": "模拟柜员", "sim-approver": "模拟审批人", "sim-clerk2": "模拟复核柜员", "sim-reviewer": "模拟审核人",
                 "sim-finance": "模拟财务人员", "sim_clerk": "模拟贷款柜员", "sim_reviewer": "模拟贷款审核人",
                 "sim_approver1": "模拟贷款审批人（一）", "sim_approver2": "模拟贷款审批人（二）", "sim_loan": "模拟信贷员",
                 "sim_finance": "模拟贷款财务人员"},
}
