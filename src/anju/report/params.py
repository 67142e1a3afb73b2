"""Report parameters: the risk lines the management dashboard draws."""

from __future__ import annotations

from anju.policy.catalogue import param
from anju.policy.kinds import RATIO

# The 个贷率 above which a centre is short of funds for loans (the usual 85% warning line); a dashboard line,
# not a rule that refuses anything. Optional: without it the dashboard draws no line.
param("report.loan_ratio_line", RATIO, "管理驾驶舱：个贷率警戒线", required=False)
