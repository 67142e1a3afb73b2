"""The bank area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class BankError(StrEnum):
    BANK_UNKNOWN = "bank.bank_unknown"
    ACCOUNT_UNKNOWN = "bank.account_unknown"
    ACCOUNT_NO_TAKEN = "bank.account_no_taken"
    ACCOUNT_CLOSED = "bank.account_closed"
    ACCOUNT_NO_INVALID = "bank.account_no_invalid"
    PURPOSE_UNKNOWN = "bank.purpose_unknown"
    LEDGER_CODE_INVALID = "bank.ledger_code_invalid"
    CLOSE_BEFORE_OPEN = "bank.close_before_open"
    AGREEMENT_UNKNOWN = "bank.agreement_unknown"
    AGREEMENT_NO_TAKEN = "bank.agreement_no_taken"
    AGREEMENT_ENDED = "bank.agreement_ended"
    AGREEMENT_DATES = "bank.agreement_dates"
    SERVICE_UNKNOWN = "bank.service_unknown"
    FEE_TYPE_UNKNOWN = "bank.fee_type_unknown"
    FEE_BASE_UNKNOWN = "bank.fee_base_unknown"
    FEE_RATE_REQUIRED = "bank.fee_rate_required"
    FEE_UNIT_REQUIRED = "bank.fee_unit_required"
    FEE_BANDS_INVALID = "bank.fee_bands_invalid"
    FILE_KIND_UNKNOWN = "bank.file_kind_unknown"
    FILE_EMPTY = "bank.file_empty"
    FILE_TOO_BIG = "bank.file_too_big"
    FILE_ENCODING = "bank.file_encoding"
    FILE_UNENCODABLE = "bank.file_unencodable"
    FILE_FORMAT = "bank.file_format"
    FILE_COLUMNS = "bank.file_columns"
    FILE_VALUE_MISSING = "bank.file_value_missing"
    FILE_INT = "bank.file_int"
    FILE_TIME = "bank.file_time"
    LAYOUT_INVALID = "bank.layout_invalid"
    LAYOUT_COLUMN_UNKNOWN = "bank.layout_column_unknown"
    LAYOUT_COLUMN_MISSING = "bank.layout_column_missing"


MESSAGES: dict[BankError, str] = {
    BankError.BANK_UNKNOWN: "受托银行{code}不存在",
    BankError.ACCOUNT_UNKNOWN: "专户{ref}不存在",
    BankError.ACCOUNT_NO_TAKEN: "账号{account_no}已登记为专户",
    BankError.ACCOUNT_CLOSED: "专户{account_no}已于{closed_on}销户",
    BankError.ACCOUNT_NO_INVALID: "专户账号应为6至40位数字：{account_no}",
    BankError.PURPOSE_UNKNOWN: "专户性质不正确：{purpose}",
    BankError.LEDGER_CODE_INVALID: "科目{code}不是受托银行{bank}的银行存款明细科目（应为101{bank}或102{bank}）",
    BankError.CLOSE_BEFORE_OPEN: "销户日期{closed_on}早于开户日期{opened_on}",
    BankError.AGREEMENT_UNKNOWN: "委托协议{ref}不存在",
    BankError.AGREEMENT_NO_TAKEN: "协议编号{no}已登记",
    BankError.AGREEMENT_ENDED: "委托协议{no}已终止",
    BankError.AGREEMENT_DATES: "协议到期日{valid_to}早于生效日{valid_from}",
    BankError.SERVICE_UNKNOWN: "委托业务不正确：{service}",
    BankError.FEE_TYPE_UNKNOWN: "手续费类型不正确：{fee_type}",
    BankError.FEE_BASE_UNKNOWN: "手续费计费基数不正确：{base}",
    BankError.FEE_RATE_REQUIRED: "按利息或金额计费的规则须填写费率",
    BankError.FEE_UNIT_REQUIRED: "按笔数或户年计费的规则须填写单价",
    BankError.FEE_BANDS_INVALID: "考核分档系数不正确：{bands}",
    BankError.FILE_KIND_UNKNOWN: "银行文件类型不正确：{kind}",
    BankError.FILE_EMPTY: "文件为空",
    BankError.FILE_TOO_BIG: "文件超过{limit}行，未读取",
    BankError.FILE_ENCODING: "文件不是{encoding}编码，无法读取（第{row}行附近）",
    BankError.FILE_UNENCODABLE: "“{text}”含有{encoding}编码无法表示的字符",
    BankError.FILE_FORMAT: "文件格式不正确（引号不配对或含有无法识别的字符）",
    BankError.FILE_COLUMNS: "应有{expected}列，实有{actual}列",
    BankError.FILE_VALUE_MISSING: "不能为空",
    BankError.FILE_INT: "应为整数：{value}",
    BankError.FILE_TIME: "时间格式不正确，应为HH:MM:SS或HHMMSS：{value}",
    BankError.LAYOUT_INVALID: "文件格式设置不正确：{reason}",
    BankError.LAYOUT_COLUMN_UNKNOWN: "文件格式中的列“{name}”不是{kind}的列",
    BankError.LAYOUT_COLUMN_MISSING: "文件格式缺少必需的列：{names}",
}
