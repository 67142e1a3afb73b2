"""The loan area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class LoanError(StrEnum):
    ALREADY_DISBURSED = "loan.already_disbursed"
    LOAN_NOT_ACTIVE = "loan.loan_not_active"
    REPAYMENT_ABOVE_DUE = "loan.repayment_above_due"
    METHOD_UNKNOWN = "loan.method_unknown"
    PRINCIPAL_TOO_SMALL = "loan.principal_too_small"
    LOAN_CLOSED_STATUS = "loan.loan_closed_status"
    NO_INSTALMENTS_LEFT = "loan.no_instalments_left"
    PREPAYMENT_DONE = "loan.prepayment_done"
    OVERDUE_POSTED_ELSEWHERE = "loan.overdue_posted_elsewhere"
    OVERDUE_RACE = "loan.overdue_race"
    REPRICE_NOT_JAN_FIRST = "loan.reprice_not_jan_first"
    NOT_SETTLED = "loan.not_settled"
    RUN_MONTH_PAST = "loan.run_month_past"
    RESULT_ALREADY_LOADED = "loan.result_already_loaded"
    RESULT_LOADED_ELSEWHERE = "loan.result_loaded_elsewhere"
    DEDUCTION_ABOVE_DUE = "loan.deduction_above_due"
    BATCH_TOTAL_MISMATCH = "loan.batch_total_mismatch"
    BATCH_POSTED_ELSEWHERE = "loan.batch_posted_elsewhere"
    BATCH_NOT_LOADED = "loan.batch_not_loaded"
    BANK_RESULT_NOT_POSTED = "loan.bank_result_not_posted"
    RUN_CLOSED_ELSEWHERE = "loan.run_closed_elsewhere"


MESSAGES: dict[LoanError, str] = {
    LoanError.ALREADY_DISBURSED: "借款合同{contract_no}已放款，不能重复放款",
    LoanError.LOAN_NOT_ACTIVE: "贷款{contract_no}已{status}",
    LoanError.REPAYMENT_ABOVE_DUE: "还款金额超过贷款{contract_no}应还本息合计",
    LoanError.METHOD_UNKNOWN: "未知的还款方式：{text}；可选：{names}",
    LoanError.PRINCIPAL_TOO_SMALL: "贷款金额{principal}元相对{months}期过小，无法生成每期都归还本金的还款计划",
    LoanError.LOAN_CLOSED_STATUS: "贷款{loan_no}已{status}，不能办理",
    LoanError.NO_INSTALMENTS_LEFT: "贷款已无未到期的还款计划，请办理结清",
    LoanError.PREPAYMENT_DONE: "该笔提前还款已办理（凭证{posted_label}）",
    LoanError.OVERDUE_POSTED_ELSEWHERE: "{as_of}的贷款转逾期已由另一作业记账，本次未执行",
    LoanError.OVERDUE_RACE: "有{count}期贷款已被另一作业处理，本次转逾期未执行，请重试",
    LoanError.REPRICE_NOT_JAN_FIRST: "存量贷款利率只在1月1日调整，{on}不是1月1日",
    LoanError.NOT_SETTLED: "贷款{loan_no}尚未结清，不能出具结清证明",
    LoanError.RUN_MONTH_PAST: "{year}年{month}月已过，不能再生成该月扣款",
    LoanError.RESULT_ALREADY_LOADED: "扣款批次{batch_id}的银行结果已于{loaded_at:%Y-%m-%d %H:%M}导入，不能重复导入",
    LoanError.RESULT_LOADED_ELSEWHERE: "扣款批次{batch_id}的银行结果已由另一作业导入，本次未执行",
    LoanError.DEDUCTION_ABOVE_DUE: "扣款{deduction}实扣金额超过贷款{loan_no}应还金额，请核对",
    LoanError.BATCH_TOTAL_MISMATCH: "扣款批次{batch_id}实扣合计{paid_total}元与分配合计{applied}元不符",
    LoanError.BATCH_POSTED_ELSEWHERE: "扣款批次{batch_id}已由另一作业记账，本次未执行",
    LoanError.BATCH_NOT_LOADED: "扣款批次{batch_id}尚未导入银行结果",
    LoanError.BANK_RESULT_NOT_POSTED: "受托银行{waiting}的扣款结果尚未记账，不能结束本月扣款",
    LoanError.RUN_CLOSED_ELSEWHERE: "{month_label}扣款已由另一作业结束，本次未执行",
}
