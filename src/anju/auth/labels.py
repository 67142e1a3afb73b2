"""Chinese labels of the auth area's codes: the shell's permissions, sign-in and user audit actions."""

from __future__ import annotations

from anju.auth.actor import Permission as P

LABELS = {
    "permission": {
        P.LEDGER_POST: "录入记账凭证", P.LEDGER_REVERSE: "冲销记账凭证", P.LEDGER_CLOSE_PERIOD: "会计期间结账",
        P.LEDGER_READ: "查看总账", P.POLICY_MANAGE: "维护政策参数", P.POLICY_READ: "查看政策参数",
        P.CALENDAR_MANAGE: "维护工作日历", P.CALENDAR_READ: "查看工作日历", P.AUDIT_READ: "查看审计日志",
        P.USER_MANAGE: "管理用户", P.IDENTITY_FULL: "查看完整证件号码", P.EMPLOYER_PORTAL: "使用单位网厅",
        P.MEMBER_PORTAL: "使用个人网厅",
    },
    "audit_action": {
        "audit.keyed": "审计链启用密钥签名", "audit.attest": "登记写入内容摘要",
        "auth.login": "登录", "auth.logout": "退出登录", "auth.login_failed": "登录失败", "auth.lock": "账户锁定",
        "auth.user_create": "开设用户", "auth.user_update": "修改用户", "auth.password_reset": "重置密码",
        "auth.user_enable": "启用用户", "auth.user_disable": "停用用户", "auth.user_unlock": "解锁用户",
        "auth.sessions_revoke": "注销用户的全部会话", "auth.password_change": "修改密码",
        "auth.api_key_create": "签发API密钥", "auth.api_key_revoke": "吊销API密钥",
        "approval.submit": "提交审批", "approval.approve": "审批同意", "approval.reject": "审批不同意",
        "approval.cancel": "撤销审批",
    },
    "entity": {"user": "用户", "api_key": "API密钥", "approval": "审批单", "audit": "审计日志"},
    "field": {"username": "用户名", "display_name": "姓名", "roles": "角色", "password": "密码",
              "old_password": "原密码", "new_password": "新密码", "new_password2": "确认新密码"},
}
