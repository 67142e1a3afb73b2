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
    CONTRACT_NO_INVALID = "loan.contract_no_invalid"
    BORROWER_UNKNOWN = "loan.borrower_unknown"
    CO_BORROWER_UNKNOWN = "loan.co_borrower_unknown"
    REPAY_ACCOUNT_UNKNOWN = "loan.repay_account_unknown"
    REPAY_ACCOUNT_NOT_BORROWERS = "loan.repay_account_not_borrowers"
    BANK_REQUIRED = "loan.bank_required"
    BANK_UNKNOWN = "loan.bank_unknown"
    AMOUNT_NOT_POSITIVE = "loan.amount_not_positive"
    TERM_OUT_OF_RANGE = "loan.term_out_of_range"
    PURPOSE_UNKNOWN = "loan.purpose_unknown"
    COMBINED_INCOMPLETE = "loan.combined_incomplete"
    REPAY_DAY_OUT_OF_RANGE = "loan.repay_day_out_of_range"
    RESULT_AMOUNT_INVALID = "loan.result_amount_invalid"
    RESULT_PAID_AMOUNT_MISMATCH = "loan.result_paid_amount_mismatch"
    RESULT_PARTIAL_AMOUNT_MISSING = "loan.result_partial_amount_missing"
    RESULT_PARTIAL_AMOUNT_INVALID = "loan.result_partial_amount_invalid"
    RESULT_FAILED_REASON_REQUIRED = "loan.result_failed_reason_required"
    RESULT_FAILED_AMOUNT = "loan.result_failed_amount"
    RESULT_WORD_UNKNOWN = "loan.result_word_unknown"
    PREPAY_BELOW_MINIMUM = "loan.prepay_below_minimum"
    PREPAY_NOT_BELOW_BALANCE = "loan.prepay_not_below_balance"
    PREPAY_YEARLY_LIMIT = "loan.prepay_yearly_limit"
    RUN_MONTH_FORMAT = "loan.run_month_format"
    FILE_FORMAT_UNKNOWN = "loan.file_format_unknown"
    SCHEDULE_PRINCIPAL_INVALID = "loan.schedule_principal_invalid"
    SCHEDULE_TERM_INVALID = "loan.schedule_term_invalid"
    SCHEDULE_RATE_INVALID = "loan.schedule_rate_invalid"
    REPAY_DAY_WITHOUT_DATE = "loan.repay_day_without_date"
    FIRST_DUE_NOT_REPAY_DAY = "loan.first_due_not_repay_day"
    FIRST_DUE_NOT_AFTER_START = "loan.first_due_not_after_start"
    ACTUAL_DAYS_WITHOUT_START = "loan.actual_days_without_start"
    DAY_BASIS_INVALID = "loan.day_basis_invalid"
    FIRST_PERIOD_INVALID = "loan.first_period_invalid"
    PREPAY_AMOUNT_INVALID = "loan.prepay_amount_invalid"
    REPAYMENT_AMOUNT_INVALID = "loan.repayment_amount_invalid"
    WRITE_OFF_NOT_LOSS = "loan.write_off_not_loss"
    WRITE_OFF_REASON_REQUIRED = "loan.write_off_reason_required"
    WRITE_OFF_PENDING = "loan.write_off_pending"


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
    LoanError.CONTRACT_NO_INVALID: "借款合同编号不能为空且不超过40个字符",
    LoanError.BORROWER_UNKNOWN: "借款人不存在：{person_id}",
    LoanError.CO_BORROWER_UNKNOWN: "共同借款人不存在：{person_id}",
    LoanError.REPAY_ACCOUNT_UNKNOWN: "还款公积金账户不存在：{account_no}",
    LoanError.REPAY_ACCOUNT_NOT_BORROWERS: "还款公积金账户{account_no}不属于借款人或共同借款人",
    LoanError.BANK_REQUIRED: "请选择受托银行",
    LoanError.BANK_UNKNOWN: "受托银行不存在：{bank_code}",
    LoanError.AMOUNT_NOT_POSITIVE: "贷款金额应大于0，实际为{amount}",
    LoanError.TERM_OUT_OF_RANGE: "贷款期限应在1至{cap}个月之间，实际为{months}",
    LoanError.PURPOSE_UNKNOWN: "未知的贷款用途：{purpose}",
    LoanError.COMBINED_INCOMPLETE: "组合贷款须填写商业贷款金额和贷款银行",
    LoanError.REPAY_DAY_OUT_OF_RANGE: "约定还款日应在1至31日之间，实际为{day}",
    LoanError.RESULT_AMOUNT_INVALID: "实扣金额有误：{error}",
    LoanError.RESULT_PAID_AMOUNT_MISMATCH: "处理结果为成功，但实扣金额{amount}元与应扣金额{asked}元不符（部分扣款请填“部分成功”）",
    LoanError.RESULT_PARTIAL_AMOUNT_MISSING: "部分成功的实扣金额应大于0且小于应扣金额{asked}元，实际未填写",
    LoanError.RESULT_PARTIAL_AMOUNT_INVALID: "部分成功的实扣金额应大于0且小于应扣金额{asked}元，实际为{amount}元",
    LoanError.RESULT_FAILED_REASON_REQUIRED: "扣款失败须填写失败原因",
    LoanError.RESULT_FAILED_AMOUNT: "处理结果为失败，实扣金额应为0，实际为{amount}元",
    LoanError.RESULT_WORD_UNKNOWN: "处理结果应为“成功”“部分成功”或“失败”：{text}",
    LoanError.PREPAY_BELOW_MINIMUM: "部分提前还款金额不得低于{minimum}元，实际为{amount}元",
    LoanError.PREPAY_NOT_BELOW_BALANCE: "提前还款金额{amount}元不小于剩余本金{balance}元，请办理全部结清",
    LoanError.PREPAY_YEARLY_LIMIT: "本年度已部分提前还款{done}次，每年最多{limit}次",
    LoanError.RUN_MONTH_FORMAT: "扣款年月格式应为YYYY-MM，实际为{text}",
    LoanError.FILE_FORMAT_UNKNOWN: "不支持的文件格式：{fmt}（csv或xlsx）",
    LoanError.SCHEDULE_PRINCIPAL_INVALID: "贷款金额应大于0元，实际为{amount}元",
    LoanError.SCHEDULE_TERM_INVALID: "期数应在1至{cap}个月之间，实际为{months}",
    LoanError.SCHEDULE_RATE_INVALID: "年利率应在0%至100%之间，实际为{rate}",
    LoanError.REPAY_DAY_WITHOUT_DATE: "给出约定还款日时须同时给出放款日期或首期还款日",
    LoanError.FIRST_DUE_NOT_REPAY_DAY: "首期还款日{first_due}不是约定还款日{day}日",
    LoanError.FIRST_DUE_NOT_AFTER_START: "首期还款日{first_due}应晚于放款日期{start}",
    LoanError.ACTUAL_DAYS_WITHOUT_START: "首期按实际天数计息须给出放款日期",
    LoanError.DAY_BASIS_INVALID: "计息天数基数应为360或365，实际为{day_basis}",
    LoanError.FIRST_PERIOD_INVALID: "起始期次应为正整数，实际为{first_period}",
    LoanError.PREPAY_AMOUNT_INVALID: "提前还款金额应大于0元且小于剩余本金{balance}元（全部结清另行办理），实际为{amount}元",
    LoanError.REPAYMENT_AMOUNT_INVALID: "还款金额应大于0且不超过应还金额{owed}元，实际为{amount}元",
    LoanError.WRITE_OFF_NOT_LOSS: "只有损失类贷款可以核销，贷款{loan_no}为{risk_class}类",
    LoanError.WRITE_OFF_REASON_REQUIRED: "请填写核销理由（追偿情况、法律文书等）",
    LoanError.WRITE_OFF_PENDING: "贷款{loan_no}已有待审批的核销申请",
}
