"""Deposit-interest policy parameters."""

from __future__ import annotations

from anju.policy.catalogue import param
from anju.policy.kinds import RATIO, choice

param("interest.deposit_rate", RATIO, "住房公积金存款年利率", jgj="ZXLL")
param("interest.day_basis", choice("360", "365"), "计息天数基数（年）")
