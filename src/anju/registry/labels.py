"""Chinese labels of the registry's codes: employers, members and their accounts."""

from __future__ import annotations

from anju.registry.permissions import P

LABELS = {
    "permission": {P.EMPLOYER_MANAGE: "办理单位登记变更", P.MEMBER_MANAGE: "办理职工账户业务",
                   P.MEMBER_FREEZE: "冻结或解冻账户", P.READ: "查看单位和职工"},
    "audit_action": {
        "registry.employer.open": "单位开户", "registry.employer.change": "单位信息变更",
        "registry.employer.status": "单位状态变更", "registry.employer.ratios": "调整单位缴存比例",
        "registry.person.spouse": "登记配偶", "registry.account.open": "职工开户",
        "registry.account.open_flexible": "灵活就业人员开户", "registry.account.seal": "账户封存",
        "registry.account.reopen": "账户启封", "registry.account.transfer": "账户转移",
        "registry.account.base": "调整缴存基数", "registry.account.ratio": "调整缴存比例",
        "registry.account.freeze": "冻结账户", "registry.account.unfreeze": "解冻账户",
    },
    "entity": {"employer": "缴存单位", "person": "职工", "account": "个人账户"},
}
