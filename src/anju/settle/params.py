"""Settlement policy parameters."""

from __future__ import annotations

from anju.policy.catalogue import param
from anju.policy.kinds import INT, RATIO

# ---- bankcore: the bank assessment's targets (受托银行考核, hpf-reference-2 §1.5 [DK]: the city's own)
param("settle.assess_growth_target", RATIO, "受托银行考核：归集业务量增长率目标（达到即得满分）")
param("settle.assess_overdue_target", RATIO, "受托银行考核：贷款逾期率目标（不高于即得满分）")
param("settle.assess_overdue_zero", RATIO, "受托银行考核：贷款逾期率达到此值得零分")
param("settle.assess_timeliness_target", RATIO, "受托银行考核：资金到账及时率目标")
param("settle.assess_result_error_target", RATIO, "受托银行考核：回盘差错率目标（不高于即得满分）")
param("settle.assess_result_error_zero", RATIO, "受托银行考核：回盘差错率达到此值得零分")
param("settle.assess_recon_errors_zero", INT, "受托银行考核：对账差错笔数达到此值得零分（0笔得满分）")
param("settle.assess_link_target", RATIO, "受托银行考核：直联系统可用率目标")
# ---- end bankcore

# ---- settle: statements, matching, reconciliation
param("settle.match_window_days", INT, "按金额和日期自动匹配时允许的日期相差天数")
param("settle.timing_days", INT, "在途未达账项（中心已收/已付银行未收/未付）无需说明的最长天数")
