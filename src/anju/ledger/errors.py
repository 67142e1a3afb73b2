"""The ledger area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class LedgerError(StrEnum):
    KEY_INVALID = "ledger.key_invalid"
    NO_LINES = "ledger.no_lines"
    LINE_ACCOUNT_UNKNOWN = "ledger.line_account_unknown"
    LINE_ACCOUNT_NOT_LEAF = "ledger.line_account_not_leaf"
    LINE_AMOUNT_NOT_FEN = "ledger.line_amount_not_fen"
    LINE_AMOUNT_NEGATIVE = "ledger.line_amount_negative"
    LINE_ONE_SIDE = "ledger.line_one_side"
    LINES_UNBALANCED = "ledger.lines_unbalanced"
    REVERSAL_OF_REVERSAL = "ledger.reversal_of_reversal"
    PERIOD_ALREADY_CLOSED = "ledger.period_already_closed"
    BATCH_KEY_TWICE = "ledger.batch_key_twice"
    KEY_ALREADY_POSTED = "ledger.key_already_posted"
    SUMMARY_REQUIRED = "ledger.summary_required"
    ACCOUNT_CONTROLLED = "ledger.account_controlled"
    MANUAL_PERIOD_CLOSED = "ledger.manual_period_closed"
    ACCOUNT_REQUIRED = "ledger.account_required"
    LINE_ONE_SIDE_POSITIVE = "ledger.line_one_side_positive"
    TWO_LINES_REQUIRED = "ledger.two_lines_required"
    REVERSAL_REASON_REQUIRED = "ledger.reversal_reason_required"
    CROSS_BOOK = "ledger.cross_book"
    WRONG_BOOK = "ledger.wrong_book"
    BOOK_UNKNOWN = "ledger.book_unknown"


MESSAGES: dict[LedgerError, str] = {
    LedgerError.KEY_INVALID: "业务键不能为空且不超过200个字符",
    LedgerError.NO_LINES: "凭证没有分录",
    LedgerError.LINE_ACCOUNT_UNKNOWN: "{where}：会计科目不存在：{account}",
    LedgerError.LINE_ACCOUNT_NOT_LEAF: "{where}：科目{account}有下级科目，只能记入末级科目",
    LedgerError.LINE_AMOUNT_NOT_FEN: "{where}：金额必须是整数分",
    LedgerError.LINE_AMOUNT_NEGATIVE: "{where}：金额不能为负数",
    LedgerError.LINE_ONE_SIDE: "{where}：借方和贷方必须有且只有一方大于零",
    LedgerError.LINES_UNBALANCED: "借贷不平衡：借方{debit}，贷方{credit}",
    LedgerError.REVERSAL_OF_REVERSAL: "凭证{voucher_id}本身是冲销凭证，不能再冲销",
    LedgerError.PERIOD_ALREADY_CLOSED: "会计期间{period}已结账",
    LedgerError.BATCH_KEY_TWICE: "同一批凭证中业务键重复",
    LedgerError.KEY_ALREADY_POSTED: "业务键{key}已记账（凭证记-{period}-{number:05d}），本批未重复记账",
    LedgerError.SUMMARY_REQUIRED: "请填写凭证摘要",
    LedgerError.ACCOUNT_CONTROLLED: "科目{account}由明细账控制，只能通过相应业务办理记账，不能手工记账",
    LedgerError.MANUAL_PERIOD_CLOSED: "会计期间{period}已结账，不能再记账",
    LedgerError.ACCOUNT_REQUIRED: "请填写会计科目",
    LedgerError.LINE_ONE_SIDE_POSITIVE: "借方、贷方须有且只有一方填写正数金额",
    LedgerError.TWO_LINES_REQUIRED: "请至少填写两条分录",
    LedgerError.REVERSAL_REASON_REQUIRED: "冲销须填写原因",
    LedgerError.CROSS_BOOK: "一张凭证的分录不能跨账套：{books}",
    LedgerError.WRONG_BOOK: "凭证应记入{expected}账套，分录科目属于{actual}账套",
    LedgerError.BOOK_UNKNOWN: "账套不存在：{book}",
}
