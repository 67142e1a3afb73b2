"""Loan policy parameters: rates, caps, multiples, loan-to-value, terms, eligibility."""

from __future__ import annotations

from anju.policy.catalogue import cross_check, param
from anju.policy.kinds import DECIMAL, INT, MONEY, RATIO

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
param("loan.retirement_age_male", INT, "男性法定退休年龄")
param("loan.retirement_age_female", INT, "女性法定退休年龄")
param("loan.maturity_age_over_retirement", INT, "贷款到期时借款人年龄不超过退休年龄加若干年")
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

from anju.loan import params_apply as _origination  # noqa: E402,F401  (origination parameters)
