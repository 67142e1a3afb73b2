"""The withdrawal area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class WithdrawalError(StrEnum):
    RESULT_INVALID = "withdrawal.result_invalid"
    CLI_FACT_FORMAT = "withdrawal.cli_fact_format"
    LOAN_NOT_CONNECTED = "withdrawal.loan_not_connected"
    FACT_INVALID = "withdrawal.fact_invalid"
    KIND_REQUIRED = "withdrawal.kind_required"
    COUNTER_ONLY = "withdrawal.counter_only"
    RESULT_ALREADY_HANDLED = "withdrawal.result_already_handled"
    HOME_ACQUIRED_REQUIRED = "withdrawal.home_acquired_required"
    FAILURE_REASON_REQUIRED = "withdrawal.failure_reason_required"
    AMOUNT_MISMATCH = "withdrawal.amount_mismatch"
    KIND_UNKNOWN = "withdrawal.kind_unknown"
    PAYEE_NAME = "withdrawal.payee_name"
    PAYEE_ID_DIFFERS = "withdrawal.payee_id_differs"
    PAYEE_BANK_REQUIRED = "withdrawal.payee_bank_required"
    BANK_UNKNOWN = "withdrawal.bank_unknown"
    PAYEE_ID_INVALID = "withdrawal.payee_id_invalid"
    BANK_REQUIRED = "withdrawal.bank_required"
    NOTHING_TO_PAY = "withdrawal.nothing_to_pay"
    FILE_FORMAT = "withdrawal.file_format"
    RESULT_ALREADY_SETTLED = "withdrawal.result_already_settled"
    RESULT_POSTED_ELSEWHERE = "withdrawal.result_posted_elsewhere"
    RESULT_HANDLED_ELSEWHERE = "withdrawal.result_handled_elsewhere"
    FRAUD_FACTS_REQUIRED = "withdrawal.fraud_facts_required"
    FRAUD_SENT_TO_BANK = "withdrawal.fraud_sent_to_bank"
    FRAUD_STATUS = "withdrawal.fraud_status"
    FRAUD_NO_APPLICANT = "withdrawal.fraud_no_applicant"
    NOT_ELIGIBLE = "withdrawal.not_eligible"


MESSAGES: dict[WithdrawalError, str] = {
    WithdrawalError.RESULT_INVALID: "处理结果应为“成功”或“失败”：{result}",
    WithdrawalError.CLI_FACT_FORMAT: "申请要素应写成 代码=值，如 monthly_rent=1500：{v}",
    WithdrawalError.LOAN_NOT_CONNECTED: "贷款模块尚未接入，不能办理公积金贷款还款提取",
    WithdrawalError.FACT_INVALID: "{label}：{reason}",
    WithdrawalError.KIND_REQUIRED: "请先查找职工并选择提取情形",
    WithdrawalError.COUNTER_ONLY: "“{label}”须到柜面办理",
    WithdrawalError.RESULT_ALREADY_HANDLED: "该付款文件的银行结果已处理，不能重复处理",
    WithdrawalError.HOME_ACQUIRED_REQUIRED: "请填写取得日期",
    WithdrawalError.FAILURE_REASON_REQUIRED: "支付失败须填写失败原因",
    WithdrawalError.AMOUNT_MISMATCH: "金额{amount}与付款金额{expected}不符",
    WithdrawalError.KIND_UNKNOWN: "未知的提取情形：{code}",
    WithdrawalError.PAYEE_NAME: "收款人须为{who}（{name}）",
    WithdrawalError.PAYEE_ID_DIFFERS: "收款人证件号码与申请人（继承人）不符",
    WithdrawalError.PAYEE_BANK_REQUIRED: "请填写收款银行卡的开户行",
    WithdrawalError.BANK_UNKNOWN: "受托银行不存在：{bank}",
    WithdrawalError.PAYEE_ID_INVALID: "收款人证件号码：{message}",
    WithdrawalError.BANK_REQUIRED: "请选择受托银行",
    WithdrawalError.NOTHING_TO_PAY: "受托银行{bank_code}没有待支付的提取",
    WithdrawalError.FILE_FORMAT: "不支持的文件格式：{fmt}（csv或xlsx）",
    WithdrawalError.RESULT_ALREADY_SETTLED: "付款文件{batch_id}的银行结果已于{settled_at:%Y-%m-%d %H:%M}处理，不能重复处理",
    WithdrawalError.RESULT_POSTED_ELSEWHERE: "付款文件{batch_id}的银行结果已由另一作业记账，本次未执行",
    WithdrawalError.RESULT_HANDLED_ELSEWHERE: "付款文件{batch_id}的银行结果已由另一作业处理，本次未执行",
    WithdrawalError.FRAUD_FACTS_REQUIRED: "请填写认定骗提的事实与依据",
    WithdrawalError.FRAUD_SENT_TO_BANK: "提取申请{no}已发送银行支付，请待银行结果后再认定",
    WithdrawalError.FRAUD_STATUS: "提取申请{no}当前为“{status_label}”，不能认定骗提",
    WithdrawalError.FRAUD_NO_APPLICANT: "无继承人余额纳入增值收益的业务没有申请人，不能认定骗提",
    # the eligibility rules' verdict (withdrawal.rules.Eligibility.refusals): the wording is the feature, one
    # sentence per refusal that the clerk reads to the member
    WithdrawalError.NOT_ELIGIBLE: "{refusal}",
}
