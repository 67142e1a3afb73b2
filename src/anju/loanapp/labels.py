"""Chinese labels of loan origination's codes: permissions, the application's steps in the audit log, the form's
fields, the application as an object."""

from __future__ import annotations

from anju.core.field_labels import FIELDS as GENERIC_FIELDS
from anju.loanapp.codes import ACTION_LABELS as APPLICATION_STEPS
from anju.loanapp.form import LABELS as FORM_LABELS
from anju.loanapp.permissions import P

# The application form's members by their labels there, but for the names every area shares (amount, months…),
# whose generic label stays.
FIELDS = {name: label for name, label in FORM_LABELS.items() if name not in GENERIC_FIELDS}

LABELS = {
    "permission": {
        P.APPLY: "受理贷款申请", P.APPLY_ONLINE: "网上申请贷款（本人）", P.APP_READ: "查看贷款申请", P.REVIEW: "贷款初审", P.APPROVE: "贷款审批",
        P.CONTRACT: "签订借款合同", P.SECURITY: "登记担保落实", P.INSTRUCT: "通知银行放款", P.TERMINATE: "终止贷款申请",
    },
    "audit_action": {
        "loan.application.apply": "受理贷款申请",
        **{f"loan.application.{step}": f"贷款申请：{label}" for step, label in APPLICATION_STEPS.items()},
    },
    "field": FIELDS,
    "entity": {"loan_application": "贷款申请", "contract": "借款合同"},
}
