"""Contribution policy parameters (JGJ/T 320 4.0.4 policy information)."""

from __future__ import annotations

from anju.policy.catalogue import cross_check, param
from anju.policy.kinds import MONEY, RATIO, choice

param("deposit.employer_ratio_min", RATIO, "单位缴存比例下限", jgj="DWJCBLXX")
param("deposit.employer_ratio_max", RATIO, "单位缴存比例上限", jgj="DWJCBLSX")
param("deposit.member_ratio_min", RATIO, "个人缴存比例下限", jgj="GRJCBLXX")
param("deposit.member_ratio_max", RATIO, "个人缴存比例上限", jgj="GRJCBLSX")
param("deposit.base_floor", MONEY, "月缴存基数下限（当地最低工资标准）")
param("deposit.base_cap", MONEY, "月缴存基数上限（上年度职工月平均工资的3倍）")
param("deposit.rounding_mode", choice("half_up", "half_even", "down", "up", labels={"half_up": "四舍五入", "half_even": "银行家舍入", "down": "舍去", "up": "进位"}), "月缴存额舍入方式")
param("deposit.rounding_unit", choice("fen", "jiao", "yuan", labels={"fen": "分", "jiao": "角", "yuan": "元"}), "月缴存额舍入单位")
param("deposit.reduced_ratio_min", RATIO, "经批准降低缴存比例后单位和个人比例的最低值")
param("deposit.flexible_ratio_min", RATIO, "灵活就业人员缴存比例下限（单位和个人合计）")
param("deposit.flexible_ratio_max", RATIO, "灵活就业人员缴存比例上限（单位和个人合计）")
param("deposit.confirm_second_above", MONEY, "到账确认金额超过此数时须由另一人复核确认（双人盲录）")

LEGAL_MIN, LEGAL_MAX = RATIO.parse("5%"), RATIO.parse("12%")


@cross_check
def _ratio_windows(v) -> list[str]:
    problems = []
    for side, label in (("employer", "单位"), ("member", "个人")):
        lo, hi = v.get(f"deposit.{side}_ratio_min"), v.get(f"deposit.{side}_ratio_max")
        if lo is None or hi is None:
            continue
        if lo > hi:
            problems.append(f"{label}缴存比例下限大于上限")
        if lo < LEGAL_MIN or hi > LEGAL_MAX:
            problems.append(f"{label}缴存比例须在5%至12%之间（《住房公积金管理条例》第十八条）")
    floor, cap = v.get("deposit.base_floor"), v.get("deposit.base_cap")
    if floor is not None and cap is not None and floor >= cap:
        problems.append("缴存基数下限应小于上限")
    flo, fhi = v.get("deposit.flexible_ratio_min"), v.get("deposit.flexible_ratio_max")
    if flo is not None and fhi is not None and flo > fhi:
        problems.append("灵活就业人员缴存比例下限大于上限")
    return problems
