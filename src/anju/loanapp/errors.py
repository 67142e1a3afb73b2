"""The loan origination area's error codes and their Chinese messages (see docs/architecture.md, "Error codes").

A refusal found by the limits (``limits.assess``) is shown as the limits word it (``NOT_ELIGIBLE``): its sentence
names the amounts and limits that apply."""

from enum import StrEnum


class LoanappError(StrEnum):
    STAGE_UNKNOWN = "loanapp.stage_unknown"
    FIELD_PAIR_FORMAT = "loanapp.field_pair_format"
    FIELD_REQUIRED = "loanapp.field_required"
    FIELD_TOO_LONG = "loanapp.field_too_long"
    FIELD_MONEY_INVALID = "loanapp.field_money_invalid"
    FIELD_NOT_POSITIVE = "loanapp.field_not_positive"
    FIELD_NOT_INTEGER = "loanapp.field_not_integer"
    FIELD_OUT_OF_RANGE = "loanapp.field_out_of_range"
    CHOICE_REQUIRED = "loanapp.choice_required"
    CHOICE_INVALID = "loanapp.choice_invalid"
    HOUSE_TYPE_SELF_REQUIRED = "loanapp.house_type_self_required"
    HOUSE_TYPE_SELF_NOT_ALLOWED = "loanapp.house_type_self_not_allowed"
    AREA_REQUIRED = "loanapp.area_required"
    AREA_FORMAT = "loanapp.area_format"
    AREA_INVALID = "loanapp.area_invalid"
    PURCHASE_CONTRACT_REQUIRED = "loanapp.purchase_contract_required"
    USED_CONTRACT_REQUIRED = "loanapp.used_contract_required"
    BUILDING_YEAR_REQUIRED = "loanapp.building_year_required"
    CERTIFICATE_REQUIRED = "loanapp.certificate_required"
    REFINANCE_COMBINED = "loanapp.refinance_combined"
    CO_BORROWER_SELF = "loanapp.co_borrower_self"
    CO_INCOME_WITHOUT_CO_BORROWER = "loanapp.co_income_without_co_borrower"
    GUARANTOR_ID_INVALID = "loanapp.guarantor_id_invalid"
    AMOUNT_ABOVE_PRICE = "loanapp.amount_above_price"
    BORROWER_NOT_FOUND = "loanapp.borrower_not_found"
    CO_BORROWER_NOT_FOUND = "loanapp.co_borrower_not_found"
    BANK_UNAVAILABLE = "loanapp.bank_unavailable"
    SPOUSE_NOT_CO_BORROWER = "loanapp.spouse_not_co_borrower"
    FUND_OFFSET_NO_ACCOUNT = "loanapp.fund_offset_no_account"
    REMOTE_HAS_ACCOUNT = "loanapp.remote_has_account"
    FAMILY_APPLICATION_OPEN = "loanapp.family_application_open"
    NOT_ELIGIBLE = "loanapp.not_eligible"
    SECURITY_DATE_FUTURE = "loanapp.security_date_future"
    SECURITY_BEFORE_CONTRACT = "loanapp.security_before_contract"
    SECURITY_STEP_UNKNOWN = "loanapp.security_step_unknown"
    SECURITY_MORTGAGE_REF_REQUIRED = "loanapp.security_mortgage_ref_required"
    SECURITY_GUARANTEE_REF_REQUIRED = "loanapp.security_guarantee_ref_required"
    SECURITY_FAILURE_NOTE_REQUIRED = "loanapp.security_failure_note_required"
    SECURITY_STEP_PENDING = "loanapp.security_step_pending"
    DISBURSE_DATE_PAST = "loanapp.disburse_date_past"
    DISBURSE_DATE_NOT_WORKDAY = "loanapp.disburse_date_not_workday"
    DISBURSE_DATE_FUTURE = "loanapp.disburse_date_future"
    PERSON_NOT_FOUND = "loanapp.person_not_found"
    CALCULATOR_AMOUNT_INVALID = "loanapp.calculator_amount_invalid"
    CALCULATOR_TERM_INVALID = "loanapp.calculator_term_invalid"
    CALCULATOR_RATE_INVALID = "loanapp.calculator_rate_invalid"


