"""Deposit-interest policy parameters."""

from __future__ import annotations

from anju.policy.catalogue import param
from anju.policy.kinds import RATIO, choice

param("interest.deposit_rate", RATIO, "住房公积金存款年利率", jgj="ZXLL")
param("interest.day_basis", choice("360", "365"), "计息天数基数（年）")
param("yearend.risk_reserve_method", choice("gain_share", "loan_balance", labels={"gain_share": "按增值收益比例", "loan_balance": "按年末贷款余额比例"}), "贷款风险准备金提取方法：按增值收益比例或按年末贷款余额比例")
param("yearend.risk_reserve_share", RATIO, "按增值收益提取贷款风险准备金的比例（不低于60%）")
param("yearend.risk_reserve_loan_share", RATIO, "按年末个人住房贷款余额提取风险准备金的比例")
param("yearend.value_added_bank", choice(*[f"{i:02d}" for i in range(1, 100)]), "增值收益存款的受托银行代码")
