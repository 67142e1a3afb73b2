"""The budget area's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class BudgetError(StrEnum):
    PERF_HEADER_NOT_FOUND = "budget.perf_header_not_found"
    PERF_COLUMN_MISSING = "budget.perf_column_missing"
    PERF_FORMULA_NO_VALUE = "budget.perf_formula_no_value"
    PERF_CELL_INVALID = "budget.perf_cell_invalid"
    PERF_SCORING_INVALID = "budget.perf_scoring_invalid"
    PERF_SOURCE_INVALID = "budget.perf_source_invalid"
    PERF_FUND_CODE_UNKNOWN = "budget.perf_fund_code_unknown"
    PERF_LEVEL1_MISSING = "budget.perf_level1_missing"
    PERF_LEVEL3_MISSING = "budget.perf_level3_missing"
    PERF_NAME_TOO_LONG = "budget.perf_name_too_long"
    PERF_FORMULA_NO_TEXT = "budget.perf_formula_no_text"
    PERF_NO_ROWS = "budget.perf_no_rows"
    RULE_DECIMALS = "budget.rule_decimals"
    RULE_GRADE_START = "budget.rule_grade_start"
    RULE_GRADE_ORDER = "budget.rule_grade_order"
    RULE_LEVELS_COVER = "budget.rule_levels_cover"
    RULE_PLAIN_TARGET = "budget.rule_plain_target"
    RULE_JSON = "budget.rule_json"
    RULE_NOT_OBJECT = "budget.rule_not_object"
    RULE_KEY_UNKNOWN = "budget.rule_key_unknown"
    RULE_VALUE = "budget.rule_value"
    SCORE_WEIGHT_MISSING = "budget.score_weight_missing"
    SCORE_WEIGHT_NEGATIVE = "budget.score_weight_negative"
    SCORE_ACTUAL_REQUIRED = "budget.score_actual_required"
    SCORE_ABOVE_WEIGHT = "budget.score_above_weight"
    SCORE_NEGATIVE = "budget.score_negative"
    SCORE_OVERRIDE_REASON = "budget.score_override_reason"
    SCORE_GROUP_SUM = "budget.score_group_sum"
    SCORE_TOTAL_SUM = "budget.score_total_sum"
    YEAR_RANGE = "budget.year_range"
    SUBJECT_CODE_SHAPE = "budget.subject_code_shape"
    SUBJECT_NAME = "budget.subject_name"
    SUBJECT_PARENT_UNKNOWN = "budget.subject_parent_unknown"
    SUBJECT_IN_USE = "budget.subject_in_use"
    FUNCTION_SUBJECT_UNKNOWN = "budget.function_subject_unknown"
    ECONOMIC_SUBJECT_UNKNOWN = "budget.economic_subject_unknown"
    DEPARTMENT_NAME_MISSING = "budget.department_name_missing"
    WORKBOOK_UNREADABLE = "budget.workbook_unreadable"
    SHEET_TOO_MANY_ROWS = "budget.sheet_too_many_rows"
    SHEET_TOO_MANY_COLUMNS = "budget.sheet_too_many_columns"
    TEXT_KEY_UNKNOWN = "budget.text_key_unknown"
    FUND_VALUE_INVALID = "budget.fund_value_invalid"
    FUND_CODE_UNKNOWN = "budget.fund_code_unknown"
    FUND_TEXT_TOO_LONG = "budget.fund_text_too_long"
    PERF_VALUE_NOT_NUMBER = "budget.perf_value_not_number"
    PERF_VALUE_INVALID = "budget.perf_value_invalid"
    PERF_TARGET_REQUIRED = "budget.perf_target_required"
    PERF_TEXT_TOO_LONG = "budget.perf_text_too_long"
    PERF_REASON_REQUIRED = "budget.perf_reason_required"
    TEXT_KEY_NOT_FOUND = "budget.text_key_not_found"
    TEXT_TOO_LONG = "budget.text_too_long"
    FILE_REQUIRED = "budget.file_required"
    FILE_EMPTY = "budget.file_empty"
    YEAR_REQUIRED = "budget.year_required"
    YEAR_OUT_OF_RANGE = "budget.year_out_of_range"
    WB_FORMULA_NO_VALUE = "budget.wb_formula_no_value"
    WB_NOT_NUMBER = "budget.wb_not_number"
    WB_TEXT_NOT_NUMBER = "budget.wb_text_not_number"
    WB_AMOUNT_MISSING = "budget.wb_amount_missing"
    WB_AMOUNT_NEGATIVE = "budget.wb_amount_negative"
    WB_COUNT_INVALID = "budget.wb_count_invalid"
    WB_FLAG_INVALID = "budget.wb_flag_invalid"
    WB_SHEET_MISSING = "budget.wb_sheet_missing"
    WB_COLUMN_MISSING = "budget.wb_column_missing"
    WB_FUNC_MISSING = "budget.wb_func_missing"
    WB_FUNC_SHAPE = "budget.wb_func_shape"
    WB_CHOICE = "budget.wb_choice"
    WB_PROJECT_REQUIRED = "budget.wb_project_required"
    WB_PROJECT_NOT_ALLOWED = "budget.wb_project_not_allowed"
    WB_PROJECT_TOO_LONG = "budget.wb_project_too_long"
    WB_ROW_TWICE = "budget.wb_row_twice"
    WB_ITEM_UNKNOWN = "budget.wb_item_unknown"
    WB_ITEM_TWICE = "budget.wb_item_twice"
    WB_CELL_NOT_APPLICABLE = "budget.wb_cell_not_applicable"
    WB_ITEM_MISSING = "budget.wb_item_missing"
    WB_DEPARTMENT_TOO_LONG = "budget.wb_department_too_long"
    WB_FULL_NOT_SUM = "budget.wb_full_not_sum"
    WB_FULL_NEGATIVE = "budget.wb_full_negative"
    WB_ECON_MISSING = "budget.wb_econ_missing"
    WB_ECON_SHAPE = "budget.wb_econ_shape"


MESSAGES: dict[BudgetError, str] = {
    BudgetError.PERF_HEADER_NOT_FOUND: "找不到指标表的表头（须有“一级指标、二级指标、三级指标、目标值、实际完成值、分值”列）",
    BudgetError.PERF_COLUMN_MISSING: "缺少此列",
    BudgetError.PERF_FORMULA_NO_VALUE: "公式“{formula}”没有计算结果，请改填数值",
    BudgetError.PERF_CELL_INVALID: "{name}{exc}",
    BudgetError.PERF_SCORING_INVALID: "计分方式应为“按目标值”“预算执行率”或“人工评分”：{text}",
    BudgetError.PERF_SOURCE_INVALID: "数据来源应为“人工填报”“预算执行”或“业务指标”：{text}",
    BudgetError.PERF_FUND_CODE_UNKNOWN: "业务指标代码“{code}”未知，可用：{known}",
    BudgetError.PERF_LEVEL1_MISSING: "缺少一级指标",
    BudgetError.PERF_LEVEL3_MISSING: "缺少三级指标",
    BudgetError.PERF_NAME_TOO_LONG: "指标名称过长（一级、二级不超过60字，三级不超过200字）",
    BudgetError.PERF_FORMULA_NO_TEXT: "公式“{formula}”没有计算结果，请改填数值或文字",
    BudgetError.PERF_NO_ROWS: "指标表没有任何指标行",
    BudgetError.RULE_DECIMALS: "小数位数应在0到4之间",
    BudgetError.RULE_GRADE_START: "定性等级得分比例须以1开头且在0到1之间",
    BudgetError.RULE_GRADE_ORDER: "定性等级得分比例须逐级递减",
    BudgetError.RULE_LEVELS_COVER: "评价等级须覆盖0分以上的全部分数",
    BudgetError.RULE_PLAIN_TARGET: "无运算符的目标值只能按≥、≤或=理解",
    BudgetError.RULE_JSON: "JSON格式不正确：第{lineno}行第{colno}列，{msg}",
    BudgetError.RULE_NOT_OBJECT: "评分规则应为JSON对象（{{…}}）",
    BudgetError.RULE_KEY_UNKNOWN: "未知的规则项：{key}（可用：{known}）",
    BudgetError.RULE_VALUE: "规则取值有误：{reason}",
    BudgetError.SCORE_WEIGHT_MISSING: "缺少分值",
    BudgetError.SCORE_WEIGHT_NEGATIVE: "分值不能为负数",
    BudgetError.SCORE_ACTUAL_REQUIRED: "{value}：{note}，请填写实际完成值或得分",
    BudgetError.SCORE_ABOVE_WEIGHT: "得分{score}超过分值{weight}",
    BudgetError.SCORE_NEGATIVE: "得分不能为负数",
    BudgetError.SCORE_OVERRIDE_REASON: "{level3}：评价人评分{score}与规则得分{computed}不同，未注明理由",
    BudgetError.SCORE_GROUP_SUM: "一级指标“{g_name}”标明{plain}分，各行分值合计{plain2}分",
    BudgetError.SCORE_TOTAL_SUM: "分值合计{plain}，不等于{plain2}",
    BudgetError.YEAR_RANGE: "年度应在{start}至{last}之间：{year}",
    BudgetError.SUBJECT_CODE_SHAPE: "{kind_label}科目编码应为{shape}：{code}",
    BudgetError.SUBJECT_NAME: "科目名称不能为空且不超过100字",
    BudgetError.SUBJECT_PARENT_UNKNOWN: "上级科目{parent}不存在，请先添加",
    BudgetError.SUBJECT_IN_USE: "{kind_label}科目{code}已被{used}行数据、{children}个下级科目使用，不能删除",
    BudgetError.FUNCTION_SUBJECT_UNKNOWN: "功能分类科目{code}不在科目代码表中",
    BudgetError.ECONOMIC_SUBJECT_UNKNOWN: "经济分类科目{code}不在科目代码表中",
    BudgetError.DEPARTMENT_NAME_MISSING: "缺少部门名称",
    BudgetError.WORKBOOK_UNREADABLE: "无法读取Excel文件{source}：{exc}",
    BudgetError.SHEET_TOO_MANY_ROWS: "工作表“{title}”超过行数上限{max_rows}行（末行为第{max_row}行），文件未读取（末尾如有空白行请删除）",
    BudgetError.SHEET_TOO_MANY_COLUMNS: "工作表“{title}”超过列数上限{max_columns}列，文件未读取（请删除多余的列）",
    BudgetError.TEXT_KEY_UNKNOWN: "未知的文字说明项：{key}（anju budget text-keys 列出全部）",
    BudgetError.FUND_VALUE_INVALID: "{name}应为不超过六位小数的非负数：{value}",
    BudgetError.FUND_CODE_UNKNOWN: "未知的业务指标代码：{fund_code}",
    BudgetError.FUND_TEXT_TOO_LONG: "目标值和实际完成值不超过100字",
    BudgetError.PERF_VALUE_NOT_NUMBER: "{label}不是数值：{value}",
    BudgetError.PERF_VALUE_INVALID: "{label}应为不超过六位小数的非负数",
    BudgetError.PERF_TARGET_REQUIRED: "目标值不能为空（不适用的指标请写“不适用”）",
    BudgetError.PERF_TEXT_TOO_LONG: "{label}不超过100字",
    BudgetError.PERF_REASON_REQUIRED: "评价人评分须注明理由（--reason）",
    BudgetError.TEXT_KEY_NOT_FOUND: "未知的文字说明项：{k}",
    BudgetError.TEXT_TOO_LONG: "内容不超过20000字",
    BudgetError.FILE_REQUIRED: "请选择要导入的Excel文件（.xlsx）",
    BudgetError.FILE_EMPTY: "文件是空的",
    BudgetError.YEAR_REQUIRED: "请填写年度，如2025",
    BudgetError.YEAR_OUT_OF_RANGE: "年度应在{start}至{last}之间",
    BudgetError.WB_FORMULA_NO_VALUE: "公式“{formula}”没有计算结果：请在Excel中打开并保存后再导入，或改填数值",
    BudgetError.WB_NOT_NUMBER: "{what}不是数值",
    BudgetError.WB_TEXT_NOT_NUMBER: "{what}“{value}”不是数值",
    BudgetError.WB_AMOUNT_MISSING: "缺少金额",
    BudgetError.WB_AMOUNT_NEGATIVE: "金额不能为负数：{number}",
    BudgetError.WB_COUNT_INVALID: "数量应为非负整数：{value}",
    BudgetError.WB_FLAG_INVALID: "应填“是”或“否”：{text}",
    BudgetError.WB_SHEET_MISSING: "缺少工作表“{sheet}”（请使用 anju budget template 生成的模板）",
    BudgetError.WB_COLUMN_MISSING: "缺少此列",
    BudgetError.WB_FUNC_MISSING: "缺少功能分类科目编码",
    BudgetError.WB_FUNC_SHAPE: "应填写7位“项”级功能分类科目编码：{code}",
    BudgetError.WB_CHOICE: "应为{allowed}之一：{text}",
    BudgetError.WB_PROJECT_REQUIRED: "项目支出须填写项目名称",
    BudgetError.WB_PROJECT_NOT_ALLOWED: "{kind}不填项目名称（项目支出才填）",
    BudgetError.WB_PROJECT_TOO_LONG: "项目名称不超过100字",
    BudgetError.WB_ROW_TWICE: "{what}与第{first}行重复",
    BudgetError.WB_ITEM_UNKNOWN: "无法识别的项目“{label}”",
    BudgetError.WB_ITEM_TWICE: "项目“{label}”与第{first}行重复",
    BudgetError.WB_CELL_NOT_APPLICABLE: "此格不适用，请留空",
    BudgetError.WB_ITEM_MISSING: "缺少“{label}”行",
    BudgetError.WB_DEPARTMENT_TOO_LONG: "部门名称不超过100字",
    BudgetError.WB_FULL_NOT_SUM: "全年预算数应等于年初预算数加预算调整数",
    BudgetError.WB_FULL_NEGATIVE: "调减后全年预算数为负数",
    BudgetError.WB_ECON_MISSING: "缺少经济分类科目编码",
    BudgetError.WB_ECON_SHAPE: "应填写5位“款”级经济分类科目编码：{econ}",
}
