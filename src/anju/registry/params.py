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
from anju.registry.retirement import CATEGORIES, CATEGORY_LABELS, GROUP_LABELS, KEY

RETIREMENT = table(
    ("male_age", INT), ("female_cadre_age", INT), ("female_worker_age", INT),
    ("reform_from", DATE, False),
    ("male_target", INT, False), ("female_cadre_target", INT, False), ("female_worker_target", INT, False),
    ("male_step", INT, False), ("female_cadre_step", INT, False), ("female_worker_step", INT, False),
    ("female_default", choice(*CATEGORIES, labels=CATEGORY_LABELS)),
    labels={"male_age": "男职工原退休年龄", "female_cadre_age": "女干部原退休年龄", "female_worker_age": "女职工原退休年龄",
            "reform_from": "延迟退休起始日期", "male_target": "男职工目标退休年龄",
            "female_cadre_target": "女干部目标退休年龄", "female_worker_target": "女职工目标退休年龄",
            "male_step": "男职工每延迟1个月对应的出生月数", "female_cadre_step": "女干部每延迟1个月对应的出生月数",
            "female_worker_step": "女职工每延迟1个月对应的出生月数", "female_default": "未登记身份的女性适用"},
    value_labels=CATEGORY_LABELS,
)

param(KEY, RETIREMENT, "法定退休年龄（渐进式延迟退休）",
      note="全国人大常委会2024年9月13日决定：2025年1月1日起，男职工60→63周岁、女干部55→58周岁（每4个月延迟1个月），"
           "女职工50→55周岁（每2个月延迟1个月）；未登记干部或工人身份的女性按“未登记身份的女性适用”的类别")


@cross_check
def _retirement_table(values: Mapping[str, object]) -> list[str]:
    t = values.get(KEY)
    if not isinstance(t, Mapping):
        return []
    problems = []
    names = dict(RETIREMENT.labels)
    for group in ("male", "female_cadre", "female_worker"):
        age, target, step = t.get(f"{group}_age"), t.get(f"{group}_target"), t.get(f"{group}_step")
        who = GROUP_LABELS[group]
        if (target is None) != (step is None):
            problems.append(f"法定退休年龄表：{names[group + '_target']}与{names[group + '_step']}须同时设置")
        if target is not None and t.get("reform_from") is None:
            problems.append(f"法定退休年龄表：设置了{names[group + '_target']}，须同时设置{names['reform_from']}")
        if target is not None and age is not None and target < age:
            problems.append(f"法定退休年龄表：{who}目标退休年龄（{target}）不能小于原退休年龄（{age}）")
        if step is not None and step <= 0:
            problems.append(f"法定退休年龄表：{names[group + '_step']}须为正整数")
    return problems
