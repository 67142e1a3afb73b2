"""Chinese labels of the policy area's codes and of the centre file's tables."""

from __future__ import annotations

LABELS = {
    "audit_action": {"policy.load": "载入中心参数文件", "policy.set": "设置政策参数"},
    "entity": {"centre": "中心", "policy": "政策参数"},
    "field": {"policy": "政策参数", "policy.effective": "生效日期", "centre": "中心", "centre.code": "中心代码",
              "centre.name": "中心名称", "centre.region": "行政区划", "bank.code": "受托银行代码",
              "bank.name": "受托银行名称", "branch.code": "管理部代码", "branch.name": "管理部名称"},
}
