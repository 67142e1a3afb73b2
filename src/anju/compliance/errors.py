"""The compliance area's error codes and their Chinese messages."""

from enum import StrEnum


class ComplianceError(StrEnum):
    UNKNOWN_RULE = "compliance.unknown_rule"
    HIT_NOT_FOUND = "compliance.hit_not_found"
    DISPOSITION_UNKNOWN = "compliance.disposition_unknown"
    NOTE_REQUIRED = "compliance.note_required"
    LIST_EMPTY = "compliance.list_empty"
    LIST_ROW = "compliance.list_row"
    CENTRE_REQUIRED = "compliance.centre_required"
    CASE_STAGE = "compliance.case_stage"
    AMOUNT_INVALID = "compliance.amount_invalid"
    EMPLOYER_NOT_FOUND = "compliance.employer_not_found"
    NOT_OWING = "compliance.not_owing"
    DEMAND_TOO_EARLY = "compliance.demand_too_early"
    NOT_SERVED = "compliance.not_served"
    COMPLAINT_FIELD = "compliance.complaint_field"
    SATISFACTION_UNKNOWN = "compliance.satisfaction_unknown"
    NOT_DORMANT = "compliance.not_dormant"
    BATCH_EMPTY = "compliance.batch_empty"
    MERGE_TARGET = "compliance.merge_target"
    FORMAT_UNKNOWN = "compliance.format_unknown"
    SV_MISSING = "compliance.sv_missing"
    SV_RULE = "compliance.sv_rule"
    SV_DUPLICATE = "compliance.sv_duplicate"


MESSAGES: dict[ComplianceError, str] = {
    ComplianceError.UNKNOWN_RULE: "没有代码为{code}的稽查规则",
    ComplianceError.HIT_NOT_FOUND: "没有编号为{no}的疑点",
    ComplianceError.DISPOSITION_UNKNOWN: "核查结论须为核实无误、排除或认定骗提骗贷",
    ComplianceError.NOTE_REQUIRED: "请填写核查说明",
    ComplianceError.LIST_EMPTY: "名单中没有数据行",
    ComplianceError.LIST_ROW: "{what}不正确",
    ComplianceError.CENTRE_REQUIRED: "请填写名单来源的公积金中心",
    ComplianceError.CASE_STAGE: "案件{no}当前为“{stage}”，不能{doing}",
    ComplianceError.AMOUNT_INVALID: "金额须大于零",
    ComplianceError.EMPLOYER_NOT_FOUND: "没有单位账号为{no}的单位",
    ComplianceError.NOT_OWING: "单位{name}截至{day}没有欠缴，不能立案",
    ComplianceError.DEMAND_TOO_EARLY: "催告书送达满{days}日后（{day}起）方可申请人民法院强制执行",
    ComplianceError.NOT_SERVED: "上一份文书尚未登记送达，不能进入下一步",
    ComplianceError.COMPLAINT_FIELD: "请填写{what}",
    ComplianceError.SATISFACTION_UNKNOWN: "满意度须为满意、基本满意或不满意",
    ComplianceError.NOT_DORMANT: "账户{no}不是睡眠户（{why}）",
    ComplianceError.BATCH_EMPTY: "批次中没有账户",
    ComplianceError.MERGE_TARGET: "账户{no}没有可合并的同一证件号码的另一个账户",
    ComplianceError.FORMAT_UNKNOWN: "文书格式须为docx或pdf",
    ComplianceError.SV_MISSING: "请填写{what}",
    ComplianceError.SV_RULE: "规则代码{code}不是省级跨中心稽查规则",
    ComplianceError.SV_DUPLICATE: "疑点编号{no}在文件中重复",
}
