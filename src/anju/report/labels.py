"""Chinese labels of the statistics and annual-report area's codes."""

from __future__ import annotations

from anju.report.permissions import P

LABELS = {
    "permission": {P.READ: "查看统计和年度报告", P.WRITE: "编辑年度报告", P.EXPORT: "导出统计数据"},
    "audit_action": {"report.text": "修改年度报告文字", "report.target": "设置指标目标值",
                     "report.export_jgj": "导出标准数据"},
    "entity": {"report_text": "年度报告文字", "report_target": "指标目标值", "export": "数据导出"},
}
