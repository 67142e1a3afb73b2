"""The maintenance fund's error codes and their Chinese messages (see docs/architecture.md, "Error codes")."""

from enum import StrEnum


class MaintfundError(StrEnum):
    AREA_CODE_TAKEN = "maintfund.area_code_taken"
    AREA_NOT_FOUND = "maintfund.area_not_found"
    HOUSEHOLD_NOT_FOUND = "maintfund.household_not_found"
    HOUSEHOLD_NOT_NORMAL = "maintfund.household_not_normal"
    UNIT_TAKEN = "maintfund.unit_taken"
    FIELD_REQUIRED = "maintfund.field_required"
    AREA_INVALID = "maintfund.area_invalid"
    KIND_INVALID = "maintfund.kind_invalid"
    BUILDING_UNKNOWN = "maintfund.building_unknown"
    ID_INVALID = "maintfund.id_invalid"
    BILL_NOT_FOUND = "maintfund.bill_not_found"
    BILL_PAID = "maintfund.bill_paid"
    AMOUNT_MISMATCH = "maintfund.amount_mismatch"
    RECEIPT_REQUIRED = "maintfund.receipt_required"
    PROJECT_NOT_FOUND = "maintfund.project_not_found"
    SCOPE_EMPTY = "maintfund.scope_empty"
    SCOPE_OTHER_AREA = "maintfund.scope_other_area"
    BUDGET_POSITIVE = "maintfund.budget_positive"
    PUBLICITY_SHORT = "maintfund.publicity_short"
    NOT_IN_SCOPE = "maintfund.not_in_scope"
    VOTE_FAILED = "maintfund.vote_failed"
    DOCUMENTS_MISSING = "maintfund.documents_missing"
    OVER_BUDGET = "maintfund.over_budget"
    STAGE_AFTER_RETENTION = "maintfund.stage_after_retention"
    COST_REQUIRED = "maintfund.cost_required"
    COST_BELOW_PAID = "maintfund.cost_below_paid"
    INTEREST_DONE = "maintfund.interest_done"
    POOL_NEGATIVE = "maintfund.pool_negative"
    POOL_TOO_LARGE = "maintfund.pool_too_large"
    REFUND_EMPTY = "maintfund.refund_empty"
    NEW_OWNER_REQUIRED = "maintfund.new_owner_required"
    CHANGE_PENDING = "maintfund.change_pending"
    TASK_POSITIVE = "maintfund.task_positive"
    FILE_EMPTY = "maintfund.file_empty"


MESSAGES: dict[MaintfundError, str] = {
    MaintfundError.AREA_CODE_TAKEN: "物业管理区域编号{code}已存在",
    MaintfundError.AREA_NOT_FOUND: "物业管理区域不存在：{key}",
    MaintfundError.HOUSEHOLD_NOT_FOUND: "分户账不存在：{key}",
    MaintfundError.HOUSEHOLD_NOT_NORMAL: "分户账{no}状态为“{status}”，不能办理",
    MaintfundError.UNIT_TAKEN: "{building}幢{unit}已有分户账{no}",
    MaintfundError.FIELD_REQUIRED: "请填写{label}",
    MaintfundError.AREA_INVALID: "建筑面积须为大于0、最多两位小数的平方米数：{value}",
    MaintfundError.KIND_INVALID: "房屋性质须为住宅、非住宅或公房：{value}",
    MaintfundError.BUILDING_UNKNOWN: "幢号{building}不在本区域的楼幢登记中",
    MaintfundError.ID_INVALID: "业主证件号码有误：{value}",
    MaintfundError.BILL_NOT_FOUND: "交存通知单不存在：{key}",
    MaintfundError.BILL_PAID: "交存通知单{no}已缴清",
    MaintfundError.AMOUNT_MISMATCH: "到账金额{paid}元与应缴金额{due}元不一致",
    MaintfundError.RECEIPT_REQUIRED: "请填写票据号",
    MaintfundError.PROJECT_NOT_FOUND: "维修项目不存在：{key}",
    MaintfundError.SCOPE_EMPTY: "列支范围没有分户",
    MaintfundError.SCOPE_OTHER_AREA: "分户{no}不属于本项目的物业管理区域",
    MaintfundError.BUDGET_POSITIVE: "预算金额须大于0",
    MaintfundError.PUBLICITY_SHORT: "公示期不少于{days}日，公示至{until}方满",
    MaintfundError.NOT_IN_SCOPE: "分户{no}不在本项目的列支范围内，不能表决",
    MaintfundError.VOTE_FAILED: "业主表决未通过：{reasons}",
    MaintfundError.DOCUMENTS_MISSING: "应急维修须提交：{missing}",
    MaintfundError.OVER_BUDGET: "累计拨付{paid}元将超过预算{budget}元",
    MaintfundError.STAGE_AFTER_RETENTION: "拨付后剩余须不少于质量保证金{retention}元，本次最多拨付{most}元",
    MaintfundError.COST_REQUIRED: "请填写决算金额",
    MaintfundError.COST_BELOW_PAID: "决算金额{cost}元少于已拨付{paid}元",
    MaintfundError.INTEREST_DONE: "{year}年度增值收益已分配（凭证{voucher}）",
    MaintfundError.POOL_NEGATIVE: "可分配增值收益须大于0：收益{income}元，管理费用{cost}元",
    MaintfundError.POOL_TOO_LARGE: "可分配增值收益{pool}元超出一次分配的计算范围，请分批登记收益后分配",
    MaintfundError.REFUND_EMPTY: "分户账{no}余额为0，无可退还",
    MaintfundError.NEW_OWNER_REQUIRED: "请填写受让人姓名和证件号码",
    MaintfundError.CHANGE_PENDING: "分户账{no}有待审核的{kind}申请",
    MaintfundError.TASK_POSITIVE: "追缴任务金额须大于0",
    MaintfundError.FILE_EMPTY: "文件中没有分户数据",
}
