"""Chinese labels of the loan area's codes (servicing): vouchers, permissions, audit actions. Origination's are in
``anju.loanapp.labels``."""

from __future__ import annotations

from anju.loan.permissions import P

LABELS = {
    "voucher_kind": {
        "loan.disburse": "贷款发放", "loan.repay": "贷款还款", "loan.prepay": "提前还款", "loan.settle": "贷款结清",
        "loan.overdue": "贷款转逾期", "loan.write_off": "贷款核销", "loan.run": "批量扣款还贷",
        "loan.fund_repay": "公积金对冲还贷",
    },
    "permission": {
        P.READ: "查看贷款", P.DISBURSE: "发放贷款", P.RUN: "批量扣款", P.REPAY: "办理提前还款和结清", P.PREPAY_ONLINE: "网上提前还款（本人）",
        P.OVERDUE: "逾期管理", P.WRITE_OFF: "申请贷款核销", P.WRITE_OFF_APPROVE: "审批贷款核销",
        P.REPRICE: "调整贷款利率",
    },
    "audit_action": {
        "loan.disburse": "发放贷款", "loan.repay": "贷款还款", "loan.prepay": "提前还款", "loan.settle": "贷款结清",
        "loan.write_off": "贷款核销", "loan.write_off.apply": "申请贷款核销", "loan.write_off.approve": "批准贷款核销",
        "loan.write_off.reject": "驳回贷款核销", "loan.overdue": "贷款转逾期", "loan.reprice": "调整贷款利率",
        "loan.run.create": "生成扣款文件", "loan.run.result": "导入扣款结果", "loan.run.post": "扣款入账",
        "loan.run.close": "关闭扣款批次",
    },
    "entity": {
        "loan": "贷款", "loan_run": "扣款批次", "loan_run_bank": "银行扣款文件",
        "loan_overdue": "逾期处理", "loan_reprice": "利率调整", "loan_deduction": "扣款", "loan_txn": "贷款交易",
        "loan_write_off": "贷款核销", "reprice": "利率调整",
    },
}
