"""Withdrawal codes: the JGJ/T 320 reasons (TQYY) with the centre's local extensions, the kinds of withdrawal a
member applies for (a reason and a sub-kind), the facts an application may carry, and the workflow states.

What a kind *is* (its reason code, how its amount is bounded, where its money goes) is code; what a centre
*allows* for it (in force or not, caps, frequency, months of contributions, facts and documents required)
is policy: ``withdrawal.reason.<kind>`` in ``params.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Reason(StrEnum):
    """提取原因 TQYY: the standard list of JGJ/T 320-2014, extended with local codes 21–25."""

    PURCHASE = "01"
    BUILD = "02"
    RETIREMENT = "03"
    DISABILITY = "04"
    EMIGRATION = "05"
    LOAN_REPAYMENT = "06"
    RENT = "07"
    DEATH = "08"
    ILLNESS = "09"
    DECORATION = "21"  # local: 装修 (a national case from 2026)
    PROPERTY_FEE = "22"  # local: 物业费 (a national case from 2026)
    ELEVATOR = "23"  # local: 既有住宅加装电梯
    INTERGENERATIONAL = "24"  # local: 代际互助（父母、子女购房）
    SEALED_LEAVER = "25"  # local: 离职封存满一定月数
    OTHER = "99"

    @property
    def label(self) -> str:
        return REASON_LABELS[self]

    @property
    def local(self) -> bool:
        return self.value in ("21", "22", "23", "24", "25")

    @property
    def topic(self) -> str:
        """The word used in sentences: 本年度已提取租房 3 次."""
        return REASON_TOPICS[self]


REASON_LABELS = {
    Reason.PURCHASE: "购买住房", Reason.BUILD: "建造翻建大修", Reason.RETIREMENT: "离休退休",
    Reason.DISABILITY: "完全丧失劳动能力", Reason.EMIGRATION: "出境定居", Reason.LOAN_REPAYMENT: "偿还购房贷款本息",
    Reason.RENT: "房租", Reason.DEATH: "死亡", Reason.ILLNESS: "大病医疗", Reason.DECORATION: "装修",
    Reason.PROPERTY_FEE: "物业费", Reason.ELEVATOR: "加装电梯", Reason.INTERGENERATIONAL: "代际互助",
    Reason.SEALED_LEAVER: "离职封存", Reason.OTHER: "其他",
}

REASON_TOPICS = {
    Reason.PURCHASE: "购房", Reason.BUILD: "建造翻建大修", Reason.RETIREMENT: "离退休", Reason.DISABILITY: "丧失劳动能力",
    Reason.EMIGRATION: "出境定居", Reason.LOAN_REPAYMENT: "还贷", Reason.RENT: "租房", Reason.DEATH: "死亡",
    Reason.ILLNESS: "大病医疗", Reason.DECORATION: "装修", Reason.PROPERTY_FEE: "物业费", Reason.ELEVATOR: "加装电梯",
    Reason.INTERGENERATIONAL: "代际互助", Reason.SEALED_LEAVER: "离职封存", Reason.OTHER: "其他情形",
}

# 住房消费类 (housing consumption) as the annual reports group withdrawals; the rest are 非住房消费类.
HOUSING_REASONS = frozenset({Reason.PURCHASE, Reason.BUILD, Reason.LOAN_REPAYMENT, Reason.RENT, Reason.DECORATION,
                             Reason.PROPERTY_FEE, Reason.ELEVATOR, Reason.INTERGENERATIONAL})


class Method(StrEnum):
    """How the amount of a kind is bounded (besides policy caps and the available balance)."""

    PURCHASE = "purchase"  # price paid − loans − what the family already withdrew for this home
    DOWN_PAYMENT = "down_payment"  # the down payment − what was already withdrawn for this home
    COST = "cost"  # a documented cost × the policy's share − what was already withdrawn for it
    RENT = "rent"  # policy caps; the actual rent × months of the period where the rent is documented
    CLOSE = "close"  # the whole balance, interest settled to the day; the account is closed
    FUND_LOAN = "fund_loan"  # the centre's own loan, through the loan area's interface
    COMMERCIAL_LOAN = "commercial_loan"  # a bank loan: outstanding (one-off) or last year's repayments
    AMOUNT = "amount"  # an amount stated and documented case by case (其他)


class Route(StrEnum):
    """Where the money of an approved withdrawal goes."""

    BANK = "bank"  # the member's (or heir's) bank card, through a payment file of the entrusted bank
    LOAN = "loan"  # applied to the member's fund loan by the loan area (no bank payment)
    INCOME = "income"  # no heir: the balance becomes value-added income (Dr 201 / Cr 40105)
    AGREEMENT = "agreement"  # 按月对冲: an agreement; each month's offset is a withdrawal of its own


@dataclass(frozen=True)
class Kind:
    code: str
    reason: Reason
    label: str
    method: Method
    route: Route = Route.BANK
    event_fact: str | None = None  # the dated fact that ``within_months`` counts from
    cost_fact: str | None = None  # the documented amount that bounds the withdrawal (COST method)
    owner_relation: str | None = None  # whose home it is (elevator, 代际互助): self, spouse, parent, child
    loan_mode: str | None = None  # once / yearly / monthly (loan repayment)
    rent_fact: str | None = None  # the monthly rent fact that bounds a documented lease

    @property
    def needs(self) -> tuple[str, ...]:
        """Facts the amount rule of this kind reads; the policy must list them among the required facts."""
        by_method = {
            Method.PURCHASE: ("price", "loan_amount", "property_address"),
            Method.DOWN_PAYMENT: ("down_payment", "property_address"),
            Method.FUND_LOAN: ("loan_contract_no",),
            Method.COMMERCIAL_LOAN: ("loan_contract_no", "loan_balance" if self.loan_mode == "once"
                                     else "repaid_last_year"),
        }.get(self.method, ())
        extra = tuple(f for f in (self.cost_fact, self.rent_fact) if f)
        owner = ("owner_id_number",) if self.owner_relation in ("parent", "child", "spouse") else ()
        heir = ("heir_name", "heir_id_number") if self.code == "death_heir" else ()
        return by_method + extra + owner + heir


def _k(code, reason, label, method, **kw) -> Kind:
    return Kind(code, reason, label, method, **kw)


KINDS: dict[str, Kind] = {k.code: k for k in (
    _k("purchase_new", Reason.PURCHASE, "购买新建商品住房", Method.PURCHASE, event_fact="contract_date"),
    _k("purchase_used", Reason.PURCHASE, "购买二手住房", Method.PURCHASE, event_fact="contract_date"),
    _k("purchase_down", Reason.PURCHASE, "支付购房首付款", Method.DOWN_PAYMENT, event_fact="contract_date"),
    _k("build", Reason.BUILD, "建造、翻建、大修自住住房", Method.COST, event_fact="invoice_date", cost_fact="cost"),
    _k("retire", Reason.RETIREMENT, "离休、退休", Method.CLOSE, event_fact="retire_date"),
    _k("disability", Reason.DISABILITY, "完全丧失劳动能力并与单位终止劳动关系", Method.CLOSE),
    _k("emigrate", Reason.EMIGRATION, "出境定居", Method.CLOSE, event_fact="emigrate_date"),
    _k("repay_fund_once", Reason.LOAN_REPAYMENT, "偿还公积金贷款（一次性提前还款）", Method.FUND_LOAN,
       route=Route.LOAN, loan_mode="once"),
    _k("repay_fund_yearly", Reason.LOAN_REPAYMENT, "偿还公积金贷款（按年提取）", Method.FUND_LOAN, route=Route.LOAN,
       loan_mode="yearly"),
    _k("repay_fund_monthly", Reason.LOAN_REPAYMENT, "偿还公积金贷款（按月对冲）", Method.FUND_LOAN,
       route=Route.AGREEMENT, loan_mode="monthly"),
    _k("repay_commercial_once", Reason.LOAN_REPAYMENT, "偿还商业住房贷款（一次性提前还款）", Method.COMMERCIAL_LOAN,
       loan_mode="once"),
    _k("repay_commercial_yearly", Reason.LOAN_REPAYMENT, "偿还商业住房贷款（按年提取）", Method.COMMERCIAL_LOAN,
       loan_mode="yearly"),
    _k("repay_remote_yearly", Reason.LOAN_REPAYMENT, "偿还异地住房公积金贷款（按年提取）", Method.COMMERCIAL_LOAN,
       loan_mode="yearly"),
    _k("rent_market", Reason.RENT, "租赁商品住房（市场租赁）", Method.RENT),
    _k("rent_filed", Reason.RENT, "租赁住房（合同已备案）", Method.RENT, event_fact="lease_start",
       rent_fact="monthly_rent"),
    _k("rent_public", Reason.RENT, "租住公共租赁住房", Method.RENT, event_fact="lease_start", rent_fact="monthly_rent"),
    _k("death_heir", Reason.DEATH, "职工死亡（继承人、受遗赠人提取）", Method.CLOSE, event_fact="death_date"),
    _k("death_no_heir", Reason.DEATH, "职工死亡（无继承人，纳入增值收益）", Method.CLOSE, route=Route.INCOME,
       event_fact="death_date"),
    _k("illness", Reason.ILLNESS, "本人及家庭成员大病医疗", Method.COST, event_fact="invoice_date", cost_fact="cost"),
    _k("decoration", Reason.DECORATION, "装修自住住房", Method.COST, event_fact="invoice_date", cost_fact="cost"),
    _k("property_fee", Reason.PROPERTY_FEE, "支付自住住房物业费", Method.COST, event_fact="invoice_date",
       cost_fact="cost"),
    _k("elevator_own", Reason.ELEVATOR, "既有住宅加装电梯（本人住房）", Method.COST, event_fact="invoice_date",
       cost_fact="cost", owner_relation="self"),
    _k("elevator_spouse", Reason.ELEVATOR, "既有住宅加装电梯（配偶住房）", Method.COST, event_fact="invoice_date",
       cost_fact="cost", owner_relation="spouse"),
    _k("elevator_parents", Reason.ELEVATOR, "既有住宅加装电梯（父母住房）", Method.COST, event_fact="invoice_date",
       cost_fact="cost", owner_relation="parent"),
    _k("elevator_children", Reason.ELEVATOR, "既有住宅加装电梯（子女住房）", Method.COST, event_fact="invoice_date",
       cost_fact="cost", owner_relation="child"),
    _k("intergen_parents", Reason.INTERGENERATIONAL, "代际互助：支持父母购房", Method.PURCHASE,
       event_fact="contract_date", owner_relation="parent"),
    _k("intergen_children", Reason.INTERGENERATIONAL, "代际互助：支持子女购房", Method.PURCHASE,
       event_fact="contract_date", owner_relation="child"),
    _k("sealed_leaver", Reason.SEALED_LEAVER, "离职封存期满（非本市户籍）", Method.CLOSE),
    _k("other", Reason.OTHER, "其他情形", Method.AMOUNT),
)}

RELATION_LABELS = {"self": "本人", "spouse": "配偶", "parent": "父母", "child": "子女"}


# --------------------------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class Fact:
    name: str
    label: str
    type: str  # money, date, text, int
    hint: str = ""


FACTS: dict[str, Fact] = {f.name: f for f in (
    Fact("property_address", "房屋坐落", "text", "与不动产权证或购房合同一致"),
    Fact("certificate_no", "不动产权证号", "text"),
    Fact("contract_no", "购房合同（网签备案）编号", "text"),
    Fact("contract_date", "合同签订日期", "date"),
    Fact("price", "房屋总价（元）", "money"),
    Fact("loan_amount", "购房贷款金额（元）", "money", "公积金贷款与商业贷款合计；无贷款填0"),
    Fact("down_payment", "已付首付款（元）", "money"),
    Fact("cost", "费用金额（元）", "money", "发票或结算单据上的金额（个人承担部分）"),
    Fact("invoice_date", "发票（结算）日期", "date"),
    Fact("owner_name", "房屋所有权人姓名", "text"),
    Fact("owner_id_number", "房屋所有权人证件号码", "text"),
    Fact("monthly_rent", "月租金（元）", "money"),
    Fact("lease_no", "租赁合同（备案）编号", "text"),
    Fact("lease_start", "租赁起始日期", "date"),
    Fact("children", "未成年子女人数", "int", "多子女家庭按政策上浮限额"),
    Fact("loan_contract_no", "借款合同编号", "text"),
    Fact("loan_bank", "贷款银行", "text"),
    Fact("loan_balance", "贷款本息余额（元）", "money", "以贷款银行出具的余额证明为准"),
    Fact("repaid_last_year", "近一年实际还款额（元）", "money", "以贷款银行出具的还款明细为准"),
    Fact("retire_date", "离退休日期", "date"),
    Fact("appraisal_no", "劳动能力鉴定结论书编号", "text"),
    Fact("emigrate_date", "出境定居（注销户籍）日期", "date"),
    Fact("death_date", "死亡日期", "date"),
    Fact("heir_name", "继承人（受遗赠人）姓名", "text"),
    Fact("heir_id_number", "继承人（受遗赠人）证件号码", "text"),
    Fact("notary_no", "公证书或法院文书编号", "text"),
    Fact("patient_name", "患者姓名", "text"),
    Fact("hospital", "就诊医院", "text"),
    Fact("other_basis", "提取依据（文件与情况说明）", "text"),
)}


# --------------------------------------------------------------------------------------------- states


class Status(StrEnum):
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    SENT = "sent"
    FAILED = "failed"
    PAID = "paid"
    AGREED = "agreed"
    STOPPED = "stopped"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    FRAUD = "fraud"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.SUBMITTED: "已受理，待复核", Status.REVIEWED: "已复核，待审批", Status.APPROVED: "已审批，待支付",
    Status.SENT: "已发送银行支付", Status.FAILED: "支付失败，待重发或撤销", Status.PAID: "已办结（已支付入账）",
    Status.AGREED: "对冲还贷协议生效", Status.STOPPED: "对冲还贷已终止", Status.REJECTED: "已驳回",
    Status.CANCELLED: "已撤销", Status.FRAUD: "认定骗提，已追回",
}

# The amount of these is reserved on the account (not yet posted): other withdrawals cannot use it.
RESERVING = frozenset({Status.SUBMITTED, Status.REVIEWED, Status.APPROVED, Status.SENT, Status.FAILED})
# These count against frequencies and caps (history of the member and of the family).
COUNTING = RESERVING | {Status.PAID, Status.AGREED}
# Decided within the legal time limit: the queue ages these.
UNDECIDED = frozenset({Status.SUBMITTED, Status.REVIEWED})


# Steps of an application as its page lists them (withdrawal_event.action).
ACTION_LABELS = {
    "apply": "受理", "review": "复核", "approve": "审批", "approve_one": "审批（一人同意）", "reject": "驳回",
    "cancel": "撤销", "send": "发送银行", "paid": "银行支付成功", "failed": "银行支付失败", "resend": "重新支付",
    "income": "纳入增值收益", "loan": "冲还公积金贷款", "agree": "对冲协议生效", "stop": "终止对冲",
    "fraud": "认定骗提", "residue": "销户提示",
}


def status_label(code: str) -> str:
    try:
        return Status(code).label
    except ValueError:
        return code


def kind_label(code: str) -> str:
    k = KINDS.get(code)
    return k.label if k else code
