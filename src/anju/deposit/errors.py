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
    REFUND_NOT_POSTED = "deposit.refund_not_posted"
    REFUND_REASON_REQUIRED = "deposit.refund_reason_required"
    REFUND_NO_LINES = "deposit.refund_no_lines"
    REFUND_LINES_PENDING = "deposit.refund_lines_pending"
    REFUND_LEAVES_RESERVATIONS = "deposit.refund_leaves_reservations"
    DEFERRAL_KIND = "deposit.deferral_kind"
    DEFERRAL_DOCUMENT_MISSING = "deposit.deferral_document_missing"
    DEFERRAL_TOO_LONG = "deposit.deferral_too_long"
    DEFERRAL_REASON_REQUIRED = "deposit.deferral_reason_required"
    REDUCED_RATIOS_REQUIRED = "deposit.reduced_ratios_required"
    REDUCED_RATIO_BELOW_FLOOR = "deposit.reduced_ratio_below_floor"
    REDUCED_RATIOS_NOT_LOWER = "deposit.reduced_ratios_not_lower"
    DEFERRAL_APPROVAL_NO_REQUIRED = "deposit.deferral_approval_no_required"
    LIST_ID_NUMERIC = "deposit.list_id_numeric"
    LIST_ID_EMPTY = "deposit.list_id_empty"
    LIST_MEMBER_ELSEWHERE = "deposit.list_member_elsewhere"
    LIST_MEMBER_UNKNOWN = "deposit.list_member_unknown"
    LIST_MEMBER_OTHER_EMPLOYER = "deposit.list_member_other_employer"
    LIST_MEMBER_SEALED = "deposit.list_member_sealed"
    LIST_MEMBER_CLOSED = "deposit.list_member_closed"
    LIST_NAME_EMPTY = "deposit.list_name_empty"
    LIST_NAME_DIFFERS = "deposit.list_name_differs"
    LIST_ACCOUNT_NO_DIFFERS = "deposit.list_account_no_differs"
    LIST_MONTH_NOT_PERIOD = "deposit.list_month_not_period"
    LIST_MONTH_OUTSIDE = "deposit.list_month_outside"
    LIST_MONTH_REQUIRED = "deposit.list_month_required"
    LIST_ROW_TWICE = "deposit.list_row_twice"
    LIST_MONTH_BEFORE_FIRST = "deposit.list_month_before_first"
    LIST_MONTH_PAID = "deposit.list_month_paid"
    LIST_MONTH_NOT_DEFERRED = "deposit.list_month_not_deferred"
    LIST_BASE_DIFFERS = "deposit.list_base_differs"
    LIST_RATIOS_DIFFER = "deposit.list_ratios_differ"
    LIST_MONTH_UNPAID = "deposit.list_month_unpaid"
    LIST_BASE_NOT_HIGHER = "deposit.list_base_not_higher"
    LIST_AMOUNT_WRONG = "deposit.list_amount_wrong"
    LIST_TOTAL_WRONG = "deposit.list_total_wrong"


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
    DepositError.REFUND_NOT_POSTED: "只有已入账的清册可以退缴",
    DepositError.REFUND_REASON_REQUIRED: "请填写退缴原因",
    DepositError.REFUND_NO_LINES: "没有可退缴的明细",
    DepositError.REFUND_LINES_PENDING: "部分明细已有待审批的退缴申请",
    DepositError.REFUND_LEAVES_RESERVATIONS: "职工账号{account_no}：余额{balance}元，退缴{amount}元后不足以保留{count}笔"
                                             "未办结提取申请占用的{held}元，请先办结或撤销提取申请",
    DepositError.DEFERRAL_KIND: "申请类型应为缓缴或降低比例",
    DepositError.DEFERRAL_DOCUMENT_MISSING: "缺少申请材料：{document}",
    DepositError.DEFERRAL_TOO_LONG: "缓缴或降低比例的期限一次不超过12个月",
    DepositError.DEFERRAL_REASON_REQUIRED: "请说明申请理由",
    DepositError.REDUCED_RATIOS_REQUIRED: "请填写降低后的单位和个人缴存比例",
    DepositError.REDUCED_RATIO_BELOW_FLOOR: "降低后的{label}缴存比例不得低于{floor}",
    DepositError.REDUCED_RATIOS_NOT_LOWER: "降低后的比例应低于现行比例",
    DepositError.DEFERRAL_APPROVAL_NO_REQUIRED: "请填写管委会批复文号",
    DepositError.LIST_ID_NUMERIC: "证件号码为数字格式，Excel已丢失末几位，请将该列设为文本格式后重新填写",
    DepositError.LIST_ID_EMPTY: "证件号码不能为空",
    DepositError.LIST_MEMBER_ELSEWHERE: "该职工不属于本单位（现属{employer}），请先办理转移",
    DepositError.LIST_MEMBER_UNKNOWN: "该职工未在本中心开户，请先办理职工开户",
    DepositError.LIST_MEMBER_OTHER_EMPLOYER: "该职工不属于本单位，请先办理转移",
    DepositError.LIST_MEMBER_SEALED: "该职工账户已封存，请先办理启封",
    DepositError.LIST_MEMBER_CLOSED: "该职工账户已销户",
    DepositError.LIST_NAME_EMPTY: "姓名不能为空",
    DepositError.LIST_NAME_DIFFERS: "姓名与证件号码登记的“{registered}”不一致",
    DepositError.LIST_ACCOUNT_NO_DIFFERS: "个人账号与证件号码不符（应为{account_no}）",
    DepositError.LIST_MONTH_NOT_PERIOD: "缴存年月{month}与本次汇缴年月{period}不符",
    DepositError.LIST_MONTH_OUTSIDE: "缴存年月{month}不在本次清册的{period_from}至{period_to}范围内",
    DepositError.LIST_MONTH_REQUIRED: "多个月份的清册须逐行填写缴存年月",
    DepositError.LIST_ROW_TWICE: "与第{seen}行重复（同一职工同一月份）",
    DepositError.LIST_MONTH_BEFORE_FIRST: "{month}早于该职工的起缴年月",
    DepositError.LIST_MONTH_PAID: "{month}已缴存，不能重复缴存",
    DepositError.LIST_MONTH_NOT_DEFERRED: "{month}不在已批准的缓缴期内",
    DepositError.LIST_BASE_DIFFERS: "与登记的缴存基数{base}不一致，请先办理基数变更",
    DepositError.LIST_RATIOS_DIFFER: "与登记的比例{employer_ratio}/{member_ratio}不一致，请先办理比例变更",
    DepositError.LIST_MONTH_UNPAID: "{month}尚未缴存，不能补缴基数差额（请按漏缴补缴）",
    DepositError.LIST_BASE_NOT_HIGHER: "补缴后基数应高于原基数{base}",
    DepositError.LIST_AMOUNT_WRONG: "应为{want}（{base}×{ratio}，{rounding}），实际为{actual}",
    DepositError.LIST_TOTAL_WRONG: "合计应为{total}",
}
