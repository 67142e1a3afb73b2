"""The maintenance fund's policy parameters ([DK] facts of hpf-reference-2 §6a are parameters, never literals)."""

from __future__ import annotations

from anju.policy.catalogue import param
from anju.policy.kinds import INT, MONEY, RATIO, TEXT, choice

_ROUNDING = choice("half_up", "down", "up", labels={"half_up": "四舍五入", "down": "舍去", "up": "进位"})

param("mf.first_deposit_method", choice("ratio", "fixed", labels={"ratio": "按建安造价比例", "fixed": "按每平方米定额"}),
      "首期交存标准计算方式")
param("mf.cost_per_m2_low", MONEY, "住宅建筑安装工程每平方米造价（多层）")
param("mf.cost_per_m2_mid", MONEY, "住宅建筑安装工程每平方米造价（小高层）")
param("mf.cost_per_m2_high", MONEY, "住宅建筑安装工程每平方米造价（高层）")
param("mf.first_deposit_ratio", RATIO, "首期交存比例（建安造价的5%至8%）")
param("mf.first_deposit_ratio_nonres", RATIO, "首期交存比例（非住宅）")
param("mf.storeys_mid_from", INT, "小高层起始层数")
param("mf.storeys_high_from", INT, "高层起始层数")
param("mf.first_deposit_unit", choice("fen", "yuan", labels={"fen": "分", "yuan": "元"}), "首期交存额取整单位")
param("mf.first_deposit_rounding", _ROUNDING, "首期交存额舍入方式")
param("mf.topup_share", RATIO, "分户账余额低于首期交存额的此比例时应续筹")
param("mf.publicity_days", INT, "使用方案公示最少天数")
param("mf.vote_rules", choice("civil_code_2021", "reg165_2008",
                               labels={"civil_code_2021": "民法典第二百七十八条", "reg165_2008": "165号令第二十二条"}),
      "业主表决规则版本")
param("mf.retention_share", RATIO, "质量保证金占决算（合同）金额的比例")
param("mf.management_cost_share", RATIO, "增值收益中扣除的必要管理费用比例")
param("mf.emergency_documents", TEXT, "应急维修须提交的材料（以顿号分隔）")
