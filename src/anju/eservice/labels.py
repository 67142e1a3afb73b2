"""Chinese labels of the digital-services area's codes."""

from __future__ import annotations

from anju.eservice.permissions import P

LABELS = {
    "permission": {
        P.CERT_ISSUE: "开具电子证明", P.CERT_REVOKE: "撤销电子证明", P.CERT_READ: "查看电子证明",
        P.KEY_ROTATE: "轮换证明签名密钥", P.NOTIFY_RUN: "生成和发送通知", P.NOTIFY_READ: "查看通知",
        P.NOTIFY_PREFS: "设置通知方式", P.RATE: "评价服务（好差评）", P.EVALUATION_READ: "查看服务评价",
        P.FOLLOWUP: "办结差评整改",
    },
    "audit_action": {
        "eservice.key.create": "生成证明签名密钥", "eservice.key.rotate": "轮换证明签名密钥",
        "eservice.cert.issue": "开具电子证明", "eservice.cert.revoke": "撤销电子证明",
        "eservice.notify.queue": "生成通知", "eservice.notify.send": "发送通知",
        "eservice.notify.prefs": "设置通知方式", "eservice.rate": "服务评价",
        "eservice.followup.close": "办结差评整改",
    },
    "field": {"comment": "意见建议", "email": "电子邮件地址", "followup_id": "差评整改事项", "no": "编号",
              "open_only": "只看整改中", "optouts": "退订事项", "reasons": "评价原因", "resolution": "整改情况"},
    "entity": {"certificate": "电子证明", "sign_key": "证明签名密钥", "notice": "通知",
               "notice_contact": "通知方式", "evaluation": "服务评价", "evaluation_followup": "差评整改"},
}
