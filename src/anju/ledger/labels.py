"""Chinese labels of the ledger's codes: the chart of accounts, manual vouchers, its permissions and audit actions."""

from __future__ import annotations

from anju.ledger.chart import NATIONAL_CHART

LABELS = {
    "voucher_kind": {"manual": "手工凭证"},
    "account": {a.code: a.name for a in NATIONAL_CHART},
    "audit_action": {"ledger.post_manual": "录入手工凭证", "ledger.reverse": "冲销凭证",
                     "ledger.close_period": "会计期间结账"},
    "entity": {"voucher": "记账凭证", "accounting_period": "会计期间"},
    "field": {"book": "账套", "voucher_date": "凭证日期", "summary": "摘要", "lines": "分录",
              "debit": "借方金额", "credit": "贷方金额", "idempotency_key": "业务键", "key": "业务键"},
}
