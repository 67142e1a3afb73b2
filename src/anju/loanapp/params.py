"""Loan-origination policy parameters beyond the basic caps and ratios in ``loan.params``: how a second home is
recognised, how uplifts combine, the balance formula, loan-to-value for building, repair and old second-hand
homes, building age, rounding of the amount, and the repayment day."""

from __future__ import annotations

from anju.policy.catalogue import cross_check, param
from anju.policy.kinds import BOOL, DECIMAL, INT, MONEY, RATIO, choice

SECOND_HOME_RULES = {"home_and_loan": "认房又认贷", "home_only": "认房不认贷", "loan_only": "认贷不认房"}
BALANCE_FORMULAS = {"balance": "账户余额合计×倍数",
                    "balance_plus_future": "账户余额合计×倍数＋月缴存额×距退休月数"}

param("loan.second_home_rule", choice(*SECOND_HOME_RULES, labels=SECOND_HOME_RULES), "二套住房认定方式（认房又认贷、认房不认贷、认贷不认房）")
param("loan.max_home_order", INT, "最多支持家庭第几套住房贷款（2表示不支持第三套及以上）")
param("loan.cap_factor_second_home", DECIMAL, "二套住房贷款最高额度系数（相对首套）")
param("loan.uplifts_stack", BOOL, "多项额度上浮是否叠加（否则取最高一项）")
param("loan.multi_child_min_children", INT, "额度上浮所称多子女家庭的最少未成年子女数")
param("loan.balance_formula", choice(*BALANCE_FORMULAS, labels=BALANCE_FORMULAS), "按账户余额计算额度的公式")
param("loan.max_ltv_build", RATIO, "建造、翻建、大修自住住房最高贷款比例（占工程造价）")
param("loan.used_old_age", INT, "二手房房龄超过此年数时适用较低贷款成数")
param("loan.max_ltv_used_old", RATIO, "房龄较长二手住房最高贷款成数")
param("loan.building_age_plus_term_years", INT, "二手住房房龄与贷款期限之和上限（年）")
param("loan.amount_unit", MONEY, "可贷额度取整单位（向下取整）")
param("loan.min_amount", MONEY, "最低贷款金额")
param("loan.repayment_day_max", INT, "约定还款日最大为每月几日")


@cross_check
def _origination_bounds(v) -> list[str]:
    problems = []
    for key in ("loan.max_ltv_build", "loan.max_ltv_used_old"):
        value = v.get(key)
        if value is not None and not 0 < value <= 1:
            problems.append(f"{key}应在0%至100%之间")
    day = v.get("loan.repayment_day_max")
    if day is not None and not 1 <= day <= 31:
        problems.append("约定还款日最大值应在1至31之间")
    unit = v.get("loan.amount_unit")
    if unit is not None and unit <= 0:
        problems.append("可贷额度取整单位应大于0")
    order = v.get("loan.max_home_order")
    if order is not None and order < 1:
        problems.append("最多支持的住房套数应至少为1")
    return problems
