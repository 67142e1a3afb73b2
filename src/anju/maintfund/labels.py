"""Chinese labels of the maintenance fund's codes."""

from __future__ import annotations

from anju.maintfund.permissions import P

LABELS = {
    "field": {"area_id": "物业管理区域", "project_id": "维修项目", "budget": "预算金额", "cost": "决算金额",
              "publicity_from": "公示开始日期"},
    "voucher_kind": {"mf.deposit": "维修资金交存", "mf.income": "维修资金增值收益", "mf.interest": "维修资金增值收益分配",
                     "mf.use": "维修资金使用", "mf.transfer": "维修资金过户", "mf.refund": "维修资金退还"},
    "permission": {
        P.REGISTER: "维修资金登记", P.BILL: "维修资金交存通知与追缴", P.RECEIVE: "维修资金到账登记",
        P.PROJECT: "维修资金使用项目经办", P.REVIEW: "维修资金审核", P.PAY: "维修资金拨付与分配",
        P.CHANGE: "维修资金过户与退还申请", P.READ: "查看维修资金",
        P.PORTAL: "查询本户或本区域维修资金",
    },
    "audit_action": {
        "maintfund.area.create": "登记物业管理区域", "maintfund.household.open": "开立维修资金分户账",
        "maintfund.household.import": "导入维修资金分户账", "maintfund.bill.receive": "登记维修资金到账",
        "maintfund.bill.topup": "生成续筹通知", "maintfund.task.set": "设定维修资金追缴任务",
        "maintfund.income": "登记维修资金增值收益", "maintfund.interest.allocate": "分配维修资金增值收益",
        "maintfund.portal.link": "关联维修资金查询用户",
        "maintfund.project.apply": "申请维修资金使用", "maintfund.project.plan": "确定维修方案",
        "maintfund.project.publicize": "公示维修方案", "maintfund.project.open_vote": "组织业主表决",
        "maintfund.project.close_vote": "统计业主表决结果", "maintfund.project.review": "审核维修项目",
        "maintfund.project.pay": "拨付维修资金", "maintfund.project.accept": "维修项目验收",
        "maintfund.project.settle": "维修项目决算分摊", "maintfund.project.publish": "公示维修项目结果",
        "maintfund.project.release": "支付质量保证金", "maintfund.project.cancel": "撤销维修项目",
        "maintfund.change.apply": "申请维修资金过户或退还", "maintfund.change.approve": "审核维修资金过户或退还",
        "maintfund.change.reject": "驳回维修资金过户或退还",
    },
    "entity": {"mf_area": "物业管理区域", "mf_household": "维修资金分户账", "mf_bill": "维修资金交存通知",
               "mf_task": "维修资金追缴任务", "mf_interest_run": "维修资金增值收益分配", "mf_project": "维修项目",
               "mf_change": "维修资金过户或退还申请", "mf_portal": "维修资金查询用户"},
}
