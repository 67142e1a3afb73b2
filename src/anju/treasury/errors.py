"""The treasury area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class TreasuryError(StrEnum):
    KIND_UNKNOWN = "treasury.kind_unknown"
    AMOUNT_NOT_POSITIVE = "treasury.amount_not_positive"
    RATE_RANGE = "treasury.rate_range"
    TERM_UNKNOWN = "treasury.term_unknown"
    TERM_TOO_LONG = "treasury.term_too_long"
    MATURITY_REQUIRED = "treasury.maturity_required"
    MATURITY_BEFORE_START = "treasury.maturity_before_start"
    BANK_UNKNOWN = "treasury.bank_unknown"
    ACCOUNT_UNKNOWN = "treasury.account_unknown"
    ACCOUNT_NOT_DEMAND = "treasury.account_not_demand"
    NO_HOLDING_ACCOUNT = "treasury.no_holding_account"
    SAME_ACCOUNT = "treasury.same_account"
    FACE_REQUIRED = "treasury.face_required"
    BASE_REQUIRED = "treasury.base_required"
    NOTICE_DAYS = "treasury.notice_days"
    ROLLOVER_UNKNOWN = "treasury.rollover_unknown"
    BANK_SHARE = "treasury.bank_share"
    MIN_LIQUIDITY = "treasury.min_liquidity"
    INSUFFICIENT_FUNDS = "treasury.insufficient_funds"
    NOT_MATURE = "treasury.not_mature"
    MATURED_ALREADY = "treasury.matured_already"
    NOT_WITHDRAWABLE = "treasury.not_withdrawable"
    BEFORE_ACCRUED = "treasury.before_accrued"
    MONTH_NOT_ENDED = "treasury.month_not_ended"
    NOT_FOUND = "treasury.not_found"
    ALREADY_POSTED = "treasury.already_posted"
    ACCRUAL_CHANGED = "treasury.accrual_changed"
    STATEMENT_KIND = "treasury.statement_kind"
    STATEMENT_MONTH = "treasury.statement_month"


MESSAGES: dict[TreasuryError, str] = {
    TreasuryError.KIND_UNKNOWN: "不认识的存放品种：{kind}",
    TreasuryError.AMOUNT_NOT_POSITIVE: "金额须大于零",
    TreasuryError.RATE_RANGE: "利率须大于0且小于20%",
    TreasuryError.TERM_UNKNOWN: "存期须为3、6、12、24、36或60个月",
    TreasuryError.TERM_TOO_LONG: "存期{months}个月超过中心规定的最长{limit}个月",
    TreasuryError.MATURITY_REQUIRED: "请填写到期日",
    TreasuryError.MATURITY_BEFORE_START: "到期日须晚于起息日",
    TreasuryError.BANK_UNKNOWN: "受托银行{bank_code}不存在或已停用",
    TreasuryError.ACCOUNT_UNKNOWN: "账户{account}不是中心的住房公积金存款账户",
    TreasuryError.ACCOUNT_NOT_DEMAND: "账户{account}不是活期（结算）账户，不能作为资金来源",
    TreasuryError.NO_HOLDING_ACCOUNT: "{bank}没有登记{kind}专户，请先登记",
    TreasuryError.SAME_ACCOUNT: "转出账户与转入账户相同",
    TreasuryError.FACE_REQUIRED: "国债须填写面值和名称",
    TreasuryError.BASE_REQUIRED: "协定存款须填写基本存款额度和其利率",
    TreasuryError.NOTICE_DAYS: "通知存款的通知期须为1天或7天",
    TreasuryError.ROLLOVER_UNKNOWN: "不认识的转存方式：{rollover}",
    TreasuryError.BANK_SHARE: "存放后{bank}的存款占住房公积金存款的{share}，超过中心规定的单家银行上限{limit}",
    TreasuryError.MIN_LIQUIDITY: "存放后活期资金{demand}元，占缴存余额的{share}，低于中心规定的备付下限{limit}",
    TreasuryError.INSUFFICIENT_FUNDS: "账户{account}可用余额{balance}元，不足{amount}元",
    TreasuryError.NOT_MATURE: "{no}到期日为{maturity}，尚未到期；提前支取请按提前支取办理",
    TreasuryError.MATURED_ALREADY: "{no}已于{maturity}到期，请按到期收回或转存办理",
    TreasuryError.NOT_WITHDRAWABLE: "{kind}不能办理此项业务（提前支取限定期、协定存款，转存限定期存款）",
    TreasuryError.BEFORE_ACCRUED: "{no}已计提利息至{accrued_to}，办理日期不能早于该日",
    TreasuryError.MONTH_NOT_ENDED: "{month}尚未结束，不能计提",
    TreasuryError.NOT_FOUND: "没有找到投资记录{no}",
    TreasuryError.ALREADY_POSTED: "{no}的凭证已记账，未重复办理",
    TreasuryError.ACCRUAL_CHANGED: "{month}计提期间投资记录被他人改变，请重试",
    TreasuryError.STATEMENT_KIND: "不认识的报表：{kind}",
    TreasuryError.STATEMENT_MONTH: "月份须在1至12之间",
}
