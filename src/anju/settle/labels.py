"""Chinese labels of the settlement area's codes."""

from __future__ import annotations

from anju.settle.permissions import P

# ---- settle: statements, matching, reconciliation
LABELS = {
    "permission": {
        P.STMT_IMPORT: "导入银行对账单并匹配", P.STMT_PUSH: "推送银行交易明细", P.MATCH_REQUEST: "申请人工匹配或说明未达账项",
        P.MATCH_APPROVE: "复核人工匹配", P.RECON_CLOSE: "日结与月结", P.PUSH_KEY: "登记银行推送密钥", P.READ: "查看银行对账",
    },
    "audit_action": {
        "settle.statement.import": "导入银行对账单", "settle.statement.push": "银行推送交易明细",
        "settle.push_key": "登记银行推送密钥", "settle.match.run": "银行对账自动匹配",
        "settle.match.apply": "申请人工匹配", "settle.match.approve": "复核通过人工匹配",
        "settle.match.reject": "驳回人工匹配", "settle.item.note": "说明未达账项", "settle.day.close": "银行对账日结",
        "settle.month.close": "银行对账月结",
    },
    "field": {
        "serial": "银行主机流水号", "txn_date": "交易日期", "txn_time": "交易时间", "txn_code": "交易代码", "balance": "余额",
        "counterparty_account": "对手账号", "counterparty_name": "对手户名", "remark": "备注", "reversal": "冲正标识",
        "date": "日期", "explanations": "差额说明",
    },
    "entity": {
        "bank_statement_file": "银行对账单文件", "bank_statement_line": "银行对账单明细", "bank_match": "对账匹配",
        "bank_match_request": "人工匹配申请", "bank_book_line": "日记账分录",
        "bank_day_close": "银行对账日结", "bank_month_close": "银行对账月结",
    },
}
