"""Codes of loan origination (贷款申请): purposes, house types, security kinds, application statuses and the
actions recorded on an application, with their Chinese labels and JGJ/T 320 codes where the standard has one."""

from __future__ import annotations

from enum import StrEnum


class Purpose(StrEnum):
    """贷款用途."""

    PURCHASE = "purchase"  # 购买自住住房
    BUILD = "build"  # 建造、翻建自住住房
    REPAIR = "repair"  # 大修自住住房
    REFINANCE = "refinance"  # 商转公: a commercial home loan refinanced into a fund loan

    @property
    def label(self) -> str:
        return {"purchase": "购买自住住房", "build": "建造、翻建自住住房", "repair": "大修自住住房",
                "refinance": "商业贷款转公积金贷款（商转公）"}[self.value]


class HouseType(StrEnum):
    """房屋类型 as the annual report counts it (新房 / 二手房); self-built for 建造、翻建、大修."""

    NEW = "new"  # 新建商品住房
    USED = "used"  # 二手住房
    SELF = "self"  # 自建、翻建、大修的自有住房

    @property
    def label(self) -> str:
        return {"new": "新建商品住房", "used": "二手住房", "self": "自建（翻建、大修）住房"}[self.value]


class Security(StrEnum):
    """担保类型 (JGJ/T 320 DKDBLX): 01 抵押, 02 质押, 03 保证."""

    MORTGAGE = "01"
    PLEDGE = "02"
    GUARANTEE = "03"

    @property
    def label(self) -> str:
        return {"01": "抵押", "02": "质押", "03": "保证"}[self.value]


class Relation(StrEnum):
    """共同借款人与借款人的关系."""

    SPOUSE = "spouse"
    PARENT = "parent"
    CHILD = "child"

    @property
    def label(self) -> str:
        return {"spouse": "配偶", "parent": "父母", "child": "子女"}[self.value]


class Status(StrEnum):
    """申请 → 初审 → 审批 → 合同 → 担保 → 放款通知 → 已放款; 驳回 / 撤回 / 终止 end it before disbursement."""

    SUBMITTED = "submitted"  # 已受理，待初审
    REVIEWED = "reviewed"  # 初审通过，待审批
    APPROVED = "approved"  # 审批通过，待签订合同
    CONTRACTED = "contracted"  # 合同已签订，待落实担保
    SECURED = "secured"  # 担保已落实，待放款通知
    INSTRUCTED = "instructed"  # 已通知受托银行放款
    DISBURSED = "disbursed"  # 已放款，贷款账户已开立
    REJECTED = "rejected"  # 驳回（初审或审批）
    WITHDRAWN = "withdrawn"  # 申请人撤回
    TERMINATED = "terminated"  # 放款前终止（合同解除、担保不能落实、骗贷……）

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def open(self) -> bool:
        return self in OPEN


STATUS_LABELS = {
    Status.SUBMITTED: "待初审", Status.REVIEWED: "待审批", Status.APPROVED: "待签合同", Status.CONTRACTED: "待落实担保",
    Status.SECURED: "待放款通知", Status.INSTRUCTED: "待放款", Status.DISBURSED: "已放款", Status.REJECTED: "已驳回",
    Status.WITHDRAWN: "已撤回", Status.TERMINATED: "已终止",
}
OPEN = frozenset({Status.SUBMITTED, Status.REVIEWED, Status.APPROVED, Status.CONTRACTED, Status.SECURED,
                  Status.INSTRUCTED})
# Before a decision (the statutory time limit runs from acceptance to the approval decision).
UNDECIDED = (Status.SUBMITTED, Status.REVIEWED)

# Work queues of the counter: stage → statuses waiting there.
STAGES = {
    "review": (Status.SUBMITTED,),
    "approve": (Status.REVIEWED,),
    "contract": (Status.APPROVED,),
    "security": (Status.CONTRACTED,),
    "disburse": (Status.SECURED, Status.INSTRUCTED),
}
STAGE_LABELS = {"review": "初审", "approve": "审批", "contract": "合同签订", "security": "担保落实", "disburse": "放款"}


class SecurityStatus(StrEnum):
    """担保落实情况."""

    PENDING = "pending"  # 待办理
    FILED = "filed"  # 已申请抵押登记（或保证合同已签）
    DONE = "done"  # 已办妥（他项权证 / 不动产登记证明已取得，或保证已生效）
    FAILED = "failed"  # 不能落实

    @property
    def label(self) -> str:
        return {"pending": "待办理", "filed": "已申请登记", "done": "已落实", "failed": "不能落实"}[self.value]


ACTION_LABELS = {
    "apply": "受理申请", "review": "初审通过", "approve_one": "审批同意（待第二人审批）", "approve": "审批通过",
    "reject": "驳回", "withdraw": "撤回申请", "terminate": "终止", "contract": "签订借款合同",
    "security_filed": "申请抵押登记", "security_done": "担保落实", "security_failed": "担保不能落实",
    "instruct": "通知受托银行放款", "disburse": "放款",
}
