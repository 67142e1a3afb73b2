"""Chinese labels of the settlement area's codes."""

from __future__ import annotations

from anju.settle.permissions import PB, P

# ---- settle: statements, matching, reconciliation
LABELS = {
    # ---- bankcore
    "voucher_kind": {"settle.fee": "计提银行手续费", "settle.fee_pay": "支付银行手续费"},
    # ---- end bankcore
    "permission": {
        # ---- bankcore
        PB.BANK_REQUEST: "申请专户开销户或委托协议", PB.BANK_APPROVE: "审批专户开销户和委托协议", PB.FEE_RUN: "计提和支付银行手续费",
        PB.ASSESS: "受托银行考核", PB.READ: "查看受托银行、专户、手续费和考核",
        # ---- end bankcore
        P.STMT_IMPORT: "导入银行对账单并匹配", P.STMT_PUSH: "推送银行交易明细", P.MATCH_REQUEST: "申请人工匹配或说明未达账项",
        P.MATCH_APPROVE: "复核人工匹配", P.RECON_CLOSE: "日结与月结", P.PUSH_KEY: "登记银行推送密钥", P.READ: "查看银行对账",
    },
    "audit_action": {
        # ---- bankcore
        "settle.bank.apply": "申请专户开销户或委托协议", "settle.bank.approve": "批准专户开销户或委托协议",
        "settle.bank.reject": "驳回专户开销户或委托协议", "settle.bank.layout": "设定银行文件格式", "settle.fee.accrue": "计提银行手续费",
        "settle.fee.pay": "支付银行手续费", "settle.fee.bank_figure": "登记银行手续费对账金额",
        "settle.fee.rule": "登记手续费规则", "settle.assess.compute": "计算受托银行考核",
        "settle.assess.enter": "填报受托银行考核指标", "settle.assess.finalise": "受托银行考核定稿",
        # ---- end bankcore
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
        # ---- bankcore
        "bank_change": "专户与协议申请", "bank_fee": "银行手续费", "bank_assessment": "受托银行考核",
        "bank_fee_rule": "手续费规则", "bank_file_layout": "银行文件格式",
        # ---- end bankcore
        "bank_statement_file": "银行对账单文件", "bank_statement_line": "银行对账单明细", "bank_match": "对账匹配",
        "bank_match_request": "人工匹配申请", "bank_book_line": "日记账分录",
        "bank_day_close": "银行对账日结", "bank_month_close": "银行对账月结",
    },
}
