"""Chinese labels of the interest area's codes: 结息, fund income and expense entries, the year-end close."""

from __future__ import annotations

from anju.interest.permissions import P
from anju.interest.yearend import FUND_KINDS, STEP_LABELS

LABELS = {
    "voucher_kind": {
        "interest.settle": "结息", "interest.accrue": "利息计提", "yearend.close_income": "年终结转收支", "yearend.move_gain": "增值收益转存",
        "yearend.distribute": "增值收益分配",
        **{f"fund.{code}": label for code, (label, _dr, _cr) in FUND_KINDS.items()},
    },
    "permission": {P.SETTLE: "办理结息", P.FUND_ENTRY: "登记资金收支", P.YEAREND: "办理年终结转",
                   P.READ: "查看结息和资金收支"},
    "audit_action": {
        "interest.settle.compute": "计算年度结息", "interest.settle.finish": "完成年度结息",
        "interest.settle_account": "销户结息", "interest.accrue": "月度利息计提", "interest.fund_entry": "登记资金收支",
        **{f"interest.yearend.{step}": f"年终结转：{label}" for step, label in STEP_LABELS.items()},
    },
    "entity": {"interest_run": "结息作业", "interest_accrual": "利息计提", "fund_entry": "资金收支", "yearend": "年终结转"},
}
