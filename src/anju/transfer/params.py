"""Policy parameters of transfers between centres (《全国住房公积金异地转移接续业务操作规程》 time limits)."""

from __future__ import annotations

from anju.policy.catalogue import param
from anju.policy.kinds import INT, TEXT

param("transfer.out_workdays", INT, "转出地审核并汇出资金的时限（工作日，自收到联系函起）")
param("transfer.in_workdays", INT, "转入地核对转移信息并入账的时限（工作日，自收到转移信息起）")
param("transfer.history_months", INT, "转移信息随附的最近缴存月数（逐月金额）")
param("transfer.receiving_bank", TEXT, "接收转入资金的受托银行代码（联系函所列转入中心资金账号）")
param("transfer.certificate_valid_days", INT, "异地贷款缴存使用证明有效期（日）")