MESSAGES: dict[LoanappError, str] = {
    LoanappError.STAGE_UNKNOWN: "未知的环节：{stage}；可选：{choices}",
    LoanappError.FIELD_PAIR_FORMAT: "应为 字段=值，字段为：{fields}",
    LoanappError.FIELD_REQUIRED: "请填写{label}",
    LoanappError.FIELD_TOO_LONG: "{label}不能超过{limit}个字符",
    LoanappError.FIELD_MONEY_INVALID: "{label}：{error}",
    LoanappError.FIELD_NOT_POSITIVE: "{label}应大于0",
    LoanappError.FIELD_NOT_INTEGER: "{label}应为整数：{value}",
    LoanappError.FIELD_OUT_OF_RANGE: "{label}应在{low}至{high}之间，实际为{value}",
    LoanappError.CHOICE_REQUIRED: "请选择{label}",
    LoanappError.CHOICE_INVALID: "{label}不正确：{value}；可选：{choices}",
    LoanappError.HOUSE_TYPE_SELF_REQUIRED: "建造、翻建、大修的房屋类型应为“自建（翻建、大修）住房”",
    LoanappError.HOUSE_TYPE_SELF_NOT_ALLOWED: "购买或商转公的房屋类型应为新建商品住房或二手住房",
    LoanappError.AREA_REQUIRED: "请填写建筑面积（平方米）",
    LoanappError.AREA_FORMAT: "面积格式不正确：{text}",
    LoanappError.AREA_INVALID: "面积应为大于0、最多两位小数的平方米数：{text}",
    LoanappError.PURCHASE_CONTRACT_REQUIRED: "购买新建商品住房须填写购房合同（网签备案）编号",
    LoanappError.USED_CONTRACT_REQUIRED: "购买二手住房须填写购房合同编号或不动产权证号",
    LoanappError.BUILDING_YEAR_REQUIRED: "二手住房须填写建成年份（用于房龄）",
    LoanappError.CERTIFICATE_REQUIRED: "{purpose}须填写不动产权证号（或宅基地使用证号）",
    LoanappError.REFINANCE_COMBINED: "商转公不能同时申请组合贷款",
    LoanappError.CO_BORROWER_SELF: "共同借款人不能是借款人本人",
    LoanappError.CO_INCOME_WITHOUT_CO_BORROWER: "填写了共同借款人月收入，却未填写共同借款人",
    LoanappError.GUARANTOR_ID_INVALID: "保证人身份证号：{error}",
    LoanappError.AMOUNT_ABOVE_PRICE: "申请金额不能超过房屋价格（工程造价）",
    LoanappError.BORROWER_NOT_FOUND: "找不到借款人（个人账号或身份证号）：{key}",
    LoanappError.CO_BORROWER_NOT_FOUND: "找不到共同借款人（个人账号或身份证号）：{key}",
    LoanappError.BANK_UNAVAILABLE: "受托银行不存在或已停用：{bank_code}",
    LoanappError.SPOUSE_NOT_CO_BORROWER: "登记的配偶不是所填共同借款人，请核对婚姻状况",
    LoanappError.FUND_OFFSET_NO_ACCOUNT: "借款人没有本市公积金账户，不能按月对冲还款",
    LoanappError.REMOTE_HAS_ACCOUNT: "借款人在本市有公积金账户，不按异地缴存职工办理",
    LoanappError.FAMILY_APPLICATION_OPEN: "家庭已有在办的贷款申请：{numbers}",
    LoanappError.NOT_ELIGIBLE: "{reason}",
    LoanappError.SECURITY_DATE_FUTURE: "日期不能晚于今天",
    LoanappError.SECURITY_BEFORE_CONTRACT: "担保日期不能早于合同签订日",
    LoanappError.SECURITY_STEP_UNKNOWN: "未知的担保进度：{step}",
    LoanappError.SECURITY_MORTGAGE_REF_REQUIRED: "担保落实须填写不动产登记证明号（他项权证号）",
    LoanappError.SECURITY_GUARANTEE_REF_REQUIRED: "担保落实须填写保证合同编号",
    LoanappError.SECURITY_FAILURE_NOTE_REQUIRED: "请填写担保不能落实的原因",
    LoanappError.SECURITY_STEP_PENDING: "担保进度只能登记为已申请、已落实或不能落实",
    LoanappError.DISBURSE_DATE_PAST: "放款日期不能早于今天",
    LoanappError.DISBURSE_DATE_NOT_WORKDAY: "放款日期{day}不是工作日",
    LoanappError.DISBURSE_DATE_FUTURE: "放款日期不能晚于今天",
    LoanappError.PERSON_NOT_FOUND: "找不到职工：{q}",
    LoanappError.CALCULATOR_AMOUNT_INVALID: "贷款金额应为大于0的金额（元）",
    LoanappError.CALCULATOR_TERM_INVALID: "期限应为1至{cap}之间的月数",
    LoanappError.CALCULATOR_RATE_INVALID: "年利率应为百分数，如 2.6",
}
