"""The deposit area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class DepositError(StrEnum):
    LIST_KIND_REASON = "deposit.list_kind_reason"
    POSTING_RACE = "deposit.posting_race"
    LIST_NO_ROWS = "deposit.list_no_rows"
    PERIOD_END_BEFORE_START = "deposit.period_end_before_start"
    EMPLOYER_CLOSED = "deposit.employer_closed"
    MONTH_NOT_DUE = "deposit.month_not_due"
    EARLIER_MONTH_DUE = "deposit.earlier_month_due"
    PREPAY_TOO_LONG = "deposit.prepay_too_long"
    EMPLOYER_DEFERRED = "deposit.employer_deferred"
    BACKPAY_FUTURE = "deposit.backpay_future"
    BACKPAY_BEFORE_FIRST_MONTH = "deposit.backpay_before_first_month"
    BACKPAY_REASON_REQUIRED = "deposit.backpay_reason_required"
    NO_MEMBERS_DUE = "deposit.no_members_due"
    CANCEL_STATUS = "deposit.cancel_status"
    AMOUNT_MISMATCH = "deposit.amount_mismatch"
    RECEIPT_USED = "deposit.receipt_used"
    CONFIRM_STATUS = "deposit.confirm_status"
    CONFIRM_SAME_PERSON = "deposit.confirm_same_person"
    RECEIPT_REQUIRED = "deposit.receipt_required"
    NO_PENDING_CONFIRMATION = "deposit.no_pending_confirmation"
    RECEIPT_DIFFERS = "deposit.receipt_differs"
    LIST_NO_UNKNOWN = "deposit.list_no_unknown"
    LIST_STATUS = "deposit.list_status"
    RECEIPT_TWICE_IN_FILE = "deposit.receipt_twice_in_file"
    ID_NUMBER_NUMERIC = "deposit.id_number_numeric"
    NOT_A_MEMBER = "deposit.not_a_member"
    NAME_DIFFERS = "deposit.name_differs"
    ROW_TWICE = "deposit.row_twice"
    TABLE_NO_ROWS = "deposit.table_no_rows"
    NOT_FLEXIBLE = "deposit.not_flexible"
    FLEXIBLE_STATUS = "deposit.flexible_status"
    FLEXIBLE_MONTHS = "deposit.flexible_months"
    LIST_FILE_REQUIRED = "deposit.list_file_required"
    CANCEL_REASON_REQUIRED = "deposit.cancel_reason_required"
    RETURN_REASON_REQUIRED = "deposit.return_reason_required"
    BANK_FILE_REQUIRED = "deposit.bank_file_required"
    BASE_FILE_REQUIRED = "deposit.base_file_required"


MESSAGES: dict[DepositError, str] = {
    DepositError.LIST_KIND_REASON: "kind 应为 01 或 02；reason 应为 missed、deferred 或 base_diff",
    DepositError.POSTING_RACE: "入账时有{count}份清册的状态已被其他作业改变，本批未入账，请重新执行入账作业",
    DepositError.LIST_NO_ROWS: "清册中没有数据行",
    DepositError.PERIOD_END_BEFORE_START: "结束年月早于开始年月",
    DepositError.EMPLOYER_CLOSED: "单位已销户",
    DepositError.MONTH_NOT_DUE: "{period_from}已汇缴或已有待缴款的清册；应缴{due}",
    DepositError.EARLIER_MONTH_DUE: "应先缴纳{due}；欠缴月份请办理补缴",
    DepositError.PREPAY_TOO_LONG: "预缴不能超过12个月",
    DepositError.EMPLOYER_DEFERRED: "单位处于缓缴期，缓缴期满后请办理补缴",
    DepositError.BACKPAY_FUTURE: "补缴年月不能晚于当前月份",
    DepositError.BACKPAY_BEFORE_FIRST_MONTH: "补缴年月早于单位起缴年月{first_month}",
    DepositError.BACKPAY_REASON_REQUIRED: "请选择补缴原因",
    DepositError.NO_MEMBERS_DUE: "本单位没有当月应缴存的职工",
    DepositError.CANCEL_STATUS: "清册状态为{status}，不能撤销",
    DepositError.AMOUNT_MISMATCH: "到账金额{amount}与清册金额不符，请核对银行回单",
    DepositError.RECEIPT_USED: "银行回单号{receipt_no}已用于清册{no}，同一回单不能确认两份清册",
    DepositError.CONFIRM_STATUS: "清册{no}状态为{status}，不能再确认到账",
    DepositError.CONFIRM_SAME_PERSON: "清册{no}的到账确认已由{created_by}提交，须由另一人复核确认",
    DepositError.RECEIPT_REQUIRED: "请填写银行回单号",
    DepositError.NO_PENDING_CONFIRMATION: "清册{no}没有待复核的到账确认",
    DepositError.RECEIPT_DIFFERS: "银行回单号与第一次录入不一致，请核对银行回单",
    DepositError.LIST_NO_UNKNOWN: "汇缴单号{no}不存在",
    DepositError.LIST_STATUS: "{no}状态为{status}",
    DepositError.RECEIPT_TWICE_IN_FILE: "银行回单号{receipt}在本文件第{seen}行已使用，同一回单不能确认两份清册",
    DepositError.ID_NUMBER_NUMERIC: "证件号码为数字格式，已丢失精度，请设为文本",
    DepositError.NOT_A_MEMBER: "不是本单位正常缴存的职工",
    DepositError.NAME_DIFFERS: "姓名与登记的“{registered}”不一致",
    DepositError.ROW_TWICE: "与第{seen}行重复",
    DepositError.TABLE_NO_ROWS: "表中没有数据行",
    DepositError.NOT_FLEXIBLE: "不是灵活就业人员账户",
    DepositError.FLEXIBLE_STATUS: "账户状态为{status}，请先办理恢复缴存（启封）",
    DepositError.FLEXIBLE_MONTHS: "一次缴存1至12个月",
    DepositError.LIST_FILE_REQUIRED: "请选择要上传的清册文件（.xlsx、.xls 或 .csv）",
    DepositError.CANCEL_REASON_REQUIRED: "请填写撤销原因",
    DepositError.RETURN_REASON_REQUIRED: "请填写退回原因",
    DepositError.BANK_FILE_REQUIRED: "请选择银行到账文件",
    DepositError.BASE_FILE_REQUIRED: "请选择基数调整表文件",
}
