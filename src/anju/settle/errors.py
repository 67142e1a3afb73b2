"""The settlement area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum

# ---- settle: statements, matching, reconciliation


class SettleError(StrEnum):
    # ---- bankcore: 专户, agreements, fees, assessment
    CHANGE_LEDGER_MISSING = "settle.change_ledger_missing"
    CHANGE_ACCOUNT_PENDING = "settle.change_account_pending"
    CHANGE_NOTHING = "settle.change_nothing"
    FEE_MONTH_DONE = "settle.fee_month_done"
    FEE_NOTHING = "settle.fee_nothing"
    FEE_PAID = "settle.fee_paid"
    FEE_NOT_ACCRUED = "settle.fee_not_accrued"
    FEE_NO_ACCOUNT = "settle.fee_no_account"
    ASSESS_FINAL = "settle.assess_final"
    ASSESS_ITEM_UNKNOWN = "settle.assess_item_unknown"
    ASSESS_VALUE = "settle.assess_value"
    ASSESS_TEMPLATE = "settle.assess_template"
    # ---- end bankcore
    ACCOUNT_UNKNOWN = "settle.account_unknown"
    STATEMENT_EMPTY = "settle.statement_empty"
    LINE_FIELD_MISSING = "settle.line_field_missing"
    LINE_AMOUNT = "settle.line_amount"
    LINE_DATE = "settle.line_date"
    LINE_OTHER_DAY = "settle.line_other_day"
    LINE_ACCOUNT = "settle.line_account"
    LINE_SERIAL_TWICE = "settle.line_serial_twice"
    LINE_CHANGED = "settle.line_changed"
    PUSH_NOT_ALLOWED = "settle.push_not_allowed"
    LINE_UNKNOWN = "settle.line_unknown"
    BOOK_LINE_UNKNOWN = "settle.book_line_unknown"
    LINE_MATCHED = "settle.line_matched"
    MATCH_EMPTY = "settle.match_empty"
    MATCH_AMOUNTS = "settle.match_amounts"
    MATCH_ACCOUNTS = "settle.match_accounts"
    MATCH_UNKNOWN = "settle.match_unknown"
    MATCH_UNDONE = "settle.match_undone"
    REASON_REQUIRED = "settle.reason_required"
    DAY_CLOSED = "settle.day_closed"
    DAY_UNEXPLAINED_ITEM = "settle.day_unexplained_item"
    DAY_DIFFERENCE = "settle.day_difference"
    DAY_NO_STATEMENT = "settle.day_no_statement"
    MONTH_DAYS_OPEN = "settle.month_days_open"
    MONTH_CLOSED = "settle.month_closed"
    NOTE_REQUIRED = "settle.note_required"
    PUSH_KEY_UNKNOWN = "settle.push_key_unknown"


MESSAGES: dict[SettleError, str] = {
    # ---- bankcore: 专户, agreements, fees, assessment
    SettleError.CHANGE_LEDGER_MISSING: "会计科目{code}不在科目表中（受托银行的银行存款明细科目在加载中心参数文件时开设）",
    SettleError.CHANGE_ACCOUNT_PENDING: "专户{account_no}已有待审批的申请{no}",
    SettleError.CHANGE_NOTHING: "没有要审批的申请",
    SettleError.FEE_MONTH_DONE: "{month}受托银行{bank}的{fee}已计提（凭证{voucher}），不再重复计提",
    SettleError.FEE_NOTHING: "{month}没有可计提的手续费（无有效的手续费规则或计费基数为零）",
    SettleError.FEE_PAID: "{month}受托银行{bank}的{fee}已于{paid_on}支付",
    SettleError.FEE_NOT_ACCRUED: "{month}受托银行{bank}没有已计提未支付的手续费",
    SettleError.FEE_NO_ACCOUNT: "受托银行{bank}没有可用于支付手续费的专户（归集户或结算户）",
    SettleError.ASSESS_FINAL: "{year}年度受托银行{bank}的考核已定稿，不能修改",
    SettleError.ASSESS_ITEM_UNKNOWN: "考核指标“{item}”不在考核模板中",
    SettleError.ASSESS_VALUE: "考核指标“{item}”的值不正确：{value}",
    SettleError.ASSESS_TEMPLATE: "考核模板不正确：{reason}",
    # ---- end bankcore
    SettleError.ACCOUNT_UNKNOWN: "专户{account}不存在",
    SettleError.STATEMENT_EMPTY: "对账单没有交易明细",
    SettleError.LINE_FIELD_MISSING: "缺少{label}",
    SettleError.LINE_AMOUNT: "金额“{value}”无法识别",
    SettleError.LINE_DATE: "交易日期“{value}”无法识别",
    SettleError.LINE_OTHER_DAY: "交易日期{value}与对账单日期{day}不符",
    SettleError.LINE_ACCOUNT: "账号{value}不是专户{account}的账号",
    SettleError.LINE_SERIAL_TWICE: "银行流水号{serial}在文件中出现两次（另见第{other}行）",
    SettleError.LINE_CHANGED: "银行流水号{serial}已导入，但金额或余额与此前不同",
    SettleError.PUSH_NOT_ALLOWED: "此接口密钥未登记为{bank}的推送密钥",
    SettleError.LINE_UNKNOWN: "对账单明细{id}不存在或不属于该专户",
    SettleError.BOOK_LINE_UNKNOWN: "日记账分录{id}不存在或不属于该专户",
    SettleError.LINE_MATCHED: "{what}{id}已匹配，须先撤销原匹配",
    SettleError.MATCH_EMPTY: "人工匹配须至少选择一笔对账单明细或日记账分录",
    SettleError.MATCH_AMOUNTS: "所选对账单合计{bank}元与日记账合计{book}元不等",
    SettleError.MATCH_ACCOUNTS: "所选明细不属于同一专户",
    SettleError.MATCH_UNKNOWN: "匹配{id}不存在",
    SettleError.MATCH_UNDONE: "匹配{id}已撤销",
    SettleError.REASON_REQUIRED: "请填写理由",
    SettleError.DAY_CLOSED: "专户{account}{day}已日结",
    SettleError.DAY_UNEXPLAINED_ITEM: "专户{account}未达账项{what}（{amount}元，{day}）须说明原因",
    SettleError.DAY_DIFFERENCE: "专户{account}调节后余额不等（银行{bank}元，中心{book}元，差额{diff}元），须说明差额原因",
    SettleError.DAY_NO_STATEMENT: "专户{account}尚无{day}的对账单",
    SettleError.MONTH_DAYS_OPEN: "专户{account}有{count}天未日结（最早{day}），不能月结",
    SettleError.MONTH_CLOSED: "{month}已月结",
    SettleError.NOTE_REQUIRED: "请填写未达账项的说明",
    SettleError.PUSH_KEY_UNKNOWN: "接口密钥{prefix}不存在",
}
