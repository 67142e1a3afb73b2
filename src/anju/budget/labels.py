"""Chinese labels of the budget area's codes (预算执行与绩效自评)."""

from __future__ import annotations

from anju.budget.codes import STANDARD_ECONOMIC, STANDARD_FUNCTIONAL
from anju.budget.narrative import TEXTS, text_label

# a staff text is audited as "budget_text <year>:<key>"; its key read as the text's title
_TEXT_KEYS = [*TEXTS, *(f"reason.econ.{c.code}" for c in STANDARD_ECONOMIC if len(c.code) == 3),
              *(f"reason.fiscal.{c.code}" for c in STANDARD_FUNCTIONAL if len(c.code) == 3)]

LABELS = {
    "permission": {"budget.manage": "维护预算和绩效数据", "budget.read": "查看预算和绩效"},
    "audit_action": {"budget.indicator_update": "修改绩效指标", "budget.indicators_replace": "导入绩效指标表",
                     "budget.year_import": "导入年度预算数据", "budget.year_replace": "重新导入年度预算数据（整体替换）",
                     "budget.rules_set": "设置绩效评分规则", "budget.text_set": "修改预算文字说明",
                     "budget.code_set": "新增或修改预算科目", "budget.code_remove": "删除预算科目"},
    "entity": {"budget_indicator": "绩效指标", "budget_indicators": "绩效指标表", "budget_rules": "评分规则",
               "budget_text": "文字说明", "budget_year": "年度预算数据", "budget_functional_code": "功能分类科目",
               "budget_economic_code": "经济分类科目"},
    "field": {"bands": "评价等级", "bare_number": "无运算符的目标值", "rules": "评分规则", "score_places": "小数位数",
              "step_fractions": "定性等级得分比例"},
    "object_key": {f"budget_text:{key}": text_label(key) for key in _TEXT_KEYS},
}
