"""Loan policy parameters: rates, caps, multiples, loan-to-value, terms, eligibility."""

from __future__ import annotations

from anju.policy.catalogue import cross_check, param
from anju.policy.kinds import BOOL, DECIMAL, INT, MONEY, RATIO, TEXT

param("loan.rate_first_le5y", RATIO, "首套住房贷款年利率（五年以下含五年）", jgj="ZXLL")
param("loan.rate_first_gt5y", RATIO, "首套住房贷款年利率（五年以上）", jgj="ZXLL")
param("loan.rate_second_le5y", RATIO, "二套住房贷款年利率（五年以下含五年）", jgj="ZXLL")
param("loan.rate_second_gt5y", RATIO, "二套住房贷款年利率（五年以上）", jgj="ZXLL")
param("loan.max_amount_single", MONEY, "贷款最高额度（单人缴存）", jgj="GRZFDKZGED")
param("loan.max_amount_family", MONEY, "贷款最高额度（夫妻双方缴存）", jgj="GRZFDKZGED")
param("loan.uplift_multi_child", DECIMAL, "多子女家庭额度上浮倍数")
param("loan.uplift_talent", DECIMAL, "高层次人才额度上浮倍数")
param("loan.balance_multiple", DECIMAL, "按账户余额计算额度的倍数（借款人及共同借款人余额合计×倍数）")
param("loan.repayment_income_share", RATIO, "月还款额占家庭月收入的最高比例")
param("loan.max_ltv_first_new", RATIO, "首套新建商品住房最高贷款成数", jgj="GRZFDKZGDKBL")
param("loan.max_ltv_first_used", RATIO, "首套二手住房最高贷款成数", jgj="GRZFDKZGDKBL")
param("loan.max_ltv_second", RATIO, "二套住房最高贷款成数", jgj="GRZFDKZGDKBL")
param("loan.max_term_months", INT, "最长贷款期限（月）", jgj="GRZFDKZCNX")
param("loan.maturity_age_over_retirement", INT, "贷款到期日不晚于借款人法定退休日期（按法定退休年龄表）后若干年")
param("loan.min_contribution_months", INT, "申请贷款须连续正常缴存的月数")
param("loan.min_contribution_months_flexible", INT, "灵活就业人员申请贷款须连续缴存的月数")
param("loan.fraud_ban_years", INT, "骗贷后禁止申请贷款的年数")
param("loan.penalty_surcharge", RATIO, "逾期罚息在合同利率基础上的加收比例")


@cross_check
def _loan_bounds(v) -> list[str]:
    problems = []
    term = v.get("loan.max_term_months")
    if term is not None and not 12 <= term <= 360:
        problems.append("最长贷款期限应在12至360个月之间")
    for key in ("loan.max_ltv_first_new", "loan.max_ltv_first_used", "loan.max_ltv_second",
                "loan.repayment_income_share"):
        value = v.get(key)
        if value is not None and not 0 < value <= 1:
            problems.append(f"{key}应在0%至100%之间")
    single, family = v.get("loan.max_amount_single"), v.get("loan.max_amount_family")
    if single is not None and family is not None and single > family:
        problems.append("单人缴存的最高额度不应高于夫妻双方缴存的最高额度")
    return problems


# ------------------------------------------------------------------------------------- servicing (贷后)

param("loan.first_period_actual_days", BOOL, "首期利息按放款日至首期还款日的实际天数计算")
param("loan.day_basis", INT, "计息天数基数（360或365），用于首期实际天数利息和逾期罚息")
param("loan.repayment_order", TEXT, "逾期后还款的冲抵顺序（penalty罚息、interest逾期利息、principal逾期本金，逗号分隔）")
param("loan.risk_special_days", INT, "逾期达到此天数划为关注类")
param("loan.risk_substandard_days", INT, "逾期达到此天数划为次级类")
param("loan.risk_doubtful_days", INT, "逾期达到此天数划为可疑类")
param("loan.risk_loss_days", INT, "逾期达到此天数划为损失类")
param("loan.prepay_min_amount", MONEY, "部分提前还款的最低金额")
param("loan.prepay_max_per_year", INT, "每年部分提前还款的最多次数")

REPAYMENT_PARTS = ("penalty", "interest", "principal")


@cross_check
def _servicing_bounds(v) -> list[str]:
    problems = []
    order = v.get("loan.repayment_order")
    if order is not None and sorted(p.strip() for p in str(order).split(",")) != sorted(REPAYMENT_PARTS):
        problems.append("逾期还款冲抵顺序应为penalty、interest、principal三项各一次，以逗号分隔")
    basis = v.get("loan.day_basis")
    if basis is not None and basis not in (360, 365):
        problems.append("贷款计息天数基数应为360或365")
    days = [v.get(f"loan.risk_{k}_days") for k in ("special", "substandard", "doubtful", "loss")]
    if all(d is not None for d in days) and not (0 < days[0] < days[1] < days[2] < days[3]):
        problems.append("风险分类的逾期天数阈值应依次递增（关注<次级<可疑<损失）")
    return problems
