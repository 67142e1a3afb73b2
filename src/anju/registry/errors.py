"""The registry area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class RegistryError(StrEnum):
    STATUS_CODE_INVALID = "registry.status_code_invalid"
    CLI_STATUS_TARGET = "registry.cli_status_target"
    ACCOUNT_FROZEN_NO_DEBIT = "registry.account_frozen_no_debit"
    BALANCE_INSUFFICIENT = "registry.balance_insufficient"
    BALANCE_NOT_ZERO = "registry.balance_not_zero"
    EMPLOYER_NO_UNKNOWN = "registry.employer_no_unknown"
    ID_NUMBER_NO_MEMBER = "registry.id_number_no_member"
    PORTAL_KEY_REQUIRED = "registry.portal_key_required"
    SEALED_ACCOUNT_NOT_FOUND = "registry.sealed_account_not_found"
    BASE_BELOW_FLOOR = "registry.base_below_floor"
    BASE_ABOVE_CAP = "registry.base_above_cap"
    PHONE_FORMAT = "registry.phone_format"
    RATIO_OUT_OF_RANGE = "registry.ratio_out_of_range"
    FLEXIBLE_RATIO_OUT_OF_RANGE = "registry.flexible_ratio_out_of_range"
    NAME_EMPTY = "registry.name_empty"
    NAME_TOO_LONG = "registry.name_too_long"
    SEX_MISMATCH = "registry.sex_mismatch"
    BIRTH_DATE_MISMATCH = "registry.birth_date_mismatch"
    EMPLOYER_NAME_EMPTY = "registry.employer_name_empty"
    EMPLOYER_KIND_INVALID = "registry.employer_kind_invalid"
    INDUSTRY_INVALID = "registry.industry_invalid"
    BANK_REQUIRED = "registry.bank_required"
    BANK_UNKNOWN = "registry.bank_unknown"
    BRANCH_REQUIRED = "registry.branch_required"
    BRANCH_UNKNOWN = "registry.branch_unknown"
    PAYDAY_INVALID = "registry.payday_invalid"
    USCC_TAKEN = "registry.uscc_taken"
    FIRST_MONTH_TOO_EARLY = "registry.first_month_too_early"
    FIELD_NOT_EDITABLE = "registry.field_not_editable"
    STATUS_REASON_REQUIRED = "registry.status_reason_required"
    EMPLOYER_CLOSED = "registry.employer_closed"
    EMPLOYER_HAS_ACTIVE_MEMBERS = "registry.employer_has_active_members"
    MARITAL_STATUS_INVALID = "registry.marital_status_invalid"
    NAME_DIFFERS = "registry.name_differs"
    SPOUSE_SELF = "registry.spouse_self"
    EMPLOYER_NOT_OPEN = "registry.employer_not_open"
    MEMBER_HAS_ACCOUNT = "registry.member_has_account"
    PERSON_HAS_ACCOUNT = "registry.person_has_account"
    ACCOUNT_CLOSED = "registry.account_closed"
    SEAL_STATUS = "registry.seal_status"
    SEAL_REASON_REQUIRED = "registry.seal_reason_required"
    UNSEAL_STATUS = "registry.unseal_status"
    UNSEAL_EMPLOYER_GONE = "registry.unseal_employer_gone"
    TRANSFER_FLEXIBLE = "registry.transfer_flexible"
    TRANSFER_FROZEN = "registry.transfer_frozen"
    TRANSFER_SAME_EMPLOYER = "registry.transfer_same_employer"
    TRANSFER_TARGET_STATUS = "registry.transfer_target_status"
    FREEZE_REASON_REQUIRED = "registry.freeze_reason_required"
    STATUS_REQUIRED = "registry.status_required"
    TRANSFER_OWN_EMPLOYER_ONLY = "registry.transfer_own_employer_only"

    NOT_FROZEN = "registry.not_frozen"
    ALREADY_FROZEN = "registry.already_frozen"
    HOME_ADDRESS_REQUIRED = "registry.home_address_required"
    HOME_ACQUIRED_FUTURE = "registry.home_acquired_future"
    HOME_SOLD_BEFORE_ACQUIRED = "registry.home_sold_before_acquired"
    PERSON_UNKNOWN = "registry.person_unknown"
    YEAR_NOT_SETTLED = "registry.year_not_settled"
    YEAR_SETTLED = "registry.year_settled"
    YEAR_SETTLING = "registry.year_settling"


MESSAGES: dict[RegistryError, str] = {
    RegistryError.STATUS_CODE_INVALID: "状态代码无效",
    RegistryError.CLI_STATUS_TARGET: "--to 应为 normal、sealed 或 closed（缓缴须通过缓缴申请审批）",
    RegistryError.ACCOUNT_FROZEN_NO_DEBIT: "账户{account_no}已冻结（{freeze_reason}），不能支取",
    RegistryError.BALANCE_INSUFFICIENT: "账户{account_no}余额{balance}元，不足支取{amount}元",
    RegistryError.BALANCE_NOT_ZERO: "账户{account_no}余额{balance}元，不能销户",
    RegistryError.EMPLOYER_NO_UNKNOWN: "单位账号{employer_no}不存在",
    RegistryError.ID_NUMBER_NO_MEMBER: "该身份证号码没有登记的缴存职工",
    RegistryError.PORTAL_KEY_REQUIRED: "请填写单位账号或身份证号码",
    RegistryError.SEALED_ACCOUNT_NOT_FOUND: "未找到该证件号码和姓名对应的封存账户（在职职工须由原单位办理封存或到柜面办理转移）",
    RegistryError.BASE_BELOW_FLOOR: "{label}{base}元低于下限：{as_of}适用的缴存基数下限为{floor}元",
    RegistryError.BASE_ABOVE_CAP: "{label}{base}元高于上限：{as_of}适用的缴存基数上限为{cap}元",
    RegistryError.PHONE_FORMAT: "{label}格式不正确：{text}（手机号码为1开头的11位数字；固定电话须带区号，如0734-8123456，分机号可写在后面，如0734-8123456-801）",
    RegistryError.RATIO_OUT_OF_RANGE: "{label}{value}不在允许范围{lo}至{hi}内",
    RegistryError.FLEXIBLE_RATIO_OUT_OF_RANGE: "灵活就业人员缴存比例{total_ratio}不在允许范围{lo}至{hi}内",
    RegistryError.NAME_EMPTY: "姓名不能为空",
    RegistryError.NAME_TOO_LONG: "姓名过长",
    RegistryError.SEX_MISMATCH: "性别与身份证号码不符（号码显示为{sex_name}）",
    RegistryError.BIRTH_DATE_MISMATCH: "出生日期与身份证号码不符（号码显示为{birth_date}）",
    RegistryError.EMPLOYER_NAME_EMPTY: "单位名称不能为空",
    RegistryError.EMPLOYER_KIND_INVALID: "单位性质代码无效：{kind}",
    RegistryError.INDUSTRY_INVALID: "行业代码无效：{industry}",
    RegistryError.BANK_REQUIRED: "请选择受托银行",
    RegistryError.BANK_UNKNOWN: "受托银行不存在：{bank_code}",
    RegistryError.BRANCH_REQUIRED: "请选择管理部",
    RegistryError.BRANCH_UNKNOWN: "管理部不存在：{branch_code}",
    RegistryError.PAYDAY_INVALID: "发薪日应为1至31之间的整数",
    RegistryError.USCC_TAKEN: "该统一社会信用代码已开户：{dup_name}（单位账号{account_no}）",
    RegistryError.FIRST_MONTH_TOO_EARLY: "起缴年月不能早于一年以前",
    RegistryError.FIELD_NOT_EDITABLE: "不能在此修改：{k}",
    RegistryError.STATUS_REASON_REQUIRED: "请填写状态变更原因",
    RegistryError.EMPLOYER_CLOSED: "单位已销户，不能再变更状态",
    RegistryError.EMPLOYER_HAS_ACTIVE_MEMBERS: "单位还有{active}名正常缴存职工，请先办理封存或转移",
    RegistryError.MARITAL_STATUS_INVALID: "婚姻状况代码无效：{marital_status}",
    RegistryError.NAME_DIFFERS: "姓名与已登记的“{existing_name}”不一致",
    RegistryError.SPOUSE_SELF: "不能将本人登记为配偶",
    RegistryError.EMPLOYER_NOT_OPEN: "单位状态为{status}，不能为职工开户",
    RegistryError.MEMBER_HAS_ACCOUNT: "该职工已有住房公积金账户（个人账号{account_no}，状态{status}），不能重复开户；离职封存的请办理启封或转移",
    RegistryError.PERSON_HAS_ACCOUNT: "该人员已有住房公积金账户（个人账号{account_no}）",
    RegistryError.ACCOUNT_CLOSED: "账户{account_no}已销户",
    RegistryError.SEAL_STATUS: "账户状态为{status}，不能封存",
    RegistryError.SEAL_REASON_REQUIRED: "请填写封存原因",
    RegistryError.UNSEAL_STATUS: "账户状态为{status}，只有封存账户可以启封",
    RegistryError.UNSEAL_EMPLOYER_GONE: "原单位已封存或销户，请办理转移到新单位",
    RegistryError.TRANSFER_FLEXIBLE: "灵活就业人员账户请先办理单位开户后转入",
    RegistryError.TRANSFER_FROZEN: "账户已冻结，不能转移",
    RegistryError.TRANSFER_SAME_EMPLOYER: "转入单位与原单位相同",
    RegistryError.TRANSFER_TARGET_STATUS: "转入单位状态为{status}",
    RegistryError.FREEZE_REASON_REQUIRED: "请填写冻结或解冻的依据",
    RegistryError.STATUS_REQUIRED: "请选择新状态",
    RegistryError.TRANSFER_OWN_EMPLOYER_ONLY: "单位经办人只能将职工转入本单位",
    RegistryError.NOT_FROZEN: "账户未冻结",
    RegistryError.ALREADY_FROZEN: "账户已冻结",
    RegistryError.HOME_ADDRESS_REQUIRED: "请填写房屋坐落",
    RegistryError.HOME_ACQUIRED_FUTURE: "取得日期不能晚于今天",
    RegistryError.HOME_SOLD_BEFORE_ACQUIRED: "转让日期须晚于取得日期",
    RegistryError.PERSON_UNKNOWN: "人员不存在：{person_id}",
    RegistryError.YEAR_NOT_SETTLED: "{day}属于{year}结息年度，请先完成{current}年度结息（6月30日）",
    RegistryError.YEAR_SETTLED: "{day}所属结息年度（{start}至{end}前）已结息，不能再记入",
    RegistryError.YEAR_SETTLING: "{year}年度结息正在进行，{day}的业务请在结息完成后再办理",
}
