"""Registry policy: the statutory retirement table every area reads through ``anju.registry.retirement``.

    [policy.registry.retirement]          # inside a [[policy]] block (effective 2025-01-01 for the 2024 reform)
    male_age = 60                          # original ages
    female_cadre_age = 55
    female_worker_age = 50
    reform_from = 2025-01-01               # the first month whose original retirements are delayed
    male_target = 63                       # ages once fully phased in
    female_cadre_target = 58
    female_worker_target = 55
    male_step = 4                          # months of birth per month of delay
    female_cadre_step = 4
    female_worker_step = 2
    female_default = "cadre"               # a woman whose category (干部/工人) is not recorded (loan term)

A table is replaced as a whole at each effective date (restate all its fields).
"""

from __future__ import annotations

from collections.abc import Mapping

from anju.policy.catalogue import cross_check, param
from anju.policy.kinds import DATE, INT, choice, table
from anju.registry.retirement import CATEGORIES, KEY

RETIREMENT = table(
    ("male_age", INT), ("female_cadre_age", INT), ("female_worker_age", INT),
    ("reform_from", DATE, False),
    ("male_target", INT, False), ("female_cadre_target", INT, False), ("female_worker_target", INT, False),
    ("male_step", INT, False), ("female_cadre_step", INT, False), ("female_worker_step", INT, False),
    ("female_default", choice(*CATEGORIES)),
)

param(KEY, RETIREMENT, "法定退休年龄（渐进式延迟退休）",
      note="全国人大常委会2024年9月13日决定：2025年1月1日起，男职工60→63周岁、女干部55→58周岁（每4个月延迟1个月），"
           "女职工50→55周岁（每2个月延迟1个月）；female_default为未登记身份的女性适用的类别")


@cross_check
def _retirement_table(values: Mapping[str, object]) -> list[str]:
    t = values.get(KEY)
    if not isinstance(t, Mapping):
        return []
    problems = []
    for group in ("male", "female_cadre", "female_worker"):
        age, target, step = t.get(f"{group}_age"), t.get(f"{group}_target"), t.get(f"{group}_step")
        if (target is None) != (step is None):
            problems.append(f"{KEY}：{group}_target与{group}_step须同时设置")
        if target is not None and t.get("reform_from") is None:
            problems.append(f"{KEY}：设置了{group}_target，须同时设置reform_from（改革起始日期）")
        if target is not None and age is not None and target < age:
            problems.append(f"{KEY}：{group}_target（{target}）不能小于{group}_age（{age}）")
        if step is not None and step <= 0:
            problems.append(f"{KEY}：{group}_step须为正整数")
    return problems
