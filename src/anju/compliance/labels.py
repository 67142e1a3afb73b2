"""Chinese labels of the compliance area's codes."""

from __future__ import annotations

from anju.compliance.permissions import P

LABELS = {
    "field": {"disposition": "核查结论", "hit_id": "疑点编号", "rule": "稽查规则", "complainant": "诉求人",
              "content": "内容", "subject": "事由", "channel": "受理渠道", "satisfaction": "满意度", "how": "送达方式",
              "to": "受送达人", "basis": "处罚依据", "text": "答复", "decision": "审批决定",
              "case_id": "案件编号", "complaint_id": "投诉编号", "doc_id": "文书编号"},
    "voucher_kind": {"compliance.merge": "睡眠户合并销户"},
    "permission": {
        P.READ: "查看稽查与执法", P.SCAN: "运行电子稽查扫描", P.CHECK: "核查疑点", P.CONFIRM: "审批骗提骗贷认定",
        P.CASE: "办理骗提骗贷和归集执法案件", P.COMPLAINT: "办理投诉", P.DORMANT: "办理睡眠户",
        P.DORMANT_DECIDE: "审批睡眠户销户",
    },
    "audit_action": {
        "compliance.scan": "电子稽查扫描", "compliance.remote_list": "导入外地缴存名单",
        "compliance.supervision_import": "导入省级疑点文件",
        "compliance.hit.found": "发现疑点", "compliance.hit.assign": "分派疑点", "compliance.hit.verify": "疑点核实无误", "compliance.hit.exclude": "排除疑点",
        "compliance.hit.propose": "提出骗提骗贷认定", "compliance.hit.confirm": "认定骗提骗贷",
        "compliance.hit.send_back": "退回骗提骗贷认定",
        "compliance.case.open": "骗提骗贷立案", "compliance.case.recover": "骗提骗贷追回", "compliance.case.penalise": "骗提骗贷处罚决定",
        "compliance.case.refer": "骗提骗贷移送公安", "compliance.case.ban": "骗提骗贷禁止期", "compliance.case.close": "骗提骗贷结案",
        "compliance.enforcement.open": "归集执法立案", "compliance.enforcement.notice": "发出催缴通知书",
        "compliance.enforcement.order": "作出责令限期缴存决定", "compliance.enforcement.demand": "发出催告书",
        "compliance.enforcement.penalty": "作出行政处罚决定", "compliance.enforcement.court": "申请人民法院强制执行",
        "compliance.enforcement.serve": "登记文书送达", "compliance.enforcement.close": "归集执法结案",
        "compliance.complaint.receive": "受理投诉", "compliance.complaint.assign": "转办投诉",
        "compliance.complaint.reply": "答复投诉", "compliance.complaint.follow_up": "投诉回访",
        "compliance.dormant.notice": "发送睡眠户通知", "compliance.dormant.apply": "提交睡眠户处理批次",
        "compliance.dormant.approve": "审批睡眠户处理批次", "compliance.dormant.reject": "驳回睡眠户处理批次",
    },
    "entity": {"audit_scan": "稽查扫描", "audit_hit": "疑点", "remote_list": "外地缴存名单", "fraud_case": "骗提骗贷案件",
               "enforcement_case": "归集执法案件", "complaint": "投诉", "dormant_batch": "睡眠户处理批次"},
}
