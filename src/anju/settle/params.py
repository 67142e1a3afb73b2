"""Settlement policy parameters."""

from __future__ import annotations

from anju.policy.catalogue import param
from anju.policy.kinds import INT

# ---- settle: statements, matching, reconciliation
param("settle.match_window_days", INT, "按金额和日期自动匹配时允许的日期相差天数")
param("settle.timing_days", INT, "在途未达账项（中心已收/已付银行未收/未付）无需说明的最长天数")
