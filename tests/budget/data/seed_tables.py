"""Indicator tables transcribed from the seed self-evaluations, written as the Excel inputs of
`anju performance score --input`. Run ``python -m tests.budget.data.seed_tables`` to regenerate
seed003.xlsx and seed004.xlsx next to this file.

Seed 003 (怀化市住房保障服务中心 2024, 附件1-2) prints the whole table; it is copied row by row, with the
budget-execution line of its header block (年度资金总额: 全年预算数 1764.12, 全年执行数 1403.23, 分值 10, 执行率
79.54%, 得分 7.95) as the first row, scored by execution rate. Its merged 一级/二级 cells are left blank below
their first row, as in the printed table. The published total is 95.95.

Seed 004 (景德镇 2024 部门整体支出绩效评价报告) prints only the group table (权重 10/28/30/32, 分值 10/26/27.5/27.9,
total 91.4, “优”) and a narrative with each indicator's score; the table below is rebuilt from that narrative:
- targets and actuals as the narrative states them (产出目标 list and 绩效分析); the 增值收益 target is taken as
  ≥10000万元 from the analysis (the target list's “≥130000万元” cannot be right against an actual of 10419.89);
- weights inferred from the scores: full-score rows carry their score; 制度执行有效性 and 质量可控性 lost
  one point each (6 and 3); the 产出 rows are 5 each (six rows, 30); the 效果 rows are 4 each with 社会满意度 8
  (32); the 二级 names are ours (the report only counts them);
- the evaluator's scores where the convention would give another figure: 预算执行率 98.49% scored 2 of 2;
  制度执行有效性 5 of 6; 质量可控性 2 of 3; 贷款发放数 1.9 of 4 (the rule gives 3.14); 社会满意度 6 of 8 (rule 7.71);
- 个贷逾期率 (≤0.3‰, actual 0.329‰): the narrative says 2.5, but the six 产出 scores it gives (5, 2.5, 5, 5, 3, 5)
  add to 25.5 while the group table says 27.5 and the report's total 91.4 needs 27.5. A score of 4.5 (the
  rule gives 4.56) reconciles both and is used here, with the discrepancy written in the row's reason;
- 宣传工作及时性 “还有提升的空间” scored 3 of 5: entered as 及时 / 较及时, one grade below, which the default
  convention scores 0.6 × 5 = 3.
(The report's 得分率 for 部门效果, 88.75%, does not match 27.9 ÷ 32 = 87.19%; scoring prints 87.19%.)
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
HEADERS = ("一级指标", "二级指标", "三级指标", "目标值", "实际完成值", "分值", "得分", "计分方式", "评分理由",
           "偏差原因分析及改进措施")

# (一级, 二级, 三级, 目标值, 实际完成值, 分值, 得分, 计分方式, 评分理由)
SEED_003 = (
    ("预算执行", "年度资金总额", "预算执行率", "=100%", "79.54%", 10, None, "预算执行率", ""),
    ("成本指标（20分）", "经济成本指标", "基本支出成本控制", "≤870.34万元", "859.70万元", 10, None, "", ""),
    ("", "", "项目支出成本控制", "≤2680.1万元", "543.53万元", 10, None, "", ""),
    ("", "社会成本指标", "不适用", "", "", None, None, "", ""),
    ("", "生态环境成本指标", "不适用", "", "", None, None, "", ""),
    ("产出指标（40分）", "数量指标", "工作任务完成数量", "8个", "11个", 15, None, "", ""),
    ("", "质量指标", "各项工作达标完成", "100%", "100%", 15, None, "", ""),
    ("", "时效指标", "完成及时性", "2024年12月之前", "2024年12月之前", 10, None, "", ""),
    ("效益指标（20分）", "经济效益指标", "充分发挥资金效益", "效果明显", "效果良好", 5, None, "", ""),
    ("", "社会效益指标", "保障各项业务工作顺利开展", "效果明显", "效果明显", 5, None, "", ""),
    ("", "生态效益指标", "白蚁防治工作减少白蚁对生态环境的破坏", "效果明显", "效果明显", 5, None, "", ""),
    ("", "可持续影响指标", "建立有效的内部控制管理制度，提本增效", "效果明显", "效果明显", 5, None, "", ""),
    ("满意度指标（10分）", "服务对象满意度指标", "受益群众及职工满意度", "90%", 0.95, 10, None, "", ""),
)
SEED_003_SCORES = ("7.95", "10", "10", "", "", "15", "15", "10", "3", "5", "5", "5", "10")
SEED_003_TOTAL = "95.95"

SEED_004 = (
    ("投入指标", "项目立项", "部门立项合规性", "合规", "合规", 3, None, "", ""),
    ("投入指标", "项目立项", "绩效目标合理性", "合理", "合理", 3, None, "", ""),
    ("投入指标", "资金投入", "预算编制合理性", "合理", "合理", 2, None, "", ""),
    ("投入指标", "资金投入", "预算执行率", "=100%", "98.49%", 2, 2, "", "评价组按评分标准给满分（报告正文：该项指标得分为2分）"),
    ("过程指标", "业务管理", "管理制度健全性", "健全", "健全", 4, None, "", ""),
    ("过程指标", "业务管理", "制度执行有效性", "有效", "较有效", 6, 5, "", "信息化服务能力、业务网办深度有待提高，扣除1分"),
    ("过程指标", "业务管理", "质量可控性", "可控", "较可控", 3, 2, "", "个贷逾期率高于省内平均水平，扣除1分"),
    ("过程指标", "财务管理", "财务管理制度健全性", "健全", "健全", 4, None, "", ""),
    ("过程指标", "财务管理", "资金使用合规性", "合规", "合规", 5, None, "", ""),
    ("过程指标", "财务管理", "财务监控有效性", "有效", "有效", 3, None, "", ""),
    ("过程指标", "财务管理", "成本控制有效性", "有效", "有效", 3, None, "", ""),
    ("部门产出", "数量指标", "住房公积金缴存单位新增数", "≥300个", "314个", 5, None, "", ""),
    ("部门产出", "数量指标", "住房公积金缴存职工数", "≥135000人", "151327人", 5, None, "", ""),
    ("部门产出", "质量指标", "住房公积金个人贷款逾期率", "≤0.3‰", "0.329‰", 5, 4.5, "",
     "报告正文写2.5分，但产出指标合计27.5分须为4.5分（规则得分4.56），取4.5"),
    ("部门产出", "质量指标", "住房公积金增值收益", "≥10000万元", "10419.89万元", 5, None, "", ""),
    ("部门产出", "质量指标", "参缴职工覆盖率", "≥60%", "61.7%", 5, None, "", ""),
    ("部门产出", "时效指标", "住房公积金缴存宣传工作及时性", "及时", "较及时", 5, None, "", ""),
    ("部门效果", "经济效益", "公积金归集数", "≥210000万元", "252827.64万元", 4, None, "", ""),
    ("部门效果", "经济效益", "公积金提取数", "≥130000万元", "185101.45万元", 4, None, "", ""),
    ("部门效果", "经济效益", "公积金贷款发放数", "≥100000万元", "78531.4万元", 4, 1.9, "",
     "受房地产市场波动影响，贷款发放数低于目标，评价组评1.9分"),
    ("部门效果", "社会效益", "维权追缴的投诉处理率", "=100%", "100%", 4, None, "", ""),
    ("部门效果", "社会效益", "社会满意度", "≥90%", "86.74%", 8, 6, "", "问卷满意度86.74%，评价组评6分"),
    ("部门效果", "可持续影响", "信息化建设", "完善", "完善", 4, None, "", ""),
    ("部门效果", "可持续影响", "长效管理机制", "完善", "完善", 4, None, "", ""),
)
SEED_004_GROUPS = (("投入指标", "10", "10"), ("过程指标", "28", "26"), ("部门产出", "30", "27.5"),
                   ("部门效果", "32", "27.9"))
SEED_004_TOTAL = "91.4"


def write(rows, path: Path, *, title: str, equals_as_formula: bool = False) -> Path:
    """One sheet as a centre would fill it. A target typed "=100%" in Excel becomes a formula; seed 003's
    file keeps it that way (``equals_as_formula``), seed 004's holds it as text, as pasted from Word."""
    from openpyxl import Workbook

    from anju.budget.workbook import put_text

    wb = Workbook()
    ws = wb.active
    ws.title = "绩效指标"
    ws.cell(1, 1, title)
    for c, h in enumerate(HEADERS, start=1):
        ws.cell(2, c, h)
    for r, row in enumerate(rows, start=3):
        level1, level2, level3, target, actual, weight, score, method, reason = row
        for c, value in enumerate((level1, level2, level3, target, actual, weight, score, method, reason, ""),
                                  start=1):
            cell = ws.cell(r, c)
            if isinstance(value, str) and not equals_as_formula:
                put_text(cell, value or None)
            else:
                cell.value = value if value != "" else None
            if isinstance(value, float) and c == 5:
                cell.number_format = "0%"  # a percentage typed as a number, as Excel keeps it
    ws.cell(3 + len(rows), 1, "总分")
    wb.save(path)
    return path


def write_all(directory: Path = HERE) -> tuple[Path, Path]:
    return (write(SEED_003, directory / "seed003.xlsx", title="怀化市住房保障服务中心2024年度部门整体支出绩效自评表",
                  equals_as_formula=True),
            write(SEED_004, directory / "seed004.xlsx", title="景德镇市住房公积金管理中心2024年部门整体支出绩效评价（据报告正文重建）"))


if __name__ == "__main__":
    for p in write_all():
        print(p)
