"""The interest area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class InterestError(StrEnum):
    CLI_MOVEMENT_FORMAT = "interest.cli_movement_format"
    CLI_DAY_BASIS = "interest.cli_day_basis"
    YEAR_OUT_OF_RANGE = "interest.year_out_of_range"
    SETTLE_TOO_EARLY = "interest.settle_too_early"
    ALREADY_SETTLED = "interest.already_settled"
    NOT_CURRENT_YEAR = "interest.not_current_year"
    SETTLE_RACE = "interest.settle_race"
    ACCOUNT_NOT_FOUND = "interest.account_not_found"
    BANK_REQUIRED = "interest.bank_required"
    KIND_UNKNOWN = "interest.kind_unknown"
    AMOUNT_NOT_POSITIVE = "interest.amount_not_positive"
    VOUCHER_NO_REQUIRED = "interest.voucher_no_required"
    BANK_UNKNOWN = "interest.bank_unknown"
    STEP_UNKNOWN = "interest.step_unknown"
    YEAREND_TOO_EARLY = "interest.yearend_too_early"
    STEP_DONE = "interest.step_done"
    STEPS_PENDING = "interest.steps_pending"
    FEE_RANGE = "interest.fee_range"
    STEP_DONE_ELSEWHERE = "interest.step_done_elsewhere"
    STEP_POSTED = "interest.step_posted"
    PERIOD_INVALID = "interest.period_invalid"
    PERIOD_CROSSES_YEAR = "interest.period_crosses_year"
    OPENING_INVALID = "interest.opening_invalid"
    MOVEMENT_OUTSIDE = "interest.movement_outside"
    MOVEMENT_NOT_FEN = "interest.movement_not_fen"
    RATE_MISSING = "interest.rate_missing"
    RATE_ORDER = "interest.rate_order"
    RATE_INVALID = "interest.rate_invalid"
    DAY_BASIS_INVALID = "interest.day_basis_invalid"
    BALANCE_NEGATIVE = "interest.balance_negative"
    ACCRUE_MONTH_OPEN = "interest.accrue_month_open"
    ACCRUE_YEAR_SETTLED = "interest.accrue_year_settled"
    ACCRUE_YEAR_AHEAD = "interest.accrue_year_ahead"
    ACCRUE_SETTLING = "interest.accrue_settling"
    ACCRUE_LATER_MONTH = "interest.accrue_later_month"
    ACCRUE_INCOME_CLOSED = "interest.accrue_income_closed"


MESSAGES: dict[InterestError, str] = {
    InterestError.CLI_MOVEMENT_FORMAT: "应为“日期:金额”，如 2024-10-15:1000.00：{text}",
    InterestError.CLI_DAY_BASIS: "计息天数基数应为360或365：{text}",
    InterestError.YEAR_OUT_OF_RANGE: "结息年度超出范围：{year}",
    InterestError.SETTLE_TOO_EARLY: "{year}年度结息日为{settle_day}，今天（{as_of}）还不能结息",
    InterestError.ALREADY_SETTLED: "{year}年度已结息（{accounts}户，凭证{voucher_id}），不能重复结息",
    InterestError.NOT_CURRENT_YEAR: "当前计息年度为{current}，不能结{year}年度的息",
    InterestError.SETTLE_RACE: "{year}年度结息：本批{batch}户中有{taken}户已被其他作业记入，本批已撤销，请重新执行结息作业",
    InterestError.ACCOUNT_NOT_FOUND: "没有找到该个人账号或身份证号码",
    InterestError.BANK_REQUIRED: "此类业务须指定受托银行",
    InterestError.KIND_UNKNOWN: "未知的业务类型：{kind}",
    InterestError.AMOUNT_NOT_POSITIVE: "金额必须大于零",
    InterestError.VOUCHER_NO_REQUIRED: "请填写凭据号（银行回单或计息单编号）",
    InterestError.BANK_UNKNOWN: "受托银行不存在：{bank_code}",
    InterestError.STEP_UNKNOWN: "未知的年终步骤：{step}",
    InterestError.YEAREND_TOO_EARLY: "{year}年度年终处理须在{end}或之后进行",
    InterestError.STEP_DONE: "{year}年度{step_label}已完成",
    InterestError.STEPS_PENDING: "请先完成：{items}",
    InterestError.FEE_RANGE: "管理费用应在0至{value}元之间",
    InterestError.STEP_DONE_ELSEWHERE: "{year}年度{step_label}已由另一作业完成，本次未执行",
    InterestError.STEP_POSTED: "{year}年度{step_label}凭证已记账，本次未执行",
    InterestError.PERIOD_INVALID: "计息区间无效：{start}至{end}（不含）",
    InterestError.PERIOD_CROSSES_YEAR: "计息区间{start}至{end}（不含）跨越了结息年度（应在{year_end}之前结束）",
    InterestError.OPENING_INVALID: "期初余额应为不小于0的金额（分），实际为{opening!r}",
    InterestError.MOVEMENT_OUTSIDE: "发生额日期{on}不在计息区间{start}至{last_day}内",
    InterestError.MOVEMENT_NOT_FEN: "发生额应为整数分，实际为{amount!r}",
    InterestError.RATE_MISSING: "{start}没有适用的存款利率",
    InterestError.RATE_ORDER: "利率期间应按起始日期严格递增",
    InterestError.RATE_INVALID: "利率无效：{rate!r}",
    InterestError.DAY_BASIS_INVALID: "计息天数基数应为360或365，实际为{basis!r}",
    InterestError.BALANCE_NEGATIVE: "{day}日终余额为负数（{balance}元）",
    InterestError.ACCRUE_MONTH_OPEN: "{month}尚未结束（月末为{month_end}），不能计提",
    InterestError.ACCRUE_YEAR_SETTLED: "{month}所属的{year}年度已结息，不能再计提",
    InterestError.ACCRUE_YEAR_AHEAD: "{month}属于{year}结息年度，请先完成{current}年度结息",
    InterestError.ACCRUE_SETTLING: "{year}年度结息已开始，不能再计提该年度的利息",
    InterestError.ACCRUE_LATER_MONTH: "已计提至{later}，不能再计提更早的{month}",
    InterestError.ACCRUE_INCOME_CLOSED: "{year}年度收入支出已结转，不能再计提该年的利息",
}
